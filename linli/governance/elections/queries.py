"""Election reads, scoped to the viewer; the board and results of a round."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from linli.accounts.policy import Viewer
from linli.common.identifiers import fold_code
from linli.governance import tally
from linli.governance.elections.actions.ballots import credential_hash
from linli.governance.models import (
    Ballot,
    Candidate,
    CandidateStatus,
    Credential,
    Election,
    Result,
    Round,
    RoundStatus,
    StationCount,
    VoterEntry,
    VoterMark,
)
from linli.governance.permissions import can_view, own_records
from linli.governance.queries import _visible, by_position


def elections_for(user: Viewer) -> QuerySet[Election]:
    return Election.objects.filter(_visible(user)).select_related("community")


def election_for(user: Viewer, code: str) -> Election:
    election = Election.objects.select_related("community").filter(code=code).first()
    if election is None or not can_view(user, election.community):
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
        from linli.governance.models import Position

        out.append(
            PositionResult(
                position=position,
                label=str(Position(position).label),
                seats=int(seats),
                rows=[x for x in rows if x.position == position],
            )
        )
    order = {p: i for i, p in enumerate(["director", "deputy", "member"])}
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


def board_export(r: Round) -> dict[str, Any]:
    """Everything needed to check a round without trusting the server's count (JSON)."""
    return {
        "election": r.election.code,
        "round": r.number,
        "round_key": f"{r.election.code}/{r.number}",
        "seats": r.seats,
        "runoff": r.is_runoff,
        "voters_registered": r.voters_registered,
        "voters_voted": r.voters_voted,
        "board_head": r.board_head,
        "candidates": {f"c{c.pk}": {"name": c.name, "position": c.position} for c in r.candidates.all()},
        "ballots": [
            list(row)
            for row in board_rows(r).values_list("seq", "tracking_code", "choices", "prev_hash", "hash")
        ],
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
    }


def describe_choices(choices: str, names: dict[str, str]) -> list[str]:
    out = []
    for token in choices.split(" ") if choices else []:
        out.append(
            names.get(token, token[1:].split(":", 1)[-1] + "*")
            if token.startswith("c")
            else token.split(":", 1)[-1] + "*"
        )
    return out


def is_on_board(r: Round, tracking_code: str) -> Ballot | None:
    code = fold_code(tracking_code)
    return Ballot.objects.filter(round=r, tracking_code=code).exclude(round__status=RoundStatus.OPEN).first()


def check_round(r: Round) -> tally.ChainCheck:
    rows = (
        board_rows(r)
        .values_list("seq", "tracking_code", "choices", "prev_hash", "hash")
        .iterator(chunk_size=5000)
    )
    return tally.check_board(f"{r.election.code}/{r.number}", rows)


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
