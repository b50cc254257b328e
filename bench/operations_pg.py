# ruff: noqa: S608  (the benchmark generates its data with SQL built from table names)
"""Operations (issue 15) on PostgreSQL at (a stated fraction of) the issue's scale.

The data is made inside the database (INSERT … SELECT from one template row per table, so the
column defaults are the models'): the area tree (16 districts, 336 streets, `--communities`),
`--workers` buildings with a 包户 worker and `--volunteers` volunteers per community, and
`--residents` residents with a mobile number, 85% of them vulnerable (a third living alone, a
third 80+, a third on dibao). Phones are real ciphertexts (1,000 distinct), so the drain decrypts.

1. `welfare.actions.check_build` for the whole city (set-based: one INSERT … SELECT per 200
   communities), with its audit event's count;
2. the board rollup for the city while `--recorders` processes (50: the issue's workers) record
   checks (`check_record`, audited) `--pause` seconds apart: board p95 and recordings/s;
3. an alert to every resident of the city: `alert_issue` with the production jobs backend (RQ on
   Redis, `--redis-url`, a database flushed before and after): time until the batches (1,000
   resident ids each) are on Redis; then one RQ worker drains `--drain` jobs through
   `send_alert_batch` and the console SMS backend: messages/s;
4. admission at district scale (shared with operations.py).
"""

import datetime as dt
import logging
import multiprocessing
import os
import time

from common import parser, repeat, setup_django, summary, timer
from operations import NOW, admission_figures


def _columns(table: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND is_generated = 'NEVER' AND column_name <> 'id' ORDER BY ordinal_position",
            [table],
        )
        return [r[0] for r in cur.fetchall()]


def clone(table: str, template: int, source: str, overrides: dict[str, str], params: dict) -> int:
    """INSERT one row per row of `source` (alias s), copying the template row but for `overrides`."""
    from django.db import connection

    cols = _columns(table)
    select = ", ".join(overrides.get(c, f"t.{c}") for c in cols)
    sql = f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM {table} t, {source} WHERE t.id = %(template)s"
    with connection.cursor() as cur:
        cur.execute(sql, {**params, "template": template})
        return cur.rowcount


def fill(communities: int, workers: int, volunteers: int, residents: int) -> None:
    from django.db import connection
    from finance_funding import build_tree

    from linli.accounts.models import User
    from linli.common.crypto import encrypt
    from linli.registry.models import Assignment, Building, CareTag, Dwelling, Household, Resident
    from linli.volunteers.models import Volunteer

    ids = sorted(build_tree(communities, 15))
    users = User.objects.bulk_create(
        [User(username=f"w{c}-{k}", display_name=f"工作者{c}-{k}") for c in ids for k in range(workers)],
        batch_size=5000,
    )
    buildings = Building.objects.bulk_create(
        [Building(community_id=c, name=f"{k + 1}号楼") for c in ids for k in range(workers)], batch_size=5000
    )
    Assignment.objects.bulk_create(
        [
            Assignment(community_id=b.community_id, building=b, worker=w)
            for b, w in zip(buildings, users, strict=True)
        ],
        batch_size=5000,
    )
    dwellings = Dwelling.objects.bulk_create(
        [Dwelling(building=b, community_id=b.community_id, number="1-101") for b in buildings],
        batch_size=5000,
    )
    dwelling_ids = [d.pk for d in dwellings]  # community i's k-th at i * workers + k
    house = Household.objects.create(code="T", community_id=ids[0], dwelling=dwellings[0])
    person = Resident.objects.create(
        community_id=ids[0], household=house, name="模板", id_number="X", gender="F",
        birth_date=dt.date(1960, 1, 1), phone="13900000000",
    )  # fmt: skip
    tag = CareTag.objects.create(community_id=ids[0], resident=person, tag="alone")
    vol = Volunteer.objects.create(
        number="VT", community_id=ids[0], name="模板", id_number="X", registered_at=NOW
    )
    c, k = len(ids), workers
    clone(
        Household._meta.db_table, house.pk, "generate_series(1, %(n)s) g",
        {
            "code": "'B' || g",
            "community_id": "(%(ids)s::bigint[])[1 + g %% %(c)s]",
            "dwelling_id": "(%(dwellings)s::bigint[])[1 + (g %% %(c)s) * %(k)s + (g / %(c)s) %% %(k)s]",
        },
        {"ids": ids, "c": c, "dwellings": dwelling_ids, "k": k, "n": residents},
    )  # fmt: skip
    phones = [encrypt(f"139{i:08d}") for i in range(1000)]
    clone(
        Resident._meta.db_table, person.pk,
        f"(SELECT id AS hid, community_id AS cid, substr(code, 2)::int AS g FROM {Household._meta.db_table}"
        " WHERE code LIKE 'B%%') s",
        {
            "household_id": "s.hid",
            "community_id": "s.cid",
            "name": "'居民' || s.g",
            "id_index": "md5('i' || s.g)",
            "phone": "(%(phones)s::text[])[1 + s.g %% 1000]",
            "phone_index": "md5('p' || s.g)",
            "birth_date": "CASE WHEN s.g %% 20 < 17 AND s.g %% 3 = 1 THEN DATE '1940-01-01'"
            " WHEN s.g %% 20 < 17 THEN DATE '1960-01-01' ELSE DATE '1990-01-01' END",
        },
        {"phones": phones},
    )  # fmt: skip
    clone(
        CareTag._meta.db_table, tag.pk,
        f"(SELECT id AS rid, community_id AS cid, substr(name, 3)::int AS g FROM {Resident._meta.db_table}"
        " WHERE name LIKE '居民%%') s",
        {"resident_id": "s.rid", "community_id": "s.cid", "tag": "CASE WHEN s.g %% 3 = 0 THEN 'alone' ELSE 'dibao' END"},
        {},
    )  # fmt: skip
    with connection.cursor() as cur:
        cur.execute(
            f"DELETE FROM {CareTag._meta.db_table} WHERE resident_id IN (SELECT id FROM {Resident._meta.db_table}"
            " WHERE name LIKE '居民%' AND (substr(name, 3)::int % 20 >= 17 OR substr(name, 3)::int % 3 = 1))"
        )
    if volunteers:
        clone(
            Volunteer._meta.db_table, vol.pk,
            "unnest(%(ids)s::bigint[]) WITH ORDINALITY AS s(cid, i) CROSS JOIN generate_series(1, %(v)s) v",
            {"community_id": "s.cid", "number": "'V' || s.i || '-' || v", "id_index": "md5('v' || s.i || '-' || v)"},
            {"ids": ids, "v": volunteers},
        )  # fmt: skip
    tag.delete()
    person.delete()
    house.delete()
    vol.delete()


def recorder(item_ids: list[int], seconds: float, pause: float, out: "multiprocessing.Queue[int]") -> None:
    """One worker recording checks, `pause` seconds apart (a phone call is longer; 0 = flat out)."""
    from django.db import connections

    from linli.operations.models import CheckItem
    from linli.operations.welfare import actions as welfare

    connections.close_all()
    done = 0
    stop = time.monotonic() + seconds
    states = ("safe", "safe", "safe", "needs_help", "not_reached")
    for pk in item_ids:
        if time.monotonic() > stop:
            break
        state = states[pk % len(states)]
        welfare.check_record(
            actor=None,
            item=CheckItem(pk=pk),
            state=state,
            method="" if state == "not_reached" else "phone",
            note="需要送水" if state == "needs_help" else "",
            now=NOW,
        )
        done += 1
        time.sleep(pause)
    out.put(done)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--communities", type=int, default=3454)
    p.add_argument("--residents", type=int, default=1_000_000)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--volunteers", type=int, default=2)
    p.add_argument("--recorders", type=int, default=50)
    p.add_argument("--pause", type=float, default=1.0, help="seconds between one recorder's checks")
    p.add_argument("--record-seconds", type=float, default=30)
    p.add_argument("--drain", type=int, default=20, help="jobs (1,000 residents each) one worker drains")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/15", help="flushed before and after")
    p.add_argument("--applications", type=int, default=3000)
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args()
    os.environ["DJANGO_DEBUG"] = "0"
    setup_django(args.database_url)
    logging.getLogger("linli.tickets.notify").setLevel(logging.WARNING)
    from django.db import connection, connections

    from linli.accounts.models import RoleGrant, User
    from linli.accounts.roles import Role
    from linli.areas.models import Area
    from linli.audit.models import AuditEvent
    from linli.operations.models import CheckItem
    from linli.operations.welfare import actions as welfare
    from linli.operations.welfare import queries as board_queries

    assert connection.vendor == "postgresql", "this benchmark needs PostgreSQL"
    with timer() as t_fill:
        fill(args.communities, args.workers, args.volunteers, args.residents)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(
        f"data: {args.residents:,} residents (85% vulnerable) in {args.communities} communities, "
        f"{args.workers} workers and {args.volunteers} volunteers each ({t_fill['seconds']:.0f} s)"
    )
    city = Area.objects.get(code="110000")
    district = Area.objects.get(code="110101")

    # 1. build
    with timer() as t_build:
        check = welfare.check_build(actor=None, area=city, reason="高温", now=NOW)
    event = AuditEvent.objects.filter(action="operations.check.built").latest("pk")
    print(
        f"welfare check built and assigned: {check.residents:,} residents in {t_build['seconds']:.1f} s "
        f"({check.residents / t_build['seconds']:,.0f}/s); audit event: {event.details}"
    )

    # 2. board while recorders record
    admin = User.objects.create(username="admin", display_name="市")
    RoleGrant.objects.create(user=admin, role=Role.CITY_ADMIN, area=city)
    quiet = repeat(lambda: board_queries.board(admin, check, city), args.runs)
    print(f"board rollup, city, nobody recording: {summary(quiet)}")
    pending = list(
        CheckItem.objects.filter(welfare_check=check).order_by("?").values_list("pk", flat=True)[:200_000]
    )
    share = len(pending) // max(args.recorders, 1)
    connections.close_all()
    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(
            target=recorder,
            args=(pending[i * share : (i + 1) * share], args.record_seconds, args.pause, queue),
        )
        for i in range(args.recorders)
    ]
    for proc in procs:
        proc.start()
    busy: list[float] = []
    stop = time.monotonic() + args.record_seconds
    while time.monotonic() < stop:
        busy.extend(repeat(lambda: board_queries.board(admin, check, city), 1))
    recorded = sum(queue.get() for _ in procs)
    for proc in procs:
        proc.join()
    print(
        f"board rollup, city, while {args.recorders} processes record ({args.pause} s apart): {summary(busy)}; "
        f"{recorded:,} checks recorded in {args.record_seconds:.0f} s ({recorded / args.record_seconds:,.0f}/s)"
    )

    # 3. alert, queued on Redis through RQ (the production backend), drained by a real RQ worker
    import django_rq
    from django.conf import settings
    from rq import SimpleWorker

    from linli.operations.emergencies import actions as alerts

    settings.LINLI_JOBS_BACKEND = "rq"
    settings.LINLI_SMS_BACKEND = "linli.tickets.notify.ConsoleBackend"
    settings.RQ_QUEUES["default"]["URL"] = args.redis_url
    rq_queue = django_rq.get_queue("default")
    rq_queue.connection.flushdb()
    with timer() as t_alert:
        alert = alerts.alert_issue(
            actor=None, area=city, kind="heat", level="2", headline="高温", message="少外出", now=NOW
        )
    print(
        f"alert to {alert.recipients:,} residents ({alert.queued:,} mobiles): {rq_queue.count} jobs on Redis "
        f"in {t_alert['seconds']:.1f} s"
    )
    drain = max(1, min(rq_queue.count, args.drain))
    worker = SimpleWorker([rq_queue], connection=rq_queue.connection)
    with timer() as t_drain:
        worker.work(burst=True, max_jobs=drain, with_scheduler=False, logging_level="WARNING")
    sent = drain * alerts.BATCH
    print(
        f"drain: one RQ worker, {drain} jobs ({sent:,} messages) through the console backend in "
        f"{t_drain['seconds']:.1f} s ({sent / t_drain['seconds']:,.0f}/s); {rq_queue.count} jobs left"
    )
    rq_queue.connection.flushdb()

    # 4. admission
    officer = User.objects.create(username="d1", display_name="区")
    RoleGrant.objects.create(user=officer, role=Role.DISTRICT_OFFICER, area=district)
    admission_figures("postgresql", args.applications, args.runs, officer, district)


if __name__ == "__main__":
    main()
