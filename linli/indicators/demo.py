"""Demo figures: a few reported figures for the demo street's communities and the city, then a
year of periods computed from the other apps' demo records (runs after them). Idempotent."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.areas.models import Area
from linli.common.indicators import all_indicators, get
from linli.common.periods import previous_start
from linli.indicators import actions, compute
from linli.indicators.models import Entry

# code, area code, numerator, denominator
FIGURES: list[tuple[str, str, float, float | None]] = [
    ("health.coverage", "110105001001", 1, 1),
    ("health.coverage", "110105001002", 1, 1),
    ("culture.cinema", "110105001001", 1, 1),
    ("culture.cinema", "110105001002", 0, 1),
    ("safety.crime_rate", "110105", 5200, 3_450_000),
    ("safety.satisfaction", "110105", 842, 1000),
    ("health.centres", "110000", 331, None),
    ("health.stations", "110000", 2540, None),
]


def load(stdout: Any, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    with transaction.atomic():
        for code, area_code, num, den in FIGURES:
            ind, area = get(code), Area.objects.filter(code=area_code).first()
            if ind is None or area is None or not ind.reported:
                continue
            start = compute.current_start(ind, today)
            # Figures are entered for the period before (the current one is still running).
            day = previous_start(ind.period, start)
            if Entry.objects.filter(indicator=code, area=area, period_start=day).exists():
                continue
            actions.entry_record(
                actor=None, indicator=ind, area=area, day=day, numerator=num, denominator=den, now=now
            )
    nodes = compute.tree()
    written = 0
    for ind in all_indicators():
        start = compute.current_start(ind, today)
        for _ in range(12 if ind.period == "month" else 4):
            written += compute.compute(ind, start, now=now, nodes=nodes)
            start = previous_start(ind.period, start)
    stdout.write(f"indicators: {len(all_indicators())} indicators, {written} figures\n")
