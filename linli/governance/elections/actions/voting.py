"""Election writes: rounds, credentials, ballots, counts, run-offs and certification.

Secret ballot: `ballot_cast` writes a `VoterMark` (who) and a `Ballot` (what) and no audit
event; nothing it writes names both. The count of marks and the board's head hash are sealed
into the audit chain by `round_close`."""

import datetime as dt
import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common import jobs
from linli.common.codes import short_code
from linli.common.errors import NotFound
from linli.common.identifiers import fold_code
from linli.governance import maintenance, rules, tally
from linli.governance.checks import _err, _lock, _now, _stage
from linli.governance.models import (
    POSITION_ORDER,
    Ballot,
    Candidate,
    CandidateStatus,
    Channel,
    Credential,
    Election,
    PollingStation,
    Position,
    Result,
    Round,
    RoundStatus,
    Stage,
    StationCount,
    VoterEntry,
    VoterMark,
)
from linli.governance.permissions import (
    own_records,
    require_certify,
    require_manage,
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
    *,
    actor: User | None,
    round: Round,
    entries: Iterable[VoterEntry] | None = None,
    now: dt.datetime | None = None,
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
    *,
    actor: User | None,
    round: Round,
    entry: VoterEntry,
    station: PollingStation,
    now: dt.datetime | None = None,
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


def round_close(*, actor: User | None, round: Round, now: dt.datetime | None = None) -> Round:
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


def round_count(*, actor: User | None, round: Round, now: dt.datetime | None = None) -> Round:
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


def election_certify(*, actor: User | None, election: Election, now: dt.datetime | None = None) -> Election:
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
