"""The community facts' indicators (areas keeps each community's office and service space, 3.7.(一))."""

import datetime as dt
from typing import Any

from linli.areas.levels import Level
from linli.areas.models import Area
from linli.common.indicators import Indicator, register

Cells = dict[int, tuple[float, float | None]]


def _space(fields: tuple[str, ...]) -> Any:
    def source(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
        qs = Area.objects.filter(level=Level.COMMUNITY, is_active=True)
        if communities is not None:
            qs = qs.filter(pk__in=list(communities))
        out: Cells = {}
        for pk, *values in qs.values_list("pk", *fields):
            if any(v is not None for v in values):
                out[pk] = (float(sum(v or 0 for v in values)), 1.0)
        return out

    return source


INDICATORS = [
    Indicator(
        code="areas.space_350",
        name_zh="社区办公和服务用房达350平方米的社区比例",
        name_en="Communities with 350 m² of office and service space",
        section="3.7.(一)",
        unit="percent",
        period="year",
        rollup="share",
        unit_own="m2",
        threshold=350.0,
        target=100.0,
        deadline=dt.date(2010, 12, 31),
        source=_space(("office_m2", "service_m2")),
        events=("areas.area.created",),
        public=True,
        order=1,
    ),
    Indicator(
        code="areas.office_90",
        name_zh="办公用房达90平方米的社区比例",
        name_en="Communities with 90 m² of office space",
        section="1.1.(五)",
        unit="percent",
        period="year",
        rollup="share",
        unit_own="m2",
        threshold=90.0,
        target=100.0,
        baseline_2005=70.0,
        source=_space(("office_m2",)),
        events=("areas.area.created",),
        order=2,
    ),
    Indicator(
        code="areas.service_station_100",
        name_zh="建有100平方米社区服务站的社区比例",
        name_en="Communities with a 100 m² service station",
        section="3.7.(一)",
        unit="percent",
        period="year",
        rollup="share",
        unit_own="m2",
        threshold=100.0,
        target=100.0,
        deadline=dt.date(2010, 12, 31),
        source=_space(("service_m2",)),
        events=("areas.area.created",),
        public=True,
        order=3,
        note_zh="2005年2300个社区建成100平方米的社区服务站",
        note_en="In 2005, 2,300 communities had a 100 m² service station.",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
