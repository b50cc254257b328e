"""How fast the hash-chained audit log takes events, and how fast it verifies.

Every write appends one event while holding the chain head's row lock, so this is the ceiling
on audited writes per second for the whole city.

With `--parallel N` (PostgreSQL), N processes, each with its own connection, append for
`--seconds` (issue 18: where one chain head stops):
1. the real `linli.audit.chain.record`, one chain, N processes;
2. the same append (head row locked, HMAC over the canonical event, insert, head updated, in one
   transaction) on a bench-only sharded copy of the tables: `--chains K` heads, process i on
   chain i % K. K=1 is the same serial head as (1); K=16 is one chain per district, each with its
   own head (a city-level anchor would sign the 16 heads now and then; not measured).
"""

import multiprocessing as mp
import os
import time

from common import connect_django, from_template, parser, repeat, setup_django, summary, timer

SHARD_TABLES = """
DROP TABLE IF EXISTS bench_shard_event, bench_shard_head;
CREATE TABLE bench_shard_head (shard smallint PRIMARY KEY, seq bigint NOT NULL, hash varchar(64) NOT NULL);
CREATE TABLE bench_shard_event (
    id bigserial PRIMARY KEY, shard smallint NOT NULL, seq bigint NOT NULL, created_at timestamptz NOT NULL,
    actor_id bigint, action varchar(100) NOT NULL, object_type varchar(100) NOT NULL,
    object_id varchar(64) NOT NULL, object_repr varchar(200) NOT NULL, area_id bigint, ip inet,
    details jsonb NOT NULL, prev_hash varchar(64) NOT NULL, hash varchar(64) NOT NULL,
    UNIQUE (shard, seq));
CREATE INDEX ON bench_shard_event (created_at);
CREATE INDEX ON bench_shard_event (action);
CREATE INDEX ON bench_shard_event (object_type, object_id);
"""


def ready(go, start) -> float:
    """Wait until every process is connected and warm; the clock starts for all at once."""
    go.wait()
    while time.time() < start.value:
        time.sleep(0.001)
    return start.value


def real_appender(url: str, seconds: float, ready_q, go, start, out) -> None:
    connect_django(url)
    from django.db import connection, transaction

    from linli.audit.chain import record

    connection.ensure_connection()
    n = 0
    ready_q.put(1)
    t0 = ready(go, start)
    while time.time() < t0 + seconds:
        with transaction.atomic():
            record(actor=None, action="bench.event.appended", details={"n": n})
        n += 1
    out.put(n)


def shard_appender(url: str, shard: int, seconds: float, ready_q, go, start, out) -> None:
    import json
    from datetime import UTC, datetime

    import psycopg

    connect_django(url)
    from linli.audit.chain import mac

    n = 0
    with psycopg.connect(url) as conn:
        ready_q.put(1)
        t0 = ready(go, start)
        while time.time() < t0 + seconds:
            with conn.transaction():
                seq, prev = conn.execute(
                    "SELECT seq, hash FROM bench_shard_head WHERE shard = %s FOR UPDATE", [shard]
                ).fetchone()
                now = datetime.now(UTC)
                body = {
                    "seq": seq + 1,
                    "shard": shard,
                    "created_at": now.isoformat(),
                    "actor": None,
                    "action": "bench.event.appended",
                    "object_type": "",
                    "object_id": "",
                    "object_repr": "",
                    "area": None,
                    "ip": None,
                    "details": {"n": n},
                    "prev_hash": prev,
                }
                digest = mac(json.dumps(body, sort_keys=True, separators=(",", ":")).encode())
                conn.execute(
                    "INSERT INTO bench_shard_event (shard, seq, created_at, action, object_type, object_id,"
                    " object_repr, details, prev_hash, hash) VALUES (%s, %s, %s, %s, '', '', '', %s, %s, %s)",
                    [shard, seq + 1, now, "bench.event.appended", json.dumps({"n": n}), prev, digest],
                )
                conn.execute(
                    "UPDATE bench_shard_head SET seq = %s, hash = %s WHERE shard = %s",
                    [seq + 1, digest, shard],
                )
            n += 1
    out.put(n)


def parallel(url: str, processes: int, chains: int, seconds: float) -> None:
    import psycopg

    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    runs = [("real record(), 1 chain", None)] + [
        (f"sharded copy, {k} chain(s)", k) for k in sorted({1, chains})
    ]
    for label, k in runs:
        if k is not None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(SHARD_TABLES)
                conn.execute(
                    "INSERT INTO bench_shard_head SELECT g, 0, %s FROM generate_series(0, %s) g",
                    ["0" * 64, k - 1],
                )
        ready_q, go, start = ctx.Queue(), ctx.Event(), ctx.Value("d", 0.0)
        procs = [
            ctx.Process(target=real_appender, args=(url, seconds, ready_q, go, start, out))
            if k is None
            else ctx.Process(target=shard_appender, args=(url, i % k, seconds, ready_q, go, start, out))
            for i in range(processes)
        ]
        for p in procs:
            p.start()
        for _ in procs:
            ready_q.get()
        start.value = time.time() + 0.2
        go.set()
        total = sum(out.get() for _ in procs)
        for p in procs:
            p.join()
        print(
            f"postgresql, {processes} processes, {label}: {total / seconds:.0f} appends/s "
            f"({total:,} in {seconds:.0f} s; load {os.getloadavg()[0]:.1f})",
            flush=True,
        )


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--events", type=int, default=5000)
    p.add_argument("--parallel", type=int, default=0, help="processes appending at once (PostgreSQL)")
    p.add_argument("--chains", type=int, default=16)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--template", default="", help="clone this migrated database instead of migrating")
    args = p.parse_args()
    if args.template:
        from_template(args.database_url, args.template)
    else:
        setup_django(args.database_url)
    if args.parallel:
        parallel(args.database_url, args.parallel, args.chains, args.seconds)
        return
    from django.db import connection, transaction

    from linli.audit.chain import record, verify

    def one() -> None:
        with transaction.atomic():
            record(actor=None, action="bench.event.appended", details={"n": 1})

    ms = repeat(one, args.events)
    print(f"{connection.vendor}: append one event in its own transaction: {summary(ms)}")
    print(f"{connection.vendor}: {1000 / (sum(ms) / len(ms)):.0f} events/s from one process")
    with timer() as t:
        checked, broken = verify()
    assert broken is None
    print(
        f"{connection.vendor}: verify {checked} events in {t['seconds']:.2f} s ({checked / t['seconds']:.0f}/s)"
    )


if __name__ == "__main__":
    main()
