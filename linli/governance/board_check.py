"""Checking a round's public board: the hash chain, every ballot's proofs, the homomorphic sum,
the trustees' decryption proofs, and online + paper = published result.

Needs nothing but the board (`queries.board_export`, the board's `board.json`): no Django, no
database. `manage.py governance_verify` and `tools/verify_board.py` both call `verify`.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from linli.governance import crypto

GENESIS = "0" * 64
# The order of a ballot's positions: the residents' committee's, then an organization's officers
# (models.POSITION_ORDER, spelled out here because the verifier runs without Django).
POSITIONS = ("director", "deputy", "member", "chair", "vice_chair", "secretary", "treasurer")


def ballot_hash(prev_hash: str, round_key: str, seq: int, tracking_code: str, content: str) -> str:
    body = f"{prev_hash}\n{round_key}\n{seq}\n{tracking_code}\n{content}".encode()
    return hashlib.sha256(body).hexdigest()


def chain(round_key: str, ballots: Iterable[tuple[str, str]]) -> Iterator[tuple[int, str, str, str, str]]:
    """(seq, code, content, prev_hash, hash) over ballots given as (code, content), sorted by code."""
    prev = GENESIS
    for seq, (code, content) in enumerate(sorted(ballots), start=1):
        digest = ballot_hash(prev, round_key, seq, code, content)
        yield seq, code, content, prev, digest
        prev = digest


@dataclass
class ChainCheck:
    checked: int = 0
    head: str = GENESIS
    problem: str = ""
    bad_seq: int | None = None
    rows: list[tuple[str, str]] = field(default_factory=list)  # (code, content) when kept


def check_chain(round_key: str, rows: Iterable[Any], keep: bool = False) -> ChainCheck:
    """Walk published rows (seq, code, content, prev, hash[, valid])."""
    result = ChainCheck()
    prev, last_code = GENESIS, ""
    for row in rows:
        seq, code, content, prev_hash, digest = row[:5]
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
        if ballot_hash(prev, round_key, seq, code, content) != digest:
            result.problem, result.bad_seq = "its content was changed after the close", seq
            return result
        if keep:
            result.rows.append((code, content))
        prev, last_code = digest, code
        result.checked += 1
    result.head = prev
    return result


def layout(round_key: str, key_hex: str, seats: dict[str, Any], candidates: dict[str, Any]) -> crypto.Layout:
    """What a round's ballots encrypt: its candidates' tokens by position (in id order)."""

    def order(token: str) -> int:
        return int(token[1:])

    positions = tuple(
        (
            position,
            int(seats[position]),
            tuple(sorted((t for t, c in candidates.items() if c["position"] == position), key=order)),
        )
        for position in POSITIONS
        if position in seats
    )
    return crypto.Layout(context=round_key, key=crypto.n(key_hex), positions=positions)


def decryption_context(round_key: str, token: str, number: int) -> str:
    return f"{round_key}|{token}|{number}"


def contribution_context(election_code: str, number: int) -> str:
    """What a trustee's proofs of knowledge are bound to (their i-th coefficient adds "|i")."""
    return f"{election_code}|trustee {number}"


def check_contribution(election_code: str, number: int, commitments: list[str], proofs: Any) -> bool:
    """Each commitment g^(a_i) comes with a Schnorr proof that its author knows a_i."""
    if not isinstance(proofs, list) or len(proofs) != len(commitments) or not commitments:
        return False
    context = contribution_context(election_code, number)
    try:
        return all(
            crypto.check_knowledge(crypto.n(c), proof, f"{context}|{i}")
            for i, (c, proof) in enumerate(zip(commitments, proofs, strict=True))
        )
    except (ValueError, TypeError):
        return False


def partials(
    share: Any, number: int, commitments: list[list[str]], round_key: str, encrypted_tally: dict[str, Any]
) -> dict[str, list[str]]:
    """A trustee's partial decryption of each encrypted total, with its Chaum-Pedersen proof."""
    share_key = crypto.share_public(commitments, number)
    return {
        token: list(
            crypto.partial_decrypt(
                share, share_key, crypto.n(alpha), decryption_context(round_key, token, number)
            )
        )
        for token, (alpha, _beta) in sorted(encrypted_tally.items())
    }


def check_partials(
    number: int,
    commitments: list[list[str]],
    round_key: str,
    encrypted_tally: dict[str, Any],
    parts: Any,
) -> str:
    """ "" when the trustee's partial decryptions cover every total and every proof holds, else the
    first token whose part is missing or fails."""
    share_key = crypto.share_public(commitments, number)
    if not isinstance(parts, dict) or set(parts) != set(encrypted_tally):
        return "the partial decryptions do not cover the round's totals"
    for token, (alpha, _beta) in sorted(encrypted_tally.items()):
        part = parts[token]
        if not (isinstance(part, list) and len(part) == 3) or not crypto.check_partial(
            share_key, crypto.n(alpha), [str(x) for x in part], decryption_context(round_key, token, number)
        ):
            return token
    return ""


def decrypt_tally(pem: bytes, passphrase: str, tally: dict[str, Any]) -> dict[str, Any]:
    """The trustee's side of the count, on their own computer: open the shares sealed to them
    (each checked against its sender's commitments), and decrypt the round's encrypted totals
    (never a ballot) with proofs. `tally` is the file linli gives the trustees of a closed round;
    the result is what they upload. Raises ValueError on a wrong file, passphrase or share."""
    private = crypto.open_seal_key(pem, passphrase)
    public = private.public_key.encode().hex()
    trustees = sorted(tally["trustees"], key=lambda t: int(t["number"]))
    mine = next((t for t in trustees if t["seal_key"] == public), None)
    if mine is None:
        raise ValueError("this key file belongs to none of this election's trustees")
    number = int(mine["number"])
    commitments = [t["commitments"] for t in trustees]
    share = crypto.open_share(private, number, [t["sealed"][str(number)] for t in trustees], commitments)
    return {
        "election": tally["election"],
        "round": tally["round"],
        "trustee": number,
        "parts": partials(share, number, commitments, tally["round_key"], tally["encrypted_tally"]),
    }


@dataclass
class Verified:
    problems: list[str] = field(default_factory=list)
    ballots: int = 0
    valid: int = 0
    online: Counter[str] = field(default_factory=Counter)
    paper: Counter[str] = field(default_factory=Counter)
    head: str = GENESIS


_WORKER: dict[str, crypto.Layout] = {}  # the layout, set once in each worker process


def _init_worker(shape: crypto.Layout) -> None:
    _WORKER["layout"] = shape


def _check_one(content: str) -> dict[str, tuple[Any, Any]] | None:
    return crypto.ballot_ciphertexts(_WORKER["layout"], content)


def check_ballots(shape: crypto.Layout, contents: list[str], workers: int = 1) -> list[Any]:
    """Each ballot's ciphertexts if its proofs hold, else None; in `workers` processes."""
    if workers <= 1 or len(contents) < 2 * workers:
        return [crypto.ballot_ciphertexts(shape, c) for c in contents]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(shape,)) as pool:
        return list(pool.map(_check_one, contents, chunksize=max(1, min(64, len(contents) // (4 * workers)))))


def verify(board: dict[str, Any], workers: int = 1) -> Verified:
    """Recheck a round from its board alone. Any problem is listed; the totals are recomputed.
    `workers` > 1 checks the ballots' proofs in that many processes."""
    out = Verified()
    key = board["round_key"]
    check = check_chain(key, (tuple(row) for row in board["ballots"]), keep=True)
    out.head = check.head
    if check.problem:
        out.problems.append(f"ballot #{check.bad_seq}: {check.problem}")
        return out
    if check.head != board["board_head"]:
        out.problems.append("the board's head does not match its published head")
    out.ballots = check.checked
    commitments = [t["commitments"] for t in sorted(board["trustees"], key=lambda t: t["number"])]
    if crypto.h(crypto.public_key(commitments)) != board["public_key"]:
        out.problems.append("the election key is not the product of the trustees' commitments")
        return out
    for t in board["trustees"]:
        if not check_contribution(board["election"], int(t["number"]), t["commitments"], t.get("proofs")):
            out.problems.append(f"trustee {t['number']}'s contribution lacks valid proofs of knowledge")
            return out
    shape = layout(key, board["public_key"], board["seats"], board["candidates"])
    tokens = [t for _p, _s, ts in shape.positions for t in ts]
    valid_flags = {row[1]: row[5] for row in board["ballots"]}
    accepted = []
    results = check_ballots(shape, [content for _code, content in check.rows], workers)
    for (code, _content), cts in zip(check.rows, results, strict=True):
        if (cts is not None) != bool(valid_flags.get(code)):
            out.problems.append(
                f"ballot {code}: its proofs {'hold' if cts else 'fail'}, the board says otherwise"
            )
        if cts is not None:
            accepted.append(cts)
    out.valid = len(accepted)
    total = crypto.aggregate(tokens, accepted)
    published = board["encrypted_tally"]
    if {t: [crypto.h(a), crypto.h(b)] for t, (a, b) in total.items()} != published:
        out.problems.append("the encrypted tally is not the product of the valid ballots")
        return out
    if board.get("online_totals") is None:
        return out  # not counted yet: nothing decrypted to check
    parts: dict[str, dict[int, Any]] = {t: {} for t in tokens}
    for d in board["decryptions"]:
        number = int(d["trustee"])
        bad = check_partials(number, commitments, key, published, d["parts"])
        if bad:
            out.problems.append(f"trustee {number}'s decryption of {bad} fails its proof")
            return out
        for t in tokens:
            parts[t][number] = crypto.n(d["parts"][t][0])
    if tokens and len(board["decryptions"]) < int(board["trustees_needed"]):
        out.problems.append("fewer trustees decrypted the totals than the election needs")
        return out
    if tokens:
        try:
            logs = crypto.discrete_logs({t: crypto.combine(total[t][1], parts[t]) for t in tokens}, out.valid)
        except ValueError as exc:
            out.problems.append(str(exc))
            return out
        out.online = Counter({t: m for t, m in logs.items() if m})
    if +Counter(board["online_totals"]) != +out.online:
        out.problems.append(
            f"online totals {board['online_totals']} differ from the decryption {dict(out.online)}"
        )
    for station in board["stations"]:
        out.paper.update(station["votes"])
    if board.get("results") is not None and +(out.online + out.paper) != +Counter(board["results"]):
        out.problems.append("online + paper differ from the published result")
    return out
