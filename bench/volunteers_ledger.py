"""The hours ledger at the issue's full scale: 1M volunteers and 20M signed-off entries (issue 14).

    .venv/bin/python bench/volunteers_ledger.py \
        --database-url postgres://postgres@127.0.0.1:5432/linli_h14_ledger

Seeds with COPY (streamed from this process in blocks, triggers and foreign keys off for the seed
only, the secondary indexes of transfers and movements dropped during the load and rebuilt after):
`--volunteers` volunteers with their accounts in 3,454 communities, and `--entries` earned
transfers of two movements each (the issued account of a community minus, a volunteer plus),
balances set from the movements. Then, under the machine-wide lock, the balance of one random
volunteer (the page's read, `Account.balance` by volunteer) and the same number summed from the
movements, with `SELECT 1` through Django as the reference in the same run; and the sum of all
movements, which must be 0. The database is dropped at the end unless `--keep`.
"""

import os
import random
import time

from common import parser, repeat, setup_django, summary
from volunteers import _token, bench_lock, seed_tree

BLOCK = 200_000


def copy_rows(cur, table: str, columns: str, lines) -> None:
    """COPY text rows, written in blocks of BLOCK lines."""
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as cp:
        buf: list[str] = []
        for line in lines:
            buf.append(line)
            if len(buf) >= BLOCK:
                cp.write("".join(buf))
                buf.clear()
        if buf:
            cp.write("".join(buf))


def secondary_indexes(cur, table: str) -> list[tuple[str, str, bool]]:
    """(name, definition, is_constraint) of the table's indexes other than its primary key."""
    cur.execute(
        """SELECT i.relname, pg_get_indexdef(i.oid), c.conname IS NOT NULL
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.contype = 'u'
        WHERE t.relname = %s AND NOT x.indisprimary""",
        [table],
    )
    return list(cur.fetchall())


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--volunteers", type=int, default=1_000_000)
    p.add_argument("--entries", type=int, default=20_000_000, help="earned transfers (two movements each)")
    p.add_argument("--reads", type=int, default=2000)
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    if not a.database_url.startswith("postgres"):
        raise SystemExit("this benchmark is for PostgreSQL: --database-url postgres://...")
    setup_django(a.database_url)
    from django.db import connection

    from linli.volunteers.models import Account, Movement

    t = time.perf_counter()
    communities = seed_tree(3454)
    n_c, v_n, e_n = len(communities), a.volunteers, a.entries
    token = _token().replace("\\", "\\\\")
    with connection.cursor() as c:
        cur = c.cursor  # psycopg's own cursor, for COPY
        cur.execute("SET session_replication_role = replica")  # the seed only: no triggers, no FKs
        dropped = {}
        for table in ("volunteers_transfer", "volunteers_movement"):
            dropped[table] = secondary_indexes(cur, table)
            for name, _definition, is_constraint in dropped[table]:
                if is_constraint:
                    cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                else:
                    cur.execute(f'DROP INDEX "{name}"')
        copy_rows(
            cur,
            "volunteers_volunteer",
            "id, number, community_id, name, id_number, id_index, phone, phone_index, skills, availability,"
            " background, status, registered_at",
            (
                f"{g}\tV{g:010d}\t{communities[g % n_c]}\t志愿者{g}\t{token}\tb{g:063d}\t\t\t\t\t\tactive\t"
                f"2025-01-01T00:00:00+00:00\n"
                for g in range(1, v_n + 1)
            ),
        )
        cur.execute(
            "INSERT INTO volunteers_account (id, kind, volunteer_id, area_id, balance, credit_limit) "
            "SELECT id, 'volunteer', id, community_id, 0, 0 FROM volunteers_volunteer"
        )
        cur.execute(
            "INSERT INTO volunteers_account (id, kind, area_id, balance, credit_limit) "  # noqa: S608
            f"SELECT {v_n} + row_number() OVER (ORDER BY id), 'issued', id, 0, 0 FROM areas_area WHERE level = 'community'"
        )
        for seq, table in (("volunteers_volunteer", "id"), ("volunteers_account", "id")):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{seq}', '{table}'), (SELECT max(id) FROM {seq}))"  # noqa: S608
            )
        print(f"volunteers and accounts: {time.perf_counter() - t:.0f} s", flush=True)
        # Transfer g: community (g mod n_c) issues 60 + g mod 120 minutes to volunteer 1 + g mod v_n.
        copy_rows(
            cur,
            "volunteers_transfer",
            "id, code, kind, area_id, at, reason, order_code",
            (
                f"{g}\tH{g:010d}\tearned\t{communities[g % n_c]}\t2025-01-01T00:00:00+00:00\t\t\n"
                for g in range(1, e_n + 1)
            ),
        )
        print(f"transfers: {time.perf_counter() - t:.0f} s", flush=True)
        copy_rows(
            cur,
            "volunteers_movement",
            "id, transfer_id, account_id, minutes",
            (
                f"{2 * g - 1}\t{g}\t{1 + g % v_n}\t{60 + g % 120}\n{2 * g}\t{g}\t{v_n + 1 + g % n_c}\t{-(60 + g % 120)}\n"
                for g in range(1, e_n + 1)
            ),
        )
        for table in ("volunteers_transfer", "volunteers_movement"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
        print(f"movements: {time.perf_counter() - t:.0f} s", flush=True)
        cur.execute("SET maintenance_work_mem = '512MB'")
        for table, rows in dropped.items():
            for name, definition, is_constraint in rows:
                cur.execute(definition)
                if is_constraint:
                    cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" UNIQUE USING INDEX "{name}"')
        print(f"indexes rebuilt: {time.perf_counter() - t:.0f} s", flush=True)
        cur.execute(
            "UPDATE volunteers_account a SET balance = s.b FROM "
            "(SELECT account_id, sum(minutes) b FROM volunteers_movement GROUP BY account_id) s WHERE s.account_id = a.id"
        )
        cur.execute("SET session_replication_role = origin")
        cur.execute("VACUUM ANALYZE volunteers_account")
        cur.execute("ANALYZE volunteers_movement")
        cur.execute("ANALYZE volunteers_transfer")
    print(
        f"seeded {v_n} volunteers, {e_n} entries ({2 * e_n} movements) in {time.perf_counter() - t:.0f} s",
        flush=True,
    )

    rng = random.Random(14)
    ids = list(range(1, v_n + 1))

    def ref() -> None:
        with connection.cursor() as c:
            c.execute("SELECT 1")

    def balance() -> None:
        Account.objects.only("balance").get(volunteer_id=rng.choice(ids)).balance  # noqa: B018

    def balance_summed() -> None:
        from django.db.models import Sum

        Movement.objects.filter(account__volunteer_id=rng.choice(ids)).aggregate(s=Sum("minutes"))

    with bench_lock():
        print(f"load while measuring: {os.getloadavg()}", flush=True)
        repeat(balance, 200)  # warm the connection and the plans
        print("reference SELECT 1:          ", summary(repeat(ref, a.reads)))
        print("balance (Account.balance):   ", summary(repeat(balance, a.reads)))
        print("balance (sum of movements):  ", summary(repeat(balance_summed, a.reads)))
        print(f"load after measuring: {os.getloadavg()}", flush=True)
    with connection.cursor() as c:
        c.execute("SELECT sum(minutes), count(*) FROM volunteers_movement")
        total, count = c.fetchone()
        c.execute("SELECT sum(balance) FROM volunteers_account")
        balances = c.fetchone()[0]
        c.execute("SELECT pg_size_pretty(pg_total_relation_size('volunteers_movement'))")
        size = c.fetchone()[0]
    print(f"sum of all {count} movements: {total}; sum of all balances: {balances}; movements table {size}")
    assert total == 0 and balances == 0
    if not a.keep:
        import psycopg

        connection.close()
        base, _, name = a.database_url.rpartition("/")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        print(f"dropped {name}")


if __name__ == "__main__":
    main()
