"""Facilities at scale: nearest components, one grid's components, the intact rate, inspection results.

Builds `--communities` communities of 4 unit grids each (squares of about 440 m x 340 m laid out
over Beijing) and `--components` components spread over them, straight into the tables with
bulk_create (SQLite) or SQL (PostgreSQL), then measures what the figures of issue 16 name:
- nearest components to a point within 200 m (`queries.nearest`, scoped to a city administrator);
- the components of one grid (`queries.components_of_grid`);
- the intact rate of the whole city, full (`rates.tallies_rebuild` + `rates_for(city)`) and after
  one state change (`component_state_set` + `rates_for(city)`);
- inspection results (`actions.check_record`, one in ten a problem that opens a ticket).
Reference in the same run: fetching one component by primary key; for HTTP, a minimal JSON view of
the same gunicorn server. On PostgreSQL the components are written by one INSERT ... SELECT into the
table without its secondary indexes, which are rebuilt afterwards (`--build-only` builds and stops;
`--reuse --only reads|rates|checks|http` measures, each phase short enough for one hold of the
bench lock). Jobs go to RQ in Redis by default (`facilities_settings`), as a deployment runs them.
"""

import random
import time

from common import parser, repeat, setup_django, summary


def _components_sql(n_comp: int, n_cls: int, now: object) -> None:
    """PostgreSQL: the components in one INSERT ... SELECT generate_series (no ORM objects)."""
    import os

    T0 = time.perf_counter()  # noqa: N806

    from django.db import connection

    from linli.facilities import spatial

    with connection.cursor() as cur:
        # The server does the work: lower its priority too (the machine is shared), when allowed.
        cur.execute("SELECT pg_backend_pid()")
        os.system(f"renice -n 10 -p {cur.fetchone()[0]} >/dev/null 2>&1")  # noqa: S605
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET maintenance_work_mem = '512MB'")
        # Writing into a table without its secondary indexes and foreign keys, then building them
        # once, is several times faster than maintaining six indexes and 10M deferred FK checks
        # row by row. The definitions are read back from the catalogue, so they stay the migrations'.
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'facilities_component'::regclass AND contype IN ('f', 'u')"
        )
        constraints = cur.fetchall()
        for name, _d in constraints:
            cur.execute(f'ALTER TABLE facilities_component DROP CONSTRAINT "{name}"')
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'facilities_component'"
            " AND indexname <> 'facilities_component_pkey'"
        )
        indexes = cur.fetchall()
        for name, _d in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute(
            "CREATE TEMP TABLE g AS SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id, min_lat, min_lon"
            " FROM facilities_grid"
        )
        cur.execute(
            "CREATE TEMP TABLE k AS SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id, code"
            " FROM facilities_componentclass"
        )
        cur.execute("SELECT count(*) FROM g")
        n_grid = cur.fetchone()[0]
        cur.execute(
            f"""
            INSERT INTO facilities_component
              (code, cls_id, grid_id, name, lat, lon, cell, state, owner, maintainer, source, updated_at)
            SELECT '110105' || k.code || lpad((s.n / {n_cls} + 1)::text, 6, '0'), k.id, g.id, '',
                   p.lat, p.lon,
                   floor((p.lat + 90) / {spatial.CELL_LAT})::bigint * {spatial._COLS}
                     + floor((p.lon + 180) / {spatial.CELL_LON})::bigint,
                   'intact', '', '', 'bench', %s
            FROM generate_series(0, %s - 1) AS s(n)
            JOIN g ON g.rn = s.n %% {n_grid}
            JOIN k ON k.rn = s.n %% {n_cls}
            CROSS JOIN LATERAL (SELECT g.min_lat + random() * 0.004 AS lat,
                                       g.min_lon + random() * 0.004 AS lon) p
            """,  # noqa: S608  (numbers and the models' table names only)
            [now, n_comp],
        )
        t = time.perf_counter()
        print(f"  rows written in {t - T0:.0f} s", flush=True)
        for _name, definition in indexes:
            cur.execute(definition)
        for name, definition in constraints:
            cur.execute(f'ALTER TABLE facilities_component ADD CONSTRAINT "{name}" {definition}')
        print(f"  indexes and constraints in {time.perf_counter() - t:.0f} s", flush=True)
    # VACUUM (not only ANALYZE): the visibility map lets the covering index answer without the heap.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE facilities_component")
        cur.execute("ANALYZE")  # the area tree and grids too (the planner misjudged them unanalysed)


def build(n_comm: int, n_comp: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from linli.areas.models import Area
    from linli.facilities import actions, spatial
    from linli.facilities.models import Component, ComponentClass, Grid

    actions.classes_seed(actor=None)
    classes = list(ComponentClass.objects.all())
    city = Area.objects.create(code="110000", name="北京市", level="city", path="110000/")
    district = Area.objects.create(
        code="110105", name="朝阳区", level="district", parent=city, path="110000/110105/"
    )
    now = timezone.now()
    side = int(n_comm**0.5) + 1
    grids = []
    for s in range(n_comm // 100 + 1):
        code = f"110105{s + 1:03d}000"
        street = Area.objects.create(
            code=code, name=f"街道{s}", level="street", parent=district, path=district.path + code + "/"
        )
        comms = []
        for k in range(min(100, n_comm - s * 100)):
            cc = f"110105{s + 1:03d}{k + 1:03d}"
            comms.append(
                Area(code=cc, name=f"社区{cc}", level="community", parent=street, path=street.path + cc + "/")
            )
        Area.objects.bulk_create(comms)
        comms = list(Area.objects.filter(parent=street).order_by("code"))
        gareas = []
        for c in comms:
            for g in range(4):
                gc = f"{c.code}-{g + 1:02d}"
                gareas.append(Area(code=gc, name=gc, level="grid", parent=c, path=c.path + gc + "/"))
        Area.objects.bulk_create(gareas)
        for ga in Area.objects.filter(parent__parent=street).order_by("code"):
            i = len(grids)
            ci, g = i // 4, i % 4
            lat0 = 39.75 + (ci // side) * 0.008 + (g // 2) * 0.004
            lon0 = 116.20 + (ci % side) * 0.008 + (g % 2) * 0.004
            poly = {
                "type": "Polygon",
                "coordinates": [
                    [
                        [lon0, lat0],
                        [lon0 + 0.004, lat0],
                        [lon0 + 0.004, lat0 + 0.004],
                        [lon0, lat0 + 0.004],
                        [lon0, lat0],
                    ]
                ],
            }
            grids.append(
                Grid(
                    area=ga,
                    polygon=poly,
                    min_lat=lat0,
                    min_lon=lon0,
                    max_lat=lat0 + 0.004,
                    max_lon=lon0 + 0.004,
                )
            )
    Grid.objects.bulk_create(grids, batch_size=2000)
    grids = list(Grid.objects.all())
    if connection.vendor == "postgresql":
        _components_sql(n_comp, len(classes), now)
        return
    rnd = random.Random(16)
    batch = []
    for n in range(n_comp):
        grid = grids[n % len(grids)]
        cls = classes[n % len(classes)]
        lat = grid.min_lat + rnd.random() * 0.004
        lon = grid.min_lon + rnd.random() * 0.004
        batch.append(
            Component(
                code=f"110105{cls.code}{n // len(classes) + 1:06d}",
                cls=cls,
                grid=grid,
                lat=lat,
                lon=lon,
                cell=spatial.cell(lat, lon),
                state="intact",
                updated_at=now,
            )
        )
        if len(batch) == 10_000:
            Component.objects.bulk_create(batch)
            batch = []
    Component.objects.bulk_create(batch)


def http_checks(args, work, street, inspector) -> None:
    """Inspection results through gunicorn, `--clients` at once, each posting as fast as answered
    (closed loop); the minimal JSON view of the same server with the same clients is the reference."""
    import statistics
    import threading
    import urllib.parse
    import urllib.request

    from common import start_gunicorn

    from linli.accounts.actions import api_token_create

    _token, key = api_token_create(actor=inspector, name="bench")
    port = 8416
    server = start_gunicorn(args.settings, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/bench/ping", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)

        def post(rd_code: str, comp_code: str, ok: bool) -> int:
            body = urllib.parse.urlencode(
                {"component": comp_code, "ok": "true" if ok else "false", "note": "" if ok else "破损"}
            ).encode()
            req = urllib.request.Request(  # noqa: S310
                f"{base}/api/v1/facilities/rounds/{rd_code}/checks",
                data=body,
                headers={"Authorization": f"Bearer {key}"},
            )
            try:
                with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        def run(job, items) -> list[float]:
            lock, out, codes = threading.Lock(), [], {}

            def client() -> None:
                while True:
                    with lock:
                        if not items:
                            return
                        it = items.pop()
                    t = time.perf_counter()
                    code = job(it)
                    ms = (time.perf_counter() - t) * 1000
                    with lock:
                        out.append(ms)
                        codes[code] = codes.get(code, 0) + 1

            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            start = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall = time.perf_counter() - start
            print(f"    statuses {codes}, {len(out) / wall:.1f} req/s", flush=True)
            return out

        def ping(_it) -> int:
            with urllib.request.urlopen(f"{base}/bench/ping", timeout=30) as r:  # noqa: S310
                return r.status

        post(*work.pop())  # warm both workers' URL conf and schema: not timed
        post(*work.pop())
        print(f"HTTP, gunicorn {args.workers} sync workers, {args.clients} clients in a closed loop:")
        print("  reference, minimal JSON view:", summary(run(ping, list(range(len(work))))), flush=True)
        ms = run(lambda it: post(*it), work)
        print("  inspection result (POST /rounds/<code>/checks):", summary(ms), flush=True)
        print(f"  (mean {statistics.mean(ms):.1f} ms)")
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--communities", type=int, default=400)
    p.add_argument("--components", type=int, default=200_000)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--reuse", action="store_true", help="keep the database a previous run built")
    p.add_argument(
        "--dense",
        type=int,
        default=0,
        help="with --reuse: measure around the first N grids only (made denser by hand, see docs)",
    )
    p.add_argument(
        "--build-only", action="store_true", help="build the database and stop (measure later with --reuse)"
    )
    p.add_argument(
        "--only",
        default="reads,rates,checks,http",
        help="which measurements (comma-separated: reads, rates, checks, http), each short enough "
        "for one hold of the bench lock",
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers for http")
    p.add_argument(
        "--settings",
        default="facilities_settings",
        help="Django settings (default: jobs queued on RQ as in production; linli.settings.test runs "
        "them in-process after each commit, as the embedded default does)",
    )
    p.add_argument("--clients", type=int, default=2, help="concurrent HTTP clients for http")
    args = p.parse_args()
    phases = set(args.only.split(","))
    import os

    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    if args.reuse:
        import django

        os.environ["DATABASE_URL"] = args.database_url
        django.setup()
    else:
        setup_django(args.database_url)
    from django.conf import settings
    from django.utils import timezone

    if settings.LINLI_JOBS_BACKEND == "rq":
        import django_rq

        try:
            django_rq.get_connection("default").ping()
        except Exception as e:  # any connection error: say what to do
            raise SystemExit(
                f"Redis is not reachable ({e}): start it, or pass --settings tickets_settings "
                "to run the jobs in-process as the embedded default does"
            ) from None

    from linli.accounts.actions import user_create
    from linli.accounts.models import User
    from linli.accounts.roles import Role
    from linli.areas.models import Area
    from linli.facilities import actions, queries, rates
    from linli.facilities.models import Component, Grid, ProblemStatus, State

    start = time.perf_counter()
    if not args.reuse:
        build(args.communities, args.components)
        print(f"built in {time.perf_counter() - start:.0f} s", flush=True)
    if args.build_only:
        return
    print(f"{Component.objects.count()} components in {Grid.objects.count()} grids", flush=True)
    city = Area.objects.get(code="110000")
    admin = User.objects.filter(username="admin").first() or user_create(
        actor=None,
        display_name="admin",
        username="admin",
        password="bench-password-2026",  # noqa: S106  (a throw-away bench database)
        role=Role.CITY_ADMIN,
        area=city,
    )
    rnd = random.Random(time.time_ns())
    grids = list(Grid.objects.select_related("area").order_by("pk"))
    if args.dense:
        # Points well inside the dense block: its grids not on its first or last rows.
        grids = grids[: args.dense][args.dense // 5 : -args.dense // 5]
    pks = list(Component.objects.values_list("pk", flat=True)[:5000])

    def reference() -> None:
        print(
            "reference, one component by pk:",
            summary(repeat(lambda: Component.objects.filter(pk=rnd.choice(pks)).first(), args.runs)),
            flush=True,
        )

    if "reads" in phases:
        reference()

        def near() -> None:
            g = rnd.choice(grids)
            queries.nearest(admin, g.min_lat + rnd.random() * 0.004, g.min_lon + rnd.random() * 0.004, 200)

        print("nearest within 200 m:", summary(repeat(near, args.runs)), flush=True)

        def one_grid() -> None:
            list(queries.components_of_grid(admin, rnd.choice(grids)))

        print(
            "components of one grid (all, as the round page lists them):",
            summary(repeat(one_grid, args.runs)),
        )

        def one_page() -> None:
            queries.grid_page(admin, rnd.choice(grids), after="")

        print(
            "components of one grid, first page of 100 (the grid page, keyset):",
            summary(repeat(one_page, args.runs)),
        )
    today = timezone.localdate()
    now = timezone.now()
    if "rates" in phases:
        reference()
        t = time.perf_counter()
        rates.tallies_rebuild()
        r = rates.rates_for(city, today, today)
        print(
            f"intact rate full (recount + city sum): {(time.perf_counter() - t) * 1000:.0f} ms, "
            f"rate {r.intact_rate}",
            flush=True,
        )
        comps = list(
            Component.objects.select_related("grid__area").filter(
                pk__in=rnd.sample(pks, args.runs), state=State.INTACT
            )
        )

        def incremental() -> None:
            c = comps.pop()
            actions.component_state_set(actor=None, component=c, state="damaged")
            rates.rates_for(city, today, today)

        print("intact rate after one state change:", summary(repeat(incremental, len(comps))), flush=True)
    if not phases & {"checks", "http"}:
        drop_queued_jobs()
        return
    # Inspection work: fresh grids (no round yet), their intact components without an open problem.
    street = rnd.choice(list(Area.objects.filter(level="street").order_by("code")))
    fresh = Grid.objects.select_related("area").filter(rounds__isnull=True)
    if "http" in phases:
        fresh = fresh.filter(area__path__startswith=street.path)
    rgrids = list(fresh.order_by("?")[: args.runs // 2])
    rounds = [actions.round_plan(actor=None, grid=g, due_on=today, now=now) for g in rgrids]
    work = []
    for rd in rounds:
        comps = (
            Component.objects.filter(grid=rd.grid, state=State.INTACT)
            .exclude(problems__status__in=[ProblemStatus.OPEN, ProblemStatus.REPAIRED])
            .order_by("code")[:8]
        )
        for c in comps:
            # About one result in ten reports a problem (which opens a ticket).
            work.append((rd, c, rnd.random() > 0.1))
    rnd.shuffle(work)
    if "checks" in phases:
        reference()

        def check() -> None:
            rd, c, ok = work.pop()
            actions.check_record(actor=None, rnd=rd, component=c, ok=ok, note="" if ok else "破损", now=now)

        n = min(len(work), args.runs * 3)
        print(
            "inspection result (check_record action, ~10% problems with tickets):", summary(repeat(check, n))
        )
    if "http" in phases:
        inspector = User.objects.filter(username=f"inspector-{street.code}").first() or user_create(
            actor=None,
            display_name="inspector",
            username=f"inspector-{street.code}",
            password="bench-password-2026",  # noqa: S106
            role=Role.STREET_OFFICER,
            area=street,
        )
        http_checks(args, [(rd.code, c.code, ok) for rd, c, ok in work], street, inspector)
    drop_queued_jobs()


def drop_queued_jobs() -> None:
    from django.conf import settings

    if settings.LINLI_JOBS_BACKEND == "rq":
        import django_rq

        # No worker ran here: drop what the run queued (indicator refreshes, SMS) from Redis.
        queue = django_rq.get_queue("default")
        print(f"jobs queued for a worker during the run: {queue.count}")
        queue.empty()


if __name__ == "__main__":
    main()
