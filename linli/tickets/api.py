"""/api/v1/tickets: the same actions and queries as the pages, for apps and the city hotline."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from linli.areas.codes import normalize_area_code
from linli.areas.models import Area
from linli.areas.queries import community_for
from linli.common.errors import DomainError, NotFound
from linli.common.masking import mask_phone
from linli.common.schemas import BaseIn, Id, Offset, column
from linli.tickets import actions, fastlist, queries
from linli.tickets.models import Category, Department, DepartmentCall, Extension, Ticket
from linli.ui.http import ApiRequest

router = Router(tags=["tickets"])
PHOTO = File(...)  # ninja reads the upload from this marker
PHOTO = File(...)


class TicketRow(Schema):
    code: str
    kind: str
    channel: str
    status: str
    level: str
    category: str
    community: str
    title: str
    submitted_at: dt.datetime
    response_due: dt.datetime
    due_at: dt.datetime
    due_provisional: bool = Field(
        description="The deadlines run into a year without a holiday notice: counted on the statutory "
        "holidays only, they are counted again when the notice is entered."
    )
    assignee: str | None
    supervised: bool
    overdue: bool

    @staticmethod
    def resolve_category(obj: Ticket) -> str:
        return obj.category.code

    @staticmethod
    def resolve_community(obj: Ticket) -> str:
        return obj.community.code

    @staticmethod
    def resolve_assignee(obj: Ticket) -> str | None:
        return str(obj.assignee) if obj.assignee_id else None

    @staticmethod
    def resolve_overdue(obj: Ticket) -> bool:
        return queries.is_late(obj)


class TicketOut(TicketRow):
    description: str
    address: str
    anonymous: bool
    contact_name: str
    contact_phone: str
    accepted_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    resolution: str
    reject_reason: str
    resolved_rating: bool | None
    satisfaction: str
    duplicate_of: str | None
    external_ref: str

    @staticmethod
    def resolve_contact_phone(obj: Ticket) -> str:
        return mask_phone(obj.contact_phone)

    @staticmethod
    def resolve_duplicate_of(obj: Ticket) -> str | None:
        return obj.duplicate_of.code if obj.duplicate_of else None


class TicketPage(Schema):
    items: list[TicketRow]
    next_offset: int | None


class TicketIn(BaseIn):
    community: str
    category: str
    description: str
    kind: str = column(Ticket, "kind", "help")
    channel: str = column(Ticket, "channel", "portal")
    title: str = column(Ticket, "title", "")
    address: str = column(Ticket, "address", "")
    anonymous: bool = False
    contact_name: str = column(Ticket, "contact_name", "")
    contact_phone: str = ""
    resident_id: int | None = None
    building_id: int | None = None
    external_ref: str = column(Ticket, "external_ref", "")


class TicketEventOut(Schema):
    at: dt.datetime
    kind: str
    note: str
    actor: str | None

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class NoteIn(BaseIn):
    note: str = ""


class TicketReasonIn(BaseIn):
    reason: str


class ResolveIn(BaseIn):
    resolution: str


class TransferIn(BaseIn):
    community: str
    reason: str


class EvaluationIn(BaseIn):
    resolved: bool
    satisfaction: str = column(Ticket, "satisfaction")
    note: str = ""


class LinkIn(BaseIn):
    original: str


class ExtensionIn(BaseIn):
    days: int = column(Extension, "days")
    reason: str = column(Extension, "reason")


class ExtensionDecisionIn(BaseIn):
    approve: bool


class DepartmentCallIn(BaseIn):
    department_id: int
    request: str = column(DepartmentCall, "request")
    days: int = actions.DEPARTMENT_DAYS


class DepartmentReportIn(BaseIn):
    report: str


class IdOut(Schema):
    id: int
    state: str = ""


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    parent: str | None
    response_hours: int
    round_the_clock: bool
    handling_days: int
    default_level: str

    @staticmethod
    def resolve_parent(obj: Category) -> str | None:
        return obj.parent.code if obj.parent else None


class RateOut(Schema):
    area: str
    name: str
    responses: int
    responded: int
    evaluated: int
    resolved: int
    satisfied: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    rank: int | None


def _ticket(request: ApiRequest, code: str) -> Ticket:
    return queries.ticket_for(request.auth, code)


def _transfer_target(ticket: Ticket, code: str) -> Area:
    """One of the ticket's street's other communities; any other code is refused alike."""
    from django.utils.translation import gettext as _

    area = queries.transfer_targets(ticket).filter(code=normalize_area_code(code)).first()
    if area is None:
        raise DomainError(
            "bad_community", _("Choose a community."), fields={"community": [_("Choose a community.")]}
        )
    return area


@router.get("", response=TicketPage, summary="Tickets in your reach (yours, for a resident), newest first")
def list_tickets(
    request: ApiRequest,
    status: str = "",
    mine: bool = False,
    overdue: bool = False,
    supervised: bool = False,
    q: str = "",
    offset: Offset = 0,
    limit: int = 20,
) -> HttpResponse:
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    items, more = fastlist.worker_page_json(
        request.auth,
        status=status,
        mine=mine,
        overdue=overdue,
        supervised=supervised,
        q=q,
        offset=offset,
        limit=limit,
    )
    # Written by hand, not through the schema: this is the busiest read (docs/benchmarks.md).
    next_offset = "null" if not more else str(offset + limit)
    body = '{"items": ' + items + ', "next_offset": ' + next_offset + "}"
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.post("", response={201: TicketOut}, summary="Submit a ticket (for yourself, or on a caller's behalf)")
def create_ticket(request: ApiRequest, payload: TicketIn) -> Status[Ticket]:

    user = request.auth
    # Any active community: who may submit there (its residents, staff on a caller's behalf)
    # the action decides, and refuses the others with the same 404.
    community = community_for(user, payload.community, None)
    category = Category.objects.filter(code=payload.category).first()
    resident = building = None
    if payload.resident_id:
        from linli.registry.queries import resident_for

        resident = resident_for(user, payload.resident_id)
    if payload.building_id:
        from linli.registry.models import Building

        building = Building.objects.filter(pk=payload.building_id, community=community).first()
    ticket = actions.ticket_submit(
        actor=user,
        community=community,
        category=category,  # type: ignore[arg-type]
        description=payload.description,
        kind=payload.kind,
        channel=payload.channel,
        title=payload.title,
        address=payload.address,
        anonymous=payload.anonymous,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        resident=resident,
        building=building,
        external_ref=payload.external_ref,
    )
    return Status(201, ticket)


@router.get("/categories", response=list[CategoryOut], summary="The category tree with its time limits")
def list_categories(request: HttpRequest) -> Any:
    return Category.objects.filter(is_active=True).select_related("parent")


@router.get(
    "/rates", response=list[RateOut], summary="Response, resolution and satisfaction rates for a month"
)
def get_rates(
    request: ApiRequest, month: str = "", level: str = "community", order: str = "code"
) -> list[dict[str, Any]]:
    """`order=rank` lists only the ranked areas, best first, as the rates page ranks them."""
    from django.utils.translation import gettext as _

    day = _month(month)
    if order not in ("code", "rank"):
        message = _("Order by code or rank.")
        raise DomainError("bad_order", message, fields={"order": [message]})
    rows = queries.rates(request.auth, day).get(level, [])
    pairs = queries.ranked(rows, all_areas=order == "code")
    if order == "code":
        pairs.sort(key=lambda p: p[1].area.code)
    return [
        {
            "area": r.area.code,
            "name": r.area.name,
            "responses": r.responses,
            "responded": r.responded,
            "evaluated": r.evaluated,
            "resolved": r.resolved,
            "satisfied": r.satisfied,
            "response_rate": r.response_rate,
            "resolution_rate": r.resolution_rate,
            "satisfaction_rate": r.satisfaction_rate,
            "rank": rank,
        }
        for rank, r in pairs
    ]


def _month(month: str) -> dt.date:
    from django.utils.translation import gettext as _

    if not month:
        return timezone.localdate().replace(day=1)
    try:
        return dt.date.fromisoformat(month + "-01")
    except ValueError:
        raise DomainError(
            "bad_month", _("Give the month as YYYY-MM."), fields={"month": [_("Give the month as YYYY-MM.")]}
        ) from None


@router.get("/overdue", summary="Overdue open tickets grouped by worker, community or street")
def get_overdue(request: ApiRequest, by: str = "community") -> list[dict[str, Any]]:
    if by not in ("worker", "community", "street"):
        by = "community"
    return [
        {"key": g.key, "label": g.label, "count": g.count, "tickets": [t.code for t in g.tickets]}
        for g in queries.overdue(request.auth, by=by)
    ]


class CallerIn(Schema):
    phone: str


@router.post(
    "/callers/lookup",
    summary="Hotline: the caller's registry records and tickets (the number in the body, never in a URL)",
)
def lookup_caller(request: ApiRequest, payload: CallerIn) -> dict[str, Any]:
    from django.core.exceptions import ValidationError

    try:
        card = queries.caller_lookup(request.auth, payload.phone)
    except ValidationError as exc:
        raise DomainError("bad_phone", exc.messages[0], fields={"phone": exc.messages}) from None
    return {
        "residents": [
            {
                "id": r.pk,
                "name": r.name,
                "community": r.community.code,
                "household": r.household.code if r.household_id else None,
                "care_tags": [label for label, _sensitive in r.caller_tags],
            }
            for r in card.residents
        ],
        "tickets": [{"code": t.code, "status": t.status, "title": t.title} for t in card.tickets],
        # Filed within the last hour: the caller may be calling about one of these again.
        "recent": [t.code for t in card.recent],
    }


@router.get("/{code}", response=TicketOut, summary="One ticket (404 outside your reach)")
def get_ticket(request: ApiRequest, code: str) -> Ticket:
    return _ticket(request, code)


@router.get("/{code}/timeline", response=list[TicketEventOut], summary="What happened to a ticket")
def get_timeline(request: ApiRequest, code: str) -> Any:
    ticket = _ticket(request, code)
    events = ticket.events.select_related("actor")
    if ticket.requester_id == request.auth.pk and not queries.policy.can(
        request.auth, "tickets.view", ticket.community
    ):
        events = events.filter(public=True)
    return events


def _step(name: str):
    """Register POST /{code}/<name> calling one action and returning the ticket."""

    def register(fn):
        router.post(f"/{{code}}/{name}", response=TicketOut, summary=fn.__doc__)(fn)
        return fn

    return register


@_step("accept")
def accept(request: ApiRequest, code: str) -> Ticket:
    """Accept (respond to) a ticket; 409 if someone else took it first"""
    return actions.ticket_accept(actor=request.auth, ticket=_ticket(request, code))


@_step("start")
def start(request: ApiRequest, code: str, payload: NoteIn) -> Ticket:
    """Start work on an accepted ticket"""
    return actions.ticket_start(actor=request.auth, ticket=_ticket(request, code), note=payload.note)


@_step("resolve")
def resolve(request: ApiRequest, code: str, payload: ResolveIn) -> Ticket:
    """Report the ticket handled"""
    return actions.ticket_resolve(
        actor=request.auth, ticket=_ticket(request, code), resolution=payload.resolution
    )


@_step("reject")
def reject(request: ApiRequest, code: str, payload: TicketReasonIn) -> Ticket:
    """Reject with a reason"""
    return actions.ticket_reject(actor=request.auth, ticket=_ticket(request, code), reason=payload.reason)


@_step("transfer")
def transfer(request: ApiRequest, code: str, payload: TransferIn) -> Ticket:
    """Transfer to another community"""
    ticket = _ticket(request, code)
    return actions.ticket_transfer(
        actor=request.auth,
        ticket=ticket,
        community=_transfer_target(ticket, payload.community),
        reason=payload.reason,
    )


@_step("escalate")
def escalate(request: ApiRequest, code: str, payload: TicketReasonIn) -> Ticket:
    """Escalate to the street's one-stop hall"""
    return actions.ticket_escalate(actor=request.auth, ticket=_ticket(request, code), reason=payload.reason)


@_step("supervise")
def supervise(request: ApiRequest, code: str, payload: NoteIn) -> Ticket:
    """Put under supervision (督办)"""
    return actions.ticket_supervise(actor=request.auth, ticket=_ticket(request, code), note=payload.note)


@_step("evaluate")
def evaluate(request: ApiRequest, code: str, payload: EvaluationIn) -> Ticket:
    """The requester's evaluation; closes the ticket"""
    return actions.ticket_evaluate(
        actor=request.auth,
        ticket=_ticket(request, code),
        resolved=payload.resolved,
        satisfaction=payload.satisfaction,
        note=payload.note,
    )


@_step("return-visit")
def return_visit(request: ApiRequest, code: str, payload: EvaluationIn) -> Ticket:
    """A worker's return call: the caller's evaluation; closes the ticket"""
    return actions.ticket_return_visit(
        actor=request.auth,
        ticket=_ticket(request, code),
        resolved=payload.resolved,
        satisfaction=payload.satisfaction,
        note=payload.note,
    )


@_step("reopen")
def reopen(request: ApiRequest, code: str, payload: TicketReasonIn) -> Ticket:
    """Reopen within the set period when not satisfied"""
    return actions.ticket_reopen(actor=request.auth, ticket=_ticket(request, code), reason=payload.reason)


@_step("link")
def link(request: ApiRequest, code: str, payload: LinkIn) -> Ticket:
    """Link as reporting the same problem as another ticket"""
    return actions.ticket_link_duplicate(
        actor=request.auth, ticket=_ticket(request, code), original=_ticket(request, payload.original)
    )


@router.post("/{code}/extensions", response={201: IdOut}, summary="Ask for more working days")
def request_extension(request: ApiRequest, code: str, payload: ExtensionIn) -> Status[dict[str, Any]]:
    ext = actions.extension_request(
        actor=request.auth, ticket=_ticket(request, code), days=payload.days, reason=payload.reason
    )
    return Status(201, {"id": ext.pk, "state": ext.state})


@router.post("/extensions/{ext_id}/decide", response=IdOut, summary="Approve or refuse an extension")
def decide_extension(request: ApiRequest, ext_id: Id, payload: ExtensionDecisionIn) -> dict[str, Any]:
    ext = queries.extension_for(request.auth, ext_id)
    ext = actions.extension_decide(actor=request.auth, extension=ext, approve=payload.approve)
    return {"id": ext.pk, "state": ext.state}


@router.post("/{code}/department-calls", response={201: IdOut}, summary="Call in a department (吹哨报到)")
def call_department(request: ApiRequest, code: str, payload: DepartmentCallIn) -> Status[dict[str, Any]]:
    ticket = _ticket(request, code)
    department = Department.objects.filter(pk=payload.department_id).first()
    if department is None:
        raise NotFound()
    call = actions.ticket_call_department(
        actor=request.auth, ticket=ticket, department=department, request=payload.request, days=payload.days
    )
    return Status(201, {"id": call.pk, "state": "called"})


@router.post(
    "/department-calls/{call_id}/report", response=IdOut, summary="Record a department's report back"
)
def report_department(request: ApiRequest, call_id: Id, payload: DepartmentReportIn) -> dict[str, Any]:
    call = queries.department_call_for(request.auth, call_id)
    call = actions.department_report(actor=request.auth, call=call, report=payload.report)
    return {"id": call.pk, "state": "reported"}


@router.post("/{code}/attachments", response={201: IdOut}, summary="Add a photo (JPEG/PNG/WebP, ≤ 5 MB)")
def add_attachment(request: ApiRequest, code: str, photo: UploadedFile = PHOTO) -> Status[dict[str, Any]]:
    att = actions.attachment_add(actor=request.auth, ticket=_ticket(request, code), upload=photo)
    return Status(201, {"id": att.pk, "state": att.content_type})
