"""Counting: who is elected from the totals (online, decrypted, + paper), under the settings.

The board, its hash chain and its check live in `board_check` (no Django, for the standalone
verifier); they are re-exported here for the count.
"""

from collections import Counter
from dataclasses import dataclass

from linli.governance import rules
from linli.governance.board_check import GENESIS, chain

__all__ = ["GENESIS", "Outcome", "chain", "decide", "token_position"]


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
