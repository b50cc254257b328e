"""Figures from the records: each app's source per community (or the hand entries of a reported
indicator at its level), rolled up community → street → district → city, stored with the time
computed. Sum: Σ numerators. Ratio: Σ numerators ÷ Σ denominators * factor. Share: each unit's
own figure against the threshold, then the share of units that meet it.

A signed-off period is kept as it was: the figures of a locked area are read back, never
rewritten, and the areas above it roll up from them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from linli.areas.models import Area
from linli.common.indicators import LEVELS, Indicator, all_indicators, one_run
from linli.common.periods import period_bounds
from linli.indicators.models import Entry, Signoff, Value
from linli.indicators.units import status

# Bottom up; grids hold no figures.
UP = LEVELS  # ("community", "street", "district", "city")
BATCH = 2000


@dataclass
class Cell:
    numerator: float | None = None
    denominator: float | None = None
    units_met: int | None = None
    units: int | None = None
    value: float | None = None


@dataclass(frozen=True)
class Node:
    pk: int
    parent_id: int | None
    level: str
    path: str


def unit_level(ind: Indicator) -> str:
    """The level whose own figures a share counts (and where hand entries are made)."""
    return "community" if ind.source is not None else ind.report_level


def goal_for(ind: Indicator, level: str) -> float | None:
    """What an area of this level is held to: a share's unit its threshold, the others the target
    (a city-wide total only at the city)."""
    if ind.rollup == "share":
        base = unit_level(ind)
        if level == base:
            return ind.threshold
        if LEVELS.index(level) < LEVELS.index(base):
            return None
    if ind.target_level and ind.target_level != level:
        return None
    return ind.target


def own_value(ind: Indicator, num: float | None, den: float | None) -> float | None:
    """A unit's own figure: a count as it is, a ratio * factor (none when out of nothing)."""
    if num is None:
        return None
    if ind.rollup == "sum" or den is None:
        return num
    return num / den * ind.factor if den else None


def meets(ind: Indicator, value: float | None, goal: float | None) -> bool | None:
    if value is None or goal is None:
        return None
    return value >= goal - 1e-9 if ind.direction == "up" else value <= goal + 1e-9


def unit_cell(ind: Indicator, num: float | None, den: float | None) -> Cell:
    value = own_value(ind, num, den)
    cell = Cell(numerator=num, denominator=den, value=value)
    if ind.rollup == "share" and value is not None:
        cell.units, cell.units_met = 1, int(bool(meets(ind, value, ind.threshold)))
    return cell


def combine(ind: Indicator, cells: Iterable[Cell]) -> Cell | None:
    cells = [c for c in cells if c.numerator is not None or c.units]
    if not cells:
        return None
    total = sum(c.numerator or 0.0 for c in cells)
    out = Cell(numerator=total)
    dens = [c.denominator for c in cells if c.denominator is not None]
    out.denominator = sum(dens) if dens else None
    if ind.rollup == "share":
        out.units = sum(c.units or 0 for c in cells)
        out.units_met = sum(c.units_met or 0 for c in cells)
        out.value = 100.0 * out.units_met / out.units if out.units else None
    elif ind.rollup == "ratio":
        out.value = total / out.denominator * ind.factor if out.denominator else None
    else:
        out.value = total
    return out


Below = dict[str, list[int]]  # level -> [areas meeting their goal, areas with a figure and a goal]


def light(ind: Indicator, cell: Cell, level: str) -> str:
    return status(ind, cell.value, goal_for(ind, level))


def add_below(total: Below, level: str, lit: str, under: Below | None = None) -> None:
    """Count one area (its light at its level) and everything under it into `total`."""
    for lv, (met, n) in (under or {}).items():
        t = total.setdefault(lv, [0, 0])
        t[0], t[1] = t[0] + met, t[1] + n
    if lit != "none":
        t = total.setdefault(level, [0, 0])
        t[0], t[1] = t[0] + (lit == "green"), t[1] + 1


def tally(ind: Indicator, cells: dict[int, Cell], nodes: dict[int, "Node"]) -> dict[int, Below]:
    """For every area, the lights of the areas below it by level (each area counted in its
    ancestors): what the scorecard shows, kept with the figure."""
    below: dict[int, Below] = defaultdict(dict)
    for pk, cell in cells.items():
        node = nodes[pk]
        lit = light(ind, cell, node.level)
        parent = node.parent_id
        while parent is not None and parent in nodes:
            add_below(below[parent], node.level, lit)
            parent = nodes[parent].parent_id
    return below


def tree() -> dict[int, Node]:
    rows = Area.objects.filter(is_active=True, level__in=UP).values_list("pk", "parent_id", "level", "path")
    return {pk: Node(pk, parent, level, path) for pk, parent, level, path in rows}


def locked_paths(period: str, start: dt.date) -> list[str]:
    return list(
        Signoff.objects.filter(period=period, period_start=start).values_list("area__path", flat=True)
    )


def is_locked(node: Node, paths: list[str]) -> bool:
    return any(node.path.startswith(p) for p in paths)


def _stored(ind: Indicator, start: dt.date, area_ids: Iterable[int]) -> dict[int, Cell]:
    rows = Value.objects.filter(
        indicator=ind.code, period_start=start, area_id__in=list(area_ids)
    ).values_list("area_id", "numerator", "denominator", "units_met", "units", "value")
    return {a: Cell(n, d, m, u, v) for a, n, d, m, u, v in rows}


def unit_figures(
    ind: Indicator, start: dt.date, now: dt.datetime, communities: Iterable[int] | None = None
) -> dict[int, tuple[float, float | None]]:
    end = period_bounds(ind.period, start)[1]
    if ind.source is not None:
        return ind.source(start, end, now, communities)
    entries = Entry.objects.filter(indicator=ind.code, period_start=start, entered_at__lte=now)
    if communities is not None:
        entries = entries.filter(area_id__in=list(communities))
    return {a: (n, d) for a, n, d in entries.values_list("area_id", "numerator", "denominator")}


def compute(ind: Indicator, start: dt.date, *, now: dt.datetime, nodes: dict[int, Node] | None = None) -> int:
    """Recompute one indicator for one period everywhere; returns how many figures were written."""
    return _compute_nodes(ind, start, now, nodes if nodes is not None else tree(), within=None)


def _compute_nodes(
    ind: Indicator, start: dt.date, now: dt.datetime, nodes: dict[int, Node], *, within: list[int] | None
) -> int:
    """Compute the units among `nodes` from the records and roll them up inside `nodes` (the whole
    tree, or one area's subtree: `within` its ids, whose other stored figures are dropped)."""
    locks = locked_paths(ind.period, start)
    locked = {pk for pk, n in nodes.items() if locks and is_locked(n, locks)}
    stored = _stored(ind, start, locked) if locked else {}
    base = unit_level(ind)
    units = None if within is None else [pk for pk, n in nodes.items() if n.level == base]
    cells: dict[int, Cell] = {}
    for pk, (num, den) in unit_figures(ind, start, now, units).items():
        node = nodes.get(pk)
        if node is not None and node.level == base:
            cells[pk] = unit_cell(ind, num, den)
    for pk in locked:
        if nodes[pk].level == base:
            if pk in stored:
                cells[pk] = stored[pk]
            else:
                cells.pop(pk, None)
    for level in UP[UP.index(base) + 1 :]:
        children: dict[int, list[Cell]] = defaultdict(list)
        for pk, cell in cells.items():
            parent = nodes[pk].parent_id
            if nodes[pk].level == UP[UP.index(level) - 1] and parent in nodes:
                children[parent].append(cell)
        for pk, node in nodes.items():
            if node.level != level:
                continue
            if pk in locked:
                if pk in stored:
                    cells[pk] = stored[pk]
                continue
            combined = combine(ind, children.get(pk, []))
            if combined is not None:
                cells[pk] = combined
    fresh = {pk: c for pk, c in cells.items() if pk not in locked}
    below = tally(ind, cells, nodes)
    _write(
        ind,
        start,
        fresh,
        now,
        {pk: nodes[pk].level for pk in fresh},
        below={pk: below.get(pk, {}) for pk in fresh},
        replace_all=True,
        keep=locked,
        within=within,
    )
    return len(fresh)


def _write(
    ind: Indicator,
    start: dt.date,
    cells: dict[int, Cell],
    now: dt.datetime,
    levels: dict[int, str],
    *,
    below: dict[int, Below] | None = None,
    replace_all: bool = False,
    keep: set[int] | None = None,
    within: list[int] | None = None,
) -> None:
    rows = [
        Value(
            indicator=ind.code,
            area_id=pk,
            period_start=start,
            numerator=c.numerator,
            denominator=c.denominator,
            units_met=c.units_met,
            units=c.units,
            value=c.value,
            computed_at=now,
            # Kept with the figure so that the scorecard counts areas meeting their goal in SQL.
            level=levels[pk],
            status=light(ind, c, levels[pk]),
            below=(below or {}).get(pk, {}),
        )
        for pk, c in cells.items()
    ]
    with transaction.atomic():
        if replace_all:
            # Areas that no longer have a figure lose their old one (locked areas keep theirs).
            gone = Value.objects.filter(indicator=ind.code, period_start=start).exclude(
                area_id__in=list(cells)
            )
            if within is not None:
                gone = gone.filter(area_id__in=within)
            if keep:
                gone = gone.exclude(area_id__in=list(keep))
            gone.delete()
        Value.objects.bulk_create(
            rows,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["indicator", "period_start", "area"],
            update_fields=[
                "numerator",
                "denominator",
                "units_met",
                "units",
                "value",
                "computed_at",
                "level",
                "status",
                "below",
            ],
        )


def refresh_area(ind: Indicator, start: dt.date, area: Area, *, now: dt.datetime) -> int:
    """Recompute one unit's figure and roll it up through its ancestors only (an event's refresh):
    each ancestor is summed again from its children's stored figures."""
    locks = locked_paths(ind.period, start)
    if locks and any(area.path.startswith(p) for p in locks):
        return 0
    if area.level != unit_level(ind):
        return 0
    figures = unit_figures(ind, start, now, [area.pk])
    if area.pk in figures:
        _write(ind, start, {area.pk: unit_cell(ind, *figures[area.pk])}, now, {area.pk: area.level})
    else:
        Value.objects.filter(indicator=ind.code, period_start=start, area=area).delete()
    return 1 + _resum_ancestors(ind, start, area, now=now, locks=locks)


def refresh_subtree(ind: Indicator, start: dt.date, area: Area | None, *, now: dt.datetime) -> int:
    """An event of a street, a district or the city (or of no area: city-wide) changes the figures of
    the units under it: recompute those units, roll them up inside the subtree, then re-sum the
    ancestors from their children's stored figures. A unit's own event is `refresh_area`'s."""
    if area is not None and area.level == unit_level(ind):
        return refresh_area(ind, start, area, now=now)
    if area is None or area.parent_id is None:
        return compute(ind, start, now=now)
    if UP.index(area.level) < UP.index(unit_level(ind)):
        return 0  # below the level the indicator is counted at
    locks = locked_paths(ind.period, start)
    if locks and any(area.path.startswith(p) for p in locks):
        return 0
    rows = Area.objects.filter(is_active=True, level__in=UP, path__startswith=area.path).values_list(
        "pk", "parent_id", "level", "path"
    )
    nodes = {pk: Node(pk, parent, level, path) for pk, parent, level, path in rows}
    written = _compute_nodes(ind, start, now, nodes, within=list(nodes))
    return written + _resum_ancestors(ind, start, area, now=now, locks=locks)


def _resum_ancestors(
    ind: Indicator, start: dt.date, area: Area, *, now: dt.datetime, locks: list[str]
) -> int:
    written = 0
    ancestors = list(Area.objects.filter(path__in=_ancestor_paths(area.path), level__in=UP).order_by("-path"))
    for anc in ancestors:
        if locks and any(anc.path.startswith(p) for p in locks):
            break
        children = Area.objects.filter(parent=anc, is_active=True).values("pk")
        kids = []
        under: Below = {}
        for n, d, m, u, v, level, lit, b in Value.objects.filter(
            indicator=ind.code, period_start=start, area_id__in=children
        ).values_list("numerator", "denominator", "units_met", "units", "value", "level", "status", "below"):
            kids.append(Cell(n, d, m, u, v))
            add_below(under, level, lit, b)
        combined = combine(ind, kids)
        if combined is None:
            Value.objects.filter(indicator=ind.code, period_start=start, area=anc).delete()
        else:
            _write(ind, start, {anc.pk: combined}, now, {anc.pk: anc.level}, below={anc.pk: under})
        written += 1
    return written


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def current_start(ind: Indicator, day: dt.date) -> dt.date:
    return period_bounds(ind.period, day)[0]


def compute_all(day: dt.date, *, now: dt.datetime, codes: Iterable[str] | None = None) -> dict[str, int]:
    """Every indicator (or those named) for the period of its kind that contains `day`."""
    nodes = tree()
    wanted = set(codes) if codes is not None else None
    out = {}
    with one_run():
        for ind in all_indicators():
            if wanted is None or ind.code in wanted:
                out[ind.code] = compute(ind, current_start(ind, day), now=now, nodes=nodes)
    return out
