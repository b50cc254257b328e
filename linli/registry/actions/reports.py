"""Self-service change reports: a resident reports, a worker decides."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.common.phone import normalize_mobile
from linli.registry.actions.common import PersonData, _bad, clean_person, require_manage
from linli.registry.actions.households import resident_update_phone
from linli.registry.actions.moves import resident_move_in, resident_move_out
from linli.registry.actions.residence import resident_move_residence
from linli.registry.models import (
    ChangeReport,
    LivingPlace,
    Relation,
    ReportKind,
    ReportStatus,
    Resident,
    ResidentStatus,
)


def change_report_submit(
    *,
    actor: User | None,
    kind: str,
    subject: Resident | None = None,
    name: str = "",
    id_number: str = "",
    relation: str = "",
    phone: str = "",
    note: str = "",
    lives_where: str = "",
    lives_address: str = "",
    lives_since: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ChangeReport:
    """A resident reports a change in their own household; it waits for a worker."""
    from linli.registry.queries import residents_of_user

    now = now or timezone.now()
    with transaction.atomic():
        me = residents_of_user(actor).first()
        if me is None or me.household is None:
            raise DomainError("no_household", _("Your account is not linked to a household yet."), status=404)
        household = me.household
        fields: dict[str, Any] = {}
        if kind == ReportKind.NEW_MEMBER:
            values = clean_person(PersonData(name=name, id_number=id_number, phone=phone))
            if relation not in Relation.values or relation == Relation.HEAD:
                raise _bad("invalid_relation", "relation", _("Choose the relation to the head of household."))
            fields = {
                "name": values["name"],
                "id_number": values["id_number"],
                "relation": relation,
                "phone": values["phone"],
            }
        elif kind in (ReportKind.MOVING_OUT, ReportKind.NEW_PHONE, ReportKind.RESIDENCE):
            if (
                subject is None
                or subject.household_id != household.pk
                or subject.status != ResidentStatus.ACTIVE
            ):
                raise _bad("not_member", "subject", _("Choose a member of your household."))
            fields = {"subject": subject, "name": subject.name}
            if kind == ReportKind.NEW_PHONE:
                try:
                    fields["phone"] = normalize_mobile(phone)
                except ValidationError as exc:
                    raise DomainError(
                        "invalid_phone", exc.messages[0], fields={"phone": exc.messages}
                    ) from None
            if kind == ReportKind.RESIDENCE:
                if lives_where not in LivingPlace.values:
                    raise _bad("invalid_lives_where", "lives_where", _("Choose where the person lives."))
                if lives_since is not None and lives_since > timezone.localtime(now).date():
                    raise _bad("since_ahead", "lives_since", _("The date cannot be in the future."))
                fields.update(
                    lives_where=lives_where,
                    lives_address=lives_address.strip()[:200] if lives_where == LivingPlace.ELSEWHERE else "",
                    lives_since=lives_since,
                )
        else:
            raise _bad("invalid_kind", "kind", _("Choose what changed."))
        report = ChangeReport.objects.create(
            code=short_code("R"),
            community=household.community,
            household=household,
            reported_by=actor,
            kind=kind,
            note=note.strip()[:300],
            created_at=now,
            **fields,
        )
        record(actor=actor, action="registry.report.submitted", obj=report, area=household.community, now=now)
    return report


def change_report_decide(
    *,
    actor: User | None,
    report: ChangeReport,
    approve: bool,
    reason: str = "",
    now: dt.datetime | None = None,
) -> ChangeReport:
    """A worker approves (the change is applied) or rejects (with a reason the resident sees)."""
    now = now or timezone.now()
    with transaction.atomic():
        report = (
            ChangeReport.objects.select_for_update(of=("self",))
            .select_related("household", "subject")
            .get(pk=report.pk)
        )
        require_manage(actor, report.community)
        if report.status != ReportStatus.PENDING:
            raise DomainError("already_decided", _("This report has already been decided."), status=409)
        reason = reason.strip()
        if not approve and not reason:
            raise _bad("reason_required", "reason", _("Give a reason for rejecting."))
        if approve:
            if report.kind == ReportKind.NEW_MEMBER:
                result = resident_move_in(
                    actor=actor,
                    community=report.community,
                    person=PersonData(name=report.name, id_number=report.id_number, phone=report.phone),
                    household=report.household,
                    relation=report.relation,
                    now=now,
                )
                if result.transfer is not None and not reason:
                    reason = _("The person is registered in another community; a transfer was requested.")
            elif report.kind == ReportKind.MOVING_OUT:
                subject: Any = report.subject
                resident_move_out(actor=actor, resident=subject, note=report.note, now=now)
            elif report.kind == ReportKind.RESIDENCE:
                subject = report.subject
                resident_move_residence(
                    actor=actor,
                    resident=subject,
                    lives_where=report.lives_where,
                    lives_address=report.lives_address,
                    since=report.lives_since,
                    now=now,
                )
            else:
                subject = report.subject
                resident_update_phone(actor=actor, resident=subject, phone=report.phone, now=now)
        report.status = ReportStatus.APPROVED if approve else ReportStatus.REJECTED
        report.decided_by = actor if getattr(actor, "pk", None) else None
        report.decided_at = now
        report.reason = reason[:300]
        report.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        record(
            actor=actor,
            action="registry.report.approved" if approve else "registry.report.rejected",
            obj=report,
            area=report.community,
            now=now,
        )
    return report
