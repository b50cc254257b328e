"""人户分离 (issue 21) at 1M residents: `counts_by_community` before and after, and the migration.

In one run, on one database: the registry is migrated back to 0006 (the three typed kinds),
filled inside the database with `--residents` residents in households of three across
`--communities` communities (7 in 10 households 户籍, 2 常住, 1 流动; 户籍地 texts that name a
district, a province or nothing). Then:

1. the counts as they were before issue 21 (the two `GROUP BY community, kind` queries of the
   old `counts_by_community`, on the old columns), `--runs` times;
2. migration 0007 (new columns, the data placed, the old kinds dropped, the derived kind
   generated and indexed), once, timed;
3. the new `registry.counts.counts_by_community`, `--runs` times, and the ratio to 1.
"""

import datetime as dt
import os
import statistics

from common import parser, repeat, setup_django, summary, timer

OLD_HOUSEHOLDS = (
    "SELECT community_id, kind, COUNT(id) FROM registry_household WHERE is_active GROUP BY community_id, kind"
)
OLD_RESIDENTS = "SELECT community_id, kind, COUNT(id) FROM registry_resident WHERE status = 'active' GROUP BY community_id, kind"


def fill(communities: int, residents: int) -> None:
    from django.db import connection
    from finance_funding import build_tree

    ids = build_tree(communities, 21)
    households = residents // 3 + 1
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cur:
        cur.execute("CREATE TEMPORARY TABLE bench_comm (idx integer, id bigint)")
        cur.executemany("INSERT INTO bench_comm VALUES (%s, %s)", list(enumerate(ids)))
        if pg:
            series = "generate_series(1, %s) g"
            head = ""
        else:
            series = "seq"
            head = "WITH RECURSIVE seq(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM seq WHERE g < %s) "
        kind = "CASE WHEN g %% 10 < 7 THEN 'registered' WHEN g %% 10 < 9 THEN 'resident' ELSE 'floating' END"
        now = "'2020-01-01 00:00:00+00'" if pg else "'2020-01-01 00:00:00'"
        cur.execute(
            f"{head}INSERT INTO registry_household (id, code, community_id, kind, is_active, created_at)"  # noqa: S608
            f" SELECT g, 'B' || g, c.id, {kind}, true, {now} FROM {series}"
            f" JOIN bench_comm c ON c.idx = g %% {len(ids)}",
            [households],
        )
        hkind = kind.replace("g %% 10", "((g - 1) / 3 + 1) %% 10")
        place = (
            "CASE WHEN g %% 5 = 0 THEN '' WHEN ((g - 1) / 3 + 1) %% 10 < 7 THEN '北京市朝阳区'"
            " WHEN ((g - 1) / 3 + 1) %% 10 < 9 THEN '北京市海淀区' ELSE '河北省保定市' END"
        )
        cur.execute(
            f"{head}INSERT INTO registry_resident (community_id, household_id, relation, kind, status, name,"  # noqa: S608
            " id_number, id_index, gender, birth_date, phone, phone_index, ethnicity, hukou_place,"
            " employment, registered_at)"
            f" SELECT c.id, (g - 1) / 3 + 1, CASE WHEN (g - 1) %% 3 = 0 THEN 'head' ELSE 'spouse' END,"
            f" {hkind}, CASE WHEN g %% 50 = 0 THEN 'moved_out' ELSE 'active' END, '居民' || g,"
            f" 'x', 'b' || g, 'M', '1970-01-01', '', '', '汉族', {place}, '', {now}"
            f" FROM {series} JOIN bench_comm c ON c.idx = ((g - 1) / 3 + 1) %% {len(ids)}",
            [residents],
        )
        if pg:
            cur.execute("ANALYZE registry_household")
            cur.execute("ANALYZE registry_resident")


def old_counts() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(OLD_HOUSEHOLDS)
        cur.fetchall()
        cur.execute(OLD_RESIDENTS)
        cur.fetchall()


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--communities", type=int, default=500)
    p.add_argument("--residents", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    os.environ["DJANGO_DEBUG"] = "0"
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "registry", "0006", verbosity=0)
    with timer() as t_fill:
        fill(args.communities, args.residents)
    print(
        f"{connection.vendor}: data: {args.residents:,} residents, {args.communities} communities ({t_fill['seconds']:.0f} s)"
    )
    before = repeat(old_counts, args.runs)
    print(f"{connection.vendor}: counts before issue 21 (GROUP BY community, kind): {summary(before)}")
    with timer() as t_mig:
        call_command("migrate", "registry", "0007", verbosity=1)
    print(f"{connection.vendor}: migration 0007 on {args.residents:,} residents: {t_mig['seconds']:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE registry_resident")
    from linli.registry.counts import counts_by_community

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    after = repeat(lambda: counts_by_community(now=now), args.runs)
    print(
        f"{connection.vendor}: counts_by_community after (户籍/常住/流动, households by the same split): {summary(after)}"
    )
    ratio = statistics.median(after) / statistics.median(before)
    print(f"{connection.vendor}: ratio of the medians, after / before: {ratio:.2f}")
    print(
        f"{connection.vendor}: load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    total = sum(c["residents"]["total"] for c in counts_by_community(now=now).values())
    print(f"{connection.vendor}: active residents counted: {total:,}")


if __name__ == "__main__":
    main()
