"""Refresh after cheap events: an audited action that an indicator names (`Indicator.events`)
refreshes that indicator after the commit, through the job queue (`linli.common.jobs`): for a
community's event (a grid's counts for its community), the community and its ancestors; for a
street's or a district's (an admission list, a posting), the communities under it, rolled up, and
its ancestors; for the city's or one with no area (a city-wide funding run), the indicator
everywhere. The hourly sweep recomputes everything anyway, so a lost refresh only delays a figure.

With `LINLI_INDICATOR_REFRESH_COALESCE` (on with Redis) a refresh waiting in the queue covers
every later event for the same area and figures until it starts (issue 18: a burst of intakes in
one community costs one refresh, not one each)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from linli.areas.models import Area
from linli.common.indicators import get, triggered_by
from linli.common.jobs import enqueue
from linli.indicators.compute import current_start, refresh_subtree

PENDING_SECONDS = 120  # a flag whose job never ran (a worker lost) stops holding refreshes back


def on_audit_event(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:
        return
    codes = [i.code for i in triggered_by(instance.action)]
    if not codes:
        return
    if not settings.LINLI_INDICATOR_REFRESH_COALESCE:
        enqueue(refresh_job, codes, instance.area_id, instance.created_at)
        return
    area_id, at = instance.area_id, instance.created_at
    transaction.on_commit(lambda: _queue_once(codes, area_id, at))


def _queue_once(codes: list[str], area_id: int | None, now: dt.datetime) -> None:
    """After the commit: queue the refresh unless one for the same area and figures is queued and
    not started. That one starts later than this commit, so it counts what was just written (the
    job drops the flag before it reads anything)."""
    key = f"linli:indicators:pending:{area_id}:{','.join(sorted(codes))}"
    if cache.add(key, 1, timeout=PENDING_SECONDS):
        enqueue(refresh_job, codes, area_id, now, pending=key)


def refresh_job(codes: list[str], area_id: int | None, now: dt.datetime, pending: str = "") -> int:
    if pending:
        cache.delete(pending)
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
