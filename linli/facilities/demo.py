"""Demo facilities: two unit grids of 幸福里社区 with their components, a round done with one
problem (its ticket opened), and a second problem repaired and waiting for confirmation."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.facilities import actions
from linli.facilities.models import Grid, GridLevel
from linli.tickets.actions import ticket_accept, ticket_resolve

COMMUNITY = "110105001001"
# Two squares side by side near 建国门外 (about 330 m by 220 m each), [lon, lat].
LAT0, LON0 = 39.9050, 116.4500
GRIDS = [("01", "幸福里第1网格（演示）", 0.0), ("02", "幸福里第2网格（演示）", 0.004)]
# class code, serial start, how many per grid, name
COMPONENTS = [
    ("0120", 1, 4, "路灯"),
    ("0102", 101, 3, "污水井盖"),
    ("0116", 201, 1, "消火栓"),
    ("0128", 301, 1, "邮筒"),
    ("0301", 401, 1, "公告栏"),
    ("0605", 501, 2, "健身器材"),
    ("0140", 601, 1, "电梯"),
]


def _square(dx: float) -> dict[str, Any]:
    w, h = 0.0038, 0.002
    a, b = LON0 + dx, LAT0
    return {"type": "Polygon", "coordinates": [[[a, b], [a + w, b], [a + w, b + h], [a, b + h], [a, b]]]}


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    community = Area.objects.filter(code=COMMUNITY).first()
    worker = User.objects.filter(username="worker_a").first()
    if community is None or worker is None or Grid.objects.filter(area__parent=community).exists():
        return
    now = now or timezone.now()
    today = now.date()
    with transaction.atomic():
        actions.classes_seed(actor=None)
        grids = []
        for i, (number, name, dx) in enumerate(GRIDS):
            grids.append(
                actions.grid_define(
                    actor=None,
                    community=community,
                    code=f"{COMMUNITY}-{number}",
                    name=name,
                    polygon=_square(dx),
                    worker=worker,
                    level=GridLevel.TWO if i == 0 else GridLevel.THREE,
                    now=now,
                )
            )
        for g, grid in enumerate(grids):
            for cls, start, n, name in COMPONENTS:
                for k in range(n):
                    serial = start + g * 1000 + k
                    actions.component_register(
                        actor=None,
                        grid=grid,
                        code=f"110105{cls}{serial:06d}",
                        lat=LAT0 + 0.0003 + 0.0003 * k + 0.0001 * (start // 100),
                        lon=LON0 + GRIDS[g][2] + 0.0004 + 0.0004 * (start // 100),
                        name=f"{name} {k + 1}",
                        owner="朝阳区市政市容委",
                        maintainer="建外街道城管科",
                        installed_on=today - dt.timedelta(days=400 + 30 * k),
                        now=now,
                    )
        rnd = actions.round_plan(actor=worker, grid=grids[0], due_on=today, inspector=worker, now=now)
        comps = list(grids[0].components.order_by("code"))
        for comp in comps[:5]:
            bad = comp.code.endswith("000001") or comp.code.endswith("000101")
            actions.check_record(
                actor=worker,
                rnd=rnd,
                component=comp,
                ok=not bad,
                note="灯不亮" if comp.cls.code == "0120" else ("井盖破损" if bad else ""),
                lat=comp.lat,
                lon=comp.lon,
                now=now,
            )
        # Street lights are the community's to handle (the ticket category's level).
        fixed = grids[0].problems.filter(component__cls__code="0120").first()
        if fixed is not None and fixed.ticket is not None:
            ticket_accept(actor=worker, ticket=fixed.ticket, now=now)
            ticket_resolve(actor=worker, ticket=fixed.ticket, resolution="已更换井盖", now=now)
            actions.problems_sync(now=now)
        actions.rounds_schedule(now=now)
    if out is not None:
        out.write("facilities: 2 grids, components, a round with two problems\n")
