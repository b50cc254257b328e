"""Calendar periods (month, quarter, half-year, year) as (first day, last day)."""

import datetime as dt

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
    """2026-03, 2026 Q1, 2026 H1, 2026 (language-neutral, as written on notices)."""
    if kind == "month":
        return f"{start:%Y-%m}"
    if kind == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if kind == "half_year":
        return f"{start.year} H{(start.month - 1) // 6 + 1}"
    return str(start.year)
