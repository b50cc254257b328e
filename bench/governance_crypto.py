"""Encrypted-ballot figures (issue 20): encryption, proof checks, homomorphic sum, k-of-n
decryption and board verification, with 9 candidates (1 director of 2, 2 deputies of 3, 3
members of 4... as `--layout` says), without the database.

    make bench B=governance_crypto ARGS="--ballots 100000 --sample 200"

1. Encrypting one ballot (what `ballot_cast` adds to a cast) and checking its proofs (what the
   close and the verifier do per ballot): timed over `--sample` ballots, median and p99.
2. The homomorphic sum of `--ballots` ballots: the product of their ciphertexts, per candidate
   (the sample's ciphertexts are reused cyclically: a product costs the same whatever the factors).
3. Decryption of the sum by k = 3 of n = 5 trustees, offline: each trustee runs what
   `tools/trustee_key.py decrypt` runs on the tally file (opens their key file, checks their
   sealed shares against the commitments, 9 partial decryptions with proofs); linli checks each
   upload's proofs; then the combination and the discrete logarithms up to `--ballots`.
4. Verifying the board of `--ballots` ballots = proof checks (measured per ballot, multiplied
   out; the reference is one plain 4096-bit modular exponentiation timed in the same run) + the sum
   + the decryption proofs + the trustees' contribution proofs + the combination.
"""

import statistics
import time

from common import parser

LAYOUT = (("director", 1, 2), ("deputy", 2, 3), ("member", 3, 4))  # position, seats, candidates


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--ballots", type=int, default=100_000)
    p.add_argument("--sample", type=int, default=200)
    args = p.parse_args()

    import random

    import gmpy2

    from linli.governance import board_check, crypto

    def ms(xs: list[float]) -> str:
        xs = sorted(xs)
        return f"median {statistics.median(xs):.1f} ms, p99 {xs[int(len(xs) * 0.99) - 1]:.1f} ms"

    grp = crypto.group()
    # Reference: one full modular exponentiation with a 256-bit exponent, in the same run.
    ref = []
    base = crypto.gpow(crypto.rand_q())
    for _ in range(200):
        e = crypto.rand_q()
        t = time.perf_counter()
        gmpy2.powmod(base, e, grp.p)
        ref.append((time.perf_counter() - t) * 1000)
    print(f"reference: 4096-bit powmod, 256-bit exponent: {ms(ref)}")

    # Key ceremony: 5 trustees, 3 needed.
    t0 = time.perf_counter()
    seal = {i: crypto.new_seal_key(f"passphrase {i}") for i in range(1, 6)}
    parts = [
        crypto.contribute(
            3, {i: k[0] for i, k in seal.items()}, board_check.contribution_context("EBENCH", j)
        )
        for j in range(1, 6)
    ]
    commitments = [x.commitments for x in parts]
    key = crypto.public_key(commitments)
    print(f"key ceremony (5 trustees, k = 3): {time.perf_counter() - t0:.2f} s")

    tokens: list[str] = []
    positions = []
    n = 1
    for position, seats, count in LAYOUT:
        mine = tuple(f"c{n + i}" for i in range(count))
        n += count
        tokens += mine
        positions.append((position, seats, mine))
    layout = crypto.Layout(context="EBENCH/1", key=key, positions=tuple(positions))
    rng = random.Random(7)

    def picks() -> list[str]:
        out: list[str] = []
        for _position, seats, mine in positions:
            out += rng.sample(mine, rng.randint(0, seats))
        return out

    enc, chk, ballots = [], [], []
    for _ in range(args.sample):
        t = time.perf_counter()
        content = crypto.encrypt_ballot(layout, picks())
        enc.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        cts = crypto.ballot_ciphertexts(layout, content)
        chk.append((time.perf_counter() - t) * 1000)
        assert cts is not None
        ballots.append(cts)
    print(f"encrypt one ballot (9 candidates, proofs): {ms(enc)}; size {len(content) / 1024:.1f} KiB")
    print(f"check one ballot's proofs: {ms(chk)}")

    t = time.perf_counter()
    total = crypto.aggregate(tokens, (ballots[i % len(ballots)] for i in range(args.ballots)))
    sum_s = time.perf_counter() - t
    print(f"homomorphic sum of {args.ballots} ballots: {sum_s:.2f} s")

    # The count, offline: each trustee decrypts the downloaded tally file at home
    # (board_check.decrypt_tally, what `tools/trustee_key.py decrypt` runs), linli checks each
    # upload's proofs (board_check.check_partials), then combines k of them.
    tally = {
        "election": "EBENCH",
        "round": 1,
        "round_key": "EBENCH/1",
        "trustees": [
            {
                "number": i,
                "seal_key": seal[i][0],
                "commitments": parts[i - 1].commitments,
                "sealed": {str(j): v for j, v in parts[i - 1].sealed.items()},
            }
            for i in range(1, 6)
        ],
        "encrypted_tally": {tok: [crypto.h(a), crypto.h(b)] for tok, (a, b) in total.items()},
    }
    t = time.perf_counter()
    uploads = {
        number: board_check.decrypt_tally(seal[number][1], f"passphrase {number}", tally)["parts"]
        for number in (1, 3, 5)
    }
    trustees_s = time.perf_counter() - t
    t = time.perf_counter()
    for number, up in uploads.items():
        assert not board_check.check_partials(number, commitments, "EBENCH/1", tally["encrypted_tally"], up)
    dec_check_s = time.perf_counter() - t
    t = time.perf_counter()
    targets = {
        tok: crypto.combine(total[tok][1], {i: crypto.n(uploads[i][tok][0]) for i in uploads})
        for tok in tokens
    }
    logs = crypto.discrete_logs(targets, args.ballots)
    combine_s = time.perf_counter() - t
    print(
        f"decryption by 3 of 5 trustees: their parts at home {trustees_s:.2f} s (all three), linli's "
        f"check of the 3 uploads {dec_check_s:.2f} s, combination + discrete logs up to {args.ballots}: "
        f"{combine_s:.2f} s; totals {logs}"
    )
    t = time.perf_counter()
    for i, x in enumerate(parts, start=1):
        assert board_check.check_contribution("EBENCH", i, x.commitments, x.proofs)
    contrib_s = time.perf_counter() - t
    per_ballot = statistics.median(chk) / 1000
    verify_s = per_ballot * args.ballots + sum_s + dec_check_s + contrib_s + combine_s
    print(
        f"verifying the board of {args.ballots} ballots (one core): proofs {per_ballot * args.ballots:.0f} s"
        f" (measured per ballot x {args.ballots}) + sum {sum_s:.1f} s + decryption proofs "
        f"{dec_check_s:.2f} s + contribution proofs {contrib_s:.2f} s + combination {combine_s:.1f} s"
        f" = {verify_s / 60:.1f} min = {verify_s / 3600:.2f} h"
    )


if __name__ == "__main__":
    main()
