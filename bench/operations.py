"""Operations (issue 15) at city shape, scaled down: welfare check build and board, alert queueing
and draining, admission lists and approvals at district scale.

On one fresh database: the area tree of `finance_funding.build_tree` (16 districts, 336 streets,
`--communities` communities), one building, dwelling and 包户 worker per community, and
`--residents` vulnerable residents (a third living alone, a third 80+, a third on dibao; the
street officer building the check holds no disability grant) spread over the communities. Then:

1. `welfare.actions.check_build` for the whole city, once, timed (residents/s);
2. the board rollup (`welfare.queries.board`) for the city and for one district, with half of the
   checks recorded, `--runs` times (median, p95);
3. an alert to every resident of the city: `emergencies.actions.alert_issue` with the jobs
   interface counting batches instead of running them (time to queue), then the batches drained
   through `send_alert_batch` and the console SMS backend (messages/s);
4. admission: `--applications` applications over the streets, half reviewed; the district
   officer's waiting list (first 50) and `application_decide`, `--runs` times each.
"""

import datetime as dt
import logging
import os
import random
from typing import Any

from common import parser, repeat, setup_django, summary, timer

NOW = dt.datetime(2026, 7, 10, 9, 0, tzinfo=dt.UTC)


def fill(communities: int, residents: int) -> list[int]:
    from finance_funding import build_tree

    from linli.accounts.models import User
    from linli.registry.models import Assignment, Building, CareTag, Dwelling, Household, Resident

    ids = build_tree(communities, 15)
    workers = User.objects.bulk_create(
        [User(username=f"w{c}", display_name=f"工作者{c}") for c in ids], batch_size=2000
    )
    buildings = Building.objects.bulk_create(
        [Building(community_id=c, name="1号楼") for c in ids], batch_size=2000
    )
    Assignment.objects.bulk_create(
        [
            Assignment(community_id=b.community_id, building=b, worker=w)
            for b, w in zip(buildings, workers, strict=True)
        ],
        batch_size=2000,
    )
    dwellings = Dwelling.objects.bulk_create(
        [Dwelling(building=b, community_id=b.community_id, number="1-101") for b in buildings],
        batch_size=2000,
    )
    step = 5000
    for start in range(0, residents, step):
        n = min(step, residents - start)
        hh = Household.objects.bulk_create(
            [
                Household(code=f"H{start + i}", community_id=dwellings[(start + i) % len(ids)].community_id,
                          dwelling=dwellings[(start + i) % len(ids)])
                for i in range(n)
            ]
        )  # fmt: skip
        people = Resident.objects.bulk_create(
            [
                Resident(
                    community_id=h.community_id,
                    household=h,
                    name=f"居民{start + i}",
                    id_number=f"ID{start + i}",
                    gender="F",
                    birth_date=dt.date(1940, 1, 1) if (start + i) % 3 == 1 else dt.date(1960, 1, 1),
                    phone=f"139{start + i:08d}",
                )
                for i, h in enumerate(hh)
            ]
        )
        CareTag.objects.bulk_create(
            [
                CareTag(
                    community_id=p.community_id, resident=p, tag="alone" if (start + i) % 3 == 0 else "dibao"
                )
                for i, p in enumerate(people)
                if (start + i) % 3 != 1
            ]
        )
    return ids


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--communities", type=int, default=3454)
    p.add_argument("--residents", type=int, default=100_000)
    p.add_argument("--applications", type=int, default=3000)
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args()
    os.environ["DJANGO_DEBUG"] = "0"
    setup_django(args.database_url)
    logging.getLogger("linli.tickets.notify").setLevel(logging.WARNING)
    from django.db import connection

    from linli.areas.models import Area
    from linli.operations.models import CheckItem, CheckState

    with timer() as t_fill:
        fill(args.communities, args.residents)
    vendor = connection.vendor
    print(
        f"{vendor}: data: {args.residents:,} vulnerable residents, {args.communities} communities ({t_fill['seconds']:.0f} s)"
    )
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    city = Area.objects.get(code="110000")
    district = Area.objects.get(code="110101")

    # 1. build
    from linli.operations.welfare import actions as welfare
    from linli.operations.welfare import queries as board_queries

    with timer() as t_build:
        check = welfare.check_build(actor=None, area=city, reason="高温", now=NOW)
    rate = check.residents / t_build["seconds"]
    print(
        f"{vendor}: welfare check built and assigned: {check.residents:,} residents in {t_build['seconds']:.1f} s ({rate:,.0f}/s)"
    )

    # 2. board, half recorded
    ids = list(CheckItem.objects.filter(welfare_check=check).values_list("pk", flat=True))
    half = ids[: len(ids) // 2]
    for start in range(0, len(half), 5000):
        CheckItem.objects.filter(pk__in=half[start : start + 5000]).update(
            state=CheckState.SAFE, recorded_at=NOW
        )
    from linli.accounts.models import RoleGrant, User
    from linli.accounts.roles import Role

    admin = User.objects.create(username="admin", display_name="市")
    RoleGrant.objects.create(user=admin, role=Role.CITY_ADMIN, area=city)
    officer = User.objects.create(username="d1", display_name="区")
    RoleGrant.objects.create(user=officer, role=Role.DISTRICT_OFFICER, area=district)
    city_board = repeat(lambda: board_queries.board(admin, check, city), args.runs)
    print(f"{vendor}: board rollup, city (16 district rows): {summary(city_board)}")
    district_board = repeat(lambda: board_queries.board(officer, check, district), args.runs)
    print(f"{vendor}: board rollup, one district ({district.code}): {summary(district_board)}")
    one = CheckItem.objects.filter(state=CheckState.PENDING).values_list("pk", flat=True)[: args.runs * 2]
    pending = list(CheckItem.objects.filter(pk__in=list(one)))
    rec = repeat(
        lambda: welfare.check_record(actor=None, item=pending.pop(), state="safe", method="phone", now=NOW),
        args.runs,
    )
    print(f"{vendor}: one check recorded (audited): {summary(rec)}")

    # 3. alert
    from linli.operations.emergencies import actions as alerts

    batches: list[tuple[int, list[int]]] = []
    alerts.enqueue = lambda func, alert_id, rids: batches.append((alert_id, rids))  # type: ignore[assignment]
    with timer() as t_alert:
        alert = alerts.alert_issue(
            actor=None, area=city, kind="heat", level="2", headline="高温", message="少外出", now=NOW
        )
    print(
        f"{vendor}: alert to {alert.recipients:,} residents: {len(batches)} batches queued in {t_alert['seconds']:.1f} s"
    )
    drain = batches[: max(1, min(len(batches), 20))]
    with timer() as t_drain:
        sent = sum(alerts.send_alert_batch(a, r) for a, r in drain)
    print(
        f"{vendor}: drain through the console backend: {sent:,} messages in {t_drain['seconds']:.1f} s ({sent / t_drain['seconds']:,.0f}/s)"
    )

    # 4. admission
    admission_figures(vendor, args.applications, args.runs, officer, district)


def admission_figures(vendor: str, applications: int, runs: int, officer: Any, district: Any) -> None:
    """Applications over every street, half reviewed; the district officer's waiting list and
    approvals, `runs` times each (shared with operations_pg.py)."""
    from linli.areas.models import Area
    from linli.operations.admission import actions as admission
    from linli.operations.admission import queries as admission_queries
    from linli.tickets.models import Department

    streets = list(Area.objects.filter(level="street").order_by("code"))
    departments = Department.objects.bulk_create([Department(street=s, name="区民政局") for s in streets])
    rng = random.Random(15)
    apps = []
    then = NOW - dt.timedelta(days=10)
    for i in range(applications):
        apps.append(
            admission.application_submit(
                actor=None, department=rng.choice(departments), kind="item", name=f"事项{i}", legal_basis="依据",
                holder="committee", start_date=dt.date(2026, 9, 1), now=then,
            )
        )  # fmt: skip
    reviewed = [a for a in apps[: len(apps) // 2]]
    for a in reviewed:
        admission.application_review(actor=None, application=a, approve=True, now=then)
    waiting = repeat(lambda: list(admission_queries.waiting_for(officer)[:50]), runs)
    print(f"{vendor}: district officer's waiting list (first 50 of {applications:,}): {summary(waiting)}")
    mine = [a for a in reviewed if a.district_id == district.pk]
    decide = repeat(
        lambda: admission.application_decide(actor=officer, application=mine.pop(), approve=True, now=NOW),
        min(runs, len(mine)),
    )
    print(f"{vendor}: approval (new list version, audited): {summary(decide)}")


if __name__ == "__main__":
    main()
