"""Online casting through HTTP: concurrent clients POST ballots to gunicorn (issue 5).

    make bench B=governance_http ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_gov_http"

Sets up the same election as bench/governance.py, starts gunicorn (`--workers`, sync workers)
on `--port`, and has `--clients` threads each POST `/api/v1/governance/vote` with one voter's
one-time code (JSON, no sign-in: the slip path). Clients and server share the machine's cores.
With `--encrypted N` the clients send N ballots encrypted beforehand, as a voter's device would
(issue 20: the server checks their form; proofs are checked by the background pass).
"""

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from common import ROOT, parser, setup_django, summary
from governance import setup


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--voters", type=int, default=6000)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--port", type=int, default=8093)
    p.add_argument("--encrypted", type=int, default=0, help="send N device-encrypted ballots, cyclically")
    args = p.parse_args()
    setup_django(args.database_url)
    from django.db import connections

    from linli.governance.models import Ballot

    r, issued, by_pos, _seats, _election, _cands = setup(args.voters)
    contents: list[str] = []
    if args.encrypted:
        from linli.governance import crypto
        from linli.governance.elections import actions

        layout = actions.ballot_layout(r)
        rng0 = random.Random(1)
        for _ in range(args.encrypted):
            chosen = [
                rng0.choice(by_pos["director"]),
                rng0.choice(by_pos["deputy"]),
                *rng0.sample(by_pos["member"], 3),
            ]
            contents.append(crypto.encrypt_ballot(layout, [f"c{c}" for c in chosen]))
    connections.close_all()
    env = dict(os.environ, DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="linli.settings.test")
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "linli.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{args.port}/api/v1/governance/vote"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        codes = [code for _, code in issued]
        chunks = [codes[k :: args.clients] for k in range(args.clients)]
        latencies: list[float] = []
        failures: list[int] = []
        lock = threading.Lock()
        barrier = threading.Barrier(args.clients + 1)

        def client(my_codes: list[str], seed: int) -> None:
            rng = random.Random(seed)
            mine, bad = [], 0
            barrier.wait()
            for i, code in enumerate(my_codes):
                body: dict = {
                    "credential": code,
                    "picks": {
                        "director": [rng.choice(by_pos["director"])],
                        "deputy": [rng.choice(by_pos["deputy"])],
                        "member": rng.sample(by_pos["member"], 3),
                    },
                }
                if contents:  # encrypted on the voter's device (here, before the clock)
                    body = {"credential": code, "encrypted": contents[(seed + i) % len(contents)]}
                req = urllib.request.Request(
                    url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
                )
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
                        ok = resp.status == 201
                except OSError:
                    ok = False
                mine.append((time.perf_counter() - start) * 1000)
                bad += not ok
            with lock:
                latencies.extend(mine)
                failures.append(bad)

        threads = [threading.Thread(target=client, args=(chunk, k)) for k, chunk in enumerate(chunks)]
        for th in threads:
            th.start()
        barrier.wait()
        start = time.perf_counter()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = Ballot.objects.filter(round=r).count()
    print(
        f"http: {len(codes)} ballots by {args.clients} concurrent clients against gunicorn ({args.workers} workers)"
        f" in {elapsed:.2f} s = {stored / elapsed:.0f} ballots/s sustained; {sum(failures)} failed;"
        f" per request {summary(latencies)}; mean {statistics.mean(latencies):.1f} ms"
    )
    assert stored == len(codes) - sum(failures)


if __name__ == "__main__":
    main()
