"""Tickets (issue 4): a worker's list and intake under gunicorn + wrk, the sweep and the three rates.

    make bench B=tickets ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_tickets"

1. 1,000,000 tickets over 200 communities, submitted over 12 months, written with COPY. All are
   open (the sweep's worst case), due from yesterday to 19 days ahead (~5 % past due, ~5 % due
   within a day); 70 % carry an evaluation so that the rates have work to do.
2. gunicorn (the `tickets_settings` here) serves the app; wrk hits a worker's ticket list
   (GET /api/v1/tickets, bearer token) and a minimal Django JSON view in the same run, 64
   connections each; then intake (POST /api/v1/tickets) at a few connections.
3. The three rates of one month for the whole city (in-process), median of 5.
4. The sweep timed over all of them (first run, then a re-run 5 minutes later).
"""

import datetime as dt
import os
import random
import re
import signal
import subprocess
import sys
import tempfile

from common import BENCH, ROOT, parser, setup_django, start_gunicorn, summary, timer, wait_http

PASSWORD = "bench-only-horse-42"  # noqa: S105 - a throw-away database


def build_areas():
    from linli.areas.models import Area

    def add(code, name, parent):
        path = (parent.path if parent else "") + code + "/"
        level = (
            "city"
            if parent is None
            else {"city": "district", "district": "street", "street": "community"}[parent.level]
        )
        return Area.objects.create(code=code, name=name, parent=parent, level=level, path=path)

    city = add("110000", "北京市", None)
    communities = []
    for d in range(4):
        district = add(f"1101{d + 1:02d}", f"区{d + 1}", city)
        for s in range(5):
            street = add(f"{district.code}{s + 1:03d}000", f"街道{d + 1}-{s + 1}", district)
            for c in range(10):
                communities.append(
                    add(f"{district.code}{s + 1:03d}{c + 1:03d}", f"社区{d + 1}-{s + 1}-{c + 1}", street)
                )
    return city, communities


def copy_tickets(n, communities, categories, now):
    """n open tickets submitted over the last 12 months; ~70 % carry an evaluation."""
    from django.db import connection

    from linli.tickets.models import Ticket

    rnd = random.Random(4)
    cols = [
        "code",
        "token",
        "kind",
        "channel",
        "status",
        "level",
        "category_id",
        "community_id",
        "title",
        "description",
        "address",
        "anonymous",
        "contact_name",
        "contact_phone",
        "contact_phone_index",
        "external_ref",
        "submitted_at",
        "response_due",
        "due_at",
        "accepted_at",
        "resolved_at",
        "closed_at",
        "escalated_auto",
        "response_overdue",
        "is_overdue",
        "warned",
        "supervised",
        "resolution",
        "reject_reason",
        "resolved_rating",
        "satisfaction",
        "evaluated_at",
        "evaluation_note",
        "reopen_count",
        "updated_at",
    ]
    sats = ["satisfied", "satisfied", "satisfied", "basic", "dissatisfied"]
    table = Ticket._meta.db_table
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
        for i in range(n):
            sub = now - dt.timedelta(seconds=rnd.randrange(365 * 86400))
            resp_due = sub + dt.timedelta(hours=24)
            due = now + dt.timedelta(seconds=rnd.randrange(-86400, 19 * 86400))
            acc = sub + dt.timedelta(hours=rnd.choice([1, 2, 5, 30]))
            closed = rnd.random() < 0.7
            status = rnd.choice(["submitted", "accepted", "in_progress"])
            ev = sub + dt.timedelta(days=3) if closed else None
            row = [
                f"B{i:09d}",
                f"tok{i}",
                "help",
                "portal",
                status,
                "community",
                rnd.choice(categories),
                rnd.choice(communities),
                "楼道灯不亮",
                "楼道灯不亮，晚上看不见",
                "",
                False,
                "",
                "",
                "",
                "",
                sub,
                resp_due,
                due,
                None if status == "submitted" else acc,
                ev,
                None,
                False,
                # Unanswered past the response limit: flagged by earlier sweeps, like a live system.
                status == "submitted" and resp_due < now - dt.timedelta(hours=1),
                False,
                False,
                False,
                "",
                "",
                (rnd.random() < 0.85) if closed else None,
                rnd.choice(sats) if closed else "",
                ev,
                "",
                0,
                sub,
            ]
            copy.write_row(row)
    with connection.cursor() as cur:
        # Each evaluation is also a rating row, as `ticket_evaluate` writes it (the rates read those).
        cur.execute(
            "INSERT INTO tickets_rating (ticket_id, community_id, at, kind, resolved, satisfaction, note)"
            " SELECT id, community_id, evaluated_at, 'evaluated', resolved_rating, satisfaction, ''"
            " FROM tickets_ticket WHERE evaluated_at IS NOT NULL"
        )
        cur.execute(f"ANALYZE {table}")
        cur.execute("ANALYZE tickets_rating")


def wrk(url, seconds, connections, headers=(), script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def ms(m):
        value, unit = float(m.group(1)), m.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    return {
        "rps": rps,
        "p50": ms(p50),
        "p99": ms(p99),
        "errors": int(errors.group(1)) if errors else 0,
        "raw": out,
    }


def main():
    p = parser(__doc__)
    p.add_argument("--tickets", type=int, default=1_000_000)
    p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument(
        "--reuse", action="store_true", help="keep the database of an earlier run (skip generation)"
    )
    p.add_argument("--only", choices=["all", "http", "sweep", "rates"], default="all")
    p.add_argument(
        "--jobs",
        choices=["rq", "immediate"],
        default="rq",
        help="rq: background jobs to Redis (--redis) with one RQ worker running, as in production;"
        " immediate: run in the request after its commit (the embedded default; before issue 18)",
    )
    p.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    p.add_argument(
        "--coalesce",
        choices=["yes", "no"],
        default="yes",
        help="with --jobs rq: one queued indicator refresh per community at a time (as with Redis)",
    )
    args = p.parse_args()
    if args.reuse:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
        import django

        django.setup()
    else:
        setup_django(args.database_url)

    from django.utils import timezone

    from linli.accounts.actions import api_token_create, user_create
    from linli.tickets.models import Category, Ticket

    now = timezone.now()
    from linli.accounts.models import ApiToken
    from linli.areas.models import Area

    if not args.reuse:
        city, communities = build_areas()
        categories = list(Category.objects.filter(children__isnull=True).values_list("pk", flat=True))
        with timer() as t:
            copy_tickets(args.tickets, [c.pk for c in communities], categories, now)
        print(f"generated {Ticket.objects.count():,} tickets in {t['seconds']:.1f} s")
        worker = user_create(
            actor=None, username="w1", display_name="w", password=PASSWORD, role="worker", area=communities[0]
        )
        agent = user_create(
            actor=None, username="a1", display_name="a", password=PASSWORD, role="agent", area=city
        )
    else:
        from linli.accounts.models import User

        city = Area.objects.get(code="110000")
        communities = list(Area.objects.filter(level="community").order_by("code"))
        worker, agent = User.objects.get(username="w1"), User.objects.get(username="a1")
        ApiToken.objects.filter(name="bench").delete()
        print(f"reusing {Ticket.objects.count():,} tickets")
    _, worker_key = api_token_create(actor=worker, name="bench")
    _, agent_key = api_token_create(actor=agent, name="bench")
    print(f"the worker's community holds {Ticket.objects.filter(community=communities[0]).count():,} tickets")

    # ---- HTTP under gunicorn
    if args.only == "sweep":
        return sweeps_timed(now)
    if args.only == "rates":
        return rates_timed(now)
    rq_worker = None
    if args.jobs == "rq":
        import redis
        from rq import Queue

        os.environ["BENCH_JOBS_REDIS"] = args.redis
        os.environ["BENCH_COALESCE"] = args.coalesce
        redis.Redis.from_url(args.redis).flushdb()  # an earlier run's queue and cache
        rq_worker = start_rq_worker()
    server = start_gunicorn("tickets_settings", 8472, args.workers)
    try:
        base = "http://127.0.0.1:8472"
        wait_http(f"{base}/bench/ping")
        auth = f"Authorization: Bearer {worker_key}"
        wrk(f"{base}/bench/ping", 3, 64)  # warm up both
        wrk(f"{base}/api/v1/tickets", 3, 64, [auth])
        ping = wrk(f"{base}/bench/ping", args.seconds, 64)
        listing = wrk(f"{base}/api/v1/tickets", args.seconds, 64, [auth])
        print(
            f"minimal JSON view : {ping['rps']:.0f} req/s, p50 {ping['p50']:.1f} ms, p99 {ping['p99']:.1f} ms"
        )
        print(
            f"worker's list (API): {listing['rps']:.0f} req/s, p50 {listing['p50']:.1f} ms, p99 {listing['p99']:.1f} ms, "
            f"non-2xx {listing['errors']}"
        )
        print(f"ratio list/ceiling: {listing['rps'] / ping['rps']:.2f}")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            body = (
                '{"community":"' + communities[0].code + '","category":"neighbours-leak",'
                '"description":"楼上漏水到我家","channel":"hotline","contact_phone":"13700000001"}'
            )
            lua.write(
                'wrk.method = "POST"\n'
                f"wrk.body = '{body}'\n"
                'wrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.headers["Authorization"] = "Bearer {agent_key}"\n'
            )
        before = Ticket.objects.count()
        for conns in (4, 8):
            intake = wrk(f"{base}/api/v1/tickets", args.seconds, conns, script=lua.name)
            print(
                f"intake at {conns} connections: {intake['rps']:.0f} tickets/s, p50 {intake['p50']:.1f} ms, "
                f"p99 {intake['p99']:.1f} ms, non-2xx {intake['errors']}"
            )
        print(f"tickets created by intake: {Ticket.objects.count() - before:,}")
        if rq_worker is not None:
            left = len(Queue("default", connection=redis.Redis.from_url(args.redis)))
            print(f"jobs: rq (one worker); still queued at the end: {left:,}")
        else:
            print("jobs: immediate (in the request, after its commit)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if rq_worker is not None:
            rq_worker.send_signal(signal.SIGTERM)
            rq_worker.wait(timeout=60)

    if args.only == "http":
        return
    rates_timed(now)
    sweeps_timed(now)


def rates_timed(now):
    """The three rates of last month for the whole city, in process: median of 5."""
    from linli.tickets import queries

    month = (now - dt.timedelta(days=40)).date().replace(day=1)
    times = []
    for _ in range(5):
        with timer() as t:
            data = queries.rates(None, month)
        times.append(t["seconds"] * 1000)
    settled = sum(r.responses for r in data["district"])
    rated = sum(r.evaluated for r in data["district"])
    print(
        f"three rates for {month:%Y-%m}, whole city ({settled:,} responses settled, {rated:,} ratings"
        f" that month): {summary(times)}"
    )


def start_rq_worker() -> subprocess.Popen[bytes]:
    """One `manage.py rqworker default` on the benchmark's settings (it shares the 2 cores)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tickets_settings", PYTHONPATH=f"{BENCH}:{ROOT}")
    command = [sys.executable, str(ROOT / "manage.py"), "rqworker", "default"]
    quiet = subprocess.DEVNULL  # a line per job otherwise
    return subprocess.Popen(command, env=env, cwd=str(BENCH), stdout=quiet, stderr=quiet)  # noqa: S603


def sweeps_timed(now):
    """The sweep over every open ticket, then again 5 minutes later (steady state)."""
    from linli.tickets.models import Ticket
    from linli.tickets.sweeps import sweep

    open_n = Ticket.objects.filter(status__in=["submitted", "accepted", "in_progress"]).count()
    late_n = Ticket.objects.filter(
        status__in=["submitted", "accepted", "in_progress"], due_at__lt=now
    ).count()
    with timer() as t:
        counts = sweep(now=now)
    print(f"sweep over {open_n:,} open tickets ({late_n:,} past due): {t['seconds']:.2f} s, {counts}")
    with timer() as t:
        counts = sweep(now=now + dt.timedelta(minutes=5))
    print(f"sweep re-run 5 minutes later: {t['seconds']:.2f} s, {counts}")


if __name__ == "__main__":
    main()
