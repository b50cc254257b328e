"""The indicators' periodic recompute (idempotent: the same records give the same figures)."""

import datetime as dt

from django.utils import timezone

from linli.common.indicators import all_indicators, one_run
from linli.common.jobs import periodic
from linli.common.periods import previous_start
from linli.indicators.compute import compute, current_start, tree


def sweep(*, now: dt.datetime) -> int:
    """Every indicator for its current period and the one before (late records, until signed off)."""
    day = timezone.localtime(now).date()
    nodes = tree()
    written = 0
    with one_run():
        for ind in all_indicators():
            start = current_start(ind, day)
            written += compute(ind, start, now=now, nodes=nodes)
            written += compute(ind, previous_start(ind.period, start), now=now, nodes=nodes)
    return written


@periodic(seconds=3600)
def indicators_sweep() -> int:
    return sweep(now=timezone.now())
