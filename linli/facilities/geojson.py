"""The map's data as GeoJSON: grids, their components and open problems (scoped by the caller)."""

from typing import Any

from linli.facilities.models import Component, Grid, Problem


def grid_feature(grid: Grid) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": grid.polygon,
        "properties": {
            "kind": "grid",
            "code": grid.area.code,
            "name": grid.area.name,
            "level": grid.level,
            "intact": grid.intact,
            "in_service": grid.in_service,
        },
    }


def component_feature(c: Component) -> dict[str, Any]:
    geometry = (
        {"type": "LineString", "coordinates": c.line}
        if c.line
        else {"type": "Point", "coordinates": [c.lon, c.lat]}
    )
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "kind": "component",
            "code": c.code,
            "class": c.cls.name,
            "name": c.name,
            "state": c.state,
        },
    }


def problem_feature(p: Problem) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        "properties": {
            "kind": "problem",
            "code": p.code,
            "component": p.component.code,
            "status": p.status,
            "ticket": p.ticket.code if p.ticket else None,
        },
    }


def collection(grids: list[Grid], components: list[Component], problems: list[Problem]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [grid_feature(g) for g in grids]
        + [component_feature(c) for c in components]
        + [problem_feature(p) for p in problems if p.lat is not None],
    }
