"""Load first, index after (bench/city.py): the loaded tables' secondary indexes, unique
constraints and foreign keys are dropped before the COPY and rebuilt from their own definitions
(`pg_get_indexdef`, `pg_get_constraintdef`) once every row is in.

Building a B-tree from sorted input once is far cheaper than maintaining it row by row across
several processes, and a deferred foreign key queues one trigger event per row until commit. The
primary keys stay (ids are planned in order: appending to their B-trees is cheap). The rebuilt
schema is the migrated one, so `makemigrations --check`-level equality is not at stake: the
same statements come back, names included.
"""

import queue
import threading
import time

LOADED = (
    "registry_building",
    "registry_dwelling",
    "registry_household",
    "registry_resident",
    "registry_caretag",
    "tickets_ticket",
    "tickets_ticketevent",
    "tickets_rating",
)


def strip(cur) -> tuple[list[str], list[str]]:
    """Drop the loaded tables' foreign keys, unique constraints and secondary indexes.

    Returns (indexes and unique constraints; the ticket numbers and foreign keys): the statements
    that put them back.
    On a partitioned table only the parent's definitions are taken (dropping them drops the
    partitions' copies; creating them on the parent builds one per partition)."""
    tables = list(LOADED)
    cur.execute(
        "SELECT c.conname, c.conrelid::regclass::text, c.contype, pg_get_constraintdef(c.oid)"
        " FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('f', 'u')"
        " AND c.conparentid = 0 ORDER BY c.contype, c.conname",
        [tables],
    )
    constraints = cur.fetchall()
    cur.execute(
        "SELECT i.indexrelid::regclass::text, i.indrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
        " FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('u', 'p'))",
        [tables],
    )
    indexes = cur.fetchall()
    builds, keys = [], []
    for name, table, kind, definition in constraints:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        (keys if kind == "f" else builds).append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, _table, definition in indexes:
        cur.execute(f"DROP INDEX IF EXISTS {name}")
        builds.append(definition.replace(" ON ONLY ", " ON ", 1))
    # The ticket numbers' table (tickets migration 0007) is filled in one statement afterwards
    # instead of by a PL/pgSQL trigger per row.
    cur.execute("ALTER TABLE tickets_ticket DISABLE TRIGGER tickets_ticket_code_keep")
    keys.insert(
        0,
        "INSERT INTO tickets_ticket_code (code, ticket_id) SELECT code, id FROM tickets_ticket"
        " ON CONFLICT DO NOTHING",
    )
    keys.insert(1, "ALTER TABLE tickets_ticket ENABLE TRIGGER tickets_ticket_code_keep")
    return builds, keys


def rebuild(url: str, builds: list[str], keys: list[str], workers: int) -> dict[str, float]:
    """Indexes and unique constraints from `workers` connections at once (each takes the next
    statement), then the foreign keys from one (adding a key locks both of its tables: two at a
    time could deadlock). Returns seconds per phase."""
    import psycopg

    todo: queue.Queue = queue.Queue()
    for sql in builds:
        todo.put(sql)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("SET maintenance_work_mem = '512MB'")
                while True:
                    try:
                        sql = todo.get_nowait()
                    except queue.Empty:
                        return
                    conn.execute(sql)
        except BaseException as exc:  # reported by the caller
            errors.append(exc)

    start = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(max(1, workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    indexed = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for sql in keys:
            conn.execute(sql)
    return {"indexes": indexed - start, "keys": time.perf_counter() - indexed}
