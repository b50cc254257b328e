"""Resident search over 1,000,000 residents on PostgreSQL: exact ID number and name prefix.

The residents are generated straight into the tables with COPY (ID numbers really encrypted and
blind-indexed, so the rows are what the application would have written). Each query is the
search page's work: `residents_search` (scoped to the viewer) and `residents_page`: the count, the
first 20 ids, then those rows with their visible care tags and dwellings.
"""

import datetime as dt
import random
import time

from common import connect_django, parser, repeat, setup_django, summary

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_for(n: int) -> str:
    birth = dt.date(1930, 1, 1) + dt.timedelta(days=n % 29_000)
    first17 = f"110105{birth:%Y%m%d}{n // 29_000 % 1000:03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def name_for(n: int) -> str:
    return SURNAMES[n % 20] + GIVEN[n // 20 % 24] + GIVEN[n // 480 % 24]


def generate(total: int, communities: list) -> None:
    from django.db import connection
    from django.utils import timezone

    from linli.common.crypto import blind_index, encrypt

    now = timezone.now()
    per_household = 4
    households = total // per_household
    with connection.cursor() as c:
        c.execute(
            "SELECT nextval(pg_get_serial_sequence('registry_household', 'id')) FROM generate_series(1, %s)",
            [households],
        )
        hids = [r[0] for r in c.fetchall()]
        with c.cursor.copy(
            "COPY registry_household (id, code, community_id, kind, is_active, created_at) FROM STDIN"
        ) as cp:
            for i, hid in enumerate(hids):
                cp.write_row(
                    (hid, f"HB{i:09d}", communities[i % len(communities)].pk, "registered", True, now)
                )
        cols = (
            "community_id, household_id, relation, kind, status, name, id_number, id_index, gender, birth_date,"
            " phone, phone_index, ethnicity, hukou_place, employment, registered_at"
        )
        with c.cursor.copy(f"COPY registry_resident ({cols}) FROM STDIN") as cp:
            for n in range(total):
                h = n // per_household
                number = id_for(n)
                cp.write_row(
                    (
                        communities[h % len(communities)].pk,
                        hids[h],
                        "head" if n % per_household == 0 else "other_relative",
                        "registered",
                        "active",
                        name_for(n),
                        encrypt(number),
                        blind_index("id_number", number),
                        "M" if int(number[16]) % 2 else "F",
                        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                        "",
                        "",
                        "汉族",
                        "",
                        "",
                        now,
                    )
                )
        c.execute(
            "UPDATE registry_household h SET head_id = r.id FROM registry_resident r"
            " WHERE r.household_id = h.id AND r.relation = 'head'"
        )
    # A steady-state table has been vacuumed (autovacuum): statistics and the visibility map that
    # lets counts come from the index alone.
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE registry_resident")
        c.execute("VACUUM ANALYZE registry_household")


def reuse(queries: int) -> None:
    """The same six cases on an existing city: the worker's community and the street officer's street."""
    from django.db import connection

    from linli.accounts.models import User
    from linli.areas.models import Area
    from linli.registry.models import Resident
    from linli.registry.queries import Search, residents_page, residents_search

    worker, street = User.objects.get(username="w1"), User.objects.get(username="s1")
    community = Area.objects.filter(level="community").order_by("code").first()
    assert community is not None and community.parent is not None
    rng = random.Random(7)

    def sample(qs, n: int) -> list[Resident]:
        ids = list(qs.filter(status="active").values_list("pk", flat=True))
        return list(Resident.objects.filter(pk__in=rng.sample(ids, min(n, len(ids)))))

    in_community = Resident.objects.filter(community=community)
    in_street = Resident.objects.filter(community__parent=community.parent)
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM registry_resident")
        total = c.fetchone()[0]
    print(
        f"city of {total:,} residents; worker's community {in_community.count():,}, street {in_street.count():,}",
        flush=True,
    )
    mine, streets = sample(in_community, queries), sample(in_street, queries)
    ids_in_1 = [r.id_number for r in mine]
    ids_any = [r.id_number for r in streets]
    prefixes2 = [r.name[:2] for r in streets]
    prefixes1 = [r.name[:1] for r in streets]
    cases = [
        ("exact ID, worker (1 community)", worker, ids_in_1),
        ("exact ID, street officer (1 street)", street, ids_any),
        ("name prefix 2 chars, worker", worker, prefixes2),
        ("name prefix 2 chars, street officer", street, prefixes2),
        ("name prefix 1 char (surname), worker", worker, prefixes1),
        ("name prefix 1 char (surname), street officer", street, prefixes1),
    ]
    pks = iter([r.pk for r in streets] * 2)
    ref = repeat(lambda: Resident.objects.filter(pk=next(pks)).first(), len(streets) - 1)
    print(f"postgresql, reference (one resident by primary key): {summary(ref)}", flush=True)
    for label, viewer, values in cases:
        it = iter(values)
        residents_page(viewer, residents_search(viewer, Search(q=values[0])), 1, 20)  # warm
        ms = repeat(
            lambda v=viewer, it=it: residents_page(v, residents_search(v, Search(q=next(it))), 1, 20),
            len(values) - 1,
        )
        print(f"postgresql, city of {total:,} residents: {label}: {summary(ms)}", flush=True)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--residents", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument(
        "--reuse",
        action="store_true",
        help="search an existing database (bench/city.py's city: users w1 and s1) instead of generating",
    )
    args = p.parse_args()
    if args.reuse:
        connect_django(args.database_url)
        reuse(args.queries)
        return
    setup_django(args.database_url)
    from django.db import connection

    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role
    from linli.areas.actions import area_create
    from linli.registry.queries import Search, residents_page, residents_search

    password = "bench-" + "password-42"  # a throw-away database's users

    assert connection.vendor == "postgresql", "this benchmark is about PostgreSQL"
    for code, name in (("110000", "北京市"), ("110105", "朝阳区"), ("110105001000", "建外街道")):
        area_create(actor=None, code=code, name=name)
    communities = [area_create(actor=None, code=f"110105001{i:03d}", name=f"社区{i}") for i in range(1, 11)]
    worker = user_create(
        actor=None,
        display_name="w",
        username="w",
        password=password,
        role=Role.WORKER,
        area=communities[0],
    )
    street = user_create(
        actor=None,
        display_name="s",
        username="s",
        password=password,
        role=Role.STREET_OFFICER,
        area=communities[0].parent,
    )
    start = time.perf_counter()
    generate(args.residents, communities)
    print(
        f"generated {args.residents} residents with COPY in {time.perf_counter() - start:.0f} s", flush=True
    )

    rng = random.Random(7)

    def page(viewer, search) -> None:
        """What the search page does: count, the first 20 ids, those rows with tags and dwellings."""
        residents_page(viewer, residents_search(viewer, search), 1, 20)

    # Residents of community 1 are households 0, 10, 20, ... → people 40k..40k+3.
    ids_in_1 = [
        id_for(4 * 10 * rng.randrange(args.residents // 40) + rng.randrange(4)) for _ in range(args.queries)
    ]
    ids_any = [id_for(rng.randrange(args.residents)) for _ in range(args.queries)]
    prefixes2 = [SURNAMES[rng.randrange(20)] + GIVEN[rng.randrange(24)] for _ in range(args.queries)]
    prefixes1 = [SURNAMES[rng.randrange(20)] for _ in range(args.queries)]
    cases = [
        ("exact ID, worker (1 community, 100k)", worker, ids_in_1),
        ("exact ID, street officer (1M)", street, ids_any),
        ("name prefix 2 chars, worker", worker, prefixes2),
        ("name prefix 2 chars, street officer", street, prefixes2),
        ("name prefix 1 char (surname), worker", worker, prefixes1),
        ("name prefix 1 char (surname), street officer", street, prefixes1),
    ]
    for label, viewer, values in cases:
        it = iter(values)
        page(viewer, Search(q=values[0]))  # warm
        ms = repeat(lambda v=viewer, it=it: page(v, Search(q=next(it))), len(values) - 1)
        print(f"postgresql, {args.residents} residents: {label}: {summary(ms)}", flush=True)


if __name__ == "__main__":
    main()
