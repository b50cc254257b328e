"""The facilities' indicator: the intact rate (完好率) of the city's components (部件), intact ÷ in
service, per community and rolled up as a ratio of sums, counted as `rates` counts it: the grids'
live counts for the running month, their month-end snapshot (`GridMonth`) for a month that is over.
A grid's figures count for its community (a grid is an area below a community).
"""

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from linli.common.indicators import Indicator, register
from linli.facilities.models import Grid, GridMonth

Cells = dict[int, tuple[float, float | None]]
EVENTS = (
    "facilities.component.registered",
    "facilities.component.state_changed",
    "facilities.components.imported",
    "facilities.problem.confirmed",
)


def intact(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    qs: Any
    if start <= timezone.localtime(now).date() <= end:
        qs = Grid.objects.all()
        community = "area__parent_id"
    else:
        qs = GridMonth.objects.filter(month=start)
        community = "grid__area__parent_id"
    if communities is not None:
        qs = qs.filter(**{f"{community}__in": list(communities)})
    rows = qs.values_list(community).annotate(s=Sum("in_service"), i=Sum("intact")).order_by()
    return {c: (float(ni or 0), float(ns or 0)) for c, ns, ni in rows if c is not None and ns}


INDICATORS = [
    Indicator(
        code="facilities.intact_rate",
        name_zh="城市部件完好率",
        name_en="City components intact",
        section="3.6.(二)",
        unit="percent",
        rollup="ratio",
        factor=100,
        source=intact,
        events=EVENTS,
        public=True,
        order=3,
        note_zh="完好部件数/在用部件数(网格化城市管理);本规划未设目标",
        note_en="Intact components / components in service (grid management); the plan sets no target.",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
