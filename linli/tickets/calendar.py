"""Deadlines on the official working calendar.

A working day is Monday-Friday unless the year's notice makes it a holiday, plus the make-up
workdays (调休) it names. Working hours are 09:00-17:00 Beijing time. A limit of N working days
ends at 17:00 on the Nth working day after the day of submission; a limit of H working hours
counts only hours inside working hours (emergency categories count clock hours instead).

A year without a notice (the State Council publishes next year's in November or December) counts
the statutory holidays of 《全国年节及纪念日放假办法》 instead and no make-up workdays; a deadline
counted through such a year is provisional, and is counted again when the notice is entered.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache

from linli.tickets import holidays

TZ = ZoneInfo("Asia/Shanghai")
START = dt.time(9, 0)
END = dt.time(17, 0)
HOURS_PER_DAY = 8
_VERSION_KEY = "tickets:calendar:version"
# Warn from this month on while next year's notice is missing (notices come out Nov-Dec).
WARN_FROM_MONTH = 11


class Calendar:
    """The notices in force: their exception days, and the years they cover."""

    def __init__(self, days: dict[dt.date, str], covered: frozenset[int]) -> None:
        self.days = days
        self.covered = covered

    @classmethod
    def load(cls) -> "Calendar":
        from linli.tickets.models import CalendarDay, CalendarNotice

        return cls(
            dict(CalendarDay.objects.values_list("date", "kind")),
            frozenset(CalendarNotice.objects.values_list("year", flat=True)),
        )

    def is_working_day(self, day: dt.date) -> bool:
        kind = self.days.get(day)
        if kind is None and day.year not in self.covered and day in holidays.statutory(day.year):
            kind = "holiday"
        if kind == "holiday":
            return False
        if kind == "workday":
            return True
        return day.weekday() < 5

    def provisional(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True when counting from `start` to `end` crosses a year that has no notice yet."""
        first, last = start.astimezone(TZ).year, end.astimezone(TZ).year
        return any(year not in self.covered for year in range(first, last + 1))

    def missing_notice(self, now: dt.datetime) -> int | None:
        """The year whose notice an admin should enter now: this year's, or from November next year's."""
        today = now.astimezone(TZ).date()
        if today.year not in self.covered:
            return today.year
        if today.month >= WARN_FROM_MONTH and today.year + 1 not in self.covered:
            return today.year + 1
        return None


_loaded: dict[str, Any] = {"version": None, "calendar": None}


def current() -> Calendar:
    """The calendar in force, reloaded when an admin changes it anywhere."""
    version = cache.get(_VERSION_KEY, 0)
    if _loaded["version"] != version or _loaded["calendar"] is None:
        _loaded["calendar"] = Calendar.load()
        _loaded["version"] = version
    return _loaded["calendar"]


def changed() -> None:
    """Call after writing CalendarDay rows: every process reloads on its next deadline."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)
    _loaded["version"] = None


def is_working_day(day: dt.date, cal: Calendar | None = None) -> bool:
    return (cal or current()).is_working_day(day)


def provisional(start: dt.datetime, end: dt.datetime) -> bool:
    return current().provisional(start, end)


def next_working_day(day: dt.date, cal: Calendar | None = None) -> dt.date:
    cal = cal or current()
    day += dt.timedelta(days=1)
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.datetime, days: int, cal: Calendar | None = None) -> dt.datetime:
    """End of the `days`-th working day after the day of `start` (17:00 local)."""
    cal = cal or current()
    day = start.astimezone(TZ).date()
    for _ in range(max(days, 0)):
        day = next_working_day(day, cal)
    if days <= 0 and not cal.is_working_day(day):
        day = next_working_day(day, cal)
    return dt.datetime.combine(day, END, tzinfo=TZ)


def add_working_hours(
    start: dt.datetime, hours: float | dt.timedelta, cal: Calendar | None = None
) -> dt.datetime:
    """`start` plus `hours` counted only within working hours on working days."""
    cal = cal or current()
    local = start.astimezone(TZ)
    remaining = hours if isinstance(hours, dt.timedelta) else dt.timedelta(hours=hours)
    day = local.date()
    cursor = local
    while True:
        if not cal.is_working_day(day) or cursor.time() >= END:
            day = next_working_day(day, cal)
            cursor = dt.datetime.combine(day, START, tzinfo=TZ)
            continue
        if cursor.time() < START:
            cursor = dt.datetime.combine(day, START, tzinfo=TZ)
        end = dt.datetime.combine(day, END, tzinfo=TZ)
        if cursor + remaining <= end:
            return cursor + remaining
        remaining -= end - cursor
        day = next_working_day(day, cal)
        cursor = dt.datetime.combine(day, START, tzinfo=TZ)


def response_deadline(
    start: dt.datetime, hours: int, round_the_clock: bool, cal: Calendar | None = None
) -> dt.datetime:
    if round_the_clock:
        return start + dt.timedelta(hours=hours)
    return add_working_hours(start, hours, cal)


def working_days_between(start: dt.datetime, end: dt.datetime, cal: Calendar | None = None) -> int:
    """Working days after `start`'s day up to and including `end`'s day (0 when end ≤ start)."""
    cal = cal or current()
    a, b = start.astimezone(TZ).date(), end.astimezone(TZ).date()
    n = 0
    while a < b:
        a += dt.timedelta(days=1)
        if cal.is_working_day(a):
            n += 1
    return n


def working_hours_between(start: dt.datetime, end: dt.datetime, cal: Calendar | None = None) -> dt.timedelta:
    """The working time from `start` to `end` (zero when end ≤ start)."""
    cal = cal or current()
    start, end = start.astimezone(TZ), end.astimezone(TZ)
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        if cal.is_working_day(day):
            a = max(start, dt.datetime.combine(day, START, tzinfo=TZ))
            b = min(end, dt.datetime.combine(day, END, tzinfo=TZ))
            total += max(b - a, dt.timedelta())
        day += dt.timedelta(days=1)
    return total


def recount_days(start: dt.datetime, due: dt.datetime, old: Calendar, new: Calendar) -> dt.datetime:
    """The deadline `due`, counted from `start` on `old`, counted again on `new`: as many working days."""
    return add_working_days(start, working_days_between(start, due, old), new)


def recount_hours(start: dt.datetime, due: dt.datetime, old: Calendar, new: Calendar) -> dt.datetime:
    """The same for a deadline in working hours."""
    return add_working_hours(start, working_hours_between(start, due, old), new)
