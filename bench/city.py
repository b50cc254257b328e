"""A Beijing-shaped city in a fresh PostgreSQL database (issue 18).

    make bench B=city ARGS="--scale 0.01 --db linli_h18g_city --workers 2"

Shape (all 3,814 areas at every scale; `--scale` scales what is inside each community):
- the 16 real district codes of Beijing, 343 streets and 3,454 communities (per-district counts are
  approximate, summing to the official totals);
- households per community drawn 1,200-3,200 (85 %) with a tail to 8,000 (15 %), mean ≈ 2,650
  (9.14M / 3,454), times `--scale`; household size 1-6 (mean 2.39 = 21.8M / 9.14M);
- buildings of ~60 dwellings, one dwelling per household plus 5 % vacant;
- residents with valid ID numbers (check digit, birth date, region), phones, encrypted and
  blind-indexed with the project's own `linli.common.crypto`; ages from the 2020 census (11.9 %
  0-14, 68.5 % 15-59, 19.6 % 60+); 人户分离: 48 % 人户一致, 5 % 户在人不在, 12 % 人在户不在 (户口
  elsewhere in Beijing), 35 % floating (户口 outside Beijing, residence registration with an end);
- care tags: elderly alone (≈9.8 % of 60+), empty nest, disability 2.2 %, dibao 0.5 %, extreme
  poverty 0.03 %, unemployed (registered), veterans 1.5 %, community correction 0.02 %;
- one year of tickets, 25M at scale 1 (≈1.15 per resident), categories Zipf-weighted, channels
  (55 % from the city hotline), outcomes, evaluations (≈90 % satisfied) and a timeline of events;
- two elections per community, ledgers and disclosures: `--extras` (small volumes, see `extras`).

Every process (`--workers`) has its own connection and writes whole communities with COPY in one
transaction each; ids are planned up front so that no process waits on another. The loaded
tables' secondary indexes, unique constraints and foreign keys are dropped before the COPY and
rebuilt after it (bench/city_indexes.py; `--keep-indexes` loads with them in place). Reports wall
time, rows and rows/s per table, database size on disk and peak memory (self and children).
"""

import datetime as dt
import multiprocessing as mp
import random
import resource
import time
from collections import Counter, defaultdict

from city_indexes import LOADED, rebuild, strip
from city_rows import COMMUNITIES, DISTRICTS, STREETS, Writer, build_community, init_worker, plan, tree
from common import connect_django, from_template, parser, timer

# ---------------------------------------------------------------- parent side


def extras(url: str, communities: list[tuple], now: dt.datetime) -> Counter:
    """Small volumes, the same at every scale: two elections a community (2016 and 2021, certified,
    with their seats), a year of approved ledger entries (8 a month) with their monthly totals, and
    a year of published disclosures (12 finance + 4 affairs)."""
    import psycopg

    from linli.disclosure.models import Item
    from linli.finance.models import LedgerEntry
    from linli.governance.models import Election, Seat

    rng = random.Random(6)
    counts: Counter = Counter()
    expense = [
        "office_supplies",
        "utilities",
        "activities",
        "services",
        "relief",
        "maintenance",
        "environment",
    ]
    with psycopg.connect(url) as conn, conn.transaction(), conn.cursor() as cur:
        wr = Writer(
            cur,
            Election,
            [
                "id",
                "code",
                "community_id",
                "title",
                "method",
                "stage",
                "election_day",
                "register_cutoff",
                "term_years",
                "announced_at",
                "certified_at",
            ],
        )
        eid = 0
        for _, pk, code, _ in communities:
            for year, term in ((2016, 3), (2021, 5)):
                eid += 1
                day = dt.date(year, 5, 1) + dt.timedelta(days=rng.randint(0, 40))
                wr.row(
                    {
                        "id": eid,
                        "code": f"E{code}{year % 100}",
                        "community_id": pk,
                        "title": f"{year}年社区居民委员会换届选举",
                        "method": "direct",
                        "stage": "certified",
                        "election_day": day,
                        "register_cutoff": day - dt.timedelta(days=30),
                        "term_years": term,
                        "announced_at": dt.datetime(year, 3, 1, tzinfo=dt.UTC),
                        "certified_at": dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC),
                    }
                )
        wr.close()
        counts["election"] = wr.rows
        wr = Writer(cur, Seat, ["election_id", "position", "count"])
        for e in range(1, eid + 1):
            for position, n in (("director", 1), ("deputy", 1), ("member", rng.randint(3, 7))):
                wr.row({"election_id": e, "position": position, "count": n})
        wr.close()
        counts["seat"] = wr.rows
        wr = Writer(
            cur,
            LedgerEntry,
            [
                "code",
                "community_id",
                "fund",
                "direction",
                "category",
                "amount_fen",
                "occurred_on",
                "description",
                "status",
                "entered_at",
                "approved_at",
            ],
        )
        n = 0
        for _, pk, _, _ in communities:
            for m in range(12):
                month = (now.date().replace(day=1) - dt.timedelta(days=30 * m)).replace(day=1)
                for k in range(8):
                    n += 1
                    income = k == 0
                    at = dt.datetime(month.year, month.month, 1 + k, 9, tzinfo=dt.UTC)
                    wr.row(
                        {
                            "code": f"L{n:09d}",
                            "community_id": pk,
                            "fund": "office" if k % 2 else "welfare",
                            "direction": "income" if income else "expense",
                            "category": "allocation" if income else rng.choice(expense),
                            "amount_fen": rng.randint(100_00, 20_000_00) * (6 if income else 1),
                            "occurred_on": at.date(),
                            "description": "社区经费",
                            "status": "approved",
                            "entered_at": at,
                            "approved_at": at + dt.timedelta(days=2),
                        }
                    )
        wr.close()
        counts["ledgerentry"] = wr.rows
        cur.execute(
            "INSERT INTO finance_ledgermonth (community_id, month, fund, direction, category, amount_fen, entries)"
            " SELECT community_id, date_trunc('month', occurred_on)::date, fund, direction, category,"
            " sum(amount_fen), count(*) FROM finance_ledgerentry WHERE status = 'approved' GROUP BY 1, 2, 3, 4, 5"
        )
        wr = Writer(
            cur,
            Item,
            [
                "code",
                "community_id",
                "category",
                "title",
                "body",
                "period_start",
                "period_end",
                "status",
                "created_at",
                "published_at",
            ],
        )
        n = 0
        for _, pk, _, _ in communities:
            for m in range(16):
                n += 1
                finance = m < 12
                start = now.date().replace(day=1) - dt.timedelta(
                    days=30 * (m % 12 if finance else 3 * (m - 12))
                )
                start = start.replace(day=1)
                at = dt.datetime(start.year, start.month, 5, tzinfo=dt.UTC)
                wr.row(
                    {
                        "code": f"D{n:09d}",
                        "community_id": pk,
                        "category": "finance" if finance else "affairs",
                        "title": f"{start:%Y年%m月}" + ("财务公开" if finance else "居务公开"),
                        "body": "详见附件",
                        "period_start": start,
                        "period_end": start + dt.timedelta(days=27),
                        "status": "published",
                        "created_at": at,
                        "published_at": at,
                    }
                )
        wr.close()
        counts["disclosure"] = wr.rows
        cur.execute("SELECT setval(pg_get_serial_sequence('governance_election', 'id'), %s)", [eid])
    return counts


def build_areas(shape: list[tuple]) -> list[tuple]:
    """The 3,814 areas; [(index, id, code, district code)] of the communities."""
    from linli.areas.models import Area

    rng = random.Random(18)
    city = Area.objects.create(level="city", code="110000", name="北京市", path="110000/")
    out = []
    for dcode, dname, streets in shape:
        d = Area.objects.create(
            level="district", code=dcode, name=dname, parent=city, path=f"{city.path}{dcode}/"
        )
        for scode, comms in streets:
            s = Area.objects.create(
                level="street",
                code=scode,
                name=f"{dname[:-1]}{scode[6:9]}街道",
                parent=d,
                path=f"{d.path}{scode}/",
            )
            made = Area.objects.bulk_create(
                [
                    Area(
                        level="community",
                        code=c,
                        name=f"{dname[:-1]}{c[6:9]}街{c[9:]}社区",
                        parent=s,
                        path=f"{s.path}{c}/",
                        office_m2=rng.randint(40, 350),
                        service_m2=rng.randint(0, 600),
                    )
                    for c in comms
                ]
            )
            out += [(len(out) + i, a.pk, a.code, dcode) for i, a in enumerate(made)]
    assert Area.objects.count() == 1 + 16 + STREETS + COMMUNITIES
    return out


def users(communities: list[tuple]) -> None:
    """The accounts the other benchmarks look up with --reuse (worker, street officer, agent, admin)."""
    from linli.accounts.actions import user_create
    from linli.areas.models import Area

    first = Area.objects.get(code=min(c[2] for c in communities))
    password = "bench-only-horse-42"  # noqa: S105 - a throw-away database's users
    for username, role, area in (
        ("w1", "worker", first),
        ("s1", "street_officer", first.parent),
        ("a1", "agent", Area.objects.get(code="110000")),
        ("ind_admin", "city_admin", Area.objects.get(code="110000")),
    ):
        user_create(
            actor=None, username=username, display_name=username, password=password, role=role, area=area
        )


def now_() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--db", default="", help="database name on 127.0.0.1 (overrides --database-url)")
    p.add_argument("--scale", type=float, default=0.01)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument(
        "--extras-only", action="store_true", help="add the elections, ledgers and disclosures to --db"
    )
    p.add_argument(
        "--template", default="", help="a migrated database to clone (default <db>_tpl, made once)"
    )
    p.add_argument(
        "--keep-indexes",
        action="store_true",
        help="load with every index and foreign key in place (the slower way, for comparison)",
    )
    args = p.parse_args()
    url = f"postgres://postgres@127.0.0.1:5432/{args.db}" if args.db else args.database_url
    assert url.startswith("postgres"), "the city is built in PostgreSQL"
    wall = time.perf_counter()
    if args.extras_only:
        connect_django(url)
        from linli.areas.models import Area

        rows = Area.objects.filter(level="community").order_by("code").values_list("pk", "code")
        with timer() as t:
            small = extras(url, [(i, pk, code, code[:6]) for i, (pk, code) in enumerate(rows)], now_())
        print(f"extras in {t['seconds']:.0f} s: {dict(small)}")
        return
    from_template(url, args.template)
    migrated = time.perf_counter() - wall
    from django.db import connection, connections
    from django.utils import timezone

    from linli.tickets.models import Category

    now = timezone.now()
    shape = tree()
    communities = build_areas(shape)
    leaves = list(
        Category.objects.filter(children__isnull=True)
        .order_by("order", "pk")
        .values_list("pk", "response_hours", "handling_days")
    )
    categories = (leaves, [1 / (i + 1) for i in range(len(leaves))])  # Zipf: a few categories dominate
    users(communities)
    # Plan every community's ids up front so that the processes never wait on one another.
    base = [1, 1, 1, 1, 1]
    tasks, sizes_of, totals = [], [], Counter()
    by_district = defaultdict(list)
    for _, _, dcode, district in communities:
        by_district[district].append(dcode)
    codes = [d[0] for d in DISTRICTS]
    for index, pk, code, district in communities:
        _, sizes, n_tickets = plan(index, args.scale, args.seed)
        n_dw = round(len(sizes) * 1.05) + 1
        n_bld = max(1, n_dw // 60 + 1)
        others = [c for c in codes if c != district]
        tasks.append((index, pk, code, district, others, args.scale, args.seed, tuple(base), categories, now))
        sizes_of.append(sum(sizes))
        for i, n in enumerate((n_bld, n_dw, len(sizes), sum(sizes), n_tickets)):
            base[i] += n
    print(
        f"plan: {base[2] - 1:,} households, {base[3] - 1:,} residents, {base[4] - 1:,} tickets "
        f"in {COMMUNITIES:,} communities (scale {args.scale})",
        flush=True,
    )
    builds: list[str] = []
    keys: list[str] = []
    if not args.keep_indexes:
        with connection.cursor() as c:
            builds, keys = strip(c)
    connections.close_all()
    gen = time.perf_counter()
    counter = mp.get_context("fork").Value("i", 0)
    done = 0
    with mp.get_context("fork").Pool(args.workers, init_worker, (url, args.workers, counter)) as pool:
        # Large communities first, so that no process is left with a big one at the end.
        order = [tasks[i] for i in sorted(range(len(tasks)), key=lambda i: -sizes_of[i])]
        for counts in pool.imap_unordered(build_community, order, chunksize=4):
            totals.update(counts)
            done += 1
            if done % 500 == 0:
                el = time.perf_counter() - gen
                print(
                    f"  {done:,} communities, {totals['resident']:,} residents, {totals['ticket']:,} tickets, "
                    f"{el:.0f} s",
                    flush=True,
                )
    generated = time.perf_counter() - gen
    with timer() as t_index:
        phases = rebuild(url, builds, keys, args.workers)
    print(
        f"indexes and unique constraints rebuilt in {phases['indexes']:.0f} s ({len(builds)}), "
        f"foreign keys in {phases['keys']:.0f} s ({len(keys)})",
        flush=True,
    )
    with timer() as t_extras:
        small = extras(url, communities, now)
    print(f"extras in {t_extras['seconds']:.0f} s: {dict(small)}", flush=True)
    with connection.cursor() as c:
        for table in (
            "registry_building",
            "registry_dwelling",
            "registry_household",
            "registry_resident",
            "tickets_ticket",
        ):
            sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            c.execute(sql)
    post = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    with raw.cursor() as c:
        c.execute("VACUUM ANALYZE")
    vacuumed = time.perf_counter() - post
    total = time.perf_counter() - wall
    with connection.cursor() as c:
        c.execute("SELECT pg_database_size(current_database())")
        size = c.fetchone()[0]
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    crypto_s = totals.pop("crypto_ms", 0) / 1000
    print(
        f"scale {args.scale}, {args.workers} workers: wall {total:.0f} s (migrate {migrated:.0f} s, "
        f"COPY {generated:.0f} s, indexes after {t_index['seconds']:.0f} s, vacuum analyze {vacuumed:.0f} s)"
    )
    for table, n in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {table:12s} {n:>12,} rows  {n / generated:>10,.0f} rows/s (all processes)")
    rows = sum(totals.values())
    print(f"  all tables   {rows:>12,} rows  {rows / generated:>10,.0f} rows/s")
    print(
        f"  encryption + blind index: {crypto_s:.0f} s of process time "
        f"({crypto_s / max(1, totals['resident']) * 1e6:.0f} us per resident incl. ticket contacts)"
    )
    print(f"database size {size / 2**30:.2f} GiB; peak RSS parent {me:.0f} MB, largest child {kids:.0f} MB")
    table_sizes(totals)


def table_sizes(totals: Counter) -> None:
    """Per loaded table (its partitions summed): rows, table (heap + TOAST) and index bytes per row."""
    from django.db import connection

    print("  table                     rows   table B/row  indexes B/row   total MB")
    with connection.cursor() as c:
        for table in (*LOADED, "tickets_ticket_code"):
            c.execute(
                "SELECT count(*) FILTER (WHERE isleaf), sum(pg_table_size(relid)), sum(pg_indexes_size(relid))"
                " FROM (SELECT relid, isleaf FROM pg_partition_tree(%s)"
                " UNION SELECT %s::regclass, true) t",  # a plain table has no partition tree
                [table, table],
            )
            _, heap, index = c.fetchone()
            n = max(1, totals.get(table.split("_", 1)[1].removesuffix("_code"), 0))
            print(
                f"  {table:22s} {n:>10,} {heap / n:>12,.0f} {index / n:>14,.0f} {(heap + index) / 2**20:>10,.0f}"
            )


if __name__ == "__main__":
    main()
