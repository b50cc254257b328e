"""Appends/s of a hash chain with one head vs one head per district (docs/scaling.md).

    python bench/audit_shards.py --database-url postgres://postgres@127.0.0.1:5432/linli_x_bench

The append of linli's audit chain in plain SQL (head row locked FOR UPDATE, HMAC over the event
and the previous hash, event inserted, head moved, commit), from `--writers` connections at once,
for `--seconds` each: with 1 chain, with 16 chains (each writer picks a district at random), and
a reference of the same insert and commit with no chain. The database is created and dropped.
"""

import argparse
import hashlib
import hmac
import random
import statistics
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg

KEY = b"bench-key"
SCHEMA = """
CREATE TABLE head (chain int PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL);
CREATE TABLE event (chain int NOT NULL, seq bigint NOT NULL, payload text NOT NULL,
                    prev_hash text NOT NULL, hash text NOT NULL, PRIMARY KEY (chain, seq));
"""


def _append(conn: psycopg.Connection, chain: int | None, payload: str) -> None:
    with conn.transaction():
        if chain is None:  # the reference: the same insert and commit, no chain
            conn.execute(
                "INSERT INTO event VALUES (-1, nextval('ref'), %s, '', %s)",
                [payload, hashlib.sha256(payload.encode()).hexdigest()],
            )
            return
        seq, prev = conn.execute("SELECT seq, hash FROM head WHERE chain = %s FOR UPDATE", [chain]).fetchone()  # type: ignore[misc]
        digest = hmac.new(KEY, f"{chain}:{seq + 1}:{payload}:{prev}".encode(), hashlib.sha256).hexdigest()
        conn.execute("INSERT INTO event VALUES (%s, %s, %s, %s, %s)", [chain, seq + 1, payload, prev, digest])
        conn.execute("UPDATE head SET seq = %s, hash = %s WHERE chain = %s", [seq + 1, digest, chain])


def run(url: str, chains: int | None, writers: int, seconds: float) -> tuple[float, float, float]:
    stop = time.monotonic() + seconds
    times: list[float] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        rng = random.Random(n)
        mine: list[float] = []
        with psycopg.connect(url, autocommit=True) as conn:
            while time.monotonic() < stop:
                t = time.perf_counter()
                _append(conn, None if chains is None else rng.randrange(chains), f"event by writer {n}")
                mine.append(time.perf_counter() - t)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return len(times) / seconds, statistics.median(times) * 1000, times[int(len(times) * 0.99)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    parts = urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(SCHEMA)
            conn.execute("CREATE SEQUENCE ref")
            conn.execute("INSERT INTO head SELECT g, 0, '' FROM generate_series(0, 15) g")
        print(f"{args.writers} writers, {args.seconds:.0f} s each")
        for label, chains in (("reference (no chain)", None), ("1 chain", 1), ("16 chains", 16)):
            rate, p50, p99 = run(args.database_url, chains, args.writers, args.seconds)
            print(f"{label:22} {rate:8.0f} appends/s  p50 {p50:6.2f} ms  p99 {p99:7.2f} ms")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
