"""What session state survives a PgBouncer in transaction mode (docs/scaling.md, "PgBouncer").

    python tools/pgbouncer_check.py "host=127.0.0.1 port=6432 user=postgres dbname=postgres"

Two clients through the pooler; the second holds a transaction open so that the first's next
transaction lands on another server connection (PgBouncer reuses the most recently freed one).
Checks the three kinds of session state linli uses: a session advisory lock released in a later
transaction (governance's ballot box), a temporary table used across transactions (the registry
import's check pass) and a prepared statement executed again (tickets.fastlist, LINLI_DB_PREPARE).
"""

import secrets
import sys

import psycopg


def _connect(dsn: str) -> psycopg.Connection:
    # linli's settings: psycopg prepares only what asks for it (prepare=True).
    return psycopg.connect(dsn, autocommit=True, prepare_threshold=1_000_000_000)


def _pid(conn: psycopg.Connection) -> int:
    return int(conn.execute("SELECT pg_backend_pid()").fetchone()[0])  # type: ignore[index]


def main(dsn: str) -> None:
    a, b = _connect(dsn), _connect(dsn)

    key = secrets.randbelow(2**31)  # a lock no other run holds
    locked_on = _pid(a)
    a.execute("SELECT pg_advisory_lock_shared(1, %s)", [key])
    b.execute("BEGIN")
    held_by_b = _pid(b)
    row = a.execute("SELECT pg_backend_pid(), pg_advisory_unlock_shared(1, %s)", [key]).fetchone()
    b.execute("COMMIT")
    left = a.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s", [key]
    ).fetchone()
    print(
        f"advisory lock: taken on backend {locked_on} (the other client then held {held_by_b}),"
        f" released on {row[0]}: released={row[1]}, locks left behind={left[0]}"  # type: ignore[index]
    )

    a.execute("CREATE TEMPORARY TABLE pgbouncer_check (x int)")
    b.execute("BEGIN")
    b.execute("SELECT 1")
    try:
        a.execute("INSERT INTO pgbouncer_check VALUES (1)")
        print("temporary table: still there in the next transaction")
    except psycopg.Error as e:
        print(f"temporary table: {type(e).__name__}: {str(e).splitlines()[0]}")
    b.execute("COMMIT")

    a.execute("SELECT %s::int", [1], prepare=True)
    b.execute("BEGIN")
    b.execute("SELECT 1")
    try:
        a.execute("SELECT %s::int", [1], prepare=True)
        print("prepared statement: executed again")
    except psycopg.Error as e:
        print(f"prepared statement: {type(e).__name__}: {str(e).splitlines()[0]}")
    b.execute("COMMIT")


if __name__ == "__main__":
    main(sys.argv[1])
