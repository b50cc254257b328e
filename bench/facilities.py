"""Facilities at scale: nearest components, one grid's components, the intact rate, inspection results.

Builds `--communities` communities of 4 unit grids each (squares of about 440 m x 340 m laid out
over Beijing) and `--components` components spread over them, straight into the tables with
bulk_create, then measures what the figures of issue 16 name:
- nearest components to a point within 200 m (`queries.nearest`, scoped to a city administrator);
- the components of one grid (`queries.components_of_grid`);
- the intact rate of the whole city, full (`rates.tallies_rebuild` + `rates_for(city)`) and after
  one state change (`component_state_set` + `rates_for(city)`);
- inspection results (`actions.check_record`, one in ten a problem that opens a ticket).
Reference in the same run: fetching one component by primary key.
"""

import random
import time

from common import parser, repeat, setup_django, summary


def _components_sql(n_comp: int, n_cls: int, now: object) -> None:
    """PostgreSQL: the components in one INSERT ... SELECT generate_series (no ORM objects)."""
    from django.db import connection

    from linli.facilities import spatial

    with connection.cursor() as cur:
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
        cur.execute("ANALYZE facilities_component")


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


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--communities", type=int, default=400)
    p.add_argument("--components", type=int, default=200_000)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database a previous run built; measure only the reads (nearest, one grid)",
    )
    p.add_argument(
        "--dense",
        type=int,
        default=0,
        help="with --reuse: measure around the first N grids only (made denser by hand, see docs)",
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

    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role
    from linli.areas.models import Area
    from linli.facilities import actions, queries, rates
    from linli.facilities.models import Component, Grid

    start = time.perf_counter()
    if not args.reuse:
        build(args.communities, args.components)
    print(
        f"built {Component.objects.count()} components in {Grid.objects.count()} grids in {time.perf_counter() - start:.0f} s"
    )
    city = Area.objects.get(code="110000")
    from linli.accounts.models import User

    admin = User.objects.filter(username="admin").first() or user_create(
        actor=None,
        display_name="admin",
        username="admin",
        password="bench-password-2026",  # noqa: S106  (a throw-away bench database)
        role=Role.CITY_ADMIN,
        area=city,
    )
    rnd = random.Random(1)
    grids = list(Grid.objects.select_related("area").order_by("pk"))
    if args.dense:
        # Points well inside the dense block: its grids not on its first or last rows.
        grids = grids[: args.dense][args.dense // 5 : -args.dense // 5]
    pks = list(Component.objects.values_list("pk", flat=True)[:5000])

    print(
        "reference, one component by pk:",
        summary(repeat(lambda: Component.objects.filter(pk=rnd.choice(pks)).first(), args.runs)),
    )

    def near() -> None:
        g = rnd.choice(grids)
        queries.nearest(admin, g.min_lat + rnd.random() * 0.004, g.min_lon + rnd.random() * 0.004, 200)

    print("nearest within 200 m:", summary(repeat(near, args.runs)))
    print(
        "components of one grid:",
        summary(repeat(lambda: list(queries.components_of_grid(admin, rnd.choice(grids))), args.runs)),
    )
    if args.reuse:
        return
    today = timezone.localdate()
    t = time.perf_counter()
    rates.tallies_rebuild()
    r = rates.rates_for(city, today, today)
    print(
        f"intact rate full (recount + city sum): {(time.perf_counter() - t) * 1000:.0f} ms, rate {r.intact_rate}"
    )
    comps = list(Component.objects.select_related("grid__area").filter(pk__in=pks[: args.runs]))

    def incremental() -> None:
        c = comps.pop()
        actions.component_state_set(actor=None, component=c, state="damaged")
        rates.rates_for(city, today, today)

    print("intact rate after one state change:", summary(repeat(incremental, min(args.runs, len(comps)))))
    rgrids = [g for g in grids if g.components.exists()][: args.runs]
    now = timezone.now()
    rounds = [actions.round_plan(actor=None, grid=g, due_on=today, now=now) for g in rgrids]
    work = []
    for rd in rounds:
        for i, c in enumerate(Component.objects.filter(grid=rd.grid)[:5]):
            work.append((rd, c, i != 0 or rnd.random() > 0.5))

    def check() -> None:
        rd, c, ok = work.pop()
        actions.check_record(actor=None, rnd=rd, component=c, ok=ok, note="" if ok else "破损", now=now)

    n = min(len(work) // 2, args.runs * 3)
    print("inspection result (check_record, ~10% problems with tickets):", summary(repeat(check, n)))

    # The same through the API, as an inspector's phone sends it (bearer token, form post).
    from django.test import Client

    from linli.accounts.actions import api_token_create

    street = Area.objects.filter(level="street").order_by("code").first()
    inspector = user_create(
        actor=None,
        display_name="inspector",
        username="inspector",
        password="bench-password-2026",  # noqa: S106
        role=Role.STREET_OFFICER,
        area=street,
    )
    _token, key = api_token_create(actor=inspector, name="bench")
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    api_work = [w for w in work if w[0].grid.area.path.startswith(street.path)]

    def check_api() -> None:
        rd, c, ok = api_work.pop()
        body = {"component": c.code, "ok": "true" if ok else "false", "note": "" if ok else "破损"}
        r = client.post(f"/api/v1/facilities/rounds/{rd.code}/checks", body)
        assert r.status_code in (201, 409), r.content

    check_api()  # the first request loads the URL conf and the API schema: not timed
    n = min(len(api_work), args.runs * 3)
    print("inspection result through the API (POST /rounds/<code>/checks):", summary(repeat(check_api, n)))


if __name__ == "__main__":
    main()
