"""Every write to social assistance: permitted, validated, saved and audited in one transaction.

The steps follow the plan's order: the community submits with the documents and checks the
household at home (入户核查), the street reviews, a public notice runs with its objection window,
the district approves; then payments, and the recipients' periodic review (动态管理). Each step
is a conditional update on the status it starts from, so two officers cannot take it twice.

The audit events carry the application's code and nothing of its kind or means: the log is read
more widely than the sensitive grant reaches.
"""

import base64
import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError, NotFound
from linli.publicservices.common import add_months, fen, field_error, new_code, text, today, transition
from linli.publicservices.models.assistance import (
    CARE_TAG,
    MONTHLY_KINDS,
    OPEN_STATUSES,
    REQUIRED_DOCUMENTS,
    Application,
    Document,
    DocumentKind,
    Kind,
    Objection,
    Payment,
    Status,
)
from linli.publicservices.permissions import require_assistance
from linli.registry import actions as registry_actions
from linli.registry.models import Household, Resident, ResidentStatus
from linli.tickets import calendar

# Time limits, in working days on the official calendar.
CHECK_DAYS = 10
REVIEW_DAYS = 10
APPROVE_DAYS = 10
# The public notice runs seven calendar days (公示期).
NOTICE_DAYS = 7
# Monthly assistance is reviewed every twelve months.
REVIEW_MONTHS = 12
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# What the first bytes of each accepted type are (a renamed file is refused).
MAGIC = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}


@dataclass(frozen=True)
class Upload:
    kind: str
    filename: str
    content_type: str
    data: bytes


def _document(application: Application, upload: Upload, actor: User | None, now: dt.datetime) -> Document:
    if upload.kind not in DocumentKind.values:
        raise field_error("document_kind", "documents", _("Choose what the document is."))
    ctype = (upload.content_type or "").split(";")[0].strip().lower()
    if ctype not in DOCUMENT_TYPES or not upload.data.startswith(MAGIC[ctype]):
        raise field_error("document_type", "documents", _("Upload a PDF, JPEG or PNG file."))
    if len(upload.data) > MAX_DOCUMENT_BYTES:
        raise field_error("document_too_big", "documents", _("A document may be at most 5 MB."))
    name = text(upload.filename, "documents", _("the file name"), required=False, limit=120) or upload.kind
    return Document.objects.create(
        application=application,
        kind=upload.kind,
        filename=name,
        content_type=ctype,
        size=len(upload.data),
        content=base64.b64encode(upload.data).decode("ascii"),
        uploaded_at=now,
        uploaded_by=actor,
    )


def missing_documents(kind: str, given: set[str]) -> list[str]:
    return [k for k in REQUIRED_DOCUMENTS.get(kind, ()) if k not in given]


def application_submit(
    *,
    actor: User | None,
    household: Household,
    applicant: Resident,
    kind: str,
    members: int,
    monthly_income_fen: int,
    assets_fen: int,
    reason: str,
    requested_fen: int = 0,
    documents: list[Upload],
    now: dt.datetime | None = None,
) -> Application:
    """Open an application for a household with the required documents; refused when one is
    missing or the household already has an open application of this kind."""
    now = now or timezone.now()
    with transaction.atomic():
        community = household.community
        require_assistance(actor, "assistance.apply", community)
        if kind not in Kind.values:
            raise field_error("kind_invalid", "kind", _("Choose the kind of assistance."))
        if (
            applicant.household_id != household.pk
            or applicant.status != ResidentStatus.ACTIVE
            or not household.is_active
        ):
            raise field_error(
                "applicant_not_member", "applicant", _("The applicant must live in this household.")
            )
        if not 1 <= members <= 50:
            raise field_error("members_invalid", "members", _("Enter the number of people (1 to 50)."))
        income = fen(monthly_income_fen, "monthly_income_fen")
        assets = fen(assets_fen, "assets_fen")
        requested = fen(requested_fen, "requested_fen")
        why = text(reason, "reason", _("the reason for applying"), required=True, limit=1000)
        missing = missing_documents(kind, {d.kind for d in documents})
        if missing:
            names = "、".join(str(DocumentKind(k).label) for k in missing)
            raise field_error(
                "document_missing",
                "documents",
                _("Upload the required documents: %(names)s.") % {"names": names},
            )
        if Application.objects.filter(household=household, kind=kind, status__in=OPEN_STATUSES).exists():
            raise field_error(
                "duplicate_application",
                "kind",
                _("This household already has an open application or grant of this kind."),
            )
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    code=new_code("SA"),
                    community=community,
                    household=household,
                    applicant=applicant,
                    kind=kind,
                    members=members,
                    monthly_income_fen=income,
                    assets_fen=assets,
                    reason=why,
                    requested_fen=requested,
                    created_at=now,
                    created_by=actor,
                    check_due=calendar.add_working_days(now, CHECK_DAYS),
                )
        except IntegrityError:
            # Another worker submitted the same household and kind a moment ago.
            raise field_error(
                "duplicate_application",
                "kind",
                _("This household already has an open application or grant of this kind."),
            ) from None
        for upload in documents:
            _document(application, upload, actor, now)
        record(
            actor=actor,
            action="publicservices.application.submitted",
            obj=application,
            area=community,
            now=now,
        )
    return application


def document_add(
    *, actor: User | None, application: Application, upload: Upload, now: dt.datetime | None = None
) -> Document:
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "assistance.apply", application.community)
        if application.status not in (Status.SUBMITTED, Status.CHECKED):
            raise DomainError("closed", _("Documents can be added only before the street's review."))
        doc = _document(application, upload, actor, now)
        record(
            actor=actor,
            action="publicservices.document.added",
            obj=application,
            area=application.community,
            now=now,
        )
    return doc


def document_open(*, actor: User, document: Document, reason: str, now: dt.datetime | None = None) -> bytes:
    """A document's content, for someone who may see the application; the opening is audited."""
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "publicservices.view", document.application.community)
        text(reason, "reason", _("the reason"), required=True, limit=200)
        record(
            actor=actor,
            action="publicservices.document.opened",
            obj=document.application,
            area=document.application.community,
            details={"reason": reason.strip()[:200]},
            now=now,
        )
    return base64.b64decode(document.content)


def _move(application: Application, start: str, now: dt.datetime, **fields: object) -> None:
    """Move from `start` only if nobody moved it first (the app's one `transition`)."""
    transition(application, start, "", **fields)


def _refuse(application: Application, start: str, reason: str, now: dt.datetime) -> None:
    why = text(reason, "reason", _("the reason for refusal"), required=True, limit=300)
    _move(application, start, now, status=Status.REFUSED, refusal=why, decided_at=now)


def application_check(
    *,
    actor: User | None,
    application: Application,
    report: str,
    passed: bool,
    amount_fen: int = 0,
    now: dt.datetime | None = None,
) -> Application:
    """The community's home visit (入户核查): its report, and the amount it proposes, or a refusal."""
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "assistance.check", application.community)
        if application.status != Status.SUBMITTED:
            raise DomainError("wrong_step", _("This application is not waiting for a home visit."))
        note = text(report, "report", _("the home visit report"), required=True, limit=2000)
        if passed:
            amount = fen(amount_fen, "amount_fen")
            if amount == 0:
                raise field_error("amount_required", "amount_fen", _("Enter the amount proposed."))
            _move(
                application,
                Status.SUBMITTED,
                now,
                status=Status.CHECKED,
                check_report=note,
                checked_at=now,
                amount_fen=amount,
                review_due=calendar.add_working_days(now, REVIEW_DAYS),
            )
        else:
            application.check_report = note
            Application.objects.filter(pk=application.pk).update(check_report=note, checked_at=now)
            _refuse(application, Status.SUBMITTED, note, now)
        record(
            actor=actor,
            action="publicservices.application.checked" if passed else "publicservices.application.refused",
            obj=application,
            area=application.community,
            now=now,
        )
    return application


def application_review(
    *,
    actor: User | None,
    application: Application,
    passed: bool,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """The street's review: passed, the public notice starts with its objection window."""
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "assistance.review", application.community)
        if application.status != Status.CHECKED:
            raise DomainError("wrong_step", _("This application is not waiting for the street's review."))
        if passed:
            until = now + dt.timedelta(days=NOTICE_DAYS)
            _move(
                application,
                Status.CHECKED,
                now,
                status=Status.NOTICE,
                reviewed_at=now,
                notice_until=until,
                approve_due=calendar.add_working_days(until, APPROVE_DAYS),
            )
        else:
            _refuse(application, Status.CHECKED, reason, now)
        record(
            actor=actor,
            action="publicservices.application.noticed" if passed else "publicservices.application.refused",
            obj=application,
            area=application.community,
            now=now,
        )
    return application


def objection_file(
    *, actor: User | None, application: Application, text_: str, now: dt.datetime | None = None
) -> Objection:
    """An objection to a notice, accepted only while its window is open."""
    now = now or timezone.now()
    with transaction.atomic():
        if actor is not None and not policy.can(actor, "assistance.object", application.community):
            raise NotFound()
        if (
            application.status != Status.NOTICE
            or application.notice_until is None
            or now >= application.notice_until
        ):
            raise DomainError("window_closed", _("The objection window for this notice has closed."))
        body = text(text_, "text", _("the objection"), required=True, limit=1000)
        objection = Objection.objects.create(application=application, text=body, filed_at=now, filed_by=actor)
        record(
            actor=actor,
            action="publicservices.objection.filed",
            obj=application,
            area=application.community,
            now=now,
        )
    return objection


def _keep_care_tag(application: Application, now: dt.datetime) -> None:
    """Give the applicant the registry care tag of a granted monthly kind, or take it away when no
    other grant of that kind remains (through the registry's own actions, as the system)."""
    tag = CARE_TAG.get(Kind(application.kind))
    if tag is None:
        return
    resident = application.applicant
    granted = Application.objects.filter(
        applicant=resident, kind=application.kind, status=Status.GRANTED
    ).exists()
    if granted and resident.status == ResidentStatus.ACTIVE:
        registry_actions.care_tag_set(actor=None, resident=resident, tag=tag, now=now)
    elif not granted:
        registry_actions.care_tag_remove(actor=None, resident=resident, tag=tag, now=now)


def application_approve(
    *,
    actor: User | None,
    application: Application,
    passed: bool,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """The district's decision, once the objection window has closed."""
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "assistance.approve", application.community)
        if application.status != Status.NOTICE:
            raise DomainError("wrong_step", _("This application is not waiting for the district's approval."))
        if application.notice_until and now < application.notice_until:
            until = application.notice_until.astimezone(calendar.TZ)
            raise DomainError(
                "notice_running",
                _("The objection window runs until %(t)s; decide after it.")
                % {"t": f"{until:%Y-%m-%d %H:%M}"},
            )
        if passed:
            monthly = application.kind in MONTHLY_KINDS
            _move(
                application,
                Status.NOTICE,
                now,
                status=Status.GRANTED,
                decided_at=now,
                next_review_on=add_months(today(now), REVIEW_MONTHS) if monthly else None,
            )
            _keep_care_tag(application, now)
        else:
            _refuse(application, Status.NOTICE, reason, now)
        record(
            actor=actor,
            action="publicservices.application.granted" if passed else "publicservices.application.refused",
            obj=application,
            area=application.community,
            now=now,
        )
    return application


def payment_record(
    *,
    actor: User | None,
    application: Application,
    month: dt.date,
    amount_fen: int,
    paid_on: dt.date,
    now: dt.datetime | None = None,
) -> Payment:
    """A payment of a granted application; a one-off kind ends with its payment."""
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "assistance.pay", application.community)
        if application.status != Status.GRANTED:
            raise DomainError("not_granted", _("Only granted assistance is paid."))
        amount = fen(amount_fen, "amount_fen")
        if amount == 0:
            raise field_error("amount_required", "amount_fen", _("Enter the amount paid."))
        first = month.replace(day=1)
        if Payment.objects.filter(application=application, month=first).exists():
            raise field_error("paid_already", "month", _("This month has been paid already."))
        payment = Payment.objects.create(
            application=application, month=first, amount_fen=amount, paid_on=paid_on, recorded_by=actor
        )
        if application.kind not in MONTHLY_KINDS:
            _move(application, Status.GRANTED, now, status=Status.ENDED, ended_at=now)
        record(
            actor=actor,
            action="publicservices.payment.recorded",
            obj=application,
            area=application.community,
            now=now,
        )
    return payment


def recipient_review(
    *,
    actor: User | None,
    application: Application,
    keep: bool,
    note: str,
    amount_fen: int | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """The periodic review of a recipient: kept (with a new amount, reviewed again in twelve months)
    or ended; the registry's care tag follows."""
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "assistance.check", application.community)
        if application.status != Status.GRANTED or application.kind not in MONTHLY_KINDS:
            raise DomainError("not_recipient", _("Only current monthly recipients are reviewed."))
        text(note, "note", _("the review note"), required=True, limit=1000)
        if keep:
            amount = application.amount_fen if amount_fen is None else fen(amount_fen, "amount_fen")
            _move(
                application,
                Status.GRANTED,
                now,
                amount_fen=amount,
                next_review_on=add_months(today(now), REVIEW_MONTHS),
                review_flagged_on=None,
            )
        else:
            _move(application, Status.GRANTED, now, status=Status.ENDED, ended_at=now)
            _keep_care_tag(application, now)
        record(
            actor=actor,
            action="publicservices.recipient.reviewed" if keep else "publicservices.recipient.ended",
            obj=application,
            area=application.community,
            now=now,
        )
    return application


def recipient_take_over(
    *,
    actor: User | None,
    resident: Resident,
    kind: str,
    members: int,
    amount_fen: int,
    granted_on: dt.date,
    next_review_on: dt.date,
    now: dt.datetime | None = None,
) -> Application:
    """A recipient granted before linli, taken over from an existing list (the import): granted
    as of `granted_on`, with no documents (they were checked then), reviewed from `next_review_on`."""
    now = now or timezone.now()
    with transaction.atomic():
        require_assistance(actor, "assistance.apply", resident.community)
        if kind not in MONTHLY_KINDS or resident.household is None:
            raise field_error("kind_invalid", "kind", _("Only 低保 and 特困 recipients are taken over."))
        granted_at = dt.datetime.combine(granted_on, dt.time(12), tzinfo=calendar.TZ)
        application = Application.objects.create(
            code=new_code("SA"),
            community=resident.community,
            household=resident.household,
            applicant=resident,
            kind=kind,
            status=Status.GRANTED,
            members=members,
            monthly_income_fen=0,
            assets_fen=0,
            reason=_("Taken over from an existing list."),
            amount_fen=fen(amount_fen, "amount_fen"),
            created_at=granted_at,
            created_by=actor,
            check_due=granted_at,
            decided_at=granted_at,
            next_review_on=next_review_on,
        )
        _keep_care_tag(application, now)
        record(
            actor=actor,
            action="publicservices.recipient.taken_over",
            obj=application,
            area=resident.community,
            now=now,
        )
    return application
