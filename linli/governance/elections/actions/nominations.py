"""Election writes: nominations, the published candidate list and polling stations."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.governance import rules
from linli.governance.checks import _err, _lock, _now, _stage, _today
from linli.governance.models import (
    Candidate,
    CandidateStatus,
    Decision,
    Election,
    NominatedBy,
    PollingStation,
    Stage,
    VoterEntry,
)
from linli.governance.permissions import (
    require_manage_election,
)

# ---------------------------------------------------------------------------------------------
# Elections: nomination and candidates


def nomination_open(*, actor: User | None, election: Election, now: dt.datetime | None = None) -> Election:
    """Open nominations once the objection window has passed and every objection is answered."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
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
    actor: User | None,
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
        require_manage_election(actor, election)
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
    actor: User | None,
    election: Election,
    official: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> list[Candidate]:
    """Publish the official candidates; with 差额, each position needs more candidates than seats."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
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


def station_add(*, actor: User | None, election: Election, name: str, place: str = "") -> PollingStation:
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
        name = name.strip()
        if not name:
            raise _err("name_required", _("Name the polling station."), "name")
        if election.stations.filter(name=name).exists():
            raise _err("duplicate", _("There is already a polling station with this name."), "name", 409)
        station = PollingStation.objects.create(election=election, name=name, place=place.strip())
        record(actor=actor, action="governance.station.added", obj=station, area=election.community)
    return station
