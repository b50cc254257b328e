"""Refresh after cheap events: an audited action that an indicator names (`Indicator.events`)
refreshes that indicator after the commit, through the job queue (`linli.common.jobs`): for a
community's event (a grid's counts for its community), the community and its ancestors; for a
street's or a district's (an admission list, a posting), the communities under it, rolled up, and
its ancestors; for the city's or one with no area (a city-wide funding run), the indicator
everywhere. The hourly sweep recomputes everything anyway, so a lost refresh only delays a figure."""

import datetime as dt
from typing import Any

from django.utils import timezone

from linli.areas.models import Area
from linli.common.indicators import get, triggered_by
from linli.common.jobs import enqueue
from linli.indicators.compute import current_start, refresh_subtree


def on_audit_event(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:
        return
    codes = [i.code for i in triggered_by(instance.action)]
    if codes:
        enqueue(refresh_job, codes, instance.area_id, instance.created_at)


def refresh_job(codes: list[str], area_id: int | None, now: dt.datetime) -> int:
    area = None
    if area_id is not None:
        area = Area.objects.select_related("parent").filter(pk=area_id).first()
        if area is None:
            return 0
        if area.level == "grid" and area.parent is not None:
            area = area.parent  # a grid's events (facilities) count for its community
    day = timezone.localtime(now).date()
    written = 0
    for code in codes:
        ind = get(code)
        if ind is not None:
            written += refresh_subtree(ind, current_start(ind, day), area, now=now)
    return written
