"""Plain-index geometry: no GIS library, the same code on SQLite and PostgreSQL.

Positions are WGS-84 degrees kept as two float columns plus `cell`, the number of the
0.002° by 0.0025° square (about 220 m by 210 m in Beijing) the point lies in. "Within r metres of a
point" asks for the few cells that cover the circle's bounding box (`cell IN (...)`, one index),
then measures the haversine distance of what they hold. Grids keep their polygon as GeoJSON and
its bounding box as four columns. Why this and not PostGIS: docs/architecture.md, "Facilities".
"""

import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings

CELL_LAT = 0.002
CELL_LON = 0.0025
_COLS = 200_000  # > 360 / CELL_LON: a cell's number is row * _COLS + column
EARTH_M = 6_371_008.8
MAX_RADIUS_M = 2000

Point = tuple[float, float]  # (lat, lon)


def cell(lat: float, lon: float) -> int:
    return math.floor((lat + 90) / CELL_LAT) * _COLS + math.floor((lon + 180) / CELL_LON)


def bbox_around(lat: float, lon: float, metres: float) -> tuple[float, float, float, float]:
    dlat = math.degrees(metres / EARTH_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def cells_covering(min_lat: float, min_lon: float, max_lat: float, max_lon: float) -> list[int]:
    r0, r1 = math.floor((min_lat + 90) / CELL_LAT), math.floor((max_lat + 90) / CELL_LAT)
    c0, c1 = math.floor((min_lon + 180) / CELL_LON), math.floor((max_lon + 180) / CELL_LON)
    return [r * _COLS + c for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]


def haversine_m(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_M * math.asin(math.sqrt(h))


def city_bounds() -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) of the city; Beijing's unless the deployment says."""
    return tuple(settings.LINLI_CITY_BBOX)  # type: ignore[return-value]


def in_city(lat: float, lon: float) -> bool:
    a, b, c, d = city_bounds()
    return a <= lat <= c and b <= lon <= d


def ring_contains(ring: Sequence[Sequence[float]], lat: float, lon: float) -> bool:
    """Ray casting over a GeoJSON ring ([lon, lat] pairs)."""
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / ((y2 - y1) or 1e-15) + x1:
            inside = not inside
    return inside


def polygon_contains(polygon: dict[str, Any], lat: float, lon: float) -> bool:
    """A GeoJSON Polygon or MultiPolygon: inside the outer ring and outside every hole."""
    shapes = [polygon["coordinates"]] if polygon["type"] == "Polygon" else polygon["coordinates"]
    for rings in shapes:
        if ring_contains(rings[0], lat, lon) and not any(ring_contains(h, lat, lon) for h in rings[1:]):
            return True
    return False


def polygon_bbox(polygon: dict[str, Any]) -> tuple[float, float, float, float]:
    shapes = [polygon["coordinates"]] if polygon["type"] == "Polygon" else polygon["coordinates"]
    pts = [p for rings in shapes for ring in rings for p in ring]
    return min(p[1] for p in pts), min(p[0] for p in pts), max(p[1] for p in pts), max(p[0] for p in pts)


class GeometryError(ValueError):
    pass


def _pair(p: Any) -> tuple[float, float]:
    if not isinstance(p, list | tuple) or len(p) < 2:
        raise GeometryError("position")
    lon, lat = float(p[0]), float(p[1])
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeometryError("position")
    return lon, lat


def clean_polygon(geo: Any, *, max_points: int = 2000) -> dict[str, Any]:
    """A GeoJSON Polygon/MultiPolygon with closed rings of 4+ positions, at most `max_points`."""
    if isinstance(geo, dict) and geo.get("type") == "Feature":
        geo = geo.get("geometry")
    if not isinstance(geo, dict) or geo.get("type") not in ("Polygon", "MultiPolygon"):
        raise GeometryError("type")
    raw = geo.get("coordinates")
    shapes = [raw] if geo["type"] == "Polygon" else raw
    if not isinstance(shapes, list) or not shapes:
        raise GeometryError("coordinates")
    out, count = [], 0
    for rings in shapes:
        if not isinstance(rings, list) or not rings:
            raise GeometryError("coordinates")
        clean_rings = []
        for ring in rings:
            if not isinstance(ring, list) or len(ring) < 4:
                raise GeometryError("ring")
            pts = [list(_pair(p)) for p in ring]
            if pts[0] != pts[-1]:
                raise GeometryError("ring")
            count += len(pts)
            clean_rings.append(pts)
        out.append(clean_rings)
    if count > max_points:
        raise GeometryError("size")
    return (
        {"type": "Polygon", "coordinates": out[0]}
        if len(out) == 1
        else {"type": "MultiPolygon", "coordinates": out}
    )


def clean_line(coords: Any, *, max_points: int = 500) -> list[list[float]]:
    """A line as GeoJSON LineString positions ([lon, lat], 2 to `max_points`)."""
    if isinstance(coords, dict):
        if coords.get("type") != "LineString":
            raise GeometryError("type")
        coords = coords.get("coordinates")
    if not isinstance(coords, list) or not 2 <= len(coords) <= max_points:
        raise GeometryError("line")
    return [list(_pair(p)) for p in coords]


def line_anchor(line: Iterable[Sequence[float]]) -> Point:
    """The middle vertex of a line: where a line component sits in the cell index."""
    pts = list(line)
    lon, lat = pts[len(pts) // 2][0], pts[len(pts) // 2][1]
    return lat, lon
