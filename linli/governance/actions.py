"""Every write of self-government: permitted, validated, saved and audited in one transaction.

Secret ballot: `ballot_cast` writes a `VoterMark` (who) and a `Ballot` (what) and no audit
event; nothing it writes names both. The count of marks and the board's head hash are sealed
into the audit chain by `round_close`.
"""

import datetime as dt
import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common import jobs
from linli.common.codes import short_code
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.common.identifiers import fold_code
from linli.governance import maintenance, rules, tally
from linli.governance.models import (
    POSITION_ORDER,
    AgendaItem,
    Application,
    Ballot,
    Basis,
    Campaign,
    CampaignStatus,
    Candidate,
    CandidateStatus,
    Channel,
    Comment,
    Credential,
    Decision,
    Document,
    DocumentKind,
    DocumentVersion,
    Election,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Method,
    Motion,
    MotionStatus,
    NominatedBy,
    Objection,
    ObjectionKind,
    Participation,
    Party,
    PartyKind,
    Petition,
    PetitionBasis,
    PollingStation,
    Position,
    Rating,
    RatingCount,
    Result,
    Round,
    RoundStatus,
    Seat,
    Signature,
    Stage,
    StationCount,
    Subject,
    SubjectGroup,
    VoterEntry,
    VoterMark,
)
from linli.governance.permissions import (
    can_manage,
    can_object,
    own_records,
    require_certify,
    require_manage,
    require_view,
)
from linli.registry.models import Household, Resident, ResidentStatus


def _err(code: str, message: Any, field: str | None = None, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]} if field else None, status=status)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _today(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def _community(area: Area) -> Area:
    if area.level != Level.COMMUNITY:
        raise _err("not_a_community", _("Choose a community."), "community")
    return area


def _stage(election: Election, *allowed: str) -> None:
    if election.stage not in allowed:
        raise _err(
            "wrong_stage",
            _("This cannot be done while the election is at the stage “%(stage)s”.")
            % {"stage": election.get_stage_display()},
            status=409,
        )


def _lock(election: Election) -> Election:
    return Election.objects.select_for_update().select_related("community").get(pk=election.pk)


# ---------------------------------------------------------------------------------------------
# Eligibility


def latest_birth_date(day: dt.date) -> dt.date:
    """The latest birth date of someone who has reached the voting age on `day` (29 Feb → 28 Feb)."""
    years = rules.rule("GOV_VOTING_AGE")
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def living_on(community: Area, day: dt.date) -> Q:
    """Residents of `community` who lived there on `day` (registered by then, not left before)."""
    return (
        Q(community=community, registered_at__date__lte=day)
        & ~Q(status=ResidentStatus.DECEASED)
        & (Q(status=ResidentStatus.ACTIVE, left_at__isnull=True) | Q(left_at__date__gt=day))
    )


def residence_rule_met(resident: Resident, election: Election) -> bool:
    """A resident registered elsewhere has lived here long enough by the cut-off date."""
    days = rules.rule("GOV_FLOATING_MIN_RESIDENCE_DAYS")
    since = timezone.localtime(resident.registered_at).date()
    return since + dt.timedelta(days=days) <= election.register_cutoff


def is_of_age(resident: Resident, election: Election) -> bool:
    return resident.birth_date <= latest_birth_date(election.election_day)


def eligible_residents(election: Election) -> list[Resident]:
    """Everyone the register lists on the cut-off date, before the method picks representatives."""
    base = Resident.objects.filter(
        living_on(election.community, election.register_cutoff),
        birth_date__lte=latest_birth_date(election.election_day),
    ).select_related("household")
    auto = list(base.filter(kind__in=list(rules.rule("GOV_AUTO_KINDS"))))
    applied_ids = Application.objects.filter(election=election, status=Decision.ACCEPTED).values(
        "resident_id"
    )
    applied = [
        r
        for r in base.exclude(kind__in=list(rules.rule("GOV_AUTO_KINDS"))).filter(pk__in=applied_ids)
        if residence_rule_met(r, election)
    ]
    return auto + applied


def _basis_of(resident: Resident) -> str:
    return Basis.AGE_RESIDENCE if resident.kind in rules.rule("GOV_AUTO_KINDS") else Basis.APPLICATION


def _entry(election: Election, resident: Resident, basis: str, group_name: str = "") -> VoterEntry:
    return VoterEntry(
        election=election,
        resident=resident,
        name=resident.name,
        household_code=resident.household.code if resident.household_id else "",  # type: ignore[union-attr]
        basis=basis,
        group_name=group_name,
    )


# ---------------------------------------------------------------------------------------------
# Elections: announcement and the voter register


def election_announce(
    *,
    actor: Any,
    community: Area,
    title: str,
    election_day: dt.date,
    register_cutoff: dt.date,
    seats: dict[str, int],
    method: str = Method.DIRECT,
    allow_write_ins: bool = True,
    require_surplus: bool = True,
    now: dt.datetime | None = None,
) -> Election:
    """Announce a committee election with its seats by position and its method."""
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
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
        seats = {p: int(n) for p, n in seats.items() if p in Position.values and int(n) > 0}
        total = sum(seats.values())
        low, high = rules.rule("GOV_COMMITTEE_MIN"), rules.rule("GOV_COMMITTEE_MAX")
        if seats.get(Position.DIRECTOR) != 1:
            raise _err("one_director", _("A committee has exactly one director."), "seats")
        if not low <= total <= high:
            raise _err(
                "committee_size",
                _("A committee has %(low)d to %(high)d members; these seats add up to %(n)d.")
                % {"low": low, "high": high, "n": total},
                "seats",
            )
        election = Election.objects.create(
            code=short_code("E", 6),
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
            details={"seats": seats, "method": method, "election_day": election_day.isoformat()},
            now=now,
        )
    return election


def register_build(*, actor: Any, election: Election, now: dt.datetime | None = None) -> int:
    """Build the voter register from the registry on the cut-off date and publish it for objections."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage(actor, election.community)
        _stage(election, Stage.ANNOUNCED)
        if _today(now) < election.register_cutoff:
            raise _err(
                "before_cutoff",
                _("The register can be built on or after the cut-off date (%(day)s).")
                % {"day": election.register_cutoff.isoformat()},
            )
        people = eligible_residents(election)
        entries: list[VoterEntry] = []
        if election.method == Method.DIRECT:
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
    actor: Any,
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
        require_manage(actor, election.community)
        _stage(election, Stage.REGISTER, Stage.NOMINATION, Stage.CANDIDATES)
        reason = reason.strip()
        if not reason:
            raise _err("reason_required", _("Give the reason for the correction."), "reason")
        if resident.community_id != election.community_id:
            raise NotFound()
        entry = VoterEntry.objects.filter(election=election, resident=resident).first()
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
    *, actor: Any, election: Election, resident: Resident, now: dt.datetime | None = None
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
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    election=election, resident=resident, submitted_at=now
                )
        except IntegrityError:
            raise _err("already_applied", _("This resident has already applied."), status=409) from None
        record(
            actor=actor,
            action="governance.application.submitted",
            obj=application,
            area=election.community,
            now=now,
        )
    return application


def application_decide(
    *, actor: Any, application: Application, accept: bool, answer: str = "", now: dt.datetime | None = None
) -> Application:
    """Accept (only if the residence rule is met) or reject; an accepted applicant joins the register."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(application.election)
        require_manage(actor, election.community)
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
                        "household_code": resident.household.code if resident.household_id else "",  # type: ignore[union-attr]
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


def _own_or_manage(actor: Any, resident: Resident, community: Area) -> None:
    """The resident themself (an active record on their account), or staff of the community."""
    if actor is None:
        return
    if any(r.pk == resident.pk for r in own_records(actor, community)):
        return
    require_view(actor, community)
    if not can_manage(actor, community):
        raise Forbidden()


def objection_file(
    *,
    actor: Any,
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
    *, actor: Any, objection: Objection, accept: bool, answer: str, now: dt.datetime | None = None
) -> Objection:
    """Decide an objection; an accepted one corrects the register (audited as a correction)."""
    now = _now(now)
    with transaction.atomic():
        election = objection.election
        require_manage(actor, election.community)
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


# ---------------------------------------------------------------------------------------------
# Elections: nomination and candidates


def nomination_open(*, actor: Any, election: Election, now: dt.datetime | None = None) -> Election:
    """Open nominations once the objection window has passed and every objection is answered."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage(actor, election.community)
        _stage(election, Stage.REGISTER)
        if election.objection_deadline and _today(now) <= election.objection_deadline:
            raise _err(
                "objections_open",
                _("Objections are taken until %(day)s.") % {"day": election.objection_deadline.isoformat()},
                status=409,
            )
        if election.objections.filter(status=Decision.PENDING).exists():
            raise _err("objections_pending", _("Answer every objection first."), status=409)
        election.stage = Stage.NOMINATION
        election.save(update_fields=["stage"])
        record(
            actor=actor, action="governance.nomination.opened", obj=election, area=election.community, now=now
        )
    return election


def candidate_nominate(
    *,
    actor: Any,
    election: Election,
    position: str,
    entry: VoterEntry,
    nominated_by: str,
    supporters: int = 0,
    statement: str = "",
    now: dt.datetime | None = None,
) -> Candidate:
    """Nominate a listed voter for a position (joint nominations need enough supporting voters)."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage(actor, election.community)
        _stage(election, Stage.NOMINATION)
        if position not in election.seats.values_list("position", flat=True):
            raise _err("invalid_position", _("Choose a position of this election."), "position")
        if entry.election_id != election.pk or not entry.is_listed:
            raise _err("not_a_voter", _("Only someone on the register can stand."), "entry")
        if nominated_by not in NominatedBy.values:
            raise _err("invalid_nominator", _("Choose who nominates."), "nominated_by")
        least = rules.rule("GOV_NOMINATION_MIN_SUPPORTERS")
        if nominated_by == NominatedBy.JOINT and supporters < least:
            raise _err(
                "too_few_supporters",
                _("A joint nomination needs at least %(n)d voters.") % {"n": least},
                "supporters",
            )
        try:
            with transaction.atomic():
                candidate = Candidate.objects.create(
                    election=election,
                    position=position,
                    entry=entry,
                    name=entry.name,
                    nominated_by=nominated_by,
                    supporters=max(supporters, 0),
                    statement=statement.strip(),
                )
        except IntegrityError:
            raise _err("already_nominated", _("Already nominated for this position."), "entry", 409) from None
        record(
            actor=actor,
            action="governance.candidate.nominated",
            obj=candidate,
            area=election.community,
            now=now,
        )
    return candidate


def candidates_publish(
    *,
    actor: Any,
    election: Election,
    official: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> list[Candidate]:
    """Publish the official candidates; with 差额, each position needs more candidates than seats."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage(actor, election.community)
        _stage(election, Stage.NOMINATION)
        latest = election.election_day - dt.timedelta(days=rules.rule("GOV_CANDIDATES_PUBLISH_DAYS_BEFORE"))
        if _today(now) > latest:
            raise _err(
                "too_late",
                _("Candidates must be published by %(day)s.") % {"day": latest.isoformat()},
                status=409,
            )
        nominated = election.candidates.filter(status=CandidateStatus.NOMINATED)
        if official is not None:
            nominated = nominated.filter(pk__in=list(official))
        chosen = list(nominated)
        surplus = rules.rule("GOV_CANDIDATE_SURPLUS_MIN") if election.require_surplus else 0
        problems = []
        for seat in election.seats.all():
            n = sum(1 for c in chosen if c.position == seat.position)
            if n < seat.count + surplus:
                problems.append(
                    _("%(position)s: %(n)d candidates for %(seats)d seats, at least %(need)d needed")
                    % {
                        "position": seat.get_position_display(),
                        "n": n,
                        "seats": seat.count,
                        "need": seat.count + surplus,
                    }
                )
        if problems:
            raise _err("too_few_candidates", "; ".join(problems), "official")
        Candidate.objects.filter(pk__in=[c.pk for c in chosen]).update(status=CandidateStatus.OFFICIAL)
        election.stage = Stage.CANDIDATES
        election.save(update_fields=["stage"])
        record(
            actor=actor,
            action="governance.candidates.published",
            obj=election,
            area=election.community,
            details={"candidates": sorted(c.pk for c in chosen)},
            now=now,
        )
    return chosen


def station_add(*, actor: Any, election: Election, name: str, place: str = "") -> PollingStation:
    with transaction.atomic():
        election = _lock(election)
        require_manage(actor, election.community)
        name = name.strip()
        if not name:
            raise _err("name_required", _("Name the polling station."), "name")
        if election.stations.filter(name=name).exists():
            raise _err("duplicate", _("There is already a polling station with this name."), "name", 409)
        station = PollingStation.objects.create(election=election, name=name, place=place.strip())
        record(actor=actor, action="governance.station.added", obj=station, area=election.community)
    return station


# ---------------------------------------------------------------------------------------------
# Voting


def _new_round(
    election: Election,
    *,
    number: int,
    seats: dict[str, int],
    candidates: list[Candidate],
    runoff: bool,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
) -> Round:
    if closes_at <= opens_at:
        raise _err("closes_before_opens", _("Voting must close after it opens."), "closes_at")
    r = Round.objects.create(
        election=election,
        number=number,
        status=RoundStatus.OPEN,
        seats=seats,
        is_runoff=runoff,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    r.candidates.set(candidates)
    return r


def voting_open(
    *,
    actor: Any,
    election: Election,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Round:
    """Open the first round, online and at the polling stations, with the official candidates."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage(actor, election.community)
        _stage(election, Stage.CANDIDATES)
        seats = {s.position: s.count for s in election.seats.all()}
        r = _new_round(
            election,
            number=1,
            seats=seats,
            candidates=list(election.candidates.filter(status=CandidateStatus.OFFICIAL)),
            runoff=False,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        election.stage = Stage.VOTING
        election.save(update_fields=["stage"])
        record(
            actor=actor,
            action="governance.round.opened",
            obj=r,
            area=election.community,
            details={"round": 1, "closes_at": closes_at.isoformat()},
            now=now,
        )
    return r


def credential_hash(code: str) -> str:
    key = (settings.LINLI_BLIND_INDEX_KEY or settings.SECRET_KEY).encode()
    # Typed from a paper slip: full-width, lower case, "XRFY-EMWZ-AK8B" or "xrfy emwz ak8b" alike.
    return hmac.new(key, b"governance.credential:" + fold_code(code).encode(), hashlib.sha256).hexdigest()


def credentials_issue(
    *, actor: Any, round: Round, entries: Iterable[VoterEntry] | None = None, now: dt.datetime | None = None
) -> list[tuple[VoterEntry, str]]:
    """One-time voting codes for listed voters who have none (or the given ones: re-issue).

    Only the keyed hash is stored; the codes are returned once, to be printed and sealed.
    """
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_for_update().select_related("election__community").get(pk=round.pk)
        require_manage(actor, r.election.community)
        if r.status != RoundStatus.OPEN:
            raise _err("round_closed", _("Voting in this round is closed."), status=409)
        voted = VoterMark.objects.filter(round=r).values("entry_id")
        qs = VoterEntry.objects.filter(election=r.election, is_listed=True).exclude(pk__in=voted)
        if entries is not None:
            qs = qs.filter(pk__in=[e.pk for e in entries])
            Credential.objects.filter(round=r, entry__in=qs).delete()
        else:
            qs = qs.exclude(pk__in=Credential.objects.filter(round=r).values("entry_id"))
        issued = []
        rows = []
        for entry in qs.order_by("name", "pk"):
            code = short_code("", 12)
            issued.append((entry, code))
            rows.append(Credential(round=r, entry=entry, code_hash=credential_hash(code)))
        Credential.objects.bulk_create(rows)
        record(
            actor=actor,
            action="governance.credentials.issued",
            obj=r,
            area=r.election.community,
            details={"count": len(rows), "reissue": entries is not None},
            now=now,
        )
    return issued


def encode_choices(
    r: Round,
    candidates: dict[int, Candidate],
    picks: dict[str, Any],
    allow_write_ins: bool,
    seats: dict[str, int] | None = None,
) -> str:
    """Validate one ballot's picks ({position: [candidate ids]}, "write_ins": {position: [names]})."""
    seats = seats if seats is not None else {p: int(n) for p, n in r.seats.items()}
    tokens: list[str] = []
    write_ins = picks.get("write_ins") or {}
    for position in POSITION_ORDER:
        if position not in seats:
            continue
        ids = picks.get(position) or []
        try:
            chosen = sorted({int(i) for i in ids})
        except (TypeError, ValueError):
            raise _err("invalid_choice", _("The ballot names an unknown candidate."), position) from None
        for cid in chosen:
            c = candidates.get(cid)
            if c is None or c.position != position:
                raise _err("invalid_choice", _("The ballot names an unknown candidate."), position)
        names = []
        for raw in write_ins.get(position) or []:
            name = "".join(str(raw).split())[:20].replace(":", "")
            if not name:
                continue
            if not allow_write_ins:
                raise _err("no_write_ins", _("This election does not allow write-in names."), position)
            same = next((c for c in candidates.values() if c.position == position and c.name == name), None)
            if same is not None:
                chosen = sorted({*chosen, same.pk})
            elif name not in names:
                names.append(name)
        if len(chosen) + len(names) > seats[position]:
            raise _err(
                "too_many",
                _("Choose at most %(n)d for %(position)s.")
                % {"n": seats[position], "position": Position(position).label},
                position,
            )
        tokens += [f"c{cid}" for cid in chosen] + [f"w{position}:{n}" for n in sorted(names)]
    return " ".join(tokens)


@dataclass(frozen=True)
class _Box:
    """What a ballot is checked against; fixed when the round opens, so kept once per process."""

    seats: dict[str, int]
    allow_write_ins: bool
    candidates: dict[int, Candidate]


_BOXES: dict[int, _Box] = {}


def _box(round_id: int) -> _Box:
    box = _BOXES.get(round_id)
    if box is None:
        r = Round.objects.select_related("election").get(pk=round_id)
        if len(_BOXES) > 1000:
            _BOXES.clear()
        box = _BOXES[round_id] = _Box(
            seats={p: int(n) for p, n in r.seats.items()},
            allow_write_ins=r.election.allow_write_ins,
            candidates={c.pk: c for c in r.candidates.all()},
        )
    return box


def _round_candidates(r: Round) -> dict[int, Candidate]:
    return _box(r.pk).candidates


def _hold_open(round_id: int) -> bool:
    """Share-lock an open round (PostgreSQL): the close, holding it FOR UPDATE, waits for us."""
    if connection.vendor != "postgresql":
        return Round.objects.filter(pk=round_id, status=RoundStatus.OPEN).exists()
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM governance_round WHERE id = %s AND status = 'open' FOR SHARE", [round_id])
        return cur.fetchone() is not None


# One statement on PostgreSQL: share-lock the round row while it is open (a close holds it FOR
# UPDATE, and a cast waiting on it re-reads the status after the close and inserts nothing),
# then mark the voter and drop the ballot in. Three round trips per ballot in all.
_CAST_SQL = """
WITH box AS (
    SELECT id FROM governance_round
    WHERE id = %s AND status = 'open' AND opens_at <= %s AND closes_at > %s
    FOR SHARE
), mark AS (
    INSERT INTO governance_votermark (round_id, entry_id, channel, station_id)
    SELECT id, %s, 'online', NULL FROM box RETURNING round_id
)
INSERT INTO governance_ballot (tracking_code, round_id, choices, seq, prev_hash, hash)
SELECT %s, round_id, %s, NULL, '', '' FROM mark RETURNING tracking_code
"""


def _drop_in(round_id: int, entry_id: int, choices: str, now: dt.datetime) -> str | None:
    code = short_code("", 12)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(_CAST_SQL, [round_id, now, now, entry_id, code, choices])
            row = cur.fetchone()
        return row[0] if row else None
    r = Round.objects.get(pk=round_id)
    if r.status != RoundStatus.OPEN or not r.opens_at <= now < r.closes_at:
        return None
    # The mark first: a second cast by the same voter fails here, before any ballot.
    VoterMark.objects.create(round_id=round_id, entry_id=entry_id, channel=Channel.ONLINE)
    Ballot.objects.create(tracking_code=code, round_id=round_id, choices=choices)
    return code


def ballot_cast(
    *,
    round: Round,
    picks: dict[str, Any],
    credential: str = "",
    voter: Any = None,
    now: dt.datetime | None = None,
) -> str:
    """Cast one online ballot, by one-time code or as a signed-in voter; returns its tracking code.

    One vote per voter and round, whatever the channel and however many requests race: the
    database's unique (round, voter) mark decides. No audit event: an event naming the voter
    would sit next to the ballot in time (the marks are sealed at close instead).
    """
    now = _now(now)
    r = round
    if credential:
        entry_id = (
            Credential.objects.filter(
                round_id=r.pk, code_hash=credential_hash(credential), entry__is_listed=True
            )
            .values_list("entry_id", flat=True)
            .first()
        )
        if entry_id is None:
            raise _err("bad_credential", _("This voting code is not valid."), "credential", 403)
    else:
        election = Election.objects.select_related("community").get(pk=r.election_id)
        records = [rec.pk for rec in own_records(voter, election.community)]
        entry_id = (
            VoterEntry.objects.filter(election=election, resident_id__in=records, is_listed=True)
            .values_list("pk", flat=True)
            .first()
        )
        if entry_id is None:
            if voter is not None and records:
                raise _err("not_on_register", _("You are not on this election's register."), status=403)
            raise NotFound()
    box = _box(r.pk)
    choices = encode_choices(r, box.candidates, picks, box.allow_write_ins, seats=box.seats)
    try:
        with transaction.atomic():
            code = _drop_in(r.pk, entry_id, choices, now)
    except IntegrityError:
        raise _err("already_voted", _("You have already voted in this round."), status=409) from None
    if code is None:
        raise _err("voting_closed", _("Voting is not open."), status=409)
    return code


def voter_mark_in_person(
    *, actor: Any, round: Round, entry: VoterEntry, station: PollingStation, now: dt.datetime | None = None
) -> VoterMark:
    """An official marks a voter on the register as having taken a paper ballot at a station."""
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_related("election__community").get(pk=round.pk)
        require_manage(actor, r.election.community)
        if not _hold_open(r.pk):
            raise _err("voting_closed", _("Voting is not open."), status=409)
        if entry.election_id != r.election_id or not entry.is_listed:
            raise _err("not_on_register", _("This person is not on the register."), "entry", 403)
        if station.election_id != r.election_id:
            raise NotFound()
        try:
            with transaction.atomic():
                mark = VoterMark.objects.create(
                    round=r, entry=entry, channel=Channel.IN_PERSON, station=station
                )
        except IntegrityError:
            raise _err(
                "already_voted",
                _("%(name)s has already voted in this round.") % {"name": entry.name},
                status=409,
            ) from None
        # Paper ballots are never stored one by one, so naming the voter here reveals no choice.
        record(
            actor=actor,
            action="governance.voter.marked",
            obj=entry,
            area=r.election.community,
            details={"round": r.number, "station": station.name},
            now=now,
        )
    return mark


def _marks_digest(r: Round) -> tuple[int, str]:
    ids = sorted(VoterMark.objects.filter(round=r).values_list("entry_id", flat=True))
    return len(ids), hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


def round_key(r: Round) -> str:
    return f"{r.election.code}/{r.number}"


def round_close(*, actor: Any, round: Round, now: dt.datetime | None = None) -> Round:
    """Close voting, chain the online ballots in tracking-code order and publish the board.

    The ballots are re-written in that order, so neither their storage order nor their row
    versions follow the order in which they were cast.
    """
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_for_update().select_related("election__community").get(pk=round.pk)
        require_manage(actor, r.election.community)
        if r.status != RoundStatus.OPEN:
            raise _err("not_open", _("This round is not open."), status=409)
        if now < r.closes_at:
            raise _err(
                "still_open",
                _("Voting runs until %(t)s.")
                % {"t": timezone.localtime(r.closes_at).strftime("%Y-%m-%d %H:%M")},
                status=409,
            )
        cast = list(Ballot.objects.filter(round=r).values_list("tracking_code", "choices"))
        online_marks = VoterMark.objects.filter(round=r, channel=Channel.ONLINE).count()
        if online_marks != len(cast):
            raise _err(
                "mismatch", _("Online ballots and voters' marks do not match; do not certify."), status=500
            )
        key = round_key(r)
        rows = [
            Ballot(tracking_code=code, round=r, choices=choices, seq=seq, prev_hash=prev, hash=digest)
            for seq, code, choices, prev, digest in tally.chain(key, cast)
        ]
        Ballot.objects.filter(round=r).delete()
        Ballot.objects.bulk_create(rows, batch_size=5000)
        voted, digest = _marks_digest(r)
        r.status = RoundStatus.CLOSED
        r.board_head = rows[-1].hash if rows else tally.GENESIS
        r.ballots_online = len(rows)
        r.voters_voted = voted
        r.voters_registered = VoterEntry.objects.filter(election=r.election, is_listed=True).count()
        r.marks_digest = digest
        r.closed_at = now
        r.save(
            update_fields=[
                "status",
                "board_head",
                "ballots_online",
                "voters_voted",
                "voters_registered",
                "marks_digest",
                "closed_at",
            ]
        )
        # The old row versions hold the casting order until vacuumed: clear them once committed.
        jobs.enqueue(maintenance.vacuum, "governance_ballot")
        record(
            actor=actor,
            action="governance.round.closed",
            obj=r,
            area=r.election.community,
            details={
                "round": r.number,
                "board_head": r.board_head,
                "ballots_online": r.ballots_online,
                "voters_voted": voted,
                "voters_registered": r.voters_registered,
                "marks_digest": digest,
            },
            now=now,
        )
    return r


def _valid_tokens(r: Round) -> dict[str, str]:
    return {f"c{c.pk}": c.position for c in r.candidates.all()}


def station_count_enter(
    *,
    actor: Any,
    round: Round,
    station: PollingStation,
    ballots_returned: int,
    ballots_invalid: int,
    votes: dict[str, int],
    teller_1: str,
    teller_2: str,
    now: dt.datetime | None = None,
) -> StationCount:
    """Paper ballots counted at a station by two tellers, entered after voting closes."""
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_related("election__community").get(pk=round.pk)
        election = r.election
        require_manage(actor, election.community)
        if station.election_id != election.pk:
            raise NotFound()
        if r.status != RoundStatus.CLOSED:
            raise _err("not_closed", _("Paper ballots are counted after voting closes."), status=409)
        existing = StationCount.objects.filter(round=r, station=station).first()
        if existing is not None and existing.confirmed_by_id:
            raise _err("confirmed", _("This count was confirmed and can no longer change."), status=409)
        t1, t2 = teller_1.strip(), teller_2.strip()
        if not t1 or not t2:
            raise _err("tellers_required", _("Two tellers must be named."), "teller_2" if t1 else "teller_1")
        if t1 == t2:
            raise _err("same_teller", _("The two tellers must be different people."), "teller_2")
        issued = VoterMark.objects.filter(round=r, station=station).count()
        if ballots_returned < 0 or ballots_invalid < 0:
            raise _err("negative", _("Counts cannot be negative."), "ballots_returned")
        if ballots_returned > issued:
            raise _err(
                "more_than_issued",
                _("%(n)d ballots in the box, but only %(issued)d voters were marked at this station.")
                % {"n": ballots_returned, "issued": issued},
                "ballots_returned",
            )
        if ballots_invalid > ballots_returned:
            raise _err("invalid_too_many", _("More invalid ballots than ballots."), "ballots_invalid")
        valid = ballots_returned - ballots_invalid
        positions = _valid_tokens(r)
        clean: dict[str, int] = {}
        per_position: Counter[str] = Counter()
        for token, n in votes.items():
            n = int(n)
            if n == 0:
                continue
            position = tally.token_position(token, positions)
            if n < 0:
                raise _err("negative", _("Counts cannot be negative."), "votes")
            if (
                position is None
                or position not in r.seats
                or (token.startswith("w") and not election.allow_write_ins)
            ):
                raise _err("invalid_choice", _("The count names an unknown candidate."), "votes")
            if n > valid:
                raise _err(
                    "too_many_votes", _("A candidate cannot have more votes than valid ballots."), "votes"
                )
            clean[token] = n
            per_position[position] += n
        for position, total in per_position.items():
            if total > valid * int(r.seats[position]):
                raise _err("too_many_votes", _("More votes than the valid ballots allow."), "votes")
        count, _created = StationCount.objects.update_or_create(
            round=r,
            station=station,
            defaults={
                "ballots_returned": ballots_returned,
                "ballots_invalid": ballots_invalid,
                "votes": clean,
                "teller_1": t1,
                "teller_2": t2,
                "entered_by": actor if getattr(actor, "pk", None) else None,
                "confirmed_by": None,
            },
        )
        record(
            actor=actor,
            action="governance.station_count.entered",
            obj=count,
            area=election.community,
            details={
                "returned": ballots_returned,
                "invalid": ballots_invalid,
                "votes": clean,
                "tellers": [t1, t2],
            },
            now=now,
        )
    return count


def station_count_confirm(*, actor: Any, count: StationCount, now: dt.datetime | None = None) -> StationCount:
    """A second official confirms a station's count; the one who entered it cannot."""
    now = _now(now)
    with transaction.atomic():
        count = (
            StationCount.objects.select_for_update()
            .select_related("round__election__community")
            .get(pk=count.pk)
        )
        require_manage(actor, count.round.election.community)
        if count.confirmed_by_id:
            raise _err("confirmed", _("Already confirmed."), status=409)
        if actor is not None and count.entered_by_id == getattr(actor, "pk", None):
            raise _err("same_official", _("Another official must confirm the count."), status=403)
        count.confirmed_by = actor if getattr(actor, "pk", None) else None
        count.save(update_fields=["confirmed_by"])
        record(
            actor=actor,
            action="governance.station_count.confirmed",
            obj=count,
            area=count.round.election.community,
            now=now,
        )
    return count


def round_totals(r: Round) -> tuple[Counter[str], int, int]:
    """Votes per token (online + confirmed paper), ballots cast, invalid paper ballots."""
    counts = tally.count_online(r.pk)
    ballots, invalid = r.ballots_online, 0
    for sc in StationCount.objects.filter(round=r, confirmed_by__isnull=False):
        counts.update(sc.votes)
        ballots += sc.ballots_returned
        invalid += sc.ballots_invalid
    return counts, ballots, invalid


def round_count(*, actor: Any, round: Round, now: dt.datetime | None = None) -> Round:
    """Count a closed round: turnout, thresholds and ties by the settings; results saved."""
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_for_update().select_related("election__community").get(pk=round.pk)
        election = _lock(r.election)
        require_manage(actor, election.community)
        if r.status != RoundStatus.CLOSED:
            raise _err("not_closed", _("Close voting before counting."), status=409)
        stations = set(
            VoterMark.objects.filter(round=r, channel=Channel.IN_PERSON).values_list("station_id", flat=True)
        )
        confirmed = set(
            StationCount.objects.filter(round=r, confirmed_by__isnull=False).values_list(
                "station_id", flat=True
            )
        )
        missing = PollingStation.objects.filter(pk__in=stations - confirmed)
        if missing:
            raise _err(
                "counts_missing",
                _("Waiting for confirmed counts from: %(names)s.")
                % {"names": "、".join(s.name for s in missing)},
                status=409,
            )
        counts, _ballots, _invalid = round_totals(r)
        r.turnout_valid = rules.more_than(r.voters_voted, r.voters_registered, "GOV_TURNOUT_SHARE")
        positions = _valid_tokens(r)
        outcomes = tally.decide(
            seats={p: int(n) for p, n in r.seats.items()},
            counts=counts,
            candidate_positions=positions,
            participants=r.voters_voted,
            runoff=r.is_runoff,
            turnout_valid=r.turnout_valid,
        )
        Result.objects.filter(round=r).delete()
        Result.objects.bulk_create(
            [
                Result(
                    round=r,
                    position=position,
                    candidate_id=int(o.token[1:]) if o.token.startswith("c") else None,
                    write_in="" if o.token.startswith("c") else o.token.split(":", 1)[1],
                    votes=o.votes,
                    elected=o.elected,
                    tied=o.tied,
                )
                for position, rows in outcomes.items()
                for o in rows
            ]
        )
        r.status = RoundStatus.COUNTED
        r.save(update_fields=["status", "turnout_valid"])
        election.stage = Stage.COUNTED
        election.save(update_fields=["stage"])
        record(
            actor=actor,
            action="governance.round.counted",
            obj=r,
            area=election.community,
            details={
                "round": r.number,
                "turnout_valid": r.turnout_valid,
                "elected": {p: [o.token for o in rows if o.elected] for p, rows in outcomes.items()},
                "counts": dict(sorted(counts.items())),
            },
            now=now,
        )
    return r


def unfilled_seats(election: Election) -> dict[str, int]:
    seats = {s.position: s.count for s in election.seats.all()}
    elected = Counter(
        Result.objects.filter(round__election=election, elected=True).values_list("position", flat=True)
    )
    return {p: n - elected.get(p, 0) for p, n in seats.items() if n - elected.get(p, 0) > 0}


def runoff_open(
    *,
    actor: Any,
    election: Election,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Round:
    """Another round for the seats left unfilled (or a new vote if turnout was not valid)."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage(actor, election.community)
        _stage(election, Stage.COUNTED)
        last = election.rounds.order_by("-number").first()
        if last is None or last.status != RoundStatus.COUNTED:
            raise _err("not_counted", _("Count the last round first."), status=409)
        unfilled = unfilled_seats(election)
        if not unfilled:
            raise _err("all_filled", _("Every seat is filled."), status=409)
        if not last.turnout_valid:
            candidates = list(last.candidates.all())
            runoff = last.is_runoff
        else:
            candidates = []
            votes = {res.candidate_id: res.votes for res in last.results.filter(candidate__isnull=False)}
            elected_ids = set(
                Result.objects.filter(
                    round__election=election, elected=True, candidate__isnull=False
                ).values_list("candidate_id", flat=True)
            )
            extra = rules.rule("GOV_RUNOFF_SURPLUS")
            for position, n in unfilled.items():
                pool = sorted(
                    (c for c in last.candidates.filter(position=position) if c.pk not in elected_ids),
                    key=lambda c: -votes.get(c.pk, 0),
                )
                take = n + extra
                if len(pool) > take:
                    cut = votes.get(pool[take - 1].pk, 0)
                    pool = [c for c in pool if votes.get(c.pk, 0) >= cut]  # a tie at the cut stays in
                candidates += pool
            runoff = True
        r = _new_round(
            election,
            number=last.number + 1,
            seats=unfilled,
            candidates=candidates,
            runoff=runoff,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        election.stage = Stage.VOTING
        election.save(update_fields=["stage"])
        record(
            actor=actor,
            action="governance.round.opened",
            obj=r,
            area=election.community,
            details={"round": r.number, "seats": unfilled, "runoff": runoff},
            now=now,
        )
    return r


def election_certify(*, actor: Any, election: Election, now: dt.datetime | None = None) -> Election:
    """Certify the result (director or street); the results then appear on the public page."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_certify(actor, election.community)
        _stage(election, Stage.COUNTED)
        elected = Result.objects.filter(round__election=election, elected=True).count()
        least = rules.rule("GOV_COMMITTEE_MIN")
        if elected < least:
            raise _err(
                "too_few_elected",
                _("Only %(n)d elected; a committee needs at least %(least)d. Hold another round.")
                % {"n": elected, "least": least},
                status=409,
            )
        election.stage = Stage.CERTIFIED
        election.certified_at = now
        election.save(update_fields=["stage", "certified_at"])
        record(
            actor=actor,
            action="governance.election.certified",
            obj=election,
            area=election.community,
            details={"elected": elected},
            now=now,
        )
    return election


# ---------------------------------------------------------------------------------------------
# Petitions and meetings


def adults_count(community: Area, day: dt.date) -> int:
    return Resident.objects.filter(
        community=community, status=ResidentStatus.ACTIVE, birth_date__lte=latest_birth_date(day)
    ).count()


def households_count(community: Area) -> int:
    return Household.objects.filter(community=community, is_active=True).count()


def petition_start(
    *,
    actor: Any,
    community: Area,
    subject: str,
    basis: str,
    groups_total: int = 0,
    now: dt.datetime | None = None,
) -> Petition:
    """Residents start a petition for a meeting; a resident who starts it signs it."""
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_view(actor, community)
        mine = own_records(actor, community)
        if not mine and actor is not None and not can_manage(actor, community):
            raise Forbidden()
        subject = subject.strip()
        if not subject:
            raise _err("subject_required", _("Say what the meeting should decide."), "subject")
        if basis not in PetitionBasis.values:
            raise _err("invalid_basis", _("Choose how support is counted."), "basis")
        if basis == PetitionBasis.GROUPS and groups_total <= 0:
            raise _err(
                "groups_total", _("Enter how many residents' groups the community has."), "groups_total"
            )
        petition = Petition.objects.create(
            code=short_code("P", 6),
            community=community,
            subject=subject,
            basis=basis,
            groups_total=max(groups_total, 0),
            created_at=now,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        record(actor=actor, action="governance.petition.started", obj=petition, area=community, now=now)
        if mine and basis != PetitionBasis.GROUPS:
            Signature.objects.create(petition=petition, resident=mine[0], household_id=mine[0].household_id)
    return petition


def petition_sign(
    *, actor: Any, petition: Petition, resident: Resident | None = None, now: dt.datetime | None = None
) -> Signature:
    """A resident signs (or staff record a signature given on paper)."""
    now = _now(now)
    with transaction.atomic():
        require_view(actor, petition.community)
        if resident is None:
            mine = own_records(actor, petition.community)
            if not mine:
                raise Forbidden(_("Only residents of the community can sign."))
            resident = mine[0]
        else:
            _own_or_manage(actor, resident, petition.community)
        if resident.community_id != petition.community_id or resident.status != ResidentStatus.ACTIVE:
            raise _err("not_here", _("Only residents of the community can sign."), "resident", 403)
        if petition.basis == PetitionBasis.GROUPS:
            raise _err("groups", _("This petition counts residents' groups, not signatures."), status=409)
        if hasattr(petition, "meeting"):
            raise _err("used", _("The meeting has already been convened."), status=409)
        if resident.birth_date > latest_birth_date(_today(now)):
            raise _err("too_young", _("Only residents aged 18 or older can sign."), "resident", 403)
        try:
            with transaction.atomic():
                sig = Signature.objects.create(
                    petition=petition, resident=resident, household_id=resident.household_id
                )
        except IntegrityError:
            raise _err("already_signed", _("Already signed."), status=409) from None
        record(
            actor=actor, action="governance.petition.signed", obj=petition, area=petition.community, now=now
        )
    return sig


def petition_groups_record(
    *, actor: Any, petition: Petition, groups_supporting: int, now: dt.datetime | None = None
) -> Petition:
    """Staff record how many residents' groups support the petition (decided in the groups)."""
    with transaction.atomic():
        require_manage(actor, petition.community)
        if petition.basis != PetitionBasis.GROUPS:
            raise _err("not_groups", _("This petition counts signatures."), status=409)
        if not 0 <= groups_supporting <= petition.groups_total:
            raise _err("out_of_range", _("Between 0 and the number of groups."), "groups_supporting")
        petition.groups_supporting = groups_supporting
        petition.save(update_fields=["groups_supporting"])
        record(
            actor=actor,
            action="governance.petition.groups_recorded",
            obj=petition,
            area=petition.community,
            details={"groups": groups_supporting},
            now=_now(now),
        )
    return petition


def petition_support(petition: Petition, now: dt.datetime | None = None) -> dict[str, Any]:
    """How much support a petition has, out of how many, and whether it reaches the legal share."""
    today = _today(_now(now))
    if petition.basis == PetitionBasis.GROUPS:
        have, whole, name = petition.groups_supporting, petition.groups_total, "GOV_PETITION_GROUPS_SHARE"
    elif petition.basis == PetitionBasis.HOUSEHOLDS:
        active = Household.objects.filter(community=petition.community, is_active=True).values("pk")
        have = petition.signatures.filter(household_id__in=active).values("household_id").distinct().count()
        whole, name = households_count(petition.community), "GOV_PETITION_HOUSEHOLDS_SHARE"
    else:
        have = petition.signatures.filter(
            resident__status=ResidentStatus.ACTIVE,
            resident__community=petition.community,
            resident__birth_date__lte=latest_birth_date(today),
        ).count()
        whole, name = adults_count(petition.community, today), "GOV_PETITION_RESIDENTS_SHARE"
    return {
        "have": have,
        "whole": whole,
        "needed": rules.needed_at_least(whole, name),
        "met": rules.at_least(have, whole, name),
    }


DECIDING = (MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES)


def meeting_convene(
    *,
    actor: Any,
    community: Area,
    kind: str,
    title: str,
    scheduled_at: dt.datetime,
    place: str,
    agenda: list[str],
    members_total: int | None = None,
    petition: Petition | None = None,
    comment_deadline: dt.datetime | None = None,
    parties: list[tuple[str, str]] | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Convene a meeting with its notice, agenda and members, by the committee or on a petition."""
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if kind not in MeetingKind.values:
            raise _err("invalid_kind", _("Choose the kind of meeting."), "kind")
        title, place = title.strip(), place.strip()
        if not title:
            raise _err("title_required", _("Enter a title."), "title")
        if not place:
            raise _err("place_required", _("Say where the meeting is held."), "place")
        days = rules.rule("GOV_MEETING_NOTICE_DAYS")
        if scheduled_at < now + dt.timedelta(days=days):
            raise _err(
                "short_notice",
                _("Meetings are announced at least %(n)d days ahead.") % {"n": days},
                "scheduled_at",
            )
        items = [a.strip() for a in agenda if a.strip()]
        if not items:
            raise _err("agenda_required", _("Put at least one item on the agenda."), "agenda")
        if petition is not None:
            if petition.community_id != community.pk:
                raise NotFound()
            if hasattr(petition, "meeting"):
                raise _err("used", _("A meeting was already convened on this petition."), "petition", 409)
            if not petition_support(petition, now)["met"]:
                raise _err(
                    "petition_short", _("The petition has not reached the legal share."), "petition", 409
                )
        if kind == MeetingKind.HEARING and (comment_deadline is None or comment_deadline <= now):
            raise _err("deadline_required", _("Set until when comments are taken."), "comment_deadline")
        if members_total is None:
            if kind == MeetingKind.RESIDENTS:
                members_total = adults_count(community, timezone.localtime(scheduled_at).date())
            elif kind == MeetingKind.CONSULTATION:
                members_total = len(parties or [])
            else:
                members_total = 0
        if kind in DECIDING and members_total <= 0:
            raise _err("members_required", _("Enter how many members the meeting has."), "members_total")
        meeting = Meeting.objects.create(
            code=short_code("M", 6),
            community=community,
            kind=kind,
            title=title,
            petition=petition,
            scheduled_at=scheduled_at,
            place=place,
            noticed_at=now,
            members_total=members_total,
            status=MeetingStatus.NOTICED,
            comment_deadline=comment_deadline if kind == MeetingKind.HEARING else None,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=meeting, order=i, title=t[:200]) for i, t in enumerate(items, start=1)]
        )
        Party.objects.bulk_create(
            [
                Party(
                    meeting=meeting,
                    kind=k if k in PartyKind.values else PartyKind.OTHER,
                    name=n.strip()[:100],
                )
                for k, n in parties or []
                if n.strip()
            ]
        )
        record(
            actor=actor,
            action="governance.meeting.convened",
            obj=meeting,
            area=community,
            details={"kind": kind, "petition": petition.code if petition else None, "members": members_total},
            now=now,
        )
    return meeting


def meeting_attendance(
    *, actor: Any, meeting: Meeting, present: int, attendees: str = "", now: dt.datetime | None = None
) -> Meeting:
    """Record who came; a residents' or representatives' meeting without quorum cannot decide."""
    now = _now(now)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
        require_manage(actor, meeting.community)
        if meeting.status not in (MeetingStatus.NOTICED, MeetingStatus.HELD, MeetingStatus.INQUORATE):
            raise _err("closed", _("The meeting is closed."), status=409)
        if now < meeting.scheduled_at:
            raise _err("not_yet", _("The meeting has not started yet."), status=409)
        if present < 0 or (meeting.members_total and present > meeting.members_total):
            raise _err("present_range", _("Present must be between 0 and the number of members."), "present")
        meeting.present, meeting.attendees = present, attendees.strip()
        quorate = meeting.kind not in DECIDING or rules.more_than(
            present, meeting.members_total, "GOV_MEETING_QUORUM_SHARE"
        )
        meeting.status = MeetingStatus.HELD if quorate else MeetingStatus.INQUORATE
        meeting.save(update_fields=["present", "attendees", "status"])
        record(
            actor=actor,
            action="governance.meeting.attendance",
            obj=meeting,
            area=meeting.community,
            details={"present": present, "members": meeting.members_total, "quorum": quorate},
            now=now,
        )
    return meeting


def motion_add(*, actor: Any, meeting: Meeting, title: str, text: str = "") -> Motion:
    with transaction.atomic():
        require_manage(actor, meeting.community)
        if meeting.status == MeetingStatus.CLOSED:
            raise _err("closed", _("The meeting is closed."), status=409)
        if not title.strip():
            raise _err("title_required", _("Enter the motion."), "title")
        motion = Motion.objects.create(meeting=meeting, title=title.strip()[:200], text=text.strip())
        record(actor=actor, action="governance.motion.added", obj=motion, area=meeting.community)
    return motion


def motion_vote(
    *,
    actor: Any,
    motion: Motion,
    votes_for: int,
    votes_against: int,
    abstentions: int = 0,
    now: dt.datetime | None = None,
) -> Motion:
    """Record the vote of the members present; adopted with more than half of those present."""
    now = _now(now)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().select_related("meeting__community").get(pk=motion.pk)
        meeting = motion.meeting
        require_manage(actor, meeting.community)
        if meeting.status != MeetingStatus.HELD:
            raise _err(
                "no_quorum" if meeting.status == MeetingStatus.INQUORATE else "not_in_session",
                _("Without a quorum the meeting cannot decide.")
                if meeting.status == MeetingStatus.INQUORATE
                else _("Record attendance first."),
                status=409,
            )
        if motion.status != MotionStatus.PENDING:
            raise _err("voted", _("This motion has been voted on."), status=409)
        present = meeting.present or 0
        if (
            min(votes_for, votes_against, abstentions) < 0
            or votes_for + votes_against + abstentions > present
        ):
            raise _err(
                "votes_range",
                _("For, against and abstentions add up to at most the %(n)d present.") % {"n": present},
                "votes_for",
            )
        adopted = rules.more_than(votes_for, present, "GOV_MEETING_MAJORITY_SHARE")
        motion.votes_for, motion.votes_against, motion.abstentions = votes_for, votes_against, abstentions
        motion.status = MotionStatus.ADOPTED if adopted else MotionStatus.REJECTED
        motion.decided_at = now
        motion.save(update_fields=["votes_for", "votes_against", "abstentions", "status", "decided_at"])
        record(
            actor=actor,
            action="governance.motion.voted",
            obj=motion,
            area=meeting.community,
            details={"for": votes_for, "against": votes_against, "abstain": abstentions, "present": present},
            now=now,
        )
    return motion


def decision_publish(*, actor: Any, motion: Motion, now: dt.datetime | None = None) -> Motion:
    """Publish an adopted motion as the meeting's decision (public page, disclosure)."""
    now = _now(now)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().select_related("meeting__community").get(pk=motion.pk)
        require_manage(actor, motion.meeting.community)
        if motion.status != MotionStatus.ADOPTED:
            raise _err("not_adopted", _("Only an adopted motion is a decision."), status=409)
        if motion.published_at is None:
            motion.published_at = now
            motion.save(update_fields=["published_at"])
            record(
                actor=actor,
                action="governance.decision.published",
                obj=motion,
                area=motion.meeting.community,
                now=now,
            )
    return motion


def meeting_close(*, actor: Any, meeting: Meeting, minutes: str, now: dt.datetime | None = None) -> Meeting:
    """Close the meeting with its minutes."""
    now = _now(now)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
        require_manage(actor, meeting.community)
        if meeting.status == MeetingStatus.CLOSED:
            raise _err("closed", _("The meeting is closed."), status=409)
        if meeting.present is None:
            raise _err("no_attendance", _("Record attendance first."), status=409)
        if not minutes.strip():
            raise _err("minutes_required", _("Write the minutes."), "minutes")
        meeting.minutes, meeting.status = minutes.strip(), MeetingStatus.CLOSED
        meeting.save(update_fields=["minutes", "status"])
        record(actor=actor, action="governance.meeting.closed", obj=meeting, area=meeting.community, now=now)
    return meeting


def comment_add(
    *, actor: Any, meeting: Meeting, text: str, name: str = "", now: dt.datetime | None = None
) -> Comment:
    """A comment on a hearing, until its deadline: from a resident of the community, or entered by staff."""
    now = _now(now)
    with transaction.atomic():
        require_view(actor, meeting.community)
        if meeting.kind != MeetingKind.HEARING:
            raise NotFound()
        if meeting.comment_deadline is None or now > meeting.comment_deadline:
            raise _err("too_late", _("Comments on this hearing are closed."), status=409)
        mine = own_records(actor, meeting.community)
        if not mine and actor is not None and not can_manage(actor, meeting.community):
            raise Forbidden()
        name = (name or (mine[0].name if mine else "")).strip()
        if not name:
            raise _err("name_required", _("Give the commenter's name."), "name")
        if not text.strip():
            raise _err("text_required", _("Write the comment."), "text")
        comment = Comment.objects.create(
            meeting=meeting,
            name=name[:50],
            text=text.strip(),
            created_at=now,
            author=actor if getattr(actor, "pk", None) else None,
        )
        record(actor=actor, action="governance.comment.added", obj=meeting, area=meeting.community, now=now)
    return comment


def hearing_respond(
    *, actor: Any, meeting: Meeting, response: str, now: dt.datetime | None = None
) -> Meeting:
    """After the comment deadline, publish the committee's response to the comments."""
    now = _now(now)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
        require_manage(actor, meeting.community)
        if meeting.kind != MeetingKind.HEARING:
            raise _err("not_hearing", _("Only a hearing takes comments."), status=409)
        if meeting.comment_deadline and now <= meeting.comment_deadline:
            raise _err("comments_open", _("Comments are still being taken."), status=409)
        if not response.strip():
            raise _err("response_required", _("Write the response."), "response")
        meeting.response, meeting.response_published_at = response.strip(), now
        meeting.save(update_fields=["response", "response_published_at"])
        record(
            actor=actor, action="governance.hearing.responded", obj=meeting, area=meeting.community, now=now
        )
    return meeting


# ---------------------------------------------------------------------------------------------
# Charter and conventions


def document_create(*, actor: Any, community: Area, kind: str, title: str) -> Document:
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if kind not in DocumentKind.values:
            raise _err("invalid_kind", _("Choose charter or convention."), "kind")
        if not title.strip():
            raise _err("title_required", _("Enter a title."), "title")
        doc = Document.objects.create(
            code=short_code("D", 6), community=community, kind=kind, title=title.strip()
        )
        record(actor=actor, action="governance.document.created", obj=doc, area=community)
    return doc


def document_adopt(
    *, actor: Any, document: Document, text: str, motion: Motion, now: dt.datetime | None = None
) -> DocumentVersion:
    """A new version, adopted only by an adopted motion of a residents' or representatives' meeting."""
    now = _now(now)
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("community").get(pk=document.pk)
        require_manage(actor, document.community)
        motion = Motion.objects.select_related("meeting").get(pk=motion.pk)
        if motion.meeting.community_id != document.community_id:
            raise NotFound()
        if motion.status != MotionStatus.ADOPTED or motion.meeting.kind not in DECIDING:
            raise _err(
                "needs_decision",
                _(
                    "A charter or convention is adopted only by a decision of a residents' or representatives' meeting."
                ),
                "motion",
                409,
            )
        if DocumentVersion.objects.filter(motion=motion).exists():
            raise _err("motion_used", _("This decision already adopted a version."), "motion", 409)
        text = text.strip().replace("\r\n", "\n")
        if not text:
            raise _err("text_required", _("Enter the text."), "text")
        latest = document.versions.order_by("-number").first()
        if latest is not None and latest.text == text:
            raise _err("unchanged", _("The text is the same as the current version."), "text", 409)
        version = DocumentVersion.objects.create(
            document=document,
            number=(latest.number if latest else 0) + 1,
            text=text,
            motion=motion,
            adopted_at=now,
        )
        record(
            actor=actor,
            action="governance.document.adopted",
            obj=version,
            area=document.community,
            details={"version": version.number, "motion": motion.pk},
            now=now,
        )
    return version


# ---------------------------------------------------------------------------------------------
# Democratic evaluation


def campaign_open(
    *,
    actor: Any,
    community: Area,
    title: str,
    closes_at: dt.datetime,
    subjects: list[tuple[str, str, str]],
    now: dt.datetime | None = None,
) -> Campaign:
    """Open an evaluation of committee members, party members and stationed staff (下评上)."""
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if not title.strip():
            raise _err("title_required", _("Enter a title."), "title")
        if closes_at <= now:
            raise _err("closes_past", _("The closing time must be in the future."), "closes_at")
        clean = [(g, n.strip(), r.strip()) for g, n, r in subjects if n.strip()]
        if not clean:
            raise _err("subjects_required", _("List who is evaluated."), "subjects")
        if any(g not in SubjectGroup.values for g, _n, _r in clean):
            raise _err("invalid_group", _("Choose a group for each person."), "subjects")
        campaign = Campaign.objects.create(
            code=short_code("V", 6),
            community=community,
            title=title.strip(),
            status=CampaignStatus.OPEN,
            closes_at=closes_at,
        )
        made = Subject.objects.bulk_create(
            [Subject(campaign=campaign, group=g, name=n[:50], role=r[:100]) for g, n, r in clean]
        )
        RatingCount.objects.bulk_create(
            [RatingCount(subject=s, rating=rt) for s in made for rt in Rating.values]
        )
        record(actor=actor, action="governance.campaign.opened", obj=campaign, area=community, now=now)
    return campaign


def evaluation_answer(
    *, actor: Any, campaign: Campaign, ratings: dict[int, str], now: dt.datetime | None = None
) -> None:
    """An eligible resident rates everyone once. Only counters change; no answer row is kept."""
    now = _now(now)
    with transaction.atomic():
        require_view(actor, campaign.community)
        today = _today(now)
        eligible = [
            r for r in own_records(actor, campaign.community) if r.birth_date <= latest_birth_date(today)
        ]
        if not eligible:
            raise Forbidden(_("Only residents of the community aged 18 or older can answer."))
        if campaign.status != CampaignStatus.OPEN or now >= campaign.closes_at:
            raise _err("closed", _("This evaluation is closed."), status=409)
        subjects = {s.pk for s in campaign.subjects.all()}
        if set(ratings) != subjects or any(v not in Rating.values for v in ratings.values()):
            raise _err("incomplete", _("Rate every person on the list."), "ratings")
        try:
            with transaction.atomic():
                Participation.objects.create(campaign=campaign, resident=eligible[0])
        except IntegrityError:
            raise _err("already_answered", _("You have already answered."), status=409) from None
        for subject_id, rating in ratings.items():
            RatingCount.objects.filter(subject_id=subject_id, rating=rating).update(count=F("count") + 1)
        Campaign.objects.filter(pk=campaign.pk).update(answers=F("answers") + 1)


def campaign_close(*, actor: Any, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    now = _now(now)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("community").get(pk=campaign.pk)
        require_manage(actor, campaign.community)
        if campaign.status != CampaignStatus.OPEN:
            raise _err("not_open", _("This evaluation is not open."), status=409)
        campaign.status = CampaignStatus.CLOSED
        campaign.closes_at = min(campaign.closes_at, now)
        campaign.save(update_fields=["status", "closes_at"])
        # Each counter row carries the id of the last transaction that changed it, the same as
        # that answerer's participation row: re-write them all so none points to an answer.
        RatingCount.objects.filter(subject__campaign=campaign).update(count=F("count"))
        jobs.enqueue(maintenance.vacuum, "governance_ratingcount")
        record(
            actor=actor,
            action="governance.campaign.closed",
            obj=campaign,
            area=campaign.community,
            details={"answers": campaign.answers},
            now=now,
        )
    return campaign


def campaign_publish(*, actor: Any, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """Publish the results (numbers appear only above the anonymity threshold)."""
    now = _now(now)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("community").get(pk=campaign.pk)
        require_manage(actor, campaign.community)
        if campaign.status != CampaignStatus.CLOSED:
            raise _err("not_closed", _("Close the evaluation first."), status=409)
        campaign.status, campaign.published_at = CampaignStatus.PUBLISHED, now
        campaign.save(update_fields=["status", "published_at"])
        record(
            actor=actor,
            action="governance.campaign.published",
            obj=campaign,
            area=campaign.community,
            now=now,
        )
    return campaign
