#!/usr/bin/env python3
"""Verify a linli election board without linli: `python tools/verify_board.py board.json[.gz] [--workers N]`.

Needs only the board file (downloaded from the public board page) and the packages gmpy2,
PyNaCl and cryptography; it imports linli's `board_check` and `crypto` modules, which use no
Django and no database. Checks the hash chain, every ballot's proofs (each choice 0 or 1, each
position within its seats), that the encrypted tally is the product of the valid ballots, that the
election key is the product of the trustees' commitments, every trustee's decryption proof, that
the decrypted online totals are the published ones, and that online + paper = the result.
Exit status 0 when everything holds, 1 otherwise. `--workers N` checks the ballots' proofs in N
processes (one per core: ~0.1 s of CPU a ballot).
"""

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linli.governance.board_check import verify


def main(argv: list[str]) -> int:
    workers = 1
    if len(argv) == 4 and argv[2] == "--workers":
        workers, argv = int(argv[3]), argv[:2]
    if len(argv) != 2:
        print(__doc__)
        return 2
    path = Path(argv[1])
    # The counted board downloads gzipped (board-….json.gz); an unpacked board.json reads as is.
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    with gzip.open(path, "rb") if gzipped else path.open("rb") as f:
        board = json.load(f)
    result = verify(board, workers)
    for problem in result.problems:
        print(f"FAIL {problem}")
    if result.problems:
        return 1
    names = {t: c["name"] for t, c in board["candidates"].items()}
    total = result.online + result.paper
    for token in sorted(total, key=lambda t: -total[t]):
        name = names.get(token) or token.split(":", 1)[-1] + " (written in)"
        print(f"{name}\tonline {result.online[token]}\tpaper {result.paper[token]}\ttotal {total[token]}")
    print(f"OK {result.ballots} online ballots ({result.valid} valid), head {result.head}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
