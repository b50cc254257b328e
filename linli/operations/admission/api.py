"""/api/v1/operations/admission: the public list, applications and their review, tasks, the burden.

A row outside the caller's reach is 404 like an absent one; money in integer fen.
"""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.areas.queries import area_for, community_for
from linli.common.errors import DomainError
from linli.common.schemas import BaseIn, Date, Id, Pagination, Year, column
from linli.operations.admission import actions, queries
from linli.operations.models import AdmissionItem, Application, Task
from linli.ui.http import ApiRequest

router = Router(tags=["operations: admission"])


class AdmissionWorkloadOut(Schema):
    forms: int
    meetings: int
    certificates: int
    ledgers: int


class AdmissionItemOut(AdmissionWorkloadOut):
    code: str
    name: str
    department: str
    legal_basis: str
    holder: str
    funding_fen: int
    unit: str
    added_in: int
    removed_in: int | None

    @staticmethod
    def resolve_department(obj: AdmissionItem) -> str:
        return obj.department.name


class AdmissionListOut(Schema):
    district_code: str
    district: str
    version: int
    published_at: dt.datetime | None
    items: list[AdmissionItemOut]


@router.get(
    "/lists/{district_code}",
    response=AdmissionListOut,
    auth=None,
    summary="A district's admission list (public)",
)
def get_list(request: Any, district_code: str, version: Id | None = None) -> dict[str, Any]:
    district = queries.public_district(district_code)
    current = queries.current_version(district)
    if version is not None and not 1 <= version <= current:
        raise Http404
    number = version or current
    published = queries.versions(district).filter(number=number).first()
    return {
        "district_code": district.code,
        "district": district.name,
        "version": number,
        "published_at": published.published_at if published else None,
        "items": list(queries.items_in(district, version)),
    }


class AdmissionWorkloadIn(BaseIn):
    forms: int = column(Application, "forms", 0)
    meetings: int = column(Application, "meetings", 0)
    certificates: int = column(Application, "certificates", 0)
    ledgers: int = column(Application, "ledgers", 0)


class AdmissionApplicationIn(AdmissionWorkloadIn):
    department_id: Id
    kind: str = column(Application, "kind")
    name: str = column(Application, "name")
    legal_basis: str = column(Application, "legal_basis")
    holder: str = column(Application, "holder")
    description: str = column(Application, "description", "")
    funding_fen: int = column(Application, "funding_fen", 0)
    unit: str = column(Application, "unit", "")
    start_date: Date
    task_due: Date | None = None
    community_codes: list[str] = []


class AdmissionApplicationOut(AdmissionWorkloadOut):
    code: str
    kind: str
    status: str
    department: str
    street_code: str
    district_code: str
    name: str
    description: str
    legal_basis: str
    holder: str
    funding_fen: int
    unit: str
    start_date: dt.date
    task_due: dt.date | None
    community_codes: list[str]
    submitted_at: dt.datetime
    review_due: dt.datetime
    decision_due: dt.datetime
    reviewed_at: dt.datetime | None
    review_note: str
    decided_at: dt.datetime | None
    refusal_reason: str
    refused_by_level: str

    @staticmethod
    def resolve_department(obj: Application) -> str:
        return obj.department.name

    @staticmethod
    def resolve_street_code(obj: Application) -> str:
        return obj.street.code

    @staticmethod
    def resolve_district_code(obj: Application) -> str:
        return obj.district.code

    @staticmethod
    def resolve_community_codes(obj: Application) -> list[str]:
        return [c.code for c in obj.communities.all()]


@router.get("/applications", response=list[AdmissionApplicationOut], summary="Applications in reach")
@paginate(Pagination)
def list_applications(request: ApiRequest, status: str = "", waiting: bool = False) -> Any:
    if waiting:
        return queries.waiting_for(request.auth).prefetch_related("communities")
    return queries.applications(request.auth, status=status).prefetch_related("communities")


@router.post(
    "/applications", response={201: AdmissionApplicationOut}, summary="Enter a department's application"
)
def post_application(request: ApiRequest, payload: AdmissionApplicationIn) -> Any:
    department = queries.department_for(request.auth, payload.department_id)
    communities = [community_for(request.auth, code, "operations.view") for code in payload.community_codes]
    data = payload.dict(
        exclude={"department_id", "community_codes", "forms", "meetings", "certificates", "ledgers"}
    )
    app = actions.application_submit(
        actor=request.auth,
        department=department,
        communities=communities,
        workload={k: getattr(payload, k) for k in actions.WORKLOAD},
        **data,
    )
    return Status(201, queries.application_for(request.auth, app.code))


@router.get("/applications/{code}", response=AdmissionApplicationOut, summary="One application")
def get_application(request: ApiRequest, code: str) -> Application:
    return queries.application_for(request.auth, code)


class AdmissionReviewIn(BaseIn):
    approve: bool
    note: str = column(Application, "review_note", "")


@router.post("/applications/{code}/review", response=AdmissionApplicationOut, summary="The street's review")
def review_application(request: ApiRequest, code: str, payload: AdmissionReviewIn) -> Application:
    app = queries.application_for(request.auth, code)
    actions.application_review(
        actor=request.auth, application=app, approve=payload.approve, note=payload.note
    )
    return queries.application_for(request.auth, code)


class AdmissionDecideIn(BaseIn):
    approve: bool
    reason: str = column(Application, "refusal_reason", "")


@router.post(
    "/applications/{code}/decide", response=AdmissionApplicationOut, summary="The district's decision"
)
def decide_application(request: ApiRequest, code: str, payload: AdmissionDecideIn) -> Application:
    app = queries.application_for(request.auth, code)
    actions.application_decide(
        actor=request.auth, application=app, approve=payload.approve, reason=payload.reason
    )
    return queries.application_for(request.auth, code)


class AdmissionRevokeIn(BaseIn):
    reason: str = column(AdmissionItem, "removed_reason")


@router.post(
    "/items/{code}/revoke", response=AdmissionItemOut, summary="Take an item off the list (district)"
)
def revoke_item(request: ApiRequest, code: str, payload: AdmissionRevokeIn) -> AdmissionItem:
    item = queries.item_for(request.auth, code)
    return actions.item_revoke(actor=request.auth, item=item, reason=payload.reason)


class AdmissionTaskOut(AdmissionWorkloadOut):
    code: str
    community_code: str
    department: str
    item_code: str | None
    application_code: str | None
    admitted: bool
    status: str
    title: str
    description: str
    units: int
    payment_fen: int
    due_date: dt.date
    arrived_at: dt.datetime
    refusal_reason: str
    completed_at: dt.datetime | None
    ledger_entry_code: str | None

    @staticmethod
    def resolve_community_code(obj: Task) -> str:
        return obj.community.code

    @staticmethod
    def resolve_department(obj: Task) -> str:
        return obj.department.name

    @staticmethod
    def resolve_item_code(obj: Task) -> str | None:
        return obj.item.code if obj.item else None

    @staticmethod
    def resolve_application_code(obj: Task) -> str | None:
        return obj.application.code if obj.application_id and obj.application else None

    @staticmethod
    def resolve_ledger_entry_code(obj: Task) -> str | None:
        return obj.ledger_entry.code if obj.ledger_entry else None


@router.get("/tasks", response=list[AdmissionTaskOut], summary="Tasks in the communities in reach")
@paginate(Pagination)
def list_tasks(request: ApiRequest, community_code: str = "", status: str = "") -> Any:
    community = community_for(request.auth, community_code, "operations.view") if community_code else None
    return queries.tasks(request.auth, community=community, status=status).select_related("application")


class AdmissionTaskIn(BaseIn):
    community_code: str
    department_id: Id
    title: str = column(Task, "title")
    due_date: Date
    item_code: str = ""
    units: int = column(Task, "units", 1)
    description: str = column(Task, "description", "")


@router.post(
    "/tasks", response={201: AdmissionTaskOut}, summary="Record work a department hands the community"
)
def post_task(request: ApiRequest, payload: AdmissionTaskIn) -> Any:
    community = community_for(request.auth, payload.community_code, "operations.view")
    department = queries.departments_of(community).filter(pk=payload.department_id).first()
    if department is None:
        message = _("Choose one of the street's departments.")
        raise DomainError("bad_department", message, fields={"department_id": [message]})
    item = None
    if payload.item_code:
        item = queries.current_items_for(community).filter(code=payload.item_code).first()
        if item is None:
            message = _("This item is not on the district's current list.")
            raise DomainError("not_admitted", message, fields={"item_code": [message]})
    task = actions.task_record(
        actor=request.auth,
        community=community,
        department=department,
        title=payload.title,
        due_date=payload.due_date,
        item=item,
        units=payload.units,
        description=payload.description,
    )
    return Status(201, queries.task_for(request.auth, task.code))


@router.get("/tasks/{code}", response=AdmissionTaskOut, summary="One task")
def get_task(request: ApiRequest, code: str) -> Task:
    return queries.task_for(request.auth, code)


class AdmissionRefuseIn(BaseIn):
    reason: str = column(Task, "refusal_reason")


@router.post("/tasks/{code}/refuse", response=AdmissionTaskOut, summary="Refuse a task that was not admitted")
def refuse_task(request: ApiRequest, code: str, payload: AdmissionRefuseIn) -> Task:
    actions.task_refuse(actor=request.auth, task=queries.task_for(request.auth, code), reason=payload.reason)
    return queries.task_for(request.auth, code)


@router.post("/tasks/{code}/take", response=AdmissionTaskOut, summary="Take on a task that was not admitted")
def take_task(request: ApiRequest, code: str) -> Task:
    actions.task_take(actor=request.auth, task=queries.task_for(request.auth, code))
    return queries.task_for(request.auth, code)


@router.post(
    "/tasks/{code}/complete", response=AdmissionTaskOut, summary="Complete a task (posts its payment)"
)
def complete_task(request: ApiRequest, code: str) -> Task:
    actions.task_complete(actor=request.auth, task=queries.task_for(request.auth, code))
    return queries.task_for(request.auth, code)


class AdmissionBurdenOut(Schema):
    area_code: str
    area: str
    communities: int
    committee_items: int
    station_items: int
    open: int
    done: int
    refused: int
    flagged: int
    outside_taken: int
    forms: int
    meetings: int
    certificates: int
    ledgers: int
    paid_fen: int
    over: list[str]


class AdmissionBurdenReport(Schema):
    year: int
    targets: dict[str, int]
    total: AdmissionBurdenOut
    rows: list[AdmissionBurdenOut]


def _burden_out(b: queries.Burden) -> dict[str, Any]:
    data = dict(vars(b))
    area = data.pop("area")
    return {"area_code": area.code, "area": area.name, **data}


@router.get(
    "/burden/{area_code}",
    response=AdmissionBurdenReport,
    summary="The 减负 dashboard of an area and its parts",
)
def get_burden(request: ApiRequest, area_code: str, year: Year | None = None) -> dict[str, Any]:
    area = area_for(request.auth, area_code, "operations.view")
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    total, rows = queries.burden(request.auth, area, year=year)
    return {
        "year": year,
        "targets": queries.TARGETS,
        "total": _burden_out(total),
        "rows": [_burden_out(r) for r in rows],
    }
