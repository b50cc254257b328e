"""Periodic work of facilities (idempotent: running one twice changes nothing the second time)."""

import datetime as dt

from django.utils import timezone

from linli.common.jobs import periodic
from linli.facilities import actions, rates
from linli.tickets.calendar import TZ


@periodic(seconds=15 * 60)
def facilities_sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Problems whose tickets were resolved wait for confirmation; each grid has its next round;
    workers are reminded of maintenance falling due; the running month's counts are written down."""
    now = now or timezone.now()
    return {
        "repaired": actions.problems_sync(now=now),
        "planned": actions.rounds_schedule(now=now),
        "reminded": actions.maintenance_remind(now=now),
        "months": rates.months_snapshot(today=now.astimezone(TZ).date()),
    }
