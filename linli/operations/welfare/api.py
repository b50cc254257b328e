"""/api/v1/operations/welfare: build a check for an area, the worker's list, record a check once,
a ticket for someone who needs help, and the live board. Names only; phones and IDs never here."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.areas.queries import area_for
from linli.common.errors import DomainError
from linli.common.schemas import BaseIn, Id, Pagination, column
from linli.operations.emergencies import queries as emergency_queries
from linli.operations.models import CheckItem, WelfareCheck
from linli.operations.welfare import actions, queries
from linli.services.models import ServiceType
from linli.tickets.models import Category
from linli.ui.http import ApiRequest

router = Router(tags=["operations: welfare checks"])


class WelfareCheckOut(Schema):
    code: str
    area_code: str
    incident: str | None
    reason: str
    built_at: dt.datetime
    escalate_after_hours: int
    residents: int

    @staticmethod
    def resolve_area_code(obj: WelfareCheck) -> str:
        return obj.area.code

    @staticmethod
    def resolve_incident(obj: WelfareCheck) -> str | None:
        return obj.incident.code if obj.incident else None


class WelfareCheckIn(BaseIn):
    area_code: str
    reason: str = column(WelfareCheck, "reason")
    incident_code: str = ""
    escalate_after_hours: int = 4


@router.post(
    "/checks", response={201: WelfareCheckOut}, summary="Build and assign a welfare check for an area"
)
def post_check(request: ApiRequest, payload: WelfareCheckIn) -> Any:
    area = area_for(request.auth, payload.area_code, "operations.view")
    incident = (
        emergency_queries.incident_for(request.auth, payload.incident_code) if payload.incident_code else None
    )
    check = actions.check_build(
        actor=request.auth,
        area=area,
        reason=payload.reason,
        incident=incident,
        escalate_after_hours=payload.escalate_after_hours,
    )
    return Status(201, check)


@router.get("/checks", response=list[WelfareCheckOut], summary="Welfare checks in reach")
@paginate(Pagination)
def list_checks(request: ApiRequest) -> Any:
    return queries.checks(request.auth)


class WelfareItemOut(Schema):
    id: int
    community_code: str
    resident: str
    worker: str | None
    tags: list[str]
    state: str
    method: str
    note: str
    recorded_at: dt.datetime | None
    escalated_at: dt.datetime | None
    ticket: str | None
    order: str | None
    volunteer: str | None

    @staticmethod
    def resolve_order(obj: CheckItem) -> str | None:
        return obj.order.code if obj.order_id and obj.order else None

    @staticmethod
    def resolve_volunteer(obj: CheckItem) -> str | None:
        return obj.volunteer.name if obj.volunteer_id and obj.volunteer else None

    @staticmethod
    def resolve_community_code(obj: CheckItem) -> str:
        return obj.community.code

    @staticmethod
    def resolve_resident(obj: CheckItem) -> str:
        return obj.resident.name

    @staticmethod
    def resolve_worker(obj: CheckItem) -> str | None:
        return obj.worker.display_name if obj.worker else None

    @staticmethod
    def resolve_tags(obj: CheckItem) -> list[str]:
        return obj.tags.split(",") if obj.tags else []

    @staticmethod
    def resolve_ticket(obj: CheckItem) -> str | None:
        return obj.ticket.code if obj.ticket_id and obj.ticket else None


@router.get(
    "/checks/{code}/items", response=list[WelfareItemOut], summary="The check list (mine=true: my own)"
)
@paginate(Pagination)
def list_items(request: ApiRequest, code: str, mine: bool = False, state: str = "") -> Any:
    qs = queries.items(request.auth, queries.check_for(request.auth, code), mine=mine).select_related(
        "ticket", "order", "volunteer"
    )
    return qs.filter(state=state) if state else qs


def _item(pk: int) -> CheckItem:
    return CheckItem.objects.select_related(
        "community", "resident", "worker", "ticket", "order", "volunteer"
    ).get(pk=pk)


class WelfareRecordIn(BaseIn):
    state: str = column(CheckItem, "state")
    method: str = column(CheckItem, "method", "")
    note: str = column(CheckItem, "note", "")


@router.post("/items/{pk}/record", response=WelfareItemOut, summary="Record one check (once)")
def record_item(request: ApiRequest, pk: Id, payload: WelfareRecordIn) -> CheckItem:
    item = actions.check_record(actor=request.auth, item=queries.item_for(request.auth, pk), **payload.dict())
    return _item(item.pk)


class WelfareTicketIn(BaseIn):
    category: str


@router.post("/items/{pk}/ticket", response=WelfareItemOut, summary="Turn a 'needs help' into a request")
def ticket_item(request: ApiRequest, pk: Id, payload: WelfareTicketIn) -> CheckItem:
    item = queries.item_for(request.auth, pk)
    category = Category.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        message = _("Choose a request category.")
        raise DomainError("bad_category", message, fields={"category": [message]})
    actions.check_item_ticket(actor=request.auth, item=item, category=category)
    return _item(item.pk)


class WelfareOrderIn(BaseIn):
    service: str


@router.post("/items/{pk}/order", response=WelfareItemOut, summary="Turn a 'needs help' into a service order")
def order_item(request: ApiRequest, pk: Id, payload: WelfareOrderIn) -> CheckItem:
    item = queries.item_for(request.auth, pk)
    service = ServiceType.objects.filter(code=payload.service, is_active=True).first()
    if service is None:
        message = _("Choose a service.")
        raise DomainError("bad_service", message, fields={"service": [message]})
    actions.check_item_order(actor=request.auth, item=item, service=service)
    return _item(item.pk)


@router.get("/mine", response=list[WelfareItemOut], summary="Checks left to me (as 包户 worker or volunteer)")
@paginate(Pagination)
def list_mine(request: ApiRequest) -> Any:
    return queries.my_pending(request.auth).select_related("worker", "volunteer", "ticket", "order")


class WelfareRowOut(Schema):
    area_code: str
    area: str
    total: int
    checked: int
    pending: int
    safe: int
    needs_help: int
    not_reached: int
    escalated: int


class WelfareBoardOut(Schema):
    check: str
    total: WelfareRowOut
    rows: list[WelfareRowOut]


def _row(r: queries.Row) -> dict[str, Any]:
    return {
        "area_code": r.area.code,
        "area": r.area.name,
        "checked": r.checked,
        **{k: getattr(r, k) for k in queries.FIELDS},
    }


@router.get("/checks/{code}/board/{area_code}", response=WelfareBoardOut, summary="The live board of an area")
def get_board(request: ApiRequest, code: str, area_code: str) -> dict[str, Any]:
    check = queries.check_for(request.auth, code)
    area = area_for(request.auth, area_code, "operations.view")
    total, rows = queries.board(request.auth, check, area)
    return {"check": check.code, "total": _row(total), "rows": [_row(r) for r in rows]}
