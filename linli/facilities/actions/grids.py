"""Grids: a unit grid under a community, carried by the area tree, with its polygon and worker."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.actions import area_create
from linli.areas.codes import GRID
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError, NotFound
from linli.common.identifiers import fold
from linli.facilities import codes, spatial
from linli.facilities.actions.common import field_error, text
from linli.facilities.models import ComponentClass, Grid, GridLevel


def _polygon(geo: Any) -> dict[str, Any]:
    try:
        polygon = spatial.clean_polygon(geo)
    except (spatial.GeometryError, TypeError, ValueError, KeyError):
        raise field_error(
            "bad_polygon",
            "polygon",
            _(
                "Draw the boundary as a GeoJSON Polygon: closed rings of at least four [longitude, latitude] points."
            ),
        ) from None
    shapes = [polygon["coordinates"]] if polygon["type"] == "Polygon" else polygon["coordinates"]
    rings = [ring for shape in shapes for ring in shape]
    n = 0
    for ring in rings:
        for lon, lat, *_rest in ring:
            n += 1
            if not spatial.in_city(lat, lon):
                raise field_error(
                    "outside_city",
                    "polygon",
                    _(
                        "Point %(n)d of the boundary (latitude %(lat).6f, longitude %(lon).6f) lies "
                        "outside the city: draw the grid inside it."
                    )
                    % {"n": n, "lat": lat, "lon": lon},
                )
    return polygon


def grid_define(
    *,
    actor: User | None,
    community: Area,
    code: str,
    name: str,
    polygon: Any,
    worker: User | None = None,
    level: int = GridLevel.TWO,
    now: dt.datetime | None = None,
) -> Grid:
    """Draw a unit grid below a community (its area is made when the tree lacks it) or redraw one."""
    now = now or timezone.now()
    if community.level != Level.COMMUNITY:
        raise field_error("not_a_community", "community", _("Choose a community."))
    if actor is not None and not policy.can(actor, "facilities.grids", community):
        if policy.can(actor, "facilities.view", community):
            raise DomainError("forbidden", _("The street draws the grids."), status=403)
        raise NotFound()
    code = fold(code)
    if code.isdigit() and len(code) <= 3:
        code = f"{community.code}-{int(code):02d}"
    m = GRID.match(code)
    if not m or m.group(1) != community.code:
        raise field_error(
            "bad_grid_code",
            "code",
            _("A grid's code is its community's code, a dash and a 2- or 3-digit number (%(example)s).")
            % {"example": f"{community.code}-01"},
        )
    if level not in GridLevel.values:
        raise field_error("bad_level", "level", _("Choose the grid's level."))
    if worker is not None and not policy.can(worker, "facilities.inspect", community):
        raise field_error(
            "worker_elsewhere", "worker", _("The responsible worker must work in this community.")
        )
    clean = _polygon(polygon)
    name = text(name, "name", 100) or code
    a, b, c, d = spatial.polygon_bbox(clean)
    with transaction.atomic():
        area = Area.objects.filter(code=code).first()
        if area is None:
            # The street may draw grids without managing the tree (areas.manage): this action has
            # checked facilities.grids, and its own event below names who drew it.
            area = area_create(actor=None, code=code, name=name, parent=community)
        grid, created = Grid.objects.select_for_update().get_or_create(
            area=area,
            defaults={"polygon": clean, "min_lat": a, "min_lon": b, "max_lat": c, "max_lon": d},
        )
        grid.polygon, grid.min_lat, grid.min_lon, grid.max_lat, grid.max_lon = clean, a, b, c, d
        grid.worker, grid.level = worker, level
        grid.save(update_fields=["polygon", "min_lat", "min_lon", "max_lat", "max_lon", "worker", "level"])
        record(
            actor=actor,
            action="facilities.grid.defined" if created else "facilities.grid.redrawn",
            obj=area,
            area=area,
            details={"level": level, "worker": getattr(worker, "pk", None)},
            now=now,
        )
    return grid


def classes_seed(*, actor: User | None) -> int:
    """Add the standard's minor classes that are missing (the checklists a deployment may edit)."""
    if actor is not None and not policy.can(actor, "facilities.grids", None):
        raise DomainError("forbidden", _("Only the city configures component classes."), status=403)
    with transaction.atomic():
        have = set(ComponentClass.objects.values_list("code", flat=True))
        new = [
            ComponentClass(code=c, name=n, name_en=e, maintenance_days=days, checklist=check)
            for c, n, e, days, check in codes.MINOR_CLASSES
            if c not in have
        ]
        ComponentClass.objects.bulk_create(new)
        if new:
            record(actor=actor, action="facilities.classes.seeded", details={"added": len(new)})
    return len(new)
