"""Election writes: rounds, closing, counts, run-offs and certification (ballots: `ballots`).

Secret ballot: ballots arrive encrypted (`ballots.ballot_cast`); `round_close` checks each one's
proofs, adds the valid ones up under encryption and seals the count of marks and the board's head
into the audit chain; `round_count` needs k trustees' decryptions of the sum (`trustees`)."""

import datetime as dt
import hashlib
import json
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common import jobs
from linli.common.errors import NotFound
from linli.governance import crypto, maintenance, rules, tally
from linli.governance.checks import _err, _lock, _now, _stage
from linli.governance.elections.actions.ballots import box_lock_exclusive, round_layout
from linli.governance.elections.actions.trustees import online_totals
from linli.governance.models import (
    Ballot,
    Candidate,
    CandidateStatus,
    Channel,
    Election,
    PollingStation,
    Result,
    Round,
    RoundStatus,
    Stage,
    StationCount,
    VoterEntry,
    VoterMark,
)
from linli.governance.permissions import (
    require_certify,
    require_manage_election,
)

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


def _require_key(election: Election) -> None:
    if not election.public_key:
        raise _err(
            "no_election_key",
            _("Hold the key ceremony first: every trustee takes a key file and contributes."),
            status=409,
        )


def voting_open(
    *,
    actor: User | None,
    election: Election,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Round:
    """Open the first round, online and at the polling stations, with the official candidates."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
        _stage(election, Stage.CANDIDATES)
        _require_key(election)
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


def _marks_digest(r: Round) -> tuple[int, str]:
    ids = sorted(VoterMark.objects.filter(round=r).values_list("entry_id", flat=True))
    return len(ids), hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


def round_key(r: Round) -> str:
    return f"{r.election.code}/{r.number}"


def round_close(*, actor: User | None, round: Round, now: dt.datetime | None = None) -> Round:
    """Close voting, chain the online ballots in tracking-code order and publish the board.

    The ballots are re-written in that order, so neither their storage order nor their row
    versions follow the order in which they were cast.
    """
    now = _now(now)
    with transaction.atomic():
        box_lock_exclusive(round.pk)  # casts under way finish their ballot first
        r = Round.objects.select_for_update().select_related("election__community").get(pk=round.pk)
        require_manage_election(actor, r.election)
        if r.status != RoundStatus.OPEN:
            raise _err("not_open", _("This round is not open."), status=409)
        if now < r.closes_at:
            raise _err(
                "still_open",
                _("Voting runs until %(t)s.")
                % {"t": timezone.localtime(r.closes_at).strftime("%Y-%m-%d %H:%M")},
                status=409,
            )
        cast = list(Ballot.objects.filter(round=r).values_list("tracking_code", "content", "valid"))
        checked = {code: valid for code, _content, valid in cast}
        online_marks = VoterMark.objects.filter(round=r, channel=Channel.ONLINE).count()
        if online_marks != len(cast):
            raise _err(
                "mismatch", _("Online ballots and voters' marks do not match; do not certify."), status=500
            )
        key = round_key(r)
        layout = round_layout(r, r.candidates.all())
        tokens = [t for _p, _s, ts in layout.positions for t in ts]
        rows, accepted = [], []
        for seq, code, content, prev, digest in tally.chain(key, [(c, x) for c, x, _v in cast]):
            # Invalid ballots are rejected by their proofs, never decrypted; the board shows them.
            # Those the background pass checked keep its verdict (the board's verifier checks
            # every proof again, and that the board's valid/rejected flags agree).
            if checked[code] is None:
                ciphertexts = crypto.ballot_ciphertexts(layout, content)
            else:
                ciphertexts = crypto.ballot_shape(layout, content) if checked[code] else None
            if ciphertexts is not None:
                accepted.append(ciphertexts)
            rows.append(
                Ballot(
                    tracking_code=code,
                    round=r,
                    content=content,
                    valid=ciphertexts is not None,
                    seq=seq,
                    prev_hash=prev,
                    hash=digest,
                )
            )
        total = crypto.aggregate(tokens, accepted)
        r.encrypted_tally = {t: [crypto.h(a), crypto.h(b)] for t, (a, b) in total.items()}
        Ballot.objects.filter(round=r).delete()
        Ballot.objects.bulk_create(rows, batch_size=5000)
        # The marks too: re-written in register order, their ids and row versions no longer
        # follow the casting order or share a transaction with a ballot.
        marks = list(
            VoterMark.objects.filter(round=r)
            .order_by("entry_id")
            .values_list("entry_id", "channel", "station_id")
        )
        VoterMark.objects.filter(round=r).delete()
        VoterMark.objects.bulk_create(
            [VoterMark(round=r, entry_id=e, channel=c, station_id=s) for e, c, s in marks], batch_size=5000
        )
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
                "encrypted_tally",
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
        jobs.enqueue(maintenance.vacuum, "governance_votermark")
        record(
            actor=actor,
            action="governance.round.closed",
            obj=r,
            area=r.election.community,
            details={
                "round": r.number,
                "board_head": r.board_head,
                "ballots_online": r.ballots_online,
                "ballots_valid": len(accepted),
                "encrypted_tally_digest": hashlib.sha256(
                    json.dumps(r.encrypted_tally, sort_keys=True).encode()
                ).hexdigest(),
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
    actor: User | None,
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
        require_manage_election(actor, election)
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


def station_count_confirm(
    *, actor: User | None, count: StationCount, now: dt.datetime | None = None
) -> StationCount:
    """A second official confirms a station's count; the one who entered it cannot."""
    now = _now(now)
    with transaction.atomic():
        count = (
            StationCount.objects.select_for_update()
            .select_related("round__election__community")
            .get(pk=count.pk)
        )
        require_manage_election(actor, count.round.election)
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
    """Votes per token (online, once decrypted, + confirmed paper), ballots cast, invalid paper
    ballots and online ballots whose proofs failed."""
    counts: Counter[str] = Counter({t: n for t, n in r.online_totals.items() if n})
    ballots, invalid = r.ballots_online, r.ballots.filter(valid=False).count()
    for sc in StationCount.objects.filter(round=r, confirmed_by__isnull=False):
        counts.update(sc.votes)
        ballots += sc.ballots_returned
        invalid += sc.ballots_invalid
    return counts, ballots, invalid


def round_count(*, actor: User | None, round: Round, now: dt.datetime | None = None) -> Round:
    """Count a closed round: turnout, thresholds and ties by the settings; results saved."""
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_for_update().select_related("election__community").get(pk=round.pk)
        election = _lock(r.election)
        require_manage_election(actor, election)
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
        r.online_totals = online_totals(r)
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
        r.save(update_fields=["status", "turnout_valid", "online_totals"])
        election.stage = Stage.COUNTED
        election.save(update_fields=["stage"])
        # The counted board no longer changes: gzip its download once, after commit.
        from linli.governance.elections import board_file  # board_file → queries → actions

        jobs.enqueue(board_file.write_for, r.pk)
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
                "online": dict(sorted(r.online_totals.items())),
                "trustees": sorted(r.decryptions.values_list("trustee__number", flat=True)),
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
    actor: User | None,
    election: Election,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Round:
    """Another round for the seats left unfilled (or a new vote if turnout was not valid)."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
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


def election_certify(*, actor: User | None, election: Election, now: dt.datetime | None = None) -> Election:
    """Certify the result (director or street); the results then appear on the public page."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_certify(actor, election.community, election)
        _stage(election, Stage.COUNTED)
        elected = Result.objects.filter(round__election=election, elected=True).count()
        least = rules.rule("GOV_COMMITTEE_MIN")
        if election.body and unfilled_seats(election):
            # An organization's officers: every seat announced is filled, else another round.
            raise _err(
                "seats_unfilled",
                _("Not every officer is elected yet. Hold another round."),
                status=409,
            )
        if not election.body and elected < least:
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
