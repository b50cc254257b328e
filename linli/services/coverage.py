"""Coverage: the 一刻钟社区服务圈 (plan 3.7.(三)) — which service types each community can get
within the community or its street, the gaps, and the counts of laundries, vegetable markets and
shops, and convenience stores the plan names.

A provider counts where it serves: a service area that is a community (or a grid in it) puts it
*in the community* and in that community's street; a street-wide service area puts it *in the
street* of every community there; a district- or city-wide one only *from farther away*. Only
active providers licensed on the day count (as for dispatch). The three counts of the plan are the
distinct such providers offering a service of the catalogue's category laundry, groceries or
convenience within an area.

Walking distance: a community with a point (`CommunityPoint`) also gets, per service type, the
active licensed providers offering it whose own location lies within
`settings.LINLI_SERVICES_WALK_METRES` (1,000 m: about a 15-minute walk) of that point, whatever
their service areas. Distances are equirectangular (error < 0.1 % at this range), after a
bucket prefilter: providers are put in squares one radius wide, and a community looks only at the
nine squares around its own. Plain Python on two float columns: the same on SQLite and PostgreSQL.

`recompute` works on the whole city at once (one pass over the providers' (service, area) pairs
in memory, a few hundred thousand rows at Beijing's scale) and replaces the stored `Coverage` and
`CoverageArea` rows in one transaction; pages and the API read those, never the live tables.
"""

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.services.models import (
    Category,
    CommunityPoint,
    Coverage,
    CoverageArea,
    Reach,
    ServiceType,
)
from linli.tickets import calendar

VIEW = "services.view"
PLAN_COUNTS: dict[str, str] = {
    Category.LAUNDRY.value: "laundries",
    Category.GROCERIES.value: "groceries",
    Category.CONVENIENCE.value: "convenience",
}

_PAIRS_SQL = """
SELECT p.id, ps.servicetype_id, pa.area_id
FROM services_provider p
JOIN services_provider_services ps ON ps.provider_id = p.id
JOIN services_provider_service_areas pa ON pa.provider_id = p.id
WHERE p.is_active AND (p.licence_expires IS NULL OR p.licence_expires >= %s)
"""

_PLACED_SQL = """
SELECT p.id, p.lat, p.long, ps.servicetype_id
FROM services_provider p
JOIN services_provider_services ps ON ps.provider_id = p.id
WHERE p.is_active AND (p.licence_expires IS NULL OR p.licence_expires >= %s)
  AND p.lat IS NOT NULL AND p.long IS NOT NULL
"""

EARTH_M = 6_371_008.8


def walk_metres() -> int:
    return int(settings.LINLI_SERVICES_WALK_METRES)


def within_walk(today: dt.date, metres: float) -> dict[int, dict[int, int]]:
    """For every community with a point: {service id: providers offering it within `metres`}."""
    points = list(CommunityPoint.objects.values_list("community_id", "lat", "lon"))
    if not points:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_PLACED_SQL, [today])
        placed = cursor.fetchall()
    # Squares one radius high and at least one radius wide (measured at the point farthest from
    # the equator, where a radius spans the most longitude), so the nine around a point hold its circle.
    farthest = math.radians(min(89.0, max(abs(lat) for _c, lat, _lon in points)))
    step_lat = math.degrees(metres / EARTH_M)
    step_lon = step_lat / math.cos(farthest)
    offers: dict[int, list[int]] = defaultdict(list)
    where: dict[int, tuple[float, float]] = {}
    for provider, lat, lon, service in placed:
        offers[provider].append(service)
        where[provider] = (float(lat), float(lon))
    squares: dict[tuple[int, int], list[int]] = defaultdict(list)
    for provider, (lat, lon) in where.items():
        squares[math.floor(lat / step_lat), math.floor(lon / step_lon)].append(provider)
    limit = (metres / EARTH_M) ** 2  # in radians squared
    out: dict[int, dict[int, int]] = {}
    for community, lat, lon in points:
        row, col = math.floor(lat / step_lat), math.floor(lon / step_lon)
        phi, lam, cos_phi = math.radians(lat), math.radians(lon), math.cos(math.radians(lat))
        counts: dict[int, int] = defaultdict(int)
        for r in (row - 1, row, row + 1):
            for c in (col - 1, col, col + 1):
                for provider in squares.get((r, c), ()):
                    plat, plon = where[provider]
                    dy = math.radians(plat) - phi
                    dx = (math.radians(plon) - lam) * cos_phi
                    if dx * dx + dy * dy <= limit:
                        for service in offers[provider]:
                            counts[service] += 1
        out[community] = counts
    return out


def _tree() -> tuple[dict[int, tuple[str, list[int]]], list[tuple[int, int]]]:
    """Each area's level and chain of ancestor ids (root first, itself last); the active
    communities with their street."""
    rows = list(Area.objects.filter(is_active=True).values_list("pk", "level", "path", "code"))
    by_code = {code: pk for pk, _level, _path, code in rows}
    info: dict[int, tuple[str, list[int]]] = {}
    for pk, level, path, _code in rows:
        chain = [by_code[c] for c in path.split("/") if c in by_code]
        info[pk] = (level, chain)
    communities = []
    for pk, (level, chain) in info.items():
        if level == Level.COMMUNITY and len(chain) >= 2:
            communities.append((pk, chain[-2]))
    return info, communities


def recompute(*, now: dt.datetime) -> dict[str, int]:
    """Recompute every community and service type and the roll-ups; returns counts for the log."""
    today = now.astimezone(calendar.TZ).date()
    info, communities = _tree()
    services = list(ServiceType.objects.filter(is_active=True).values_list("pk", "category"))
    category = dict(services)
    levels = {pk: level for pk, (level, _chain) in info.items()}

    in_comm: dict[tuple[int, int], set[int]] = defaultdict(set)  # (community, service)
    in_street: dict[tuple[int, int], set[int]] = defaultdict(set)  # (street, service)
    wider: dict[tuple[int, int], set[int]] = defaultdict(set)  # (district or city, service)
    plan: dict[tuple[int, str], set[int]] = defaultdict(set)  # (any area, plan count)
    with connection.cursor() as cursor:
        cursor.execute(_PAIRS_SQL, [today])
        pairs = cursor.fetchall()
    for provider, service, area in pairs:
        if area not in info or service not in category:
            continue
        _level, chain = info[area]
        ids = {levels[a]: a for a in chain}
        street, community = ids.get(Level.STREET), ids.get(Level.COMMUNITY)
        if community is not None:
            in_comm[community, service].add(provider)
        if street is not None:
            in_street[street, service].add(provider)
        else:
            wider[area, service].add(provider)
        name = PLAN_COUNTS.get(category[service])
        if name:
            for a in chain:
                plan[a, name].add(provider)

    walk = within_walk(today, walk_metres())
    cells: list[Coverage] = []
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for community, street in communities:
        chain = info[community][1]
        above = [a for a in chain if levels[a] in (Level.CITY, Level.DISTRICT)]
        near = walk.get(community)
        for service, _cat in services:
            n_comm = len(in_comm.get((community, service), ()))
            n_street = len(in_street.get((street, service), ()))
            far: set[int] = set()
            for a in above:
                far |= wider.get((a, service), set())
            reach = (
                Reach.COMMUNITY if n_comm else Reach.STREET if n_street else Reach.WIDER if far else Reach.GAP
            )
            cells.append(
                Coverage(
                    community_id=community,
                    service_id=service,
                    in_community=n_comm,
                    in_street=n_street,
                    wider=len(far),
                    within_walk=None if near is None else near.get(service, 0),
                    reach=reach,
                    computed_at=now,
                )
            )
            for a in chain:
                t = totals[a]
                t["cells"] += 1
                t["in_community"] += bool(n_comm)
                t["in_street"] += bool(n_street)
                t["gaps"] += not (n_comm or n_street)
                if near is not None:
                    t["located"] += 1
                    t["walkable"] += bool(near.get(service))
        for a in chain:
            totals[a]["communities"] += 1
    rollups = [
        CoverageArea(
            area_id=a,
            communities=t["communities"],
            cells=t["cells"],
            in_community=t["in_community"],
            in_street=t["in_street"],
            gaps=t["gaps"],
            located=t["located"],
            walkable=t["walkable"],
            laundries=len(plan.get((a, "laundries"), ())),
            groceries=len(plan.get((a, "groceries"), ())),
            convenience=len(plan.get((a, "convenience"), ())),
            computed_at=now,
        )
        for a, t in totals.items()
    ]
    with transaction.atomic():
        Coverage.objects.all().delete()
        CoverageArea.objects.all().delete()
        Coverage.objects.bulk_create(cells, batch_size=5000)
        CoverageArea.objects.bulk_create(rollups, batch_size=5000)
    return {"communities": len(communities), "services": len(services), "cells": len(cells)}


# --- reads ---------------------------------------------------------------------------------------


def top_for(viewer: Any) -> list[Area]:
    return policy.roots(viewer, VIEW)


def summary(area: Area) -> CoverageArea | None:
    return CoverageArea.objects.filter(area=area).select_related("area").first()


def children(viewer: Any, area: Area) -> list[dict[str, Any]]:
    """The roll-ups of the area's children in the viewer's reach (a street's communities, …)."""
    kids = policy.scope(Area.objects.filter(parent=area, is_active=True), viewer, VIEW, field="")
    stored = {c.area_id: c for c in CoverageArea.objects.filter(area__in=kids).select_related("area")}
    return [{"area": k, "coverage": stored.get(k.pk)} for k in kids.order_by("code")]


def cells(community: Area) -> QuerySet[Coverage]:
    return (
        Coverage.objects.filter(community=community)
        .select_related("service")
        .order_by("service__order", "service__code")
    )


def bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Geometry of the inline SVG chart: per child, the share of its cells within the community
    (dark) and within the street (light), and under it the share within walking distance (blue),
    0-100 % on 200 px."""
    out = []
    for i, row in enumerate(rows):
        c = row["coverage"]
        comm, street = (c.community_share, c.street_share) if c else (0, 0)
        walk = c.walk_share if c else None
        out.append(
            {
                "label": row["area"].name[:10],
                "y": i * 34,
                "community": comm,
                "street": street,
                "walk": walk,
                "w_community": comm * 2,
                "w_street": street * 2,
                "w_walk": (walk or 0) * 2,
            }
        )
    return out
