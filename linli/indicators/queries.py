"""Reads of the indicators, scoped through `accounts.policy`: the dashboard of an area, an
indicator's ranking and drill-down, the scorecard, and the public figures (small counts hidden)."""

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from linli.accounts import policy
from linli.areas.codes import normalize_area_code
from linli.areas.models import Area
from linli.common.indicators import LEVELS, Indicator, all_indicators, get
from linli.common.periods import period_bounds, previous_start
from linli.indicators.compute import current_start, goal_for, unit_level
from linli.indicators.models import Signoff, Value
from linli.indicators.permissions import VIEW
from linli.indicators.units import SMALL, status

TREND = 12
PEOPLE_UNITS = frozenset({"count", "persons", "households"})


def name(ind: Indicator) -> str:
    return ind.name_zh if (get_language() or "zh-hans").startswith("zh") else ind.name_en


def note(ind: Indicator) -> str:
    return ind.note_zh if (get_language() or "zh-hans").startswith("zh") else ind.note_en


def indicator_or_404(code: str) -> Indicator:
    ind = get(code)
    if ind is None:
        raise Http404
    return ind


def area_for(viewer: policy.Viewer, code: str, *, versioned: bool = False) -> Area:
    """An area of the four levels in the viewer's reach; 404 otherwise. `versioned`: with the
    version of its figures (`figures_version`) in the same query."""
    qs = Area.objects.select_related("parent").filter(level__in=LEVELS)
    if versioned:
        qs = qs.annotate(figures_stamp=_stamp())
    return policy.get_or_404(
        qs,
        viewer,
        VIEW,
        "",
        code=normalize_area_code(code),
    )


def home_area(viewer: policy.Viewer) -> Area | None:
    roots = [a for a in policy.roots(viewer, VIEW) if a.level in LEVELS]
    return roots[0] if roots else None


def starts_back(ind: Indicator, start: dt.date, n: int = TREND) -> list[dt.date]:
    out = [start]
    while len(out) < n:
        out.append(previous_start(ind.period, out[-1]))
    return out[::-1]


@dataclass
class Row:
    ind: Indicator
    name: str
    start: dt.date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    units_met: int | None = None
    units: int | None = None
    goal: float | None = None
    status: str = "none"
    computed_at: dt.datetime | None = None
    trend: list[tuple[dt.date, float | None]] = field(default_factory=list)
    is_unit: bool = False
    area: Area | None = None
    rank: int | None = None

    @property
    def share_of_units(self) -> bool:
        return self.ind.rollup == "share" and not self.is_unit


def _row(ind: Indicator, area: Area, start: dt.date, v: Value | None) -> Row:
    goal = goal_for(ind, area.level)
    row = Row(
        ind=ind, name=name(ind), start=start, goal=goal, area=area, is_unit=area.level == unit_level(ind)
    )
    if v is not None:
        row.value, row.numerator, row.denominator = v.value, v.numerator, v.denominator
        row.units_met, row.units, row.computed_at = v.units_met, v.units, v.computed_at
    row.status = status(ind, row.value, goal)
    return row


def dashboard(area: Area, day: dt.date, indicators: list[Indicator] | None = None) -> list[Row]:
    """Every indicator for the area (already looked up through `area_for`), in the period of its
    kind containing `day`, with its 12-period trend. One query for all figures."""
    inds = indicators if indicators is not None else all_indicators()
    starts = {i.code: starts_back(i, current_start(i, day)) for i in inds}
    all_starts = {s for ss in starts.values() for s in ss}
    values: dict[tuple[str, dt.date], Value] = {
        (v.indicator, v.period_start): v
        for v in Value.objects.filter(
            area=area, indicator__in=[i.code for i in inds], period_start__in=all_starts
        )
    }
    rows = []
    for ind in inds:
        ss = starts[ind.code]
        row = _row(ind, area, ss[-1], values.get((ind.code, ss[-1])))
        row.trend = [(s, values[(ind.code, s)].value if (ind.code, s) in values else None) for s in ss]
        rows.append(row)
    return rows


def figures_version(area: Area) -> str:
    """Changes whenever a figure of the area is written, changed or removed, a period of it or of
    an area above is signed off, or the registry's definitions change: the key of the rendered
    dashboard. The sums catch a refresh stamped with an event's time earlier than the last sweep's
    (`computed_at` alone would not move); a sign-off is never undone, so their number is their
    version. Read with the area itself (`area_for(..., versioned=True)`), else one query."""
    stamp = getattr(area, "figures_stamp", None)
    if stamp is None:
        stamp = (
            Area.objects.filter(pk=area.pk)
            .annotate(figures_stamp=_stamp())
            .values_list("figures_stamp")[0][0]
        )
    return f"{_registry_version()}-{stamp}"


def _stamp() -> RawSQL:
    """One text per area: its figures' count, latest `computed_at` and sums, and the number of
    sign-offs of it and the areas above it. Correlated with the area's row of the outer query; in
    SQL because the ORM's version of it cost more to compile than to run."""
    values, signoffs, areas = Value._meta.db_table, Signoff._meta.db_table, Area._meta.db_table
    return RawSQL(  # noqa: S611 (table names of our own models, no input)
        f"(SELECT CAST(COUNT(*) AS TEXT) || '/' || COALESCE(CAST(MAX(v.computed_at) AS TEXT), '')"  # noqa: S608
        f" || '/' || COALESCE(CAST(SUM(v.value) AS TEXT), '')"
        f" || '/' || COALESCE(CAST(SUM(v.numerator) AS TEXT), '')"
        f" || '/' || COALESCE(CAST(SUM(v.denominator) AS TEXT), '')"
        f' FROM {values} v WHERE v.area_id = "{areas}"."id")'
        f" || '#' || (SELECT CAST(COUNT(*) AS TEXT) FROM {signoffs} s WHERE s.area_id IN"
        f' (SELECT up.id FROM {areas} up WHERE "{areas}"."path" LIKE up.path || \'%%\'))',
        (),
        output_field=CharField(),
    )


def _paths_up(area: Area) -> list[str]:
    """The paths of the area and the areas above it."""
    return [area.path[: i + 1] for i, ch in enumerate(area.path) if ch == "/"]


def _registry_version() -> int:
    inds = all_indicators()
    return zlib.crc32(
        repr([(i.code, i.target, i.threshold, i.rollup, i.period, i.reported) for i in inds]).encode()
    )


def children(area: Area) -> list[Area]:
    return list(Area.objects.filter(parent=area, is_active=True, level__in=LEVELS).order_by("code"))


def ranking(ind: Indicator, area: Area, start: dt.date) -> list[Row]:
    """The areas right below, best first (direction of the indicator); those without a figure last."""
    kids = children(area)
    values = {
        v.area_id: v for v in Value.objects.filter(indicator=ind.code, period_start=start, area__in=kids)
    }
    rows = [_row(ind, k, start, values.get(k.pk)) for k in kids]
    with_value = [r for r in rows if r.value is not None]
    with_value.sort(key=lambda r: (-(r.value or 0) if ind.direction == "up" else (r.value or 0), r.area.code))  # type: ignore[union-attr]
    for i, r in enumerate(with_value, 1):
        r.rank = i
    return with_value + [r for r in rows if r.value is None]


def records(
    viewer: policy.Viewer, ind: Indicator, community: Area, start: dt.date, now: dt.datetime
) -> list[dict[str, Any]]:
    """The records behind a community's figure, within the viewer's reach (the app scopes them)."""
    if ind.records is None or community.level != "community":
        return []
    return ind.records(viewer, community, start, period_bounds(ind.period, start)[1], now)


def signoffs(area: Area) -> list[Signoff]:
    """Sign-offs of the area and the areas above it (each locks this area's period)."""
    return list(
        Signoff.objects.filter(area__path__in=_paths_up(area)).select_related("area", "signed_by")[:50]
    )


def is_signed_off(area: Area, period: str, start: dt.date) -> bool:
    return any(s.period == period and s.period_start == start for s in signoffs(area))


@dataclass
class ScoreRow:
    ind: Indicator
    name: str
    start: dt.date
    value: float | None
    goal: float | None
    status: str
    # level → (meeting, with a figure, goal there)
    levels: dict[str, tuple[int, int, float | None]]


def scorecard(area: Area, day: dt.date) -> list[ScoreRow]:
    """Every target: the area's own figure, and how many areas of each level below meet their goal.

    Each stored figure carries the lights of the areas below it, counted by level when it was
    computed (`compute.tally`), so this reads the area's own rows only: one query."""
    inds = all_indicators()
    # The levels below the area, top down (a city: district, street, community).
    below = [lv for lv in LEVELS[::-1] if LEVELS.index(lv) < LEVELS.index(area.level)]
    starts = {i.code: current_start(i, day) for i in inds}
    own: dict[str, tuple[float | None, dict[str, list[int]]]] = {
        code: (value, counts)
        for code, start, value, counts in Value.objects.filter(
            area=area, period_start__in=set(starts.values())
        ).values_list("indicator", "period_start", "value", "below")
        if starts.get(code) == start
    }
    out = []
    for ind in inds:
        goal = goal_for(ind, area.level)
        value, counts = own.get(ind.code, (None, {}))
        out.append(
            ScoreRow(
                ind=ind,
                name=name(ind),
                start=starts[ind.code],
                value=value,
                goal=goal,
                status=status(ind, value, goal),
                levels={lv: (*counts.get(lv, (0, 0)), goal_for(ind, lv)) for lv in below},
            )
        )
    return out


# ---------------------------------------------------------------- public


def suppressed(ind: Indicator, row: Row | Value) -> bool:
    """On public views a figure resting on 1 to 4 people (or cases) is hidden; yes/no and floor space are not counts."""
    if ind.rollup == "share" and (row.denominator in (None, 1.0)):
        return False
    if ind.rollup == "share" and row.area and row.area.level != unit_level(ind):
        return False
    for n in (row.numerator, row.denominator):
        if n is not None and 0 < n < SMALL:
            return True
    return (
        ind.rollup == "sum" and ind.unit in PEOPLE_UNITS and row.value is not None and 0 < row.value < SMALL
    )


def public_rows(community: Area, day: dt.date) -> list[Row]:
    rows = dashboard(community, day, [i for i in all_indicators() if i.public])
    for r in rows:
        if suppressed(r.ind, r):
            r.value = r.numerator = r.denominator = None
            r.status = "suppressed"
        r.trend = []
    return rows


def open_data(day: dt.date) -> list[dict[str, Any]]:
    """The public indicators for every area, with area codes (open data); small counts left out."""
    inds = [i for i in all_indicators() if i.public]
    by_code = {i.code: i for i in inds}
    starts = {i.code: current_start(i, day) for i in inds}
    out = []
    qs = (
        Value.objects.filter(indicator__in=list(by_code), period_start__in=set(starts.values()))
        .select_related("area")
        .order_by("area__path", "indicator")
    )
    for v in qs.iterator(chunk_size=5000):
        ind = by_code[v.indicator]
        if starts[v.indicator] != v.period_start:
            continue
        hidden = suppressed(ind, v)
        out.append(
            {
                "area_code": v.area.code,
                "area_name": v.area.name,
                "level": v.area.level,
                "indicator": ind.code,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "unit": ind.unit,
                "period": ind.period,
                "period_start": v.period_start.isoformat(),
                "value": None if hidden else v.value,
                "numerator": None if hidden else v.numerator,
                "denominator": None if hidden else v.denominator,
                "target": goal_for(ind, v.area.level),
                "suppressed": hidden,
                "computed_at": timezone.localtime(v.computed_at).isoformat(),
            }
        )
    return out
