"""Election writes: the announcement, the voter register, applications and objections."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import Forbidden, NotFound
from linli.governance import rules
from linli.governance.checks import _community, _err, _lock, _now, _own_or_manage, _stage, _today
from linli.governance.eligibility import (
    _basis_of,
    _entry,
    eligible_residents,
    is_of_age,
    listed_elsewhere,
    living_on,
    residence_rule_met,
)
from linli.governance.models import (
    Application,
    Basis,
    CandidateStatus,
    Decision,
    Election,
    Method,
    Objection,
    ObjectionKind,
    OfficerPosition,
    Position,
    Seat,
    Stage,
    VoterEntry,
)
from linli.governance.permissions import (
    can_manage,
    can_object,
    require_announce,
    require_manage_election,
    require_view,
)
from linli.registry.models import Resident

# ---------------------------------------------------------------------------------------------
# Elections: announcement and the voter register

# An organization has at most one of each of these officers (vice chairs may be several).
SINGLE_OFFICERS = (OfficerPosition.CHAIR, OfficerPosition.SECRETARY, OfficerPosition.TREASURER)


def _officer_seats(seats: dict[str, int], high: int) -> None:
    if not 1 <= sum(seats.values()) <= high:
        raise _err(
            "officer_seats",
            _("Elect 1 to %(high)d officers.") % {"high": high},
            "seats",
        )
    if any(seats.get(p, 0) > 1 for p in SINGLE_OFFICERS):
        raise _err(
            "one_each",
            _("An organization has one chair, one secretary and one treasurer."),
            "seats",
        )


def election_announce(
    *,
    actor: User | None,
    community: Area,
    title: str,
    election_day: dt.date,
    register_cutoff: dt.date,
    seats: dict[str, int],
    method: str = Method.DIRECT,
    allow_write_ins: bool = True,
    require_surplus: bool = True,
    body: str = "",
    now: dt.datetime | None = None,
) -> Election:
    """Announce a committee election with its seats by position and its method.

    With a `body` (an organization's code) it elects that organization's officers instead: 1 to
    `GOV_COMMITTEE_MAX` seats of chair, vice chair, secretary and treasurer, at most one chair,
    secretary and treasurer; the caller supplies the members as the register (`register_build`).
    """
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_announce(actor, community, body)
        title = title.strip()
        if not title:
            raise _err("title_required", _("Enter a title."), "title")
        if method not in Method.values:
            raise _err("invalid_method", _("Choose how the committee is elected."), "method")
        if election_day < _today(now):
            raise _err("day_past", _("Election day cannot be in the past."), "election_day")
        if register_cutoff > election_day:
            raise _err(
                "cutoff_after_day",
                _("The register cut-off date must be on or before election day."),
                "register_cutoff",
            )
        body = body.strip()
        positions = OfficerPosition.values if body else Position.values
        seats = {p: int(n) for p, n in seats.items() if p in positions and int(n) > 0}
        total = sum(seats.values())
        low, high = rules.rule("GOV_COMMITTEE_MIN"), rules.rule("GOV_COMMITTEE_MAX")
        if body:
            _officer_seats(seats, high)
        elif seats.get(Position.DIRECTOR) != 1:
            raise _err("one_director", _("A committee has exactly one director."), "seats")
        if not body and not low <= total <= high:
            raise _err(
                "committee_size",
                _("A committee has %(low)d to %(high)d members; these seats add up to %(n)d.")
                % {"low": low, "high": high, "n": total},
                "seats",
            )
        election = Election.objects.create(
            code=short_code("E", 6),
            body=body,
            community=community,
            title=title,
            method=method,
            election_day=election_day,
            register_cutoff=register_cutoff,
            allow_write_ins=allow_write_ins,
            require_surplus=require_surplus,
            term_years=rules.rule("GOV_TERM_YEARS"),
            announced_at=now,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        Seat.objects.bulk_create(
            [Seat(election=election, position=p, count=n) for p, n in sorted(seats.items())]
        )
        record(
            actor=actor,
            action="governance.election.announced",
            obj=election,
            area=community,
            details={
                "seats": seats,
                "method": method,
                "election_day": election_day.isoformat(),
                **({"body": body} if body else {}),
            },
            now=now,
        )
    return election


def register_build(
    *,
    actor: User | None,
    election: Election,
    members: Iterable[Resident] = (),
    now: dt.datetime | None = None,
) -> int:
    """Build the voter register from the registry on the cut-off date and publish it for objections.

    An organization's officer election (`election.body`) lists its `members` instead: those
    living in the community on the cut-off date (the caller, linli.organizations, names them).
    """
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
        _stage(election, Stage.ANNOUNCED)
        if _today(now) < election.register_cutoff:
            raise _err(
                "before_cutoff",
                _("The register can be built on or after the cut-off date (%(day)s).")
                % {"day": election.register_cutoff.isoformat()},
            )
        people = [] if election.body else eligible_residents(election)
        entries: list[VoterEntry] = []
        if election.body:
            ids = {m.pk for m in members}
            living = Resident.objects.filter(
                living_on(election.community, election.register_cutoff), pk__in=ids
            ).select_related("household")
            entries = [_entry(election, r, Basis.MEMBER) for r in living]
        elif election.method == Method.DIRECT:
            entries = [_entry(election, r, _basis_of(r)) for r in people]
        elif election.method == Method.HOUSEHOLD:
            # One representative per household: the head when eligible, else the eldest.
            chosen: dict[Any, Resident] = {}
            for r in sorted(
                people, key=lambda r: (r.pk != getattr(r.household, "head_id", None), r.birth_date)
            ):
                chosen.setdefault(r.household_id or f"r{r.pk}", r)
            entries = [_entry(election, r, Basis.HOUSEHOLD_REP) for r in chosen.values()]
        # Group representatives are chosen by their groups and entered one by one (register_correct).
        VoterEntry.objects.bulk_create(entries)
        election.stage = Stage.REGISTER
        election.objection_deadline = _today(now) + dt.timedelta(days=rules.rule("GOV_OBJECTION_DAYS"))
        election.save(update_fields=["stage", "objection_deadline"])
        record(
            actor=actor,
            action="governance.register.published",
            obj=election,
            area=election.community,
            details={"listed": len(entries), "objections_until": election.objection_deadline.isoformat()},
            now=now,
        )
    return len(entries)


def _register_open(election: Election) -> None:
    _stage(election, Stage.ANNOUNCED, Stage.REGISTER, Stage.NOMINATION, Stage.CANDIDATES)


def register_correct(
    *,
    actor: User | None,
    election: Election,
    resident: Resident,
    listed: bool,
    reason: str,
    group_name: str = "",
    now: dt.datetime | None = None,
) -> VoterEntry:
    """Add someone to the register or take them off, with the reason; audited. Until voting opens."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
        _stage(election, Stage.REGISTER, Stage.NOMINATION, Stage.CANDIDATES)
        reason = reason.strip()
        if not reason:
            raise _err("reason_required", _("Give the reason for the correction."), "reason")
        if resident.community_id != election.community_id:
            raise NotFound()
        entry = VoterEntry.objects.filter(election=election, resident=resident).first()
        if entry is None and actor is not None and not can_manage(actor, election.community):
            # A body's organisers correct their register (its members); adding anyone else of the
            # community is for the community's staff.
            raise Forbidden(_("Only the community's staff add someone new to this register."))
        if listed and listed_elsewhere(election, [resident]):
            raise _err(
                "listed_elsewhere",
                _("This person is already on another community's register for this election period."),
                status=409,
            )
        if listed:
            if election.method == Method.GROUP:
                group_name = group_name.strip()
                if not group_name:
                    raise _err("group_required", _("Name the residents' group."), "group_name")
                most = rules.rule("GOV_GROUP_REPRESENTATIVES_MAX")
                taken = (
                    VoterEntry.objects.filter(election=election, group_name=group_name, is_listed=True)
                    .exclude(resident=resident)
                    .count()
                )
                if taken >= most:
                    raise _err(
                        "group_full",
                        _("A residents' group has at most %(n)d representatives.") % {"n": most},
                        "group_name",
                    )
            basis = Basis.GROUP_REP if election.method == Method.GROUP else Basis.CORRECTION
            if entry is None:
                entry = _entry(election, resident, basis, group_name)
                entry.save()
            else:
                entry.is_listed, entry.removed_reason = True, ""
                entry.group_name = group_name or entry.group_name
                entry.save(update_fields=["is_listed", "removed_reason", "group_name"])
        else:
            if entry is None or not entry.is_listed:
                raise _err("not_listed", _("This person is not on the register."))
            if entry.candidacies.exclude(status=CandidateStatus.WITHDRAWN).exists():
                raise _err("is_candidate", _("Withdraw this person's candidacy first."))
            entry.is_listed, entry.removed_reason = False, reason[:200]
            entry.save(update_fields=["is_listed", "removed_reason"])
        record(
            actor=actor,
            action="governance.register.corrected",
            obj=entry,
            area=election.community,
            details={"listed": listed, "reason": reason, "election": election.code},
            now=now,
        )
    return entry


def application_submit(
    *, actor: User | None, election: Election, resident: Resident, now: dt.datetime | None = None
) -> Application:
    """A resident registered elsewhere asks to be on this community's register (or staff for them)."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        _own_or_manage(actor, resident, election.community)
        _stage(election, Stage.ANNOUNCED, Stage.REGISTER)
        if election.objection_deadline and _today(now) > election.objection_deadline:
            raise _err("too_late", _("Applications closed with the objection period."), status=409)
        if resident.kind in rules.rule("GOV_AUTO_KINDS"):
            raise _err("no_need", _("This resident is listed without applying."))
        # Registered here, living elsewhere: saying so is enough (no decision); elsewhere, the
        # election committee decides (application_decide).
        opt_in = resident.kind in rules.rule("GOV_OPT_IN_KINDS")
        if listed_elsewhere(election, [resident]):
            raise _err(
                "listed_elsewhere",
                _("This person is already on another community's register for this election period."),
                status=409,
            )
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    election=election,
                    resident=resident,
                    submitted_at=now,
                    status=Decision.ACCEPTED if opt_in else Decision.PENDING,
                )
        except IntegrityError:
            raise _err("already_applied", _("This resident has already applied."), status=409) from None
        if opt_in and election.stage != Stage.ANNOUNCED:  # the register exists: listed now
            VoterEntry.objects.update_or_create(
                election=election,
                resident=resident,
                defaults={
                    "name": resident.name,
                    "basis": Basis.OPT_IN,
                    "is_listed": True,
                    "household_code": resident.household.code if resident.household_id else "",  # type: ignore[union-attr]
                },
            )
        record(
            actor=actor,
            action="governance.application.submitted",
            obj=application,
            area=election.community,
            now=now,
        )
    return application


def application_decide(
    *,
    actor: User | None,
    application: Application,
    accept: bool,
    answer: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """Accept (only if the residence rule is met) or reject; an accepted applicant joins the register."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(application.election)
        require_manage_election(actor, election)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Decision.PENDING:
            raise _err("decided", _("This application has already been decided."), status=409)
        resident = application.resident
        if accept:
            problems = []
            if not is_of_age(resident, election):
                problems.append(_("not 18 on election day"))
            if not residence_rule_met(resident, election):
                problems.append(
                    _("has not lived here %(days)d days by the cut-off date")
                    % {"days": rules.rule("GOV_FLOATING_MIN_RESIDENCE_DAYS")}
                )
            if not Resident.objects.filter(
                living_on(election.community, election.register_cutoff), pk=resident.pk
            ).exists():
                problems.append(_("was not living here on the cut-off date"))
            if listed_elsewhere(election, [resident]):
                problems.append(_("is on another community's register for this election period"))
            if problems:
                raise _err("rule_not_met", _("Cannot accept: %(why)s.") % {"why": "; ".join(problems)})
            if election.stage != Stage.ANNOUNCED:  # the register exists: add the applicant now
                VoterEntry.objects.update_or_create(
                    election=election,
                    resident=resident,
                    defaults={
                        "name": resident.name,
                        "basis": Basis.APPLICATION,
                        "is_listed": True,
                        "household_code": resident.household.code if resident.household else "",
                    },
                )
        application.status = Decision.ACCEPTED if accept else Decision.REJECTED
        application.answer = answer.strip()[:200]
        application.save(update_fields=["status", "answer"])
        record(
            actor=actor,
            action="governance.application.decided",
            obj=application,
            area=election.community,
            details={"accepted": accept, "answer": application.answer},
            now=now,
        )
    return application


def objection_file(
    *,
    actor: User | None,
    election: Election,
    kind: str,
    subject: Resident,
    text: str,
    now: dt.datetime | None = None,
) -> Objection:
    """An objection to the published register, within the objection window."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_view(actor, election.community)
        if actor is not None and not can_object(actor, election.community):
            raise Forbidden(_("Your role here is read-only: it cannot file objections."))
        _stage(election, Stage.REGISTER)
        if election.objection_deadline and _today(now) > election.objection_deadline:
            raise _err(
                "too_late",
                _("Objections were taken until %(day)s.") % {"day": election.objection_deadline.isoformat()},
                status=409,
            )
        if kind not in ObjectionKind.values:
            raise _err("invalid_kind", _("Choose what is wrong."), "kind")
        if subject.community_id != election.community_id:
            raise _err("not_here", _("This person is not registered in the community."), "subject")
        if not text.strip():
            raise _err("text_required", _("Say why."), "text")
        objection = Objection.objects.create(
            election=election,
            kind=kind,
            subject=subject,
            text=text.strip(),
            filed_by=actor if getattr(actor, "pk", None) else None,
            filed_at=now,
        )
        record(
            actor=actor, action="governance.objection.filed", obj=objection, area=election.community, now=now
        )
    return objection


def objection_decide(
    *, actor: User | None, objection: Objection, accept: bool, answer: str, now: dt.datetime | None = None
) -> Objection:
    """Decide an objection; an accepted one corrects the register (audited as a correction)."""
    now = _now(now)
    with transaction.atomic():
        election = objection.election
        require_manage_election(actor, election)
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if objection.status != Decision.PENDING:
            raise _err("decided", _("This objection has already been decided."), status=409)
        answer = answer.strip()
        if not answer:
            raise _err("answer_required", _("Write the answer to the objector."), "answer")
        if accept:
            register_correct(
                actor=actor,
                election=election,
                resident=objection.subject,
                listed=objection.kind == ObjectionKind.OMITTED,
                reason=_("Objection accepted: %(answer)s") % {"answer": answer},
                now=now,
            )
        objection.status = Decision.ACCEPTED if accept else Decision.REJECTED
        objection.answer, objection.decided_at = answer, now
        objection.save(update_fields=["status", "answer", "decided_at"])
        record(
            actor=actor,
            action="governance.objection.decided",
            obj=objection,
            area=election.community,
            details={"accepted": accept},
            now=now,
        )
    return objection
