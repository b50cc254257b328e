"""Calendar periods (month, quarter, half-year, year) as (first day, last day)."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


def period_bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period of `kind` that contains `day`."""
    months = MONTHS[kind]
    first_month = ((day.month - 1) // months) * months + 1
    start = dt.date(day.year, first_month, 1)
    return start, next_start(kind, start) - dt.timedelta(days=1)


def next_start(kind: str, start: dt.date) -> dt.date:
    month = start.month - 1 + MONTHS[kind]
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def previous_start(kind: str, start: dt.date) -> dt.date:
    return period_bounds(kind, start - dt.timedelta(days=1))[0]


def label(kind: str, start: dt.date) -> str:
    """The period as people say it, in the active language.

    2026年3月 / March 2026, 2026年第三季度 / Q3 2026, 2026年上半年 / first half of 2026, 2026年 / 2026.
    """
    values = {"year": start.year}
    if kind == "month":
        return date_format(start, "YEAR_MONTH_FORMAT")
    if kind == "quarter":
        quarters = (
            gettext("Q1 %(year)s"),
            gettext("Q2 %(year)s"),
            gettext("Q3 %(year)s"),
            gettext("Q4 %(year)s"),
        )
        return quarters[(start.month - 1) // 3] % values
    if kind == "half_year":
        halves = (gettext("first half of %(year)s"), gettext("second half of %(year)s"))
        return halves[(start.month - 1) // 6] % values
    return pgettext("calendar year", "%(year)s") % values
