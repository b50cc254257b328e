"""Secret-ballot figures (issue 5): online casting under concurrent voters, and the tally.

    make bench B=governance ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_gov"

1. Casting: `--voters` voters get one-time codes; `--threads` threads call `ballot_cast` (the
   same action the page and the API call) as fast as they can, each voter once. Reports the
   sustained rate and the per-ballot latency (median, p99).
2. Tally: `--ballots` ballots (default 1,000,000) are loaded into a closed round with COPY
   (chained as the close would chain them), then counted with `round_totals` + `decide`, the
   code `round_count` runs. The board check (`governance_verify`'s hash walk) is timed too.
"""

import random
import statistics
import threading
import time

from common import parser, setup_django, summary, timer


def setup(voters: int) -> tuple:
    """A community, `voters` residents on the register, 8 candidates, an open round, codes issued."""
    import datetime as dt

    from django.utils import timezone

    from linli.areas.actions import area_create
    from linli.governance import actions
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
        stage="voting",
    )
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
    p.add_argument("--ballots", type=int, default=1_000_000)
    args = p.parse_args()
    setup_django(args.database_url)

    from django.db import connection, connections
    from django.utils import timezone

    from linli.governance import actions, queries, tally
    from linli.governance.models import Ballot, Round, RoundStatus, VoterMark

    r, issued, by_pos, seats, election, cands = setup(args.voters)
    now = timezone.now()

    def random_picks(rng: random.Random) -> dict:
        return {
            "director": [rng.choice(by_pos["director"])],
            "deputy": [rng.choice(by_pos["deputy"])],
            "member": rng.sample(by_pos["member"], 3),
        }

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
        for code in my_codes:
            start = time.perf_counter()
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
    # Close: chain in tracking-code order and re-write the table (what a real close does).
    r.closes_at = timezone.now()
    r.save(update_fields=["closes_at"])
    with timer() as t:
        actions.round_close(actor=None, round=r)
    print(f"close (chain + re-write {len(codes)} ballots): {t['seconds']:.2f} s")

    # 2. Tally of a big round, loaded directly (COPY on PostgreSQL).
    big = Round.objects.create(
        election=election,
        number=2,
        status=RoundStatus.CLOSED,
        seats=seats,
        opens_at=now,
        closes_at=now,
        voters_registered=args.ballots * 2,
        voters_voted=args.ballots,
        ballots_online=args.ballots,
    )
    big.candidates.set(cands)
    rng = random.Random(7)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    with timer() as t:
        rows = []
        seen: set[str] = set()
        while len(rows) < args.ballots:
            code = "".join(rng.choices(alphabet, k=12))
            if code in seen:
                continue
            seen.add(code)
            p_ = random_picks(rng)
            toks = [f"c{x}" for x in p_["director"] + p_["deputy"] + sorted(p_["member"])]
            if rng.random() < 0.01:
                toks.append("wmember:张三")
            rows.append((code, " ".join(toks)))
        chained = list(tally.chain(f"{election.code}/2", rows))
    print(f"generate + chain {args.ballots} ballots: {t['seconds']:.1f} s")
    with timer() as t:
        if connection.vendor == "postgresql":
            with (
                connection.cursor() as cur,
                cur.copy(
                    "COPY governance_ballot (tracking_code, round_id, choices, seq, prev_hash, hash) FROM STDIN"
                ) as copy,
            ):
                for seq, code, choices, prev, digest in chained:
                    copy.write_row((code, big.pk, choices, seq, prev, digest))
            with connection.cursor() as cur:
                cur.execute("ANALYZE governance_ballot")
        else:
            Ballot.objects.bulk_create(
                [
                    Ballot(tracking_code=c, round=big, choices=ch, seq=s, prev_hash=pv, hash=h)
                    for s, c, ch, pv, h in chained
                ],
                batch_size=5000,
            )
        big.board_head = chained[-1][4]
        big.save(update_fields=["board_head"])
    print(f"load {args.ballots} ballots: {t['seconds']:.1f} s")
    del chained, rows, seen

    runs = []
    for _ in range(3):
        with timer() as t:
            counts, _ballots, _invalid = actions.round_totals(big)
            outcome = tally.decide(
                seats=seats,
                counts=counts,
                candidate_positions=actions._valid_tokens(big),
                participants=big.voters_voted,
                runoff=False,
                turnout_valid=True,
            )
        runs.append(t["seconds"])
    assert sum(counts.values()) >= args.ballots * 5
    elected = [o.token for rows_ in outcome.values() for o in rows_ if o.elected]
    print(
        f"{connection.vendor}: tally {args.ballots} ballots: median {statistics.median(runs):.2f} s"
        f" (runs {', '.join(f'{x:.2f}' for x in runs)}); elected {elected}"
    )
    with timer() as t:
        check = queries.check_round(big)
    assert check.problem == "" and check.head == big.board_head
    print(f"verify board (hash walk + recount) of {check.checked} ballots: {t['seconds']:.1f} s")


if __name__ == "__main__":
    main()
