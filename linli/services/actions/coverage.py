"""Recompute the coverage (一刻钟社区服务圈): by a city admin, or nightly by the sweep; and place a
community's point for the walking-distance figure."""

import datetime as dt
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import NotFound
from linli.services import coverage
from linli.services.actions.common import field_error
from linli.services.models import CommunityPoint


def coverage_allowed(actor: User | None) -> bool:
    return actor is None or policy.reaches_everything(actor, "services.configure")


def coverage_recompute(*, actor: User | None, now: dt.datetime | None = None) -> dict[str, int]:
    """Replace the stored coverage of every community and its roll-ups (city-wide, so only a
    viewer who reaches the whole city may ask for it; `actor=None` is the system)."""
    now = now or timezone.now()
    if not coverage_allowed(actor):
        raise NotFound()
    with transaction.atomic():
        counts = coverage.recompute(now=now)
        record(actor=actor, action="services.coverage.recomputed", details=counts, now=now)
    return counts


def community_point_set(
    *, actor: User | None, community: Area, lat: float, lon: float, now: dt.datetime | None = None
) -> CommunityPoint:
    """Place a community's 15-minute circle (its service station, or the middle of its buildings):
    a street or district officer over it, or a city admin. Counted from the next recompute."""
    now = now or timezone.now()
    if actor is not None and not policy.can(actor, "services.providers", community):
        raise NotFound()
    if community.level != Level.COMMUNITY:
        raise field_error("not_a_community", "community", _("Choose a community."))
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        lat = lon = math.nan
    a, b, c, d = settings.LINLI_CITY_BBOX
    if not (a <= lat <= c and b <= lon <= d):
        raise field_error("outside_city", "lat", _("This position is outside the city."))
    with transaction.atomic():
        point, _created = CommunityPoint.objects.update_or_create(
            community=community, defaults={"lat": lat, "lon": lon}
        )
        record(
            actor=actor,
            action="services.community_point.set",
            obj=point,
            area=community,
            details={"lat": round(lat, 6), "lon": round(lon, 6)},
            now=now,
        )
    return point
