"""Community services (issue 13): order intake through the API, dispatch, the lunch peak. PostgreSQL.

    make bench B=services ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_services"

1. Beijing's shape: 16 districts, 352 streets, 3,454 communities; the demo catalogue (13 service
   types); 50,000 providers registered at streets, each serving its street (or two to five of its
   communities) with one to four services, 5 % with an expired licence, loads and ratings spread.
2. Dispatch: `actions.eligible_providers` (what `order_dispatch` calls) for random (community,
   service) pairs, in process; median, p95, p99.
3. Order intake: gunicorn serves the app; wrk POSTs /api/v1/services/orders as a 96156 agent
   (bearer token) for random communities and services. References in the same run: a minimal
   Django JSON view (`/bench/ping`) and a POST that only appends one audit event
   (`/bench/audited`: the floor of any audited write, since every write shares the one chain).
5. Coverage: `coverage_recompute` (the 6-hourly sweep) for every community x service type and
   the roll-ups to street, district and city, replacing the stored rows; the reference is the
   provider-service-area scan it starts with.
4. Lunch peak: one street, 10 communities, 20,000 residents each with a month's meal entitlement,
   20 meal points. 50 threads (one database connection each) book a lunch for the day and serve
   it (redeeming one meal) through `care.meal_book` and `care.meal_serve`, for `--meals` of the
   residents (one client alone first, on a tenth as many, as the reference); one in ten serves is
   tried twice at once, and 2 % of the residents are booked by two clients at once. Then the
   ledger is checked: redemptions per booking, `used` against the redemption rows, no balance
   below zero.
"""

import datetime as dt
import os
import random
import signal
import statistics
import tempfile
import threading
import time

from common import parser, setup_django, start_gunicorn, summary, timer
from registry_search import id_for
from tickets import wrk

PASSWORD = "bench-only-horse-42"  # noqa: S105 - a throw-away database


def build_areas():
    """16 districts x 22 streets, 3,454 communities spread over them; returns (city, streets, communities)."""
    from linli.areas.models import Area

    city = Area.objects.create(code="110000", name="北京市", level="city", path="110000/")
    districts = Area.objects.bulk_create(
        Area(code=f"1101{d:02d}", name=f"区{d}", level="district", parent=city, path=f"110000/1101{d:02d}/")
        for d in range(1, 17)
    )
    streets = Area.objects.bulk_create(
        Area(
            code=f"{d.code}{s:03d}000",
            name=f"街道{d.code[-2:]}-{s}",
            level="street",
            parent=d,
            path=f"{d.path}{d.code}{s:03d}000/",
        )
        for d in districts
        for s in range(1, 23)
    )
    rows = []
    for i in range(3454):
        st = streets[i % len(streets)]
        n = i // len(streets) + 1
        code = st.code[:9] + f"{n:03d}"
        rows.append(
            Area(code=code, name=f"社区{code[-6:]}", level="community", parent=st, path=f"{st.path}{code}/")
        )
    communities = Area.objects.bulk_create(rows)
    return city, streets, communities


def build_catalogue():
    from linli.services import actions
    from linli.services.demo import CATALOGUE

    return [
        actions.service_type_save(
            actor=None,
            code=code,
            category=cat,
            name=name,
            name_en=en,
            price_fen=price * 100,
            subsidy_fen=subsidy * 100,
            accept_minutes=accept,
            response_hours=resp,
            completion_days=done,
            **extra,
        )
        for code, cat, name, en, price, subsidy, accept, resp, done, extra in CATALOGUE
    ]


def build_providers(n, streets, communities, services, today, now):
    from linli.services.models import Provider

    rnd = random.Random(13)
    by_street: dict[int, list] = {}
    for c in communities:
        by_street.setdefault(c.parent_id, []).append(c)
    kinds = ["service_center", "convenience", "domestic", "care_post", "social_org", "individual"]
    rows, plans = [], []
    for i in range(n):
        street = streets[i % len(streets)]
        expired = rnd.random() < 0.05
        rows.append(
            Provider(
                code=f"P{i:07d}",
                name=f"服务商{i}",
                kind=rnd.choice(kinds),
                area=street,
                licence_number=f"L{i}",
                licence_expires=today
                + dt.timedelta(days=-rnd.randrange(1, 300) if expired else rnd.randrange(30, 900)),
                grade=rnd.choice("12345"),
                capacity_per_day=rnd.choice([10, 20, 50]),
                open_orders=rnd.randrange(0, 12),
                rating_sum=rnd.randrange(0, 200),
                rating_count=rnd.randrange(1, 50),
                created_at=now,
            )
        )
        own = by_street[street.pk]
        areas = (
            [street.pk]
            if rnd.random() < 0.6
            else [c.pk for c in rnd.sample(own, min(len(own), rnd.randint(2, 5)))]
        )
        plans.append((areas, [s.pk for s in rnd.sample(services, rnd.randint(1, 4))]))
    made = Provider.objects.bulk_create(rows, batch_size=5000)
    area_through = Provider.service_areas.through
    service_through = Provider.services.through
    area_through.objects.bulk_create(
        (
            area_through(provider_id=p.pk, area_id=a)
            for p, (areas, _) in zip(made, plans, strict=True)
            for a in areas
        ),
        batch_size=10000,
    )
    service_through.objects.bulk_create(
        (
            service_through(provider_id=p.pk, servicetype_id=s)
            for p, (_, offers) in zip(made, plans, strict=True)
            for s in offers
        ),
        batch_size=10000,
    )
    from django.db import connection

    with connection.cursor() as c:
        for t in ("services_provider", area_through._meta.db_table, service_through._meta.db_table):
            c.execute(f"VACUUM ANALYZE {t}")


def bench_dispatch(communities, services, now, n):
    """Each dispatch interleaved with the reference: one provider fetched by primary key."""
    from linli.services import actions
    from linli.services.models import Order, Provider

    rnd = random.Random(7)
    ms, ref, found = [], [], []
    top = Provider.objects.order_by("-pk").values_list("pk", flat=True).first()
    for _ in range(n):
        order = Order(community=rnd.choice(communities), service=rnd.choice(services))
        start = time.perf_counter()
        chosen = actions.eligible_providers(order, now=now)
        ms.append((time.perf_counter() - start) * 1000)
        found.append(len(chosen))
        start = time.perf_counter()
        Provider.objects.filter(pk=rnd.randint(1, top)).first()
        ref.append((time.perf_counter() - start) * 1000)
    return ms, ref, found


def _wait_until_up(url, seconds=120):
    """gunicorn's workers take longer than a few seconds to import Django on a loaded machine."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - the local server
                if r.status == 200:
                    time.sleep(3)  # the other workers
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def bench_intake(communities, services, agent_key, seconds, workers):
    from linli.services.models import Order

    rnd = random.Random(3)
    codes = [c.code for c in rnd.sample(communities, 200)]
    # Services anyone may order (no age or care-group rule needing a registered resident).
    offered = [
        s.code
        for s in services
        if "hotline" in s.channel_list() and s.min_age is None and not s.tag_list() and not s.kind_list()
    ]
    lua_codes = ", ".join(f'"{c}"' for c in codes)
    lua_services = ", ".join(f'"{s}"' for s in offered)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(
            f"local codes = {{{lua_codes}}}\n"
            f"local services = {{{lua_services}}}\n"
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["Authorization"] = "Bearer {agent_key}"\n'
            "request = function()\n"
            '  local body = \'{"community_code":"\' .. codes[math.random(#codes)] .. '
            '\'","service":"\' .. services[math.random(#services)] .. '
            '\'","description":"老人家里水管漏水，请尽快上门","channel":"hotline"}\'\n'
            "  return wrk.format(nil, nil, nil, body)\n"
            "end\n"
        )
    server = start_gunicorn("tickets_settings", 8473, workers)
    try:
        _wait_until_up("http://127.0.0.1:8473/bench/ping")
        base = "http://127.0.0.1:8473"
        wrk(f"{base}/bench/ping", 3, 16)
        wrk(f"{base}/api/v1/services/orders", 3, 4, script=lua.name)
        ping = wrk(f"{base}/bench/ping", seconds, 16)
        print(
            f"minimal JSON view (reference): {ping['rps']:.0f} req/s, p50 {ping['p50']:.1f} ms, p99 {ping['p99']:.1f} ms"
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as post:
            post.write('wrk.method = "POST"\n')
        floor = wrk(f"{base}/bench/audited", seconds, 8, script=post.name)
        os.unlink(post.name)
        print(
            f"one audited write, 8 connections (reference: a POST that only appends one audit event in its"
            f" transaction): {floor['rps']:.0f} req/s, p50 {floor['p50']:.1f} ms, p99 {floor['p99']:.1f} ms,"
            f" non-2xx {floor['errors']}"
        )
        for conns in (4, 8, 16):
            before = Order.objects.count()
            r = wrk(f"{base}/api/v1/services/orders", seconds, conns, script=lua.name)
            made = Order.objects.count() - before
            print(
                f"order intake at {conns} connections: {r['rps']:.0f} orders/s, p50 {r['p50']:.1f} ms, "
                f"p99 {r['p99']:.1f} ms, non-2xx {r['errors']}, orders written {made:,}, "
                f"ratio to the minimal view {r['rps'] / ping['rps']:.2f}, to the audited write"
                f" {r['rps'] / floor['rps']:.2f}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(lua.name)


def place_points(streets, communities):
    """Positions for the walking-distance coverage: each street a centre in Beijing's built-up
        area, its communities within 1.5 km of it and the providers registered there around it (a
        community's point is what `CommunityPoint` stores; providers with premises get `lat`/`long`
    within 3 km). Idempotent."""
    from django.db import connection

    from linli.services.models import CommunityPoint, Provider

    if CommunityPoint.objects.exists():
        return
    rnd = random.Random(17)
    km_lat, km_lon = 1 / 111.2, 1 / 85.3  # degrees per km at 40° N
    # Two streets in three in the built-up area inside the 6th ring, the rest in the outer districts.
    centre = {
        s.pk: (rnd.uniform(39.75, 40.15), rnd.uniform(116.15, 116.70))
        if i % 3
        else (rnd.uniform(39.45, 41.05), rnd.uniform(115.45, 117.50))
        for i, s in enumerate(streets)
    }

    def near(pk, km):
        lat, lon = centre[pk]
        return lat + rnd.uniform(-km, km) * km_lat, lon + rnd.uniform(-km, km) * km_lon

    CommunityPoint.objects.bulk_create(
        (
            CommunityPoint(community_id=c.pk, lat=lat, lon=lon)
            for c in communities
            for lat, lon in [near(c.parent_id, 1.5)]
        ),
        batch_size=5000,
    )
    # Only the kinds with premises get a place (about half); companies and individual workers
    # come to the door and count by service area alone.
    rows = [
        (f"{lat:.6f}", f"{lon:.6f}", pk)
        for pk, street in Provider.objects.filter(
            kind__in=["service_center", "convenience", "care_post"]
        ).values_list("pk", "area_id")
        for lat, lon in [near(street, 3.0)]
    ]
    with connection.cursor() as c:
        c.executemany("UPDATE services_provider SET lat = %s, long = %s WHERE id = %s", rows)
        c.execute("VACUUM ANALYZE services_provider")


def bench_coverage(now, runs):
    """The recompute of every community x service type and the roll-ups, as the sweep runs it;
    the reference is the provider x service x area scan it starts with, alone. Also timed alone:
    the walking-distance part (`within_walk`, providers within 1,000 m of each community's point)."""
    from django.db import connection

    from linli.services import coverage
    from linli.services.actions import coverage_recompute

    ms, ref, counts, walk = [], [], {}, []
    for _ in range(runs):
        start = time.perf_counter()
        coverage.within_walk(now.date(), coverage.walk_metres())
        walk.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with connection.cursor() as c:
            c.execute(coverage._PAIRS_SQL, [now.date()])
            pairs = len(c.fetchall())
        ref.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        counts = coverage_recompute(actor=None, now=now)
        ms.append((time.perf_counter() - start) * 1000)
    return ms, ref, counts, pairs, walk


def build_lunch(street, communities, residents_n, points_n, today, now):
    """residents_n residents over the street's communities, each with this month's meals; the points."""
    from linli.registry.models import Household, Resident
    from linli.services.models import Entitlement, Provider, ServiceType

    mine = [c for c in communities if c.parent_id == street.pk][:10]
    households = Household.objects.bulk_create(
        (
            Household(code=f"HL{i:07d}", community=mine[i % len(mine)], created_at=now)
            for i in range(residents_n)
        ),
        batch_size=5000,
    )
    residents = Resident.objects.bulk_create(
        (
            Resident(
                community_id=h.community_id,
                household=h,
                name=f"老人{i}",
                id_number=id_for(i),
                gender="F" if i % 2 else "M",
                birth_date=dt.date(1940, 1, 1) + dt.timedelta(days=i % 3000),
                registered_at=now,
            )
            for i, h in enumerate(households)
        ),
        batch_size=5000,
    )
    month = today.replace(day=1)
    Entitlement.objects.bulk_create(
        (
            Entitlement(
                code=f"EL{i:07d}",
                resident=r,
                community_id=r.community_id,
                kind="meals",
                month=month,
                granted=30,
                unit_fen=500,
                by_rule=True,
                reason="80+",
                granted_at=now,
            )
            for i, r in enumerate(residents)
        ),
        batch_size=5000,
    )
    meal = ServiceType.objects.get(code="meal-delivery")
    points = Provider.objects.bulk_create(
        Provider(
            code=f"MP{i:04d}",
            name=f"助餐点{i}",
            kind="meal_point",
            area=street,
            licence_expires=today + dt.timedelta(days=365),
            capacity_per_day=residents_n // points_n + 200,
            meal_cutoff=dt.time(23, 59),
            created_at=now,
        )
        for i in range(points_n)
    )
    for p in points:
        p.service_areas.add(street)
        p.services.add(meal)
    return residents, points


def bench_lunch(residents, points, clients, today, now, meals, seed=11):
    from django.db import connection

    from linli.common.errors import DomainError
    from linli.services import care

    rnd = random.Random(seed)
    work = rnd.sample(residents, meals)
    # 2 % of them are booked by two clients at once (the caller rang twice).
    work += rnd.sample(work, meals // 50)
    rnd.shuffle(work)
    lock = threading.Lock()
    cursor = iter(work)
    counts = {"booked": 0, "served": 0, "refused": 0, "double_serve_tries": 0}
    ms: list[float] = []
    errors: list[str] = []

    def client(seed: int) -> None:
        mine = random.Random(seed)
        try:
            while True:
                with lock:
                    resident = next(cursor, None)
                if resident is None:
                    return
                point = points[resident.pk % len(points)]
                start = time.perf_counter()
                try:
                    booking = care.meal_book(actor=None, point=point, resident=resident, day=today, now=now)
                except DomainError:
                    with lock:
                        counts["refused"] += 1
                    continue
                tries = 2 if mine.random() < 0.1 else 1
                results = []

                def serve(b=booking, results=results) -> None:
                    try:
                        care.meal_serve(actor=None, booking=b, now=now)
                        results.append(True)
                    except DomainError:
                        results.append(False)
                    finally:
                        connection.close()

                if tries == 2:
                    twins = [threading.Thread(target=serve) for _ in range(2)]
                    for t in twins:
                        t.start()
                    for t in twins:
                        t.join()
                else:
                    care.meal_serve(actor=None, booking=booking, now=now)
                    results.append(True)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    counts["booked"] += 1
                    counts["served"] += sum(results)
                    counts["double_serve_tries"] += tries == 2
                    ms.append(elapsed)
        except Exception as e:  # reported and counted; the run goes on
            errors.append(repr(e))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return counts, ms, wall, errors


def check_ledger():
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "SELECT count(*) FROM (SELECT booking_id FROM services_redemption WHERE booking_id IS NOT NULL"
            " GROUP BY booking_id HAVING count(*) > 1) d"
        )
        doubles = c.fetchone()[0]
        c.execute("SELECT count(*) FROM services_entitlement WHERE used > granted")
        negative = c.fetchone()[0]
        c.execute(
            "SELECT count(*) FROM services_entitlement e WHERE e.used <> (SELECT coalesce(sum(units), 0)"
            " FROM services_redemption r WHERE r.entitlement_id = e.id)"
        )
        mismatched = c.fetchone()[0]
        c.execute("SELECT count(*) FROM services_mealbooking WHERE status = 'served'")
        served = c.fetchone()[0]
        c.execute("SELECT count(*) FROM services_redemption")
        redemptions = c.fetchone()[0]
    return doubles, negative, mismatched, served, redemptions


def main():
    p = parser(__doc__)
    p.add_argument("--providers", type=int, default=50_000)
    p.add_argument("--dispatches", type=int, default=1000)
    p.add_argument("--residents", type=int, default=20_000)
    p.add_argument("--points", type=int, default=20)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--meals", type=int, default=3000, help="how many of the entitled come for lunch")
    p.add_argument("--seconds", type=int, default=15)
    # 4 sync workers, as README's deployment and the tickets bench (their intakes compare).
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--coverage-runs", type=int, default=3)
    p.add_argument(
        "--only", choices=["all", "build", "dispatch", "intake", "lunch", "coverage"], default="all"
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the database an earlier `--only build` made (build niced, measure under the lock)",
    )
    args = p.parse_args()
    if args.reuse:
        import django

        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a build made before a newer migration
    else:
        setup_django(args.database_url)

    from django.utils import timezone

    from linli.accounts.actions import api_token_create, user_create
    from linli.tickets import calendar

    # A fixed working morning (Tuesday 09:00 Beijing), so the limits and licences do not follow the clock.
    now = dt.datetime(2026, 6, 9, 9, 0, tzinfo=calendar.TZ).astimezone(dt.UTC)
    today = now.astimezone(calendar.TZ).date()
    if args.reuse:
        from linli.areas.models import Area
        from linli.services.models import ServiceType

        city = Area.objects.get(code="110000")
        streets = list(Area.objects.filter(level="street").order_by("code"))
        communities = list(Area.objects.filter(level="community").order_by("code"))
        services = list(ServiceType.objects.order_by("pk"))
    else:
        with timer() as t:
            city, streets, communities = build_areas()
            services = build_catalogue()
            build_providers(args.providers, streets, communities, services, today, now)
        print(
            f"generated {len(communities):,} communities over {len(streets)} streets, {args.providers:,} providers,"
            f" {len(services)} service types in {t['seconds']:.1f} s"
        )

    if args.only in ("all", "dispatch"):
        bench_dispatch(communities, services, now, 50)  # warm up
        ms, ref, found = bench_dispatch(communities, services, now, args.dispatches)
        print(
            f"dispatch (eligible providers for one order): {summary(ms)};"
            f" providers offered: median {statistics.median(found):.0f}, none for {found.count(0)} orders"
        )
        print(
            f"reference, one provider by primary key: {summary(ref)};"
            f" ratio of medians {statistics.median(ms) / statistics.median(ref):.1f}"
        )

    if args.only in ("all", "coverage"):
        from linli.services.models import CoverageArea

        with timer() as t:
            place_points(streets, communities)
        print(f"placed communities and providers in {t['seconds']:.1f} s (once; not part of the figure)")
        ms, ref, counts, pairs, walk = bench_coverage(now, args.coverage_runs)
        top = CoverageArea.objects.get(area=city)
        print(
            f"coverage recompute ({counts['communities']:,} communities x {counts['services']} service types ="
            f" {counts['cells']:,} cells, from {pairs:,} provider-service-area rows): {summary(ms)}"
        )
        print(
            f"reference, the provider-service-area scan alone: {summary(ref)};"
            f" ratio of medians {statistics.median(ms) / statistics.median(ref):.1f}"
        )
        print(
            f"of which walking distance alone (within_walk, {top.located:,} located cells): {summary(walk)};"
            f" city: {top.walk_share}% of cells within a 15-minute walk, {top.community_share}% in the"
            f" community, {top.street_share}% in the street"
        )

    if args.only in ("all", "intake"):
        from linli.accounts.models import User

        agent = User.objects.filter(username="a1").first() or user_create(
            actor=None, username="a1", display_name="a", password=PASSWORD, role="agent", area=city
        )
        _, agent_key = api_token_create(actor=agent, name="bench")
        bench_intake(communities, services, agent_key, args.seconds, args.workers)

    if args.only in ("all", "lunch"):
        street = streets[0]
        with timer() as t:
            residents, points = build_lunch(street, communities, args.residents, args.points, today, now)
        print(
            f"lunch: {len(residents):,} entitled residents, {len(points)} meal points, made in {t['seconds']:.1f} s"
        )
        # The reference in the same run: one client alone, then the peak, on other residents.
        pool = list(residents)
        random.Random(5).shuffle(pool)
        solo, peak = pool[: args.meals // 10], pool[args.meals // 10 :]
        for label, group, n_clients, n in (
            ("one client (reference)", solo, 1, len(solo)),
            (f"lunch peak, {args.clients} clients", peak, args.clients, args.meals),
        ):
            counts, ms, wall, errors = bench_lunch(group, points, n_clients, today, now, n)
            print(
                f"{label}: {counts['booked']:,} meals booked and served in {wall:.1f} s ="
                f" {counts['booked'] / wall:.1f} meals/s (book + serve); per meal {summary(ms)};"
                f" refused (booked twice at once) {counts['refused']}; serves tried twice at once"
                f" {counts['double_serve_tries']}; unexpected errors {len(errors)} {errors[:3]}"
            )
        doubles, negative, mismatched, served, redemptions = check_ledger()
        print(
            f"ledger: {served:,} meals served, {redemptions:,} redemptions; double redemptions {doubles};"
            f" negative balances {negative}; entitlements whose used count differs from their rows {mismatched}"
        )
    print(f"(machine clock at the end: {timezone.now():%Y-%m-%d %H:%M} UTC)")


if __name__ == "__main__":
    main()
