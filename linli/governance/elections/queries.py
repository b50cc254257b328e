"""Election reads, scoped to the viewer; the board and results of a round."""

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from linli.accounts.policy import Viewer
from linli.common import election_bodies
from linli.common.identifiers import fold_code
from linli.governance import board_check, crypto
from linli.governance.elections.actions.ballots import credential_hash
from linli.governance.models import (
    POSITION_CHOICES,
    POSITION_ORDER,
    Ballot,
    Candidate,
    CandidateStatus,
    Credential,
    Election,
    PartialDecryption,
    Result,
    Round,
    RoundStatus,
    StationCount,
    VoterEntry,
    VoterMark,
)
from linli.governance.permissions import can_view_election, own_records
from linli.governance.queries import _visible, by_position


def elections_for(user: Viewer) -> QuerySet[Election]:
    q = _visible(user)
    for community_id, body in election_bodies.run_by(user):  # an organiser's own body's elections
        q |= Q(community_id=community_id, body=body)
    return Election.objects.filter(q).select_related("community")


def election_for(user: Viewer, code: str) -> Election:
    election = Election.objects.select_related("community").filter(code=code).first()
    if election is None or not can_view_election(user, election):
        raise Http404
    return election


def register(election: Election) -> QuerySet[VoterEntry]:
    return election.register.select_related("resident").order_by("-is_listed", "name", "pk")


def official_candidates(election: Election) -> list[Candidate]:
    return by_position(election.candidates.filter(status=CandidateStatus.OFFICIAL))


def current_round(election: Election) -> Round | None:
    return election.rounds.order_by("-number").first()


def round_of_credential(code: str) -> Round | None:
    """The round a one-time voting code (already folded) was issued for; it names no one."""
    cred = (
        Credential.objects.filter(code_hash=credential_hash(code)).select_related("round__election").first()
    )
    return cred.round if cred is not None else None


def round_of(election: Election, number: int) -> Round:
    r = election.rounds.filter(number=number).first()
    if r is None:
        raise Http404
    return r


@dataclass
class PositionResult:
    position: str
    label: str
    seats: int
    rows: list[Result]


def results(r: Round) -> list[PositionResult]:
    rows = list(r.results.select_related("candidate"))
    out = []
    for position, seats in r.seats.items():
        out.append(
            PositionResult(
                position=position,
                label=str(dict(POSITION_CHOICES)[position]),
                seats=int(seats),
                rows=[x for x in rows if x.position == position],
            )
        )
    order = {p: i for i, p in enumerate(POSITION_ORDER)}
    return sorted(out, key=lambda p: order.get(p.position, 9))


def elected(election: Election) -> list[Result]:
    return list(
        Result.objects.filter(round__election=election, elected=True)
        .select_related("candidate", "round")
        .order_by("position", "-votes")
    )


def board_rows(r: Round) -> QuerySet[Ballot]:
    """The published board of a closed round, in chain order."""
    if r.status == RoundStatus.OPEN:
        raise Http404
    return Ballot.objects.filter(round=r).order_by("seq")


def board_page_rows(r: Round) -> QuerySet[Ballot]:
    """The board's HTML rows: no ciphertexts (those are in board.json)."""
    return board_rows(r).only("seq", "tracking_code", "valid", "hash")


BALLOTS_MARK = "@@ballots@@"


COMPACT = (",", ":")  # no spaces: the download is ~1 % smaller


def board_export_stream(r: Round) -> Iterator[str]:
    """`board_export` as JSON text, the ballots streamed from the database in chain order (a
    100,000-ballot board is ~2.2 GB: never built in memory)."""
    head = board_export(r, ballots=False)
    head["ballots"] = BALLOTS_MARK
    before, after = json.dumps(head, ensure_ascii=False, separators=COMPACT).split(
        json.dumps(BALLOTS_MARK), 1
    )
    yield before + "["
    rows = board_rows(r).values_list("seq", "tracking_code", "content", "prev_hash", "hash", "valid")
    chunk: list[str] = []
    for i, row in enumerate(rows.iterator(chunk_size=500)):
        chunk.append(("," if i else "") + json.dumps(list(row), ensure_ascii=False, separators=COMPACT))
        if len(chunk) == 100:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "]" + after


def board_export(r: Round, *, ballots: bool = True) -> dict[str, Any]:
    """Everything needed to check a round without trusting the server (JSON): the encrypted
    ballots with their proofs, the trustees' commitments with their proofs of knowledge, the
    encrypted and decrypted totals with each trustee's partial decryptions and their proofs, the paper counts, and the result. `board_check.verify` reads it."""
    election = r.election
    counted = r.status == RoundStatus.COUNTED
    return {
        "election": election.code,
        "round": r.number,
        "round_key": f"{election.code}/{r.number}",
        "group": crypto.GROUP_NAME,
        "seats": r.seats,
        "runoff": r.is_runoff,
        "voters_registered": r.voters_registered,
        "voters_voted": r.voters_voted,
        "board_head": r.board_head,
        "public_key": election.public_key,
        "trustees_needed": election.trustees_needed,
        "trustees": [
            {"number": t.number, "name": t.name, "commitments": t.commitments, "proofs": t.proofs}
            for t in election.trustees.order_by("number")
        ],
        "candidates": {f"c{c.pk}": {"name": c.name, "position": c.position} for c in r.candidates.all()},
        "ballots": [
            list(row)
            for row in board_rows(r).values_list(
                "seq", "tracking_code", "content", "prev_hash", "hash", "valid"
            )
        ]
        if ballots
        else [],
        "encrypted_tally": r.encrypted_tally,
        "decryptions": [
            {"trustee": d.trustee.number, "parts": d.parts}
            for d in PartialDecryption.objects.filter(round=r)
            .select_related("trustee")
            .order_by("trustee__number")
        ],
        "online_totals": r.online_totals if counted else None,
        "stations": [
            {
                "station": sc.station.name,
                "ballots_returned": sc.ballots_returned,
                "ballots_invalid": sc.ballots_invalid,
                "votes": sc.votes,
                "tellers": [sc.teller_1, sc.teller_2],
            }
            for sc in StationCount.objects.filter(round=r, confirmed_by__isnull=False).select_related(
                "station"
            )
        ],
        "results": {
            (f"c{res.candidate_id}" if res.candidate_id else f"w{res.position}:{res.write_in}"): res.votes
            for res in r.results.all()
            if res.votes
        }
        if counted
        else None,
    }


@dataclass(frozen=True)
class Sum:
    name: str
    online: int
    paper: int

    @property
    def total(self) -> int:
        return self.online + self.paper


def board_sums(r: Round) -> list[Sum]:
    """Per candidate (and paper write-in): online votes (decrypted totals) + paper = result."""
    names = {f"c{c.pk}": c.name for c in r.candidates.order_by("pk")}
    paper: dict[str, int] = {}
    for sc in StationCount.objects.filter(round=r, confirmed_by__isnull=False):
        for token, n in sc.votes.items():
            paper[token] = paper.get(token, 0) + int(n)
    tokens = list(names) + sorted(t for t in paper if t not in names)
    return [
        Sum(
            name=names.get(t) or t.split(":", 1)[-1] + "*",
            online=int(r.online_totals.get(t, 0)),
            paper=paper.get(t, 0),
        )
        for t in tokens
    ]


def is_on_board(r: Round, tracking_code: str) -> Ballot | None:
    code = fold_code(tracking_code)
    return Ballot.objects.filter(round=r, tracking_code=code).exclude(round__status=RoundStatus.OPEN).first()


def check_round(r: Round) -> board_check.ChainCheck:
    rows = (
        board_rows(r)
        .values_list("seq", "tracking_code", "content", "prev_hash", "hash")
        .iterator(chunk_size=5000)
    )
    return board_check.check_chain(f"{r.election.code}/{r.number}", rows)


def rounds_to_vote(user: Any, now: dt.datetime) -> list[tuple[Round, bool]]:
    """The rounds open now of elections whose register lists one of the user's own records, each
    with whether the user has voted in it already (only voters see a ballot on their home page)."""
    records = [r.pk for r in own_records(user)]
    if not records:
        return []
    entries = VoterEntry.objects.filter(resident_id__in=records, is_listed=True)
    rounds = (
        Round.objects.filter(
            status=RoundStatus.OPEN,
            opens_at__lte=now,
            closes_at__gt=now,
            election__in=entries.values("election_id"),
        )
        .select_related("election")
        .order_by("closes_at")
    )
    voted = set(
        VoterMark.objects.filter(round__in=rounds, entry__in=entries).values_list("round_id", flat=True)
    )
    return [(r, r.pk in voted) for r in rounds]
