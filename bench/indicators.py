"""The plan's indicators at city scale: full recompute, refresh after one event, the dashboard.

Builds Beijing's tree (1 city, 16 districts, 343 streets, 3,454 communities = 3,814 areas), fills
`--residents` residents in households of three inside the database, COPYs `--tickets-month` x 12
tickets over the last year (with their ratings, as the tickets bench does), gives every community
office and service space. Then:

1. full recompute: every registered indicator for the month (and quarter, year) containing today,
   over all 3,814 areas (`compute.compute_all`), `--runs` times;
2. refresh after one event: one community's figure and its 3 ancestors
   (`compute.refresh_area`), for the tickets' response rate and the resident count, `--events` times;
3. dashboard read: `queries.dashboard` (every indicator + 12-period trend) for the city and for a
   community, and the city scorecard, in-process.

Reference in the same run: `registry.counts.counts_by_community` once over the whole city (the
single most expensive source).
"""

import random
import statistics

from common import parser, repeat, setup_django, summary, timer


def build_tree() -> list[int]:
    from linli.areas.models import Area

    city = Area.objects.create(level="city", code="110000", name="北京市", path="110000/")
    districts = Area.objects.bulk_create(
        [
            Area(
                level="district", code=f"1101{i:02d}", name=f"区{i}", parent=city, path=f"110000/1101{i:02d}/"
            )
            for i in range(1, 17)
        ]
    )
    streets = []
    for i, d in enumerate(districts):
        for s in range(1, (22 if i < 7 else 21) + 1):  # 7 x 22 + 9 x 21 = 343
            code = f"{d.code}{s:03d}000"
            streets.append(
                Area(level="street", code=code, name=f"街道{code}", parent=d, path=f"{d.path}{code}/")
            )
    streets = Area.objects.bulk_create(streets)
    rng = random.Random(7)
    rows = []
    for i in range(3454):
        street = streets[i % len(streets)]
        code = f"{street.code[:9]}{i // len(streets) + 1:03d}"
        rows.append(
            Area(
                level="community",
                code=code,
                name=f"社区{code}",
                parent=street,
                path=f"{street.path}{code}/",
                office_m2=rng.randint(40, 300),
                service_m2=rng.randint(0, 400),
            )
        )
    made = Area.objects.bulk_create(rows, batch_size=2000)
    assert Area.objects.count() == 3814
    return [a.pk for a in made]


def fill_residents(ids: list[int], residents: int) -> None:
    from django.db import connection

    households = residents // 3 + 1
    with connection.cursor() as cur:
        cur.execute("CREATE TEMPORARY TABLE bench_comm (idx integer, id bigint)")
        cur.executemany("INSERT INTO bench_comm VALUES (%s, %s)", list(enumerate(ids)))
        cur.execute(
            "INSERT INTO registry_household (id, code, community_id, collective_unit, is_active, created_at)"  # noqa: S608
            " SELECT g, 'B' || g, c.id, '', true, '2020-01-01 00:00:00+00' FROM generate_series(1, %s) g"
            f" JOIN bench_comm c ON c.idx = g %% {len(ids)}",
            [households],
        )
        cur.execute(
            "INSERT INTO registry_resident (community_id, household_id, relation, hukou_where, hukou_code,"  # noqa: S608
            " lives_where, lives_code, lives_address, lives_since, status, name, id_number, id_index, gender,"
            " birth_date, phone, phone_index, ethnicity, hukou_place, employment, registered_at)"
            " SELECT c.id, (g - 1) / 3 + 1, CASE WHEN (g - 1) %% 3 = 0 THEN 'head' ELSE 'spouse' END,"
            " CASE WHEN g %% 10 < 8 THEN 'here' ELSE 'outside' END, CASE WHEN g %% 10 < 8 THEN '' ELSE '130000' END,"
            " 'here', '', '', '2020-01-01', CASE WHEN g %% 50 = 0 THEN 'moved_out' ELSE 'active' END,"
            " '居民' || g, 'x', 'b' || g, 'M', '1970-01-01', '', '', '汉族', '', '', '2020-01-01 00:00:00+00'"
            f" FROM generate_series(1, %s) g JOIN bench_comm c ON c.idx = ((g - 1) / 3 + 1) %% {len(ids)}",
            [residents],
        )
        # One volunteer in ten residents (the volunteers' share reads them against the registry).
        cur.execute(
            "INSERT INTO volunteers_volunteer (registered_at, community_id, phone_index, skills, availability,"  # noqa: S608
            " background, status, number, name, id_number, id_index, phone)"
            " SELECT '2021-01-01 00:00:00+00', c.id, '', '', '', '', 'active', 'V' || g, '志愿者' || g, 'x',"
            " 'v' || g, '' FROM generate_series(1, %s) g"
            f" JOIN bench_comm c ON c.idx = (g * 7) %% {len(ids)}",
            [residents // 10],
        )
        cur.execute("ANALYZE registry_household")
        cur.execute("ANALYZE registry_resident")
        cur.execute("ANALYZE volunteers_volunteer")


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--residents", type=int, default=2_000_000)
    p.add_argument("--tickets-month", type=int, default=50_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--events", type=int, default=50)
    p.add_argument("--reuse", action="store_true", help="keep the data of an earlier run (skip generation)")
    p.add_argument("--only", choices=["all", "http", "build"], default="all")
    p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="seconds each of the 50 users reads a page before the next (also measured without)",
    )
    args = p.parse_args()
    if args.reuse:
        import os

        import django

        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
        django.setup()
    else:
        setup_django(args.database_url)

    from django.utils import timezone

    from linli.areas.models import Area
    from linli.common.indicators import all_indicators, get
    from linli.indicators import compute, queries
    from linli.indicators.models import Value
    from linli.registry.counts import counts_by_community
    from linli.tickets.models import Category

    now = timezone.now()
    today = timezone.localtime(now).date()
    if not args.reuse:
        with timer() as t:
            ids = build_tree()
            fill_residents(ids, args.residents)
        print(
            f"tree of {Area.objects.count():,} areas and {args.residents:,} residents in {t['seconds']:.1f} s"
        )
        from tickets import copy_tickets

        categories = list(Category.objects.filter(children__isnull=True).values_list("pk", flat=True))
        with timer() as t:
            copy_tickets(args.tickets_month * 12, ids, categories, now)
        print(f"{args.tickets_month * 12:,} tickets over 12 months in {t['seconds']:.1f} s")
    from linli.registry.models import Resident
    from linli.tickets.models import Ticket

    print(
        f"data: {Area.objects.count():,} areas, {Resident.objects.count():,} residents, {Ticket.objects.count():,} tickets"
    )

    if args.only == "build":  # generation only; measure later with --reuse under the bench lock
        return
    if args.only == "http":
        http(args)
        return
    n = len(all_indicators())
    print(f"{n} indicators ({sum(1 for i in all_indicators() if not i.reported)} computed from records)")
    ref = repeat(lambda: counts_by_community(None, now=now), 3)
    print(f"reference counts_by_community, whole city: {summary(ref)}")
    full = repeat(lambda: compute.compute_all(today, now=now), args.runs)
    print(
        f"full recompute, {n} indicators x 3,814 areas: {summary(full)}; ratio to reference {statistics.median(full) / statistics.median(ref):.1f}"
    )
    print(f"figures stored: {Value.objects.count():,}")

    rng = random.Random(3)
    communities = list(Area.objects.filter(level="community"))
    for code in ("tickets.response_rate", "registry.residents"):
        ind = get(code)
        assert ind is not None
        start = compute.current_start(ind, today)
        ms = repeat(
            lambda ind=ind, start=start: compute.refresh_area(ind, start, rng.choice(communities), now=now),
            args.events,
        )
        print(f"refresh after one event ({code}, community + 3 ancestors): {summary(ms)}")

    city = Area.objects.get(code="110000")
    community = communities[0]
    print(f"dashboard, city: {summary(repeat(lambda: queries.dashboard(city, today), 20))}")
    print(f"dashboard, community: {summary(repeat(lambda: queries.dashboard(community, today), 20))}")
    print(f"scorecard, city: {summary(repeat(lambda: queries.scorecard(city, today), 20))}")
    street = Area.objects.filter(level="street").order_by("code").first()
    print(f"scorecard, a street: {summary(repeat(lambda: queries.scorecard(street, today), 20))}")


P95_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\\n", latency:percentile(95.0)))
end
"""


def wrk95(url: str, seconds: int, headers: list[str], think: float = 0) -> dict[str, float]:
    """wrk with 50 connections and its p95 (wrk prints 50/75/90/99; a Lua `done` gives the 95th),
    with a 30 s timeout: wrk's default 2 s drops the slow answers of a loaded machine from the
    latencies (they count as socket timeouts), which would hide them."""
    import re
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(P95_LUA)
        if think:
            # Each connection is a user who reads the page for `think` seconds before the next
            # request (wrk's delay(); the latencies exclude it).
            f.write(f"\nfunction delay()\n  return {int(think * 1000)}\nend\n")
    cmd = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", f.name]
    for h in headers:
        cmd += ["-H", h]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout  # noqa: S603

    def ms(label: str) -> float:
        m = re.search(rf"{label}\s+([\d.]+)(us|ms|s|m)\b", out)
        return (
            float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[m.group(2)]
            if m
            else float("nan")
        )

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    p95 = re.search(r"p95_us (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": ms("50%"),
        "p99": ms("99%"),
        "p95": int(p95.group(1)) / 1000 if p95 else float("nan"),
        "errors": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "raw": out,  # type: ignore[dict-item]
    }


def signed_in_cookie(user) -> str:
    """A `Cookie:` header for a staff member's session after the password and the authenticator
    code (django-otp's key in the session), made without the sign-in pages."""
    from django.conf import settings
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    browser = Client()
    browser.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = browser.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return f"Cookie: {settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"


def http(args) -> None:
    """The dashboard through gunicorn, 50 connections: the API's figures (token) and the dashboard
    page itself for a signed-in city administrator (session cookie), for the city and a community."""
    import signal

    from common import start_gunicorn, wait_http
    from tickets import wrk

    from linli.accounts.actions import user_create
    from linli.accounts.models import User
    from linli.areas.models import Area

    city = Area.objects.get(code="110000")
    community = Area.objects.filter(level="community").order_by("code").first()
    admin = User.objects.filter(username="ind_admin").first() or user_create(
        actor=None,
        username="ind_admin",
        display_name="a",
        password="bench-pass-123456",  # noqa: S106 (a throw-away benchmark user)
        role="city_admin",
        area=city,
    )
    cookie = signed_in_cookie(admin)
    server = start_gunicorn("indicators_settings", 8473, args.workers)
    try:
        base = "http://127.0.0.1:8473"
        wait_http(f"{base}/bench/ping")
        wrk(f"{base}/bench/ping", 3, 50)
        ping = wrk95(f"{base}/bench/ping", args.seconds, [])
        if not ping["rps"]:
            print(ping["raw"])
        print(
            f"ceiling (minimal view), 50 connections: {ping['rps']:.0f} req/s, p50 {ping['p50']:.1f} ms,"
            f" p95 {ping['p95']:.1f} ms, p99 {ping['p99']:.1f} ms"
        )
        wrk(f"{base}/bench/page", 3, 50, [cookie])
        page = wrk95(f"{base}/bench/page", args.seconds, [cookie])
        print(
            f"signed-in empty page (session, user, second factor, navigation, base template), 50 connections:"
            f" {page['rps']:.0f} req/s, p50 {page['p50']:.1f} ms, p95 {page['p95']:.1f} ms,"
            f" p99 {page['p99']:.1f} ms, non-2xx {page['errors']}, timeouts {page['timeouts']}"
        )
        for label, area in (("city", city), ("community", community)):
            # The page only: a staff token without the second factor is refused by the API (403).
            url, header = f"{base}/indicators/a/{area.code}/", cookie
            wrk(url, 3, 50, [header])
            if args.think:
                users = wrk95(url, max(args.seconds, 20), [header], think=args.think)
                print(
                    f"dashboard page of the {label}, 50 users each reading {args.think:g} s between pages,"
                    f" {args.workers} workers: {users['rps']:.0f} req/s, p50 {users['p50']:.1f} ms,"
                    f" p95 {users['p95']:.1f} ms, p99 {users['p99']:.1f} ms, non-2xx {users['errors']},"
                    f" timeouts {users['timeouts']}"
                )
            for what in ("page",):
                r = wrk95(url, args.seconds, [header])
                print(
                    f"dashboard {what} of the {label}, 50 connections with no pause, {args.workers} workers:"
                    f" {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms,"
                    f" p99 {r['p99']:.1f} ms, non-2xx {r['errors']}, timeouts {r['timeouts']};"
                    f" p95 / the minimal view's {r['p95'] / ping['p95']:.2f}, / the empty page's"
                    f" {r['p95'] / page['p95']:.2f}; throughput / the minimal view's"
                    f" {r['rps'] / ping['rps']:.2f}, / the empty page's {r['rps'] / page['rps']:.2f}"
                )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)


if __name__ == "__main__":
    main()
