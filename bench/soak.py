"""Soak: tickets through the API under gunicorn for a while, memory of each worker over time (issue 10.19).

    make bench B=soak ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_soak --seconds 300"

Builds the bench area tree (4 districts, 20 streets, 200 communities) and a hotline agent with
an API token, starts gunicorn (`--workers` sync workers, `soak_settings`: the default SMS
backend, as in production) on 127.0.0.1, and has `--clients` threads POST `/api/v1/tickets`
(each with its own caller phone, so every ticket sends one SMS) for `--seconds`. Every
`--interval` seconds it reads each worker's resident memory (VmRSS in /proc/<pid>/status).

The first `--warmup` seconds are traffic too but not counted (imports, caches, the allocator
settling). Reported: each worker's RSS at the start and end of the counted window, and the
least-squares slope of the workers' summed RSS against the tickets taken, in bytes per ticket.
A leak shows as a steady positive slope; a flat process stays within noise (a few bytes/ticket).
"""

import json
import signal
import threading
import time
import urllib.request
from pathlib import Path

from common import parser, setup_django, start_gunicorn

PASSWORD = "bench-only-horse-42"  # noqa: S105 - a throw-away database


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: processes whose parent is the master."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 (after the parenthesised command, which may hold spaces) is the parent's pid.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def slope(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--seconds", type=int, default=180, help="counted soak time (after the warm-up)")
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--interval", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--port", type=int, default=8474)
    args = p.parse_args()
    setup_django(args.database_url)
    from django.db import connections
    from tickets import build_areas

    from linli.accounts.actions import api_token_create, user_create

    city, communities = build_areas()
    agent = user_create(
        actor=None, username="a1", display_name="a", password=PASSWORD, role="agent", area=city
    )
    _, key = api_token_create(actor=agent, name="soak")
    codes = [c.code for c in communities]
    connections.close_all()

    server = start_gunicorn("soak_settings", args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    taken = [0]
    failed = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def client(k: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            body = {
                "community": codes[(k * 7919 + n) % len(codes)],
                "category": "neighbours-leak",
                "description": "楼上漏水到我家",
                "channel": "hotline",
                # 137 + 8 digits: a different caller each ticket, one SMS each.
                "contact_phone": f"137{(k * 10_000_000 + n) % 100_000_000:08d}",
            }
            req = urllib.request.Request(  # noqa: S310 - 127.0.0.1
                f"{base}/api/v1/tickets",
                data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
            )
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
                    ok = resp.status == 201
            except OSError:
                ok = False
            with lock:
                if ok:
                    taken[0] += 1
                else:
                    failed[0] += 1

    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        pids = worker_pids(server.pid)
        print(f"gunicorn master {server.pid}, workers {pids}; idle RSS (MB):", end="")
        print(" ".join(f"{rss_bytes(pid) / 2**20:.1f}" for pid in pids))
        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(args.clients)]
        for th in threads:
            th.start()
        time.sleep(args.warmup)
        samples: list[tuple[float, int, list[int]]] = []
        start = time.monotonic()
        print(
            f"{'t (s)':>6} {'tickets':>8} " + " ".join(f"{'RSS ' + str(pid) + ' (MB)':>18}" for pid in pids)
        )
        while True:
            with lock:
                n = taken[0]
            rss = [rss_bytes(pid) for pid in pids]
            t = time.monotonic() - start
            samples.append((t, n, rss))
            print(f"{t:6.0f} {n:8d} " + " ".join(f"{r / 2**20:18.1f}" for r in rss), flush=True)
            if t >= args.seconds:
                break
            time.sleep(args.interval)
        stop.set()
        for th in threads:
            th.join(timeout=60)
        if worker_pids(server.pid) != pids:
            print("warning: gunicorn replaced a worker during the run; figures mix processes")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    (t0, n0, rss0), (t1, n1, rss1) = samples[0], samples[-1]
    counted = n1 - n0
    print(
        f"\n{counted:,} tickets in {t1 - t0:.0f} s counted ({counted / (t1 - t0):.0f}/s; "
        f"{taken[0]:,} in all with the warm-up, {failed[0]} failed), {len(pids)} workers"
    )
    for i, pid in enumerate(pids):
        print(
            f"worker {pid}: {rss0[i] / 2**20:.1f} -> {rss1[i] / 2**20:.1f} MB "
            f"({(rss1[i] - rss0[i]) / 2**20:+.2f} MB)"
        )
    total = slope([float(n) for _, n, _ in samples], [float(sum(r)) for _, _, r in samples])
    print(
        f"all workers: {sum(rss0) / 2**20:.1f} -> {sum(rss1) / 2**20:.1f} MB; "
        f"slope {total:.1f} bytes per ticket (least squares over {len(samples)} samples)"
    )


if __name__ == "__main__":
    main()
