"""Counting and the public board: pure functions over tokens, shared by the count and the check.

A ballot's `choices` is space-separated tokens: `c<candidate id>` or `w<position>:<name>`.
The board is the list of (seq, tracking code, choices, prev_hash, hash) in tracking-code order;
each hash covers the previous hash and the ballot, so changing, adding or removing one ballot
changes every hash after it and the head sealed into the audit chain at close.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from linli.governance import rules

GENESIS = "0" * 64


def ballot_hash(prev_hash: str, round_key: str, seq: int, tracking_code: str, choices: str) -> str:
    body = f"{prev_hash}\n{round_key}\n{seq}\n{tracking_code}\n{choices}".encode()
    return hashlib.sha256(body).hexdigest()


def chain(round_key: str, ballots: Iterable[tuple[str, str]]) -> Iterator[tuple[int, str, str, str, str]]:
    """(seq, code, choices, prev_hash, hash) over ballots given as (code, choices), sorted by code."""
    prev = GENESIS
    for seq, (code, choices) in enumerate(sorted(ballots), start=1):
        digest = ballot_hash(prev, round_key, seq, code, choices)
        yield seq, code, choices, prev, digest
        prev = digest


@dataclass
class ChainCheck:
    checked: int = 0
    head: str = GENESIS
    problem: str = ""
    bad_seq: int | None = None
    counts: Counter[str] = field(default_factory=Counter)


def check_board(round_key: str, rows: Iterable[tuple[Any, str, str, str, str]]) -> ChainCheck:
    """Walk published rows (seq, code, choices, prev, hash); recount their tokens as it goes."""
    result = ChainCheck()
    prev, last_code = GENESIS, ""
    for seq, code, choices, prev_hash, digest in rows:
        expected_seq = result.checked + 1
        if seq != expected_seq:
            result.problem, result.bad_seq = f"ballot #{expected_seq} is missing", expected_seq
            return result
        if code <= last_code:
            result.problem, result.bad_seq = "ballots are not in tracking-code order", seq
            return result
        if prev_hash != prev:
            result.problem, result.bad_seq = "its link to the previous ballot does not match", seq
            return result
        if ballot_hash(prev, round_key, seq, code, choices) != digest:
            result.problem, result.bad_seq = "its content was changed after the close", seq
            return result
        if choices:
            result.counts.update(choices.split(" "))
        prev, last_code = digest, code
        result.checked += 1
    result.head = prev
    return result


def count_online(round_id: int) -> Counter[str]:
    """Votes per token over a round's online ballots, counted by the database where it can."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT t, count(*) FROM governance_ballot b,"
                " unnest(string_to_array(b.choices, ' ')) AS t"
                " WHERE b.round_id = %s AND b.choices <> '' GROUP BY t",
                [round_id],
            )
            return Counter({t: n for t, n in cur.fetchall()})
    from linli.governance.models import Ballot

    counts: Counter[str] = Counter()
    for choices in (
        Ballot.objects.filter(round_id=round_id).values_list("choices", flat=True).iterator(chunk_size=5000)
    ):
        if choices:
            counts.update(choices.split(" "))
    return counts


def token_position(token: str, candidate_positions: dict[str, str]) -> str | None:
    if token.startswith("w"):
        return token[1:].split(":", 1)[0]
    return candidate_positions.get(token)


@dataclass(frozen=True)
class Outcome:
    token: str
    votes: int
    elected: bool
    tied: bool


def decide(
    *,
    seats: dict[str, int],
    counts: Counter[str],
    candidate_positions: dict[str, str],
    participants: int,
    runoff: bool,
    turnout_valid: bool,
) -> dict[str, list[Outcome]]:
    """Who is elected to each position under the settings' thresholds.

    First round: more than half of those who voted (exactly half is not enough). Another round:
    the most votes, provided they reach the runoff share. A tie across the last seat leaves that
    seat unfilled (another round decides it); nobody is elected when turnout was not valid.
    """
    by_position: dict[str, list[tuple[str, int]]] = {p: [] for p in seats}
    for token in set(candidate_positions) | set(counts):
        position = token_position(token, candidate_positions)
        if position in by_position:
            by_position[position].append((token, counts.get(token, 0)))
    out: dict[str, list[Outcome]] = {}
    for position, rows in by_position.items():
        rows.sort(key=lambda r: (-r[1], r[0]))
        remaining = seats[position] if turnout_valid else 0
        outcomes: list[Outcome] = []
        i = 0
        while i < len(rows):
            votes = rows[i][1]
            group = [r for r in rows[i:] if r[1] == votes]
            if runoff:
                qualifies = votes > 0 and rules.at_least(votes, participants, "GOV_RUNOFF_SHARE")
            else:
                qualifies = rules.more_than(votes, participants, "GOV_ELECTED_SHARE")
            fits = qualifies and remaining > 0 and len(group) <= remaining
            tied = qualifies and remaining > 0 and len(group) > remaining
            for token, n in group:
                outcomes.append(Outcome(token, n, fits, tied))
            if fits:
                remaining -= len(group)
            elif tied:
                remaining = 0
            i += len(group)
        out[position] = outcomes
    return out
