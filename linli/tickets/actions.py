"""Every write to tickets: permitted, validated, saved, audited and put on the timeline at once.

Each lifecycle step is one function here, one transaction, one audit event
(`tickets.ticket.<step>`), one timeline entry, and a message to the requester after commit.
State changes are conditional updates on the status the step started from, so two people acting
on the same ticket at once cannot both win (see `ticket_accept`).
"""

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.common.jobs import enqueue
from linli.common.phone import normalize_mobile
from linli.tickets import calendar, notify
from linli.tickets.models import (
    OPEN_STATUSES,
    Attachment,
    Category,
    Channel,
    Department,
    DepartmentCall,
    EventKind,
    Extension,
    ExtensionState,
    Kind,
    Level,
    Notification,
    Rating,
    Satisfaction,
    Status,
    Ticket,
    TicketEvent,
)
from linli.tickets.permissions import (
    can_create_for,
    can_handle_ticket,
    can_record_return_visit,
    can_submit_as_resident,
    can_supervise_ticket,
    can_view_ticket,
    is_requester,
)

# The resident may reopen a closed ticket within this many days when not satisfied.
REOPEN_DAYS = 7
# Department calls must report back within this many working days unless told otherwise.
DEPARTMENT_DAYS = 3
MAX_EXTENSION_DAYS = 30
MAX_ATTACHMENTS = 6
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# Photos only, recognised by their first bytes (not by the name or the browser's word for it).
IMAGE_SIGNATURES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}


def _field_error(code: str, field: str, message: str) -> DomainError:
    return DomainError(code, message, fields={field: [message]})


def _require_view(actor: User | None, ticket: Ticket) -> None:
    if not can_view_ticket(actor, ticket):
        raise NotFound()


def _require_handler(actor: User | None, ticket: Ticket) -> None:
    _require_view(actor, ticket)
    if not can_handle_ticket(actor, ticket):
        raise Forbidden(_("Only the handlers of this ticket may do this."))


def _require_status(ticket: Ticket, *allowed: str) -> None:
    if ticket.status not in allowed:
        raise DomainError(
            "wrong_status",
            _("This cannot be done while the ticket is %(status)s.")
            % {"status": ticket.get_status_display()},
            status=409,
        )


def _locked(ticket: Ticket) -> Ticket:
    """The current row, locked until the transaction ends (PostgreSQL; SQLite writes serialise)."""
    return Ticket.objects.select_for_update().select_related("community", "category").get(pk=ticket.pk)


def _save(ticket: Ticket, was: str, fields: dict[str, Any]) -> None:
    """Apply `fields` only if the status is still `was`: the loser of a race gets a clear refusal."""
    n = Ticket.objects.filter(pk=ticket.pk, status=was).update(**fields, updated_at=timezone.now())
    if n != 1:
        raise DomainError(
            "conflict", _("Someone else changed this ticket just now. Reload it and try again."), status=409
        )
    for name, value in fields.items():
        if not hasattr(value, "resolve_expression"):
            setattr(ticket, name, value)


def _step(
    ticket: Ticket,
    *,
    actor: User | None,
    kind: str,
    now: dt.datetime,
    note: str = "",
    details: dict[str, Any] | None = None,
    public: bool = True,
    tell: bool = True,
) -> None:
    """The timeline entry, the requester's message and the audit event of one step.

    The audit event goes last: it takes the chain's row lock, held until commit, so everything
    else is written before it.
    """
    TicketEvent.objects.create(
        ticket=ticket,
        at=now,
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        note=note,
        public=public,
    )
    if tell and public:
        _tell_requester(ticket, kind, now)
    record(
        actor=actor,
        action=f"tickets.ticket.{kind}",
        obj=ticket,
        area=ticket.community,
        details={"code": ticket.code, "status": ticket.status, "level": ticket.level, **(details or {})},
        now=now,
    )


def _tell_requester(ticket: Ticket, kind: str, now: dt.datetime) -> None:
    if ticket.requester_id:
        Notification.objects.create(user_id=ticket.requester_id, ticket=ticket, kind=kind, created_at=now)
    phone = ticket.contact_phone
    if phone:
        enqueue(notify.send_message, phone, notify.message_text(ticket.code, EventKind(kind).label))


# ---------------------------------------------------------------- intake


def _clean_text(value: str, field: str, label: str, *, required: bool, limit: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _field_error(f"{field}_required", field, _("Enter %(what)s.") % {"what": label})
    if len(value) > limit:
        raise _field_error(
            f"{field}_too_long",
            field,
            _("Keep %(what)s within %(n)d characters.") % {"what": label, "n": limit},
        )
    return value


def ticket_submit(
    *,
    actor: User | None,
    community: Area,
    category: Category,
    description: str,
    kind: str = Kind.HELP,
    channel: str = Channel.PORTAL,
    title: str = "",
    address: str = "",
    building: Any = None,
    anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    resident: Any = None,
    external_ref: str = "",
    lat: Any = None,
    long: Any = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Receive a request. A resident submits for themselves in their community; workers, the
    one-stop hall and hotline agents submit on someone's behalf (channel says how it came in)."""
    now = now or timezone.now()
    if community.level != AreaLevel.COMMUNITY:
        raise _field_error("not_a_community", "community", _("Choose a community."))
    on_behalf = actor is not None and can_create_for(actor, community)
    if actor is not None and not on_behalf:
        if not can_submit_as_resident(actor, community):
            raise NotFound()
        channel = Channel.PORTAL
    if kind not in Kind.values:
        raise _field_error("bad_kind", "kind", _("Choose what kind of request this is."))
    if channel not in Channel.values:
        raise _field_error("bad_channel", "channel", _("Choose how the request came in."))
    if category is None or not category.is_active or category.children.exists():
        raise _field_error("bad_category", "category", _("Choose a category from the list."))
    for value, name, limit in ((lat, "lat", 90), (long, "long", 180)):
        if value is not None and not (Decimal(value).is_finite() and -limit <= Decimal(value) <= limit):
            raise _field_error(
                "bad_position", name, _("Latitude runs from -90 to 90 and longitude from -180 to 180.")
            )
    description = _clean_text(
        description, "description", pgettext("ticket", "what happened"), required=True, limit=4000
    )
    title = _clean_text(title, "title", _("a subject"), required=False, limit=100) or description[:30]
    address = _clean_text(address, "address", _("the address"), required=False, limit=200)
    contact_name = _clean_text(contact_name, "contact_name", _("the contact name"), required=False, limit=50)
    phone = ""
    if contact_phone:
        try:
            phone = normalize_mobile(contact_phone)
        except ValidationError as exc:
            raise _field_error("bad_phone", "contact_phone", exc.messages[0]) from None
    requester = None
    if resident is not None:
        if resident.community_id != community.pk:
            raise _field_error(
                "resident_elsewhere", "resident", _("This resident lives in another community.")
            )
        requester = resident.user
        contact_name = contact_name or resident.name
        phone = phone or (resident.phone or "")
    if not on_behalf and actor is not None:
        requester = actor
        phone = phone or (actor.phone or "")
    if anonymous and not phone:
        raise _field_error(
            "phone_required", "contact_phone", _("An anonymous request needs a contact number for the reply.")
        )
    if building is not None and building.community_id != community.pk:
        raise _field_error("building_elsewhere", "building", _("The building is not in this community."))
    with transaction.atomic():
        ticket = Ticket(
            code=short_code("T", 9),
            token=secrets.token_urlsafe(12),
            kind=kind,
            channel=channel,
            category=category,
            community=community,
            level=category.default_level,
            building=building,
            title=title,
            description=description,
            address=address,
            lat=lat,
            long=long,
            requester=requester,
            resident=resident,
            anonymous=anonymous,
            contact_name="" if anonymous else contact_name,
            contact_phone=phone,
            created_by=actor if getattr(actor, "pk", None) else None,
            external_ref=external_ref.strip()[:40],
            submitted_at=now,
            response_due=calendar.response_deadline(now, category.response_hours, category.round_the_clock),
            due_at=calendar.add_working_days(now, category.handling_days),
        )
        if ticket.level == Level.STREET:
            ticket.escalated_at = now
        ticket.save(force_insert=True)
        _step(ticket, actor=actor, kind=EventKind.SUBMITTED, now=now, details={"channel": channel})
    return ticket


# ---------------------------------------------------------------- handling


def ticket_accept(*, actor: User | None, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
    """Take the ticket (the response): exactly one of two handlers accepting at once wins."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, Status.SUBMITTED)
        fields: dict[str, Any] = {"status": Status.ACCEPTED, "assignee": actor}
        if ticket.accepted_at is None:
            fields["accepted_at"] = now
        _save(ticket, Status.SUBMITTED, fields)
        _step(ticket, actor=actor, kind=EventKind.ACCEPTED, now=now)
    return ticket


def ticket_start(
    *, actor: User | None, ticket: Ticket, note: str = "", now: dt.datetime | None = None
) -> Ticket:
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, Status.ACCEPTED)
        _save(ticket, Status.ACCEPTED, {"status": Status.IN_PROGRESS})
        _step(ticket, actor=actor, kind=EventKind.STARTED, now=now, note=note.strip()[:1000])
    return ticket


def ticket_resolve(
    *, actor: User | None, ticket: Ticket, resolution: str, now: dt.datetime | None = None
) -> Ticket:
    """Report the ticket handled; a department called in must have reported back first."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, Status.ACCEPTED, Status.IN_PROGRESS)
        resolution = _clean_text(resolution, "resolution", _("how it was handled"), required=True, limit=2000)
        if ticket.department_calls.filter(reported_at__isnull=True).exists():
            raise DomainError(
                "department_pending", _("A department called in has not reported back yet."), status=409
            )
        _save(
            ticket, ticket.status, {"status": Status.RESOLVED, "resolution": resolution, "resolved_at": now}
        )
        _step(ticket, actor=actor, kind=EventKind.RESOLVED, now=now, note=resolution)
    return ticket


def ticket_reject(
    *, actor: User | None, ticket: Ticket, reason: str, now: dt.datetime | None = None
) -> Ticket:
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, Status.SUBMITTED, Status.ACCEPTED)
        reason = _clean_text(reason, "reason", _("the reason"), required=True, limit=300)
        fields: dict[str, Any] = {"status": Status.REJECTED, "reject_reason": reason, "closed_at": now}
        if ticket.accepted_at is None:
            fields["accepted_at"] = now  # a reasoned rejection is a response
        _save(ticket, ticket.status, fields)
        _step(ticket, actor=actor, kind=EventKind.REJECTED, now=now, note=reason)
    return ticket


def ticket_transfer(
    *, actor: User | None, ticket: Ticket, community: Area, reason: str, now: dt.datetime | None = None
) -> Ticket:
    """Hand the ticket to another community (wrongly routed); it starts again there, unanswered."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, *OPEN_STATUSES)
        if ticket.level != Level.COMMUNITY:
            raise DomainError(
                "wrong_level", _("Only a community-level ticket can be transferred."), status=409
            )
        # Only to a neighbour: the ticket must not leave its street's reach.
        if (
            community.level != AreaLevel.COMMUNITY
            or community.pk == ticket.community_id
            or community.parent_id != ticket.community.parent_id
        ):
            raise _field_error("bad_community", "community", _("Choose another community."))
        reason = _clean_text(reason, "reason", _("the reason"), required=True, limit=300)
        old = ticket.community
        _save(
            ticket,
            ticket.status,
            {"community": community, "status": Status.SUBMITTED, "assignee": None, "building": None},
        )
        ticket.community = community
        # The timeline and audit event belong to the old community's record too: note both.
        _step(
            ticket,
            actor=actor,
            kind=EventKind.TRANSFERRED,
            now=now,
            note=reason,
            details={"from": old.code, "to": community.code},
        )
    return ticket


def ticket_escalate(
    *, actor: User | None, ticket: Ticket, reason: str, now: dt.datetime | None = None
) -> Ticket:
    """Pass what the community cannot solve to its street's one-stop hall (一站式)."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, *OPEN_STATUSES)
        if ticket.level != Level.COMMUNITY:
            raise DomainError("wrong_level", _("This ticket is already with the street."), status=409)
        reason = _clean_text(reason, "reason", _("the reason"), required=True, limit=300)
        _save(ticket, ticket.status, {"level": Level.STREET, "escalated_at": now, "assignee": None})
        _step(ticket, actor=actor, kind=EventKind.ESCALATED, now=now, note=reason)
    return ticket


def ticket_call_department(
    *,
    actor: User | None,
    ticket: Ticket,
    department: Department,
    request: str,
    days: int = DEPARTMENT_DAYS,
    now: dt.datetime | None = None,
) -> DepartmentCall:
    """The street calls a department in (吹哨报到); it must report back within `days` working days."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, *OPEN_STATUSES)
        if ticket.level != Level.STREET:
            raise DomainError(
                "wrong_level", _("Escalate to the street before calling in a department."), status=409
            )
        if department.street_id != ticket.community.parent_id or not department.is_active:
            raise _field_error("bad_department", "department", _("Choose a department of this street."))
        request = _clean_text(
            request, "request", _("what the department should do"), required=True, limit=500
        )
        if not 1 <= days <= 30:
            raise _field_error("bad_days", "days", _("Give between 1 and 30 working days."))
        call = DepartmentCall.objects.create(
            ticket=ticket,
            department=department,
            called_by=actor,
            called_at=now,
            request=request,
            due_at=calendar.add_working_days(now, days),
        )
        _step(
            ticket,
            actor=actor,
            kind=EventKind.DEPARTMENT_CALLED,
            now=now,
            note=f"{department.name}: {request}",
            details={"department": department.name, "call": call.pk},
        )
    return call


def department_report(
    *, actor: User | None, call: DepartmentCall, report: str, now: dt.datetime | None = None
) -> DepartmentCall:
    """The department's report back, recorded by the street (or the department's own account)."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(call.ticket)
        _require_handler(actor, ticket)
        report = _clean_text(report, "report", _("the report"), required=True, limit=2000)
        n = DepartmentCall.objects.filter(pk=call.pk, reported_at__isnull=True).update(
            reported_at=now, report=report, reported_by=actor
        )
        if n != 1:
            raise DomainError("already_reported", _("This department has already reported back."), status=409)
        call.refresh_from_db()
        _step(
            ticket,
            actor=actor,
            kind=EventKind.DEPARTMENT_REPORTED,
            now=now,
            note=f"{call.department.name}: {report}",
            details={"call": call.pk, "late": now > call.due_at},
        )
    return call


def extension_request(
    *, actor: User | None, ticket: Ticket, days: int, reason: str, now: dt.datetime | None = None
) -> Extension:
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        _require_status(ticket, *OPEN_STATUSES)
        if not 1 <= int(days) <= MAX_EXTENSION_DAYS:
            raise _field_error(
                "bad_days", "days", _("Ask for between 1 and %(n)d working days.") % {"n": MAX_EXTENSION_DAYS}
            )
        reason = _clean_text(reason, "reason", _("the reason"), required=True, limit=300)
        try:
            with transaction.atomic():
                ext = Extension.objects.create(
                    ticket=ticket, days=int(days), reason=reason, requested_by=actor, requested_at=now
                )
        except IntegrityError:
            raise DomainError(
                "extension_pending", _("An extension is already waiting for approval."), status=409
            ) from None
        _step(
            ticket,
            actor=actor,
            kind=EventKind.EXTENSION_REQUESTED,
            now=now,
            note=reason,
            details={"days": ext.days},
            public=False,
        )
    return ext


def extension_decide(
    *, actor: User, extension: Extension, approve: bool, now: dt.datetime | None = None
) -> Extension:
    """A supervisor (not the one who asked) approves or refuses; approval moves the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(extension.ticket)
        _require_view(actor, ticket)
        if not can_supervise_ticket(actor, ticket) or extension.requested_by_id == actor.pk:
            raise Forbidden(_("A supervisor other than the one who asked must decide."))
        state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
        n = Extension.objects.filter(pk=extension.pk, state=ExtensionState.PENDING).update(
            state=state, decided_by=actor, decided_at=now
        )
        if n != 1:
            raise DomainError("already_decided", _("This extension has already been decided."), status=409)
        extension.refresh_from_db()
        if approve:
            due = calendar.add_working_days(ticket.due_at, extension.days)
            _save(ticket, ticket.status, {"due_at": due, "is_overdue": due <= now, "warned": False})
        _step(
            ticket,
            actor=actor,
            kind=EventKind.EXTENSION_APPROVED if approve else EventKind.EXTENSION_REFUSED,
            now=now,
            details={"days": extension.days},
        )
    return extension


def ticket_supervise(
    *, actor: User | None, ticket: Ticket, note: str, now: dt.datetime | None = None
) -> Ticket:
    """Put the ticket under supervision (督办): it is flagged on every list until closed."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_view(actor, ticket)
        if not can_supervise_ticket(actor, ticket):
            raise Forbidden(_("Only supervisors may put a ticket under supervision."))
        _require_status(ticket, *OPEN_STATUSES, Status.RESOLVED)
        if ticket.supervised:
            raise DomainError(
                "already_supervised", _("This ticket is already under supervision."), status=409
            )
        note = _clean_text(note, "note", _("the instruction"), required=True, limit=500)
        _save(ticket, ticket.status, {"supervised": True})
        _step(ticket, actor=actor, kind=EventKind.SUPERVISED, now=now, note=note, public=False)
    return ticket


# ---------------------------------------------------------------- evaluation


def _evaluation(resolved: bool, satisfaction: str) -> None:
    if satisfaction not in Satisfaction.values:
        raise _field_error("bad_satisfaction", "satisfaction", _("Choose how satisfied you are."))


def _close_with_rating(
    ticket: Ticket,
    actor: User | None,
    kind: str,
    resolved: bool,
    satisfaction: str,
    note: str,
    now: dt.datetime,
    extra: dict[str, Any],
) -> None:
    """Record a rating (the requester's own or taken on a return call) and close the ticket.

    The rating is kept as its own row (`Rating`); the ticket's fields hold only the latest one.
    """
    _save(
        ticket,
        Status.RESOLVED,
        {
            "status": Status.CLOSED,
            "resolved_rating": bool(resolved),
            "satisfaction": satisfaction,
            "evaluation_note": note,
            "evaluated_at": now,
            "closed_at": now,
            **extra,
        },
    )
    Rating.objects.create(
        ticket=ticket,
        community=ticket.community,
        at=now,
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        resolved=bool(resolved),
        satisfaction=satisfaction,
        note=note,
    )
    _step(
        ticket,
        actor=actor,
        kind=kind,
        now=now,
        note=note,
        details={"resolved": bool(resolved), "satisfaction": satisfaction},
    )


def ticket_evaluate(
    *,
    actor: User | None,
    ticket: Ticket,
    resolved: bool,
    satisfaction: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Ticket:
    """The requester rates the result; this closes the ticket."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_view(actor, ticket)
        if not is_requester(actor, ticket):
            raise Forbidden(_("Only the person who asked may evaluate."))
        _require_status(ticket, Status.RESOLVED)
        _evaluation(resolved, satisfaction)
        note = _clean_text(note, "note", _("the comment"), required=False, limit=500)
        _close_with_rating(ticket, actor, EventKind.EVALUATED, resolved, satisfaction, note, now, {})
    return ticket


def ticket_return_visit(
    *,
    actor: User | None,
    ticket: Ticket,
    resolved: bool,
    satisfaction: str,
    note: str,
    now: dt.datetime | None = None,
) -> Ticket:
    """A worker's return call (回访) to the caller of a hotline or anonymous ticket records their rating."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_view(actor, ticket)
        if not can_record_return_visit(actor, ticket):
            raise Forbidden(_("Only workers and agents may record a return visit."))
        _require_status(ticket, Status.RESOLVED)
        _evaluation(resolved, satisfaction)
        note = _clean_text(note, "note", _("what the caller said"), required=True, limit=500)
        _close_with_rating(
            ticket, actor, EventKind.RETURN_VISIT, resolved, satisfaction, note, now, {"return_visit_at": now}
        )
    return ticket


def ticket_reopen(
    *, actor: User | None, ticket: Ticket, reason: str, now: dt.datetime | None = None
) -> Ticket:
    """Within REOPEN_DAYS of closing, a requester who was not satisfied sends it back."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_view(actor, ticket)
        if not is_requester(actor, ticket):
            raise Forbidden(_("Only the person who asked may reopen."))
        _require_status(ticket, Status.CLOSED)
        if ticket.satisfaction != Satisfaction.DISSATISFIED and ticket.resolved_rating is not False:
            raise DomainError(
                "was_satisfied", _("Only a request you were not satisfied with can be reopened.")
            )
        if ticket.closed_at is None or now > ticket.closed_at + dt.timedelta(days=REOPEN_DAYS):
            raise DomainError(
                "reopen_too_late",
                _("A request can be reopened within %(n)d days of closing.") % {"n": REOPEN_DAYS},
            )
        reason = _clean_text(reason, "reason", _("the reason"), required=True, limit=500)
        _save(
            ticket,
            Status.CLOSED,
            {
                "status": Status.IN_PROGRESS,
                "closed_at": None,
                "resolved_at": None,
                # The latest rating belongs to the closing it judged (its `Rating` row keeps it for
                # the rates); the ticket is rated afresh when it is resolved again.
                "resolved_rating": None,
                "satisfaction": "",
                "evaluation_note": "",
                "evaluated_at": None,
                "due_at": calendar.add_working_days(now, ticket.category.handling_days),
                "is_overdue": False,
                "warned": False,
                "reopen_count": F("reopen_count") + 1,
            },
        )
        _step(ticket, actor=actor, kind=EventKind.REOPENED, now=now, note=reason)
    return ticket


# ---------------------------------------------------------------- duplicates and photos


def ticket_link_duplicate(
    *, actor: User | None, ticket: Ticket, original: Ticket, now: dt.datetime | None = None
) -> Ticket:
    """Mark `ticket` as reporting the same problem as `original` (both must be in the actor's reach)."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_handler(actor, ticket)
        original = Ticket.objects.select_related("community", "duplicate_of").get(pk=original.pk)
        _require_view(actor, original)
        if original.pk == ticket.pk or original.duplicate_of_id == ticket.pk:
            raise _field_error("bad_original", "original", _("Choose another ticket."))
        root = original.duplicate_of or original
        _save(ticket, ticket.status, {"duplicate_of": root})
        _step(ticket, actor=actor, kind=EventKind.LINKED, now=now, note=root.code, public=False)
    return ticket


def _sniff(head: bytes) -> tuple[str, str] | None:
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ("image/webp", "webp")
    return None


def attachment_add(
    *, actor: User | None, ticket: Ticket, upload: Any, now: dt.datetime | None = None
) -> Attachment:
    """A photo (JPEG, PNG or WebP, at most 5 MB, 6 per ticket), stored under a random name."""
    from django.core.files.base import ContentFile

    now = now or timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        _require_view(actor, ticket)
        if not (is_requester(actor, ticket) or policy.can(actor, "tickets.handle", ticket.community)):
            raise Forbidden(_("Only the requester and the handlers may add photos."))
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise _field_error("too_big", "photo", _("A photo may be at most 5 MB."))
        data = upload.read(MAX_ATTACHMENT_BYTES + 1)
        kind = _sniff(data[:16])
        if kind is None:
            raise _field_error("bad_type", "photo", _("Only JPEG, PNG or WebP photos are accepted."))
        if ticket.attachments.count() >= MAX_ATTACHMENTS:
            raise _field_error(
                "too_many", "photo", _("A ticket can have at most %(n)d photos.") % {"n": MAX_ATTACHMENTS}
            )
        content_type, ext = kind
        attachment = Attachment(
            ticket=ticket,
            content_type=content_type,
            size=len(data),
            original_name=str(getattr(upload, "name", ""))[-120:],
            uploaded_by=actor,
            uploaded_at=now,
        )
        attachment.file.save(f"{secrets.token_hex(16)}.{ext}", ContentFile(data), save=False)
        attachment.save()
        _step(ticket, actor=actor, kind=EventKind.ATTACHED, now=now, tell=False)
    return attachment


def notifications_mark_read(*, actor: User | None, now: dt.datetime | None = None) -> int:
    """Not audited: reading one's own messages changes nobody's record."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=now or timezone.now())
