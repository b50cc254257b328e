"""Partitioned vs unpartitioned tickets (issue 18): insert rate and a month's query, at 1M rows.

    make bench B=partitions ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_partitions"

1. A fresh database (migrated: `tickets_ticket` is partitioned by month of id); 1,000,000 tickets
   over 12 months from bench/tickets.py's generator, kept in an unlogged staging table with each
   row's id moved into its submission month's range (as the monthly sequence move makes them).
   `tickets_plain` is the same table unpartitioned: same columns, indexes, unique keys, foreign
   keys and fillfactor.
2. `--phase load` (untimed) writes all months but the last into both tables. Timed (`--phase
   insert`): INSERT ... SELECT of the last month (~80,000 rows) into each table onto the other
   ~920,000, then 2,000 single-row inserts (one statement and commit each, like intake) into each.
3. Timed (`--phase query`): one month's counts by status and one community's month list, on the
   plain table, on the partitioned one by date only, and on the partitioned one with the month's
   id range added (pruning to one partition); `SELECT 1` as the reference.

`--phase build` makes the data; run the timed phases under `flock /tmp/bench.lock`.
"""

import datetime as dt
import os
import statistics
import time

from common import parser, setup_django, summary

N_SINGLE = 2000


def sql(cur, text, params=None):
    cur.execute(text, params)


def build(n: int) -> None:
    from django.db import connection
    from django.utils import timezone
    from tickets import build_areas, copy_tickets

    from linli.common import partitions
    from linli.tickets.models import Category

    now = timezone.now()
    _city, communities = build_areas()
    categories = list(Category.objects.filter(children__isnull=True).values_list("pk", flat=True))
    copy_tickets(n, [c.pk for c in communities], categories, now)
    span = partitions.SPAN
    with connection.cursor() as cur:
        sql(cur, "CREATE UNLOGGED TABLE staging AS SELECT * FROM tickets_ticket")
        sql(
            cur,
            "UPDATE staging SET id = ((extract(year FROM submitted_at AT TIME ZONE 'Asia/Shanghai')::bigint - 2000) * 12"
            " + extract(month FROM submitted_at AT TIME ZONE 'Asia/Shanghai')::bigint - 1) * %s + id %% %s",
            [span, span],
        )
        sql(cur, "TRUNCATE tickets_ticket CASCADE")
        current = partitions.month_index(timezone.localtime(now).date())
        partitions.ensure_months(cur, partitions.TABLES["tickets_ticket"], range(current - 13, current + 1))
        sql(
            cur,
            "CREATE TABLE tickets_plain (LIKE tickets_ticket INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
            " INCLUDING INDEXES) WITH (fillfactor = 85)",
        )
        sql(cur, "CREATE UNIQUE INDEX tickets_plain_code ON tickets_plain (code)")
        sql(cur, "CREATE UNIQUE INDEX tickets_plain_token ON tickets_plain (token)")
        cur.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'tickets_ticket'::regclass"
            " AND contype = 'f' AND conparentid = 0"
        )
        for (definition,) in cur.fetchall():
            sql(
                cur,
                f"ALTER TABLE tickets_plain ADD {definition.replace('tickets_ticket(', 'tickets_plain(')}",
            )
        sql(cur, "ANALYZE staging")
    print(f"built {n:,} staged tickets over 13 months")


def insert_phase() -> None:
    from django.db import connection

    from linli.common import partitions

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("SELECT max(id) / %s FROM staging", [partitions.SPAN])
        (last,) = cur.fetchone()
        last_month = f"id >= {(last - 1) * partitions.SPAN}"  # the last full month and the days after
        cur.execute(f"SELECT count(*) FROM staging WHERE {last_month}")  # noqa: S608
        (n,) = cur.fetchone()
        for table in ("tickets_plain", "tickets_ticket"):
            sql(cur, f"DELETE FROM {table} WHERE {last_month}")  # noqa: S608 - a re-run
        sql(cur, "VACUUM ANALYZE tickets_plain")
        sql(cur, "VACUUM ANALYZE tickets_ticket")
        for table in ("tickets_plain", "tickets_ticket"):
            start = time.perf_counter()
            sql(cur, f"INSERT INTO {table} SELECT * FROM staging WHERE {last_month}")  # noqa: S608
            seconds = time.perf_counter() - start
            print(
                f"{table}: INSERT ... SELECT of the last month and a few days ({n:,} rows) onto the rest: {seconds:.1f} s ({n / seconds:,.0f} rows/s)",
                flush=True,
            )
        sql(cur, "ANALYZE tickets_plain")
        sql(cur, "ANALYZE tickets_ticket")
        cur.execute("SELECT max(id) FROM staging")
        (top,) = cur.fetchone()
        month = top // partitions.SPAN
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'staging'"
            " AND column_name NOT IN ('id', 'code', 'token') ORDER BY ordinal_position"
        )
        others = ", ".join(row[0] for row in cur.fetchall())
        times: dict[str, list[float]] = {"tickets_plain": [], "tickets_ticket": []}
        for i in range(N_SINGLE):
            new_id = month * partitions.SPAN + partitions.SPAN // 2 + i
            for table in (
                ("tickets_plain", "tickets_ticket") if i % 2 else ("tickets_ticket", "tickets_plain")
            ):
                start = time.perf_counter()
                cur.execute(
                    f"INSERT INTO {table} (id, code, token, {others})"  # noqa: S608 - bench tables
                    f" SELECT %s, 'S' || %s, 'stok' || %s, {others} FROM staging LIMIT 1",
                    [new_id, i, i],
                )
                times[table].append((time.perf_counter() - start) * 1000)
        for table, ms in times.items():
            print(f"{table}: one INSERT per statement at 1M rows: {summary(ms)}", flush=True)
        ratio = statistics.median(times["tickets_ticket"]) / statistics.median(times["tickets_plain"])
        print(f"single-row insert, partitioned / plain (medians): {ratio:.2f}")


def load_phase() -> None:
    """Untimed: every month but the last into both tables."""
    from django.db import connection

    from linli.common import partitions

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("SELECT max(id) / %s FROM staging", [partitions.SPAN])
        (last,) = cur.fetchone()
        for table in ("tickets_plain", "tickets_ticket"):
            sql(cur, f"TRUNCATE {table} CASCADE")
            sql(cur, f"INSERT INTO {table} SELECT * FROM staging WHERE id < %s", [last * partitions.SPAN])  # noqa: S608
            sql(cur, f"VACUUM ANALYZE {table}")
    print("loaded all months but the last into both tables", flush=True)


def query_phase(repeats: int) -> None:
    from django.db import connection

    from linli.common import partitions

    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM tickets_ticket")
        month = cur.fetchone()[0] // partitions.SPAN - 1  # the last full month
        year, mon = partitions.month_of(month)
        start = dt.datetime(year, mon, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        end = (start + dt.timedelta(days=32)).replace(day=1)
        lo, hi = month * partitions.SPAN, (month + 1) * partitions.SPAN
        cur.execute(
            "SELECT community_id FROM tickets_ticket WHERE id >= %s AND id < %s GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [lo, hi],
        )
        (community,) = cur.fetchone()
        counts = "SELECT status, count(*) FROM {t} WHERE submitted_at >= %s AND submitted_at < %s{extra} GROUP BY status"
        listing = (
            "SELECT id, code, title, status, submitted_at FROM {t} WHERE community_id = %s"
            " AND submitted_at >= %s AND submitted_at < %s{extra} ORDER BY submitted_at DESC LIMIT 50"
        )
        prune = " AND id >= %s AND id < %s"
        cases = {
            "reference SELECT 1": ("SELECT 1", []),
            "month counts, plain": (counts.format(t="tickets_plain", extra=""), [start, end]),
            "month counts, partitioned, by date": (counts.format(t="tickets_ticket", extra=""), [start, end]),
            "month counts, partitioned, pruned": (
                counts.format(t="tickets_ticket", extra=prune),
                [start, end, lo, hi],
            ),
            "community month list, plain": (
                listing.format(t="tickets_plain", extra=""),
                [community, start, end],
            ),
            "community month list, partitioned, by date": (
                listing.format(t="tickets_ticket", extra=""),
                [community, start, end],
            ),
            "community month list, partitioned, pruned": (
                listing.format(t="tickets_ticket", extra=prune),
                [community, start, end, lo, hi],
            ),
        }
        for text, params in cases.values():  # warm the cache once
            cur.execute(text, params)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(repeats):
            for name, (text, params) in cases.items():
                t0 = time.perf_counter()
                cur.execute(text, params)
                cur.fetchall()
                times[name].append((time.perf_counter() - t0) * 1000)
        for name, ms in times.items():
            print(f"{name}: {summary(ms)}")
        cur.execute(
            "EXPLAIN " + cases["month counts, partitioned, pruned"][0],
            cases["month counts, partitioned, pruned"][1],
        )
        scanned = sum("tickets_ticket_p" in row[0] for row in cur.fetchall())
        cur.execute(
            "EXPLAIN " + cases["month counts, partitioned, by date"][0],
            cases["month counts, partitioned, by date"][1],
        )
        unpruned = sum("tickets_ticket_p" in row[0] for row in cur.fetchall())
        print(f"partitions in the plan: pruned {scanned}, by date {unpruned}")


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--tickets", type=int, default=1_000_000)
    p.add_argument("--phase", choices=["build", "load", "insert", "query"], required=True)
    p.add_argument("--repeats", type=int, default=30)
    args = p.parse_args()
    if args.phase == "build":
        setup_django(args.database_url)
        build(args.tickets)
        return
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()
    print(os.popen("uptime").read().strip())  # noqa: S605, S607
    if args.phase == "load":
        load_phase()
    elif args.phase == "insert":
        insert_phase()
    else:
        query_phase(args.repeats)
    print(os.popen("uptime").read().strip())  # noqa: S605, S607


if __name__ == "__main__":
    main()
