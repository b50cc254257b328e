"""Reads of facilities, scoped to the viewer through accounts.policy (outside rows are 404)."""

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.facilities import codes, spatial
from linli.facilities.models import (
    IN_SERVICE,
    Component,
    ComponentClass,
    Grid,
    Problem,
    ProblemStatus,
    Round,
    RoundStatus,
)

VIEW = "facilities.view"


def grids(viewer: policy.Viewer, capability: str = VIEW) -> QuerySet[Grid]:
    return policy.scope(Grid.objects.select_related("area", "area__parent", "worker"), viewer, capability)


def grid_for(viewer: policy.Viewer, code: str, capability: str = VIEW) -> Grid:
    return policy.get_or_404(
        Grid.objects.select_related("area", "area__parent"),
        viewer,
        capability,
        area__code=(code or "").strip(),
    )


def communities(viewer: policy.Viewer, capability: str = VIEW) -> QuerySet[Area]:
    return policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True), viewer, capability, field=""
    )


def classes() -> QuerySet[ComponentClass]:
    """The class list (not area data: every signed-in staff member may read it)."""
    return ComponentClass.objects.all()


def components(viewer: policy.Viewer, capability: str = VIEW) -> QuerySet[Component]:
    return policy.scope(
        Component.objects.select_related("cls", "grid__area"), viewer, capability, "grid__area"
    )


def component_for(viewer: policy.Viewer, code: str, capability: str = VIEW) -> Component:
    return policy.get_or_404(
        Component.objects.select_related("cls", "grid__area", "grid__area__parent"),
        viewer,
        capability,
        "grid__area",
        code=codes.normalize(code),
    )


def components_of_grid(viewer: policy.Viewer, grid: Grid) -> QuerySet[Component]:
    if not policy.can(viewer, VIEW, grid.area):
        raise Http404
    return Component.objects.filter(grid=grid).select_related("cls").order_by("code")


GRID_PAGE = 100


def grid_page(
    viewer: policy.Viewer, grid: Grid, *, after: str = "", size: int | None = None
) -> tuple[list[Component], str]:
    """One page of a grid's components in code order, those after the code `after`, and the code
    to continue after ("" on the last page). Keyset paging: each page is one range read of the
    (grid, code) index, with no count and no offset, whatever the page; only the columns a list
    shows are read."""
    size = size or GRID_PAGE
    qs = components_of_grid(viewer, grid).only("code", "name", "state", "grid_id", "cls__code", "cls__name")
    after = codes.normalize(after)
    if after:
        qs = qs.filter(code__gt=after)
    rows = list(qs[: size + 1])
    return rows[:size], rows[size - 1].code if len(rows) > size else ""


def nearest(
    viewer: policy.Viewer, lat: float, lon: float, metres: float, limit: int = 50
) -> list[tuple[Component, float]]:
    """Components within `metres` of a point, nearest first: the few cells covering the circle's
    box from the index, then the exact distance."""
    metres = min(max(metres, 1), spatial.MAX_RADIUS_M)
    a, b, c, d = spatial.bbox_around(lat, lon, metres)
    # The cell index alone finds the candidates (no join: with one, SQLite may start from the grids
    # and walk every component). They are read as bare tuples and measured first; the grids are
    # scoped once each through the policy, and only the `limit` nearest become model objects.
    here = (lat, lon)
    near = []
    for pk, la, lo, grid_id in Component.objects.filter(
        cell__in=spatial.cells_covering(a, b, c, d), lat__range=(a, c), lon__range=(b, d)
    ).values_list("pk", "lat", "lon", "grid_id"):
        dist = spatial.haversine_m(here, (la, lo))
        if dist <= metres:
            near.append((dist, pk, grid_id))
    grids = Grid.objects.select_related("area").in_bulk({g for _d, _p, g in near})
    allowed = {pk for pk, g in grids.items() if policy.can(viewer, VIEW, g.area)}
    best = sorted((d, pk) for d, pk, g in near if g in allowed)[:limit]
    objs = Component.objects.select_related("cls").in_bulk([pk for _d, pk in best])
    out = []
    for dist, pk in best:
        comp = objs[pk]
        comp.grid = grids[comp.grid_id]
        out.append((comp, dist))
    return out


def problems(viewer: policy.Viewer, capability: str = VIEW) -> QuerySet[Problem]:
    return policy.scope(
        Problem.objects.select_related("component__cls", "grid__area", "ticket"),
        viewer,
        capability,
        "grid__area",
    )


def open_problems(viewer: policy.Viewer) -> QuerySet[Problem]:
    return problems(viewer).exclude(status=ProblemStatus.CONFIRMED)


def problem_for(viewer: policy.Viewer, code: str, capability: str = VIEW) -> Problem:
    return policy.get_or_404(
        Problem.objects.select_related("component__cls", "grid__area", "ticket"),
        viewer,
        capability,
        "grid__area",
        code=(code or "").strip().upper(),
    )


def rounds(viewer: policy.Viewer, capability: str = VIEW) -> QuerySet[Round]:
    return policy.scope(
        Round.objects.select_related("grid__area", "inspector"), viewer, capability, "grid__area"
    )


def round_for(viewer: policy.Viewer, code: str, capability: str = VIEW) -> Round:
    return policy.get_or_404(
        Round.objects.select_related("grid__area", "grid__area__parent", "inspector"),
        viewer,
        capability,
        "grid__area",
        code=(code or "").strip().upper(),
    )


def my_rounds(viewer: policy.Viewer) -> QuerySet[Round]:
    return rounds(viewer, "facilities.inspect").filter(status=RoundStatus.PLANNED)


def maintenance(
    viewer: policy.Viewer, today: dt.date, *, within_days: int = 14
) -> list[tuple[Component, dt.date]]:
    """Components of a class with a maintenance interval, due within `within_days` (or overdue),
    soonest first: the preventive maintenance list, worked out from the given day."""
    rows = components(viewer).filter(cls__maintenance_days__isnull=False, state__in=IN_SERVICE)
    out = []
    for comp in rows.iterator(chunk_size=2000):
        since = comp.maintained_on or comp.installed_on
        due = since + dt.timedelta(days=comp.cls.maintenance_days or 0) if since else today
        if due <= today + dt.timedelta(days=within_days):
            out.append((comp, due))
    return sorted(out, key=lambda x: (x[1], x[0].code))
