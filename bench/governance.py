"""Secret-ballot figures (issue 5): online casting under concurrent voters, and the tally.

    make bench B=governance ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_gov"

1. Casting: `--voters` voters get one-time codes; `--threads` threads call `ballot_cast` (the
   same action the page and the API call: it encrypts the ballot under the election key and
   writes it) as fast as they can, each voter once. Reports the sustained rate and the per-ballot
   latency (median, p99).
2. Close: every ballot's proofs checked, the homomorphic sum, the chain and the re-write.

With `--encrypted N`, the ballots come encrypted as a voter's device would send them (N distinct
ballots encrypted before the clock starts, reused cyclically: the device's work is not the
server's); the server checks their form only (issue 20's deferred design). Then the background
pass (`ballots_pass`: re-write apart from the marks, proofs checked) is timed on
`--verify-sample` ballots, and the close on what is left.

The cryptographic tally of 100,000 ballots (sum, k-of-n decryption, board verification) is
`bench/governance_crypto.py`.
"""

import random
import threading
import time

from common import parser, setup_django, summary, timer


def setup(voters: int) -> tuple:
    """A community, `voters` residents on the register, 8 candidates, an open round, codes issued."""
    import datetime as dt

    from django.utils import timezone

    from linli.areas.actions import area_create
    from linli.governance.elections import actions
    from linli.governance.models import (
        Candidate,
        CandidateStatus,
        Election,
        Round,
        RoundStatus,
        Seat,
        VoterEntry,
    )
    from linli.registry.models import Resident

    for code in ["110000", "110105", "110105001000", "110105001001"]:
        area_create(actor=None, code=code, name=code)
    from linli.areas.models import Area

    community = Area.objects.get(code="110105001001")
    now = timezone.now()
    with timer() as t:
        Resident.objects.bulk_create(
            [
                Resident(
                    community=community,
                    name=f"选民{i}",
                    id_number=f"X{i:017d}",
                    gender="M",
                    birth_date=dt.date(1970, 1, 1),
                    registered_at=now - dt.timedelta(days=800),
                )
                for i in range(voters)
            ],
            batch_size=2000,
        )
    print(f"setup: {voters} residents in {t['seconds']:.1f} s")
    election = Election.objects.create(
        code="EBENCH",
        community=community,
        title="bench",
        election_day=now.date(),
        register_cutoff=now.date(),
        stage="candidates",
    )
    trustees = actions.ceremony_open(
        actor=None, election=election, needed=3, names=["甲", "乙", "丙", "丁", "戊"]
    )
    for t in trustees:
        actions.trustee_enrol(actor=None, trustee=t, passphrase="bench passphrase")  # noqa: S106 (a bench)
    for t in trustees:
        actions.trustee_contribute(actor=None, trustee=t)
    election.refresh_from_db()
    election.stage = "voting"
    election.save(update_fields=["stage"])
    seats = {"director": 1, "deputy": 1, "member": 3}
    Seat.objects.bulk_create([Seat(election=election, position=k, count=v) for k, v in seats.items()])
    VoterEntry.objects.bulk_create(
        [
            VoterEntry(election=election, resident=r, name=r.name, basis="age_residence")
            for r in Resident.objects.all()
        ],
        batch_size=5000,
    )
    entries = list(VoterEntry.objects.filter(election=election)[:8])
    plan = [("director", 2), ("deputy", 2), ("member", 4)]
    cands = []
    i = 0
    for position, n in plan:
        for _ in range(n):
            cands.append(
                Candidate.objects.create(
                    election=election,
                    position=position,
                    entry=entries[i],
                    name=entries[i].name,
                    nominated_by="self",
                    status=CandidateStatus.OFFICIAL,
                )
            )
            i += 1
    r = Round.objects.create(
        election=election,
        number=1,
        status=RoundStatus.OPEN,
        seats=seats,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=6),
    )
    r.candidates.set(cands)
    by_pos: dict[str, list[int]] = {}
    for c in cands:
        by_pos.setdefault(c.position, []).append(c.pk)
    with timer() as t:
        issued = actions.credentials_issue(actor=None, round=r)
    print(f"credentials: {len(issued)} issued in {t['seconds']:.2f} s")

    return r, issued, by_pos, seats, election, cands


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--voters", type=int, default=6000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--encrypted", type=int, default=0)
    p.add_argument("--verify-sample", type=int, default=40)
    args = p.parse_args()
    setup_django(args.database_url)

    from django.db import connection, connections
    from django.utils import timezone

    from linli.governance.elections import actions
    from linli.governance.models import Ballot, VoterMark

    r, issued, by_pos, _seats, _election, _cands = setup(args.voters)
    timezone.now()

    def random_picks(rng: random.Random) -> dict:
        return {
            "director": [rng.choice(by_pos["director"])],
            "deputy": [rng.choice(by_pos["deputy"])],
            "member": rng.sample(by_pos["member"], 3),
        }

    from linli.governance import crypto

    contents: list[str] = []
    if args.encrypted:
        layout = actions.ballot_layout(r)
        rng0 = random.Random(1)
        with timer() as t:
            for _ in range(args.encrypted):
                chosen = random_picks(rng0)
                contents.append(
                    crypto.encrypt_ballot(layout, [f"c{c}" for ids in chosen.values() for c in ids])
                )
        print(
            f"device-side encryption (here, not timed below): {t['seconds'] / args.encrypted * 1000:.0f} ms per ballot"
        )

    # 1. Concurrent casting.
    codes = [code for _, code in issued]
    chunks = [codes[k :: args.threads] for k in range(args.threads)]
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(args.threads + 1)

    def voter_thread(my_codes: list[str], seed: int) -> None:
        rng = random.Random(seed)
        mine = []
        barrier.wait()
        for i, code in enumerate(my_codes):
            start = time.perf_counter()
            if contents:
                actions.ballot_cast(round=r, encrypted=contents[(seed + i) % len(contents)], credential=code)
            else:
                actions.ballot_cast(round=r, picks=random_picks(rng), credential=code)
            mine.append((time.perf_counter() - start) * 1000)
        connections.close_all()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=voter_thread, args=(chunk, k)) for k, chunk in enumerate(chunks)]
    for th in threads:
        th.start()
    barrier.wait()
    start = time.perf_counter()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - start
    assert Ballot.objects.filter(round=r).count() == len(codes) == VoterMark.objects.filter(round=r).count()
    print(
        f"{connection.vendor}: cast {len(codes)} ballots with {args.threads} concurrent threads in {elapsed:.2f} s"
        f" = {len(codes) / elapsed:.0f} ballots/s sustained; per ballot {summary(latencies)}"
    )
    if contents:
        with timer() as t:
            rewritten, checked, _rejected = actions.ballots_pass(r.pk, limit=args.verify_sample)
        print(
            f"background pass: {rewritten} ballots re-written apart from their marks, {checked} checked "
            f"in {t['seconds']:.2f} s = {checked / t['seconds']:.1f} ballots/s verified (one thread)"
        )
        with timer() as t:
            rewritten, _checked, _rejected = actions.ballots_pass(r.pk, limit=0)
        print(f"re-write only ({rewritten} ballots, no proofs): {t['seconds']:.2f} s")
    if contents:
        print("close not run: it would check the proofs of the ballots left, at the rate above")
        return
    # Close: chain in tracking-code order and re-write the table (what a real close does).
    r.closes_at = timezone.now()
    r.save(update_fields=["closes_at"])
    with timer() as t:
        actions.round_close(actor=None, round=r)
    print(
        f"close ({len(codes)} ballots: proofs checked, homomorphic sum, chain, re-write): "
        f"{t['seconds']:.2f} s = {t['seconds'] / max(len(codes), 1) * 1000:.1f} ms per ballot"
    )


if __name__ == "__main__":
    main()
