"""Check-in surge through the API with concurrent clients (issue 14: 200,000 check-ins in an hour,
≈ 56/s, at p95 < 200 ms).

    flock /tmp/bench.lock .venv/bin/python bench/volunteers_surge.py \
        --database-url postgres://postgres@127.0.0.1:5432/linli_h14_surge

Seeds `--volunteers` volunteers (SQL, as bench/volunteers.py) and `--activities` activities of
community 0 happening now, each with one shift of `--per-shift` confirmed sign-ups, organised by
one worker (an API token). gunicorn (`--workers` sync workers, the test settings with the
minimal `bench/ping` view of bench/tickets_urls.py) serves the app on this machine.

1. Paced (open loop): `--clients` threads send organiser check-ins
   (POST /api/v1/volunteers/signups/{id}/check-in) at `--rate` per second for `--seconds`; a
   request's latency counts from when it was due, so falling behind shows. The minimal JSON view
   is paced the same way first: the reference, same run, same server.
2. Saturated (closed loop): wrk at `--connections` connections, check-ins on fresh sign-ups (a Lua
   counter per thread), then the minimal view: the most this machine serves.

Every check-in is a real one: the conditional update, the audit event in its transaction. Both
paths are warmed first (200 pings, 300 check-ins at 30/s): a cold worker's first API request
loads the whole API. The database is dropped at the end unless `--keep`.
"""

import json
import os
import statistics
import tempfile
import threading
import time
import urllib.request

from common import parser, setup_django, start_gunicorn, summary, wait_http
from tickets import wrk
from volunteers import seed_ledger, seed_tree

PORT = 8414


def paced(url: str, bodies: list[tuple[str, bytes | None]], rate: float, clients: int, token: str) -> dict:
    """Send request i at t0 + i / rate from `clients` threads; latency from the due time."""
    lat: list[float] = []
    by_due: list[tuple[int, float]] = []
    bad = [0]
    lock = threading.Lock()
    nxt = [0]
    t0 = time.perf_counter() + 0.5

    def client() -> None:
        mine: list[tuple[int, float]] = []
        wrong = 0
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= len(bodies):
                break
            due = t0 + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            path, data = bodies[i]
            req = urllib.request.Request(  # noqa: S310 (our own server)
                url + path,
                data=data,
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
                    ok = resp.status == 200
                    resp.read()
            except OSError:
                ok = False
            mine.append((i, (time.perf_counter() - due) * 1000))
            wrong += not ok
        with lock:
            by_due.extend(mine)
            bad[0] += wrong

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    by_due.sort()
    lat.extend(ms for _i, ms in by_due)
    return {"lat": lat, "bad": bad[0], "rate": len(bodies) / elapsed}


def windows(lat: list[float], parts: int = 6) -> str:
    """p95 of each successive part of the run (in the order requests were due)."""
    size = max(1, len(lat) // parts)
    out = []
    for k in range(0, len(lat), size):
        part = sorted(lat[k : k + size])
        out.append(f"{part[int(len(part) * 0.95) - 1 if len(part) > 1 else 0]:.0f}")
    return " / ".join(out)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--volunteers", type=int, default=40_000)
    p.add_argument("--activities", type=int, default=200)
    p.add_argument("--per-shift", type=int, default=180)
    p.add_argument("--rate", type=float, default=56.0)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--wrk-seconds", type=int, default=20)
    p.add_argument("--keep", action="store_true", help="keep the database (dropped by default)")
    a = p.parse_args()
    if not a.database_url.startswith("postgres"):
        raise SystemExit("this benchmark is for PostgreSQL: --database-url postgres://...")
    setup_django(a.database_url)
    import datetime as dt

    from django.db import connection, connections
    from django.utils import timezone

    from linli.accounts.actions import api_token_create, user_create
    from linli.accounts.roles import Role
    from linli.areas.models import Area
    from linli.volunteers.models import Activity, Shift, SignUp

    communities = seed_tree(20)
    with connection.cursor() as cur:
        seed_ledger(cur, communities, a.volunteers, 1000)
    now = timezone.now()
    area = Area.objects.get(pk=communities[0])
    organiser = user_create(
        actor=None,
        display_name="组织者",
        username="org",
        password="bench-pass-42",  # noqa: S106 (a throw-away bench user)
        role=Role.WORKER,
        area=area,
    )
    _, token = api_token_create(actor=organiser, name="bench")
    start, end = now - dt.timedelta(minutes=10), now + dt.timedelta(hours=3)
    acts = Activity.objects.bulk_create(
        [
            Activity(
                code=f"AS{i:06d}",
                area=area,
                title="巡逻",
                place="p",
                starts_at=start,
                ends_at=end,
                qr_key="k" * 64,
                created_at=now,
                organiser=organiser,
            )
            for i in range(a.activities)
        ]
    )
    shifts = Shift.objects.bulk_create(
        [
            Shift(activity=x, starts_at=start, ends_at=end, capacity=a.per_shift, confirmed=a.per_shift)
            for x in acts
        ]
    )
    from linli.volunteers.models import Volunteer

    vols = list(Volunteer.objects.order_by("pk").values_list("pk", flat=True)[: a.per_shift])
    SignUp.objects.bulk_create(
        [
            SignUp(shift=s, volunteer_id=v, status="confirmed", signed_up_at=start)
            for s in shifts
            for v in vols
        ],
        batch_size=5000,
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    ids = list(SignUp.objects.order_by("pk").values_list("pk", flat=True))
    paced_n = int(a.rate * a.seconds)
    if paced_n * 2 > len(ids):
        raise SystemExit(f"{len(ids)} sign-ups: too few for {paced_n} paced check-ins and wrk")
    # Interleave shifts (the surge spreads over the activities), keep the rest for wrk.
    order = sorted(ids, key=lambda pk: (pk % a.per_shift, pk))
    paced_ids, wrk_ids = order[:paced_n], order[paced_n:]
    print(
        f"seeded {a.volunteers} volunteers, {a.activities} activities × {a.per_shift} sign-ups = {len(ids)}"
    )
    connections.close_all()
    server = start_gunicorn("tickets_settings", PORT, a.workers)
    base = f"http://127.0.0.1:{PORT}"
    try:
        wait_http(f"{base}/bench/ping")
        print(f"load before measuring: {os.getloadavg()}")
        pings = [("/bench/ping", None)] * paced_n
        body = json.dumps({}).encode()
        # Warm every worker on both paths first (imports, URL resolvers, the API's schemas).
        paced(base, [("/bench/ping", None)] * 200, 100, a.clients, token)
        warm_ids, wrk_ids = wrk_ids[-300:], wrk_ids[:-300]
        paced(
            base,
            [(f"/api/v1/volunteers/signups/{pk}/check-in", body) for pk in warm_ids],
            30,
            a.clients,
            token,
        )
        ref = paced(base, pings, a.rate, a.clients, token)
        checks = [(f"/api/v1/volunteers/signups/{pk}/check-in", body) for pk in paced_ids]
        run = paced(base, checks, a.rate, a.clients, token)
        print(f"load after the paced runs: {os.getloadavg()}")
        print(
            f"paced minimal view (reference): {len(pings)} at {ref['rate']:.1f}/s, {a.clients} clients: "
            f"{summary(ref['lat'])}; failed {ref['bad']}"
        )
        print(
            f"paced check-in via API: {len(checks)} at {run['rate']:.1f}/s, {a.clients} clients, "
            f"{a.workers} gunicorn workers: {summary(run['lat'])}; failed {run['bad']}; "
            f"ratio of medians {statistics.median(run['lat']) / statistics.median(ref['lat']):.1f}"
        )
        print(f"paced check-in, p95 by sixth of the run (ms): {windows(run['lat'])}")
        lo = wrk_ids
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(
                "local ids = {" + ",".join(map(str, lo)) + "}\n"
                "local n = 0\nlocal k = 0\nlocal step = 1\n"
                "function setup(thread) n = n + 1; thread:set('k', n) end\n"
                "function init(args) k = tonumber(wrk.thread:get('k')) or 1 end\n"
                'wrk.method = "POST"\nwrk.body = "{}"\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.headers["Authorization"] = "Bearer {token}"\n'
                "local i = 0\n"
                "function request()\n"
                "  i = i + 1\n"
                "  local id = ids[(i * 2 + k - 2) % #ids + 1]\n"
                '  return wrk.format(nil, "/api/v1/volunteers/signups/" .. id .. "/check-in")\n'
                "end\n"
            )
        ping = wrk(f"{base}/bench/ping", a.wrk_seconds, a.connections)
        sat = wrk(f"{base}/", a.wrk_seconds, a.connections, script=lua.name)
        print(f"load after wrk: {os.getloadavg()}")
        print(
            f"wrk minimal view: {ping['rps']:.0f} req/s, p50 {ping['p50']:.1f} ms, p99 {ping['p99']:.1f} ms "
            f"({a.connections} connections)"
        )
        print(
            f"wrk check-in via API: {sat['rps']:.0f} req/s, p50 {sat['p50']:.1f} ms, p99 {sat['p99']:.1f} ms, "
            f"non-2xx {sat['errors']} ({a.connections} connections; ratio {sat['rps'] / ping['rps']:.2f} of the ceiling)"
        )
        os.unlink(lua.name)
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = SignUp.objects.filter(checked_in_at__isnull=False).count()
    from linli.audit.models import AuditEvent

    events = AuditEvent.objects.filter(action="volunteers.signup.checked_in").count()
    print(f"checked in: {done} sign-ups; audit events {events}")
    if not a.keep:
        import psycopg

        connections.close_all()
        base, _, name = a.database_url.rpartition("/")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        print(f"dropped {name}")


if __name__ == "__main__":
    main()
