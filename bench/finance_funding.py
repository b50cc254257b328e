"""Funding by formula for Beijing's 3,454 communities, from a registry holding their households.

Builds the area tree (16 districts, streets, communities) with bulk_create, fills
registry_household server-side (generate_series on PostgreSQL, a recursive CTE on SQLite), then
times `finance.actions.funding_compute` end to end: the registry snapshot (households_on),
the formula for every community, the lines written, the audit event.
"""

import datetime as dt
import os
import random

from common import connect_django, parser, repeat, setup_django, summary, timer


def build_tree(communities: int, seed: int) -> list[int]:
    from linli.areas.models import Area

    rng = random.Random(seed)
    city = Area.objects.create(level="city", code="110000", name="北京市", path="110000/")
    districts = Area.objects.bulk_create(
        [
            Area(
                level="district", code=f"1101{i:02d}", name=f"区{i}", parent=city, path=f"110000/1101{i:02d}/"
            )
            for i in range(1, 17)
        ]
    )
    streets = []
    for d in districts:
        for s in range(1, 22):  # 16 x 21 = 336 streets, about Beijing's count
            code = f"{d.code}{s:03d}000"
            streets.append(
                Area(level="street", code=code, name=f"街道{code}", parent=d, path=f"{d.path}{code}/")
            )
    streets = Area.objects.bulk_create(streets)
    rows = []
    for i in range(communities):
        street = streets[i % len(streets)]
        code = f"{street.code[:9]}{i // len(streets) + 1:03d}"
        rows.append(
            Area(
                level="community", code=code, name=f"社区{code}", parent=street, path=f"{street.path}{code}/"
            )
        )
    made = Area.objects.bulk_create(rows, batch_size=2000)
    rng.shuffle(made)
    return [a.pk for a in made]


def fill_households(community_ids: list[int], mean: int, seed: int) -> int:
    """Households per community uniform in [mean/10, 1.9 * mean], generated inside the database."""
    from django.db import connection

    rng = random.Random(seed)
    counts = [(cid, rng.randint(max(0, mean // 10), mean * 19 // 10)) for cid in community_ids]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMPORARY TABLE bench_counts (community_id bigint, n integer)")
        cur.executemany("INSERT INTO bench_counts VALUES (%s, %s)", counts)
        kind = "CASE WHEN g % 10 < 7 THEN 'registered' WHEN g % 10 < 9 THEN 'resident' ELSE 'floating' END"
        head = "INSERT INTO registry_household (code, community_id, kind, is_active, created_at)"
        row = f"'B' || t.community_id || '-' || g, t.community_id, {kind}, g % 50 <> 0"
        if connection.vendor == "postgresql":
            sql = (
                f"{head} SELECT {row}, '2020-01-01T00:00:00Z' FROM bench_counts t, generate_series(1, t.n) g"  # noqa: S608
            )
        else:
            seq = "WITH RECURSIVE seq(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM seq WHERE g < (SELECT max(n) FROM bench_counts))"
            sql = f"{seq} {head} SELECT {row}, '2020-01-01 00:00:00' FROM bench_counts t JOIN seq ON seq.g <= t.n"  # noqa: S608
        cur.execute(sql)
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE registry_household")
    return sum(n for _, n in counts)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--communities", type=int, default=3454)
    p.add_argument("--mean-households", type=int, default=2000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--reuse", action="store_true", help="an existing city (bench/city.py): no data built")
    args = p.parse_args()
    os.environ["DJANGO_DEBUG"] = "0"  # var/linli.env of `make demo` turns DEBUG on; measure production mode
    if args.reuse:
        connect_django(args.database_url)
    else:
        setup_django(args.database_url)
    from django.db import connection

    from linli.finance.actions import funding_compute
    from linli.finance.models import FundingLine, FundingRun
    from linli.registry.queries import households_on

    if args.reuse:
        from linli.areas.models import Area
        from linli.registry.models import Household

        ids = list(Area.objects.filter(level="community").values_list("pk", flat=True))
        total = Household.objects.count()
        t_tree = t_fill = {"seconds": 0.0}
    else:
        with timer() as t_tree:
            ids = build_tree(args.communities, args.seed)
        with timer() as t_fill:
            total = fill_households(ids, args.mean_households, args.seed)
    print(
        f"{connection.vendor}: data: {len(ids)} communities, {total:,} households "
        f"(tree {t_tree['seconds']:.1f} s, households {t_fill['seconds']:.1f} s)"
    )
    # Past years: a year's reference date (31 December before) must have passed.
    year = iter(range(2021, 2100))
    ms = repeat(lambda: funding_compute(actor=None, year=next(year)), args.runs)
    print(f"{connection.vendor}: funding_compute for {len(ids)} communities: {summary(ms)}")
    snap = repeat(lambda: households_on(dt.date(2025, 12, 31)), args.runs)
    print(f"{connection.vendor}:   of which the registry snapshot (households_on): {summary(snap)}")
    print(
        f"{connection.vendor}:   load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    run = FundingRun.objects.order_by("-id").first()
    assert run is not None and run.communities == len(ids)
    assert FundingLine.objects.filter(run=run).count() == len(ids)
    print(
        f"{connection.vendor}: last run: {run.households:,} active households, "
        f"office {run.office_fen / 100:,.0f} yuan, welfare {run.welfare_fen / 100:,.0f} yuan"
    )


if __name__ == "__main__":
    main()
