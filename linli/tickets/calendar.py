"""Deadlines on the official working calendar.

A working day is Monday-Friday unless the year's notice makes it a holiday, plus the make-up
workdays (调休) it names. Working hours are 09:00-17:00 Beijing time. A limit of N working days
ends at 17:00 on the Nth working day after the day of submission; a limit of H working hours
counts only hours inside working hours (emergency categories count clock hours instead).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.cache import cache

TZ = ZoneInfo("Asia/Shanghai")
START = dt.time(9, 0)
END = dt.time(17, 0)
HOURS_PER_DAY = 8
_VERSION_KEY = "tickets:calendar:version"
_loaded: dict[str, object] = {"version": None, "days": {}}


def _days() -> dict[dt.date, str]:
    """{date: kind} of every exception, reloaded when an admin changes the calendar anywhere."""
    version = cache.get(_VERSION_KEY, 0)
    if _loaded["version"] != version:
        from linli.tickets.models import CalendarDay

        _loaded["days"] = dict(CalendarDay.objects.values_list("date", "kind"))
        _loaded["version"] = version
    return _loaded["days"]  # type: ignore[return-value]


def changed() -> None:
    """Call after writing CalendarDay rows: every process reloads on its next deadline."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)
    _loaded["version"] = None


def is_working_day(day: dt.date) -> bool:
    kind = _days().get(day)
    if kind == "holiday":
        return False
    if kind == "workday":
        return True
    return day.weekday() < 5


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """End of the `days`-th working day after the day of `start` (17:00 local)."""
    day = start.astimezone(TZ).date()
    for _ in range(max(days, 0)):
        day = next_working_day(day)
    if days <= 0 and not is_working_day(day):
        day = next_working_day(day)
    return dt.datetime.combine(day, END, tzinfo=TZ)


def add_working_hours(start: dt.datetime, hours: float) -> dt.datetime:
    """`start` plus `hours` counted only within working hours on working days."""
    local = start.astimezone(TZ)
    remaining = dt.timedelta(hours=hours)
    day = local.date()
    cursor = local
    while True:
        if not is_working_day(day) or cursor.time() >= END:
            day = next_working_day(day)
            cursor = dt.datetime.combine(day, START, tzinfo=TZ)
            continue
        if cursor.time() < START:
            cursor = dt.datetime.combine(day, START, tzinfo=TZ)
        end = dt.datetime.combine(day, END, tzinfo=TZ)
        if cursor + remaining <= end:
            return cursor + remaining
        remaining -= end - cursor
        day = next_working_day(day)
        cursor = dt.datetime.combine(day, START, tzinfo=TZ)


def response_deadline(start: dt.datetime, hours: int, round_the_clock: bool) -> dt.datetime:
    if round_the_clock:
        return start + dt.timedelta(hours=hours)
    return add_working_hours(start, hours)


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Working days after `start`'s day up to and including `end`'s day (0 when end ≤ start)."""
    a, b = start.astimezone(TZ).date(), end.astimezone(TZ).date()
    n = 0
    while a < b:
        a += dt.timedelta(days=1)
        if is_working_day(a):
            n += 1
    return n
