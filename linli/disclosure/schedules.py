"""Which disclosures are required when, and which are overdue on a given day.

A rule is (frequency, grace days, required from). Every period of the frequency that starts on
or after "required from" must be covered by a published notice of the category whose period
spans it, by the period's last day + grace days. On the day after that it is overdue.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from linli.areas.models import Area
from linli.common.periods import label, next_start, period_bounds
from linli.disclosure.models import Category, Frequency, Item, ItemStatus, Schedule

# The defaults linli ships with (a district or the city changes them per area).
DEFAULTS: dict[str, tuple[str, int]] = {
    Category.FINANCE: (Frequency.QUARTER, 10),
    Category.AFFAIRS: (Frequency.QUARTER, 10),
    Category.SERVICES: (Frequency.HALF_YEAR, 15),
    Category.SAFETY: (Frequency.QUARTER, 10),
    Category.ELECTIONS: (Frequency.NONE, 0),
    Category.DECISIONS: (Frequency.NONE, 0),
}
# Only periods this recent are checked: older gaps stay on record in the Overdue table.
LOOKBACK_DAYS = 400


def default_from() -> dt.date:
    return dt.date.fromisoformat(getattr(settings, "LINLI_DISCLOSURE_FROM", "2026-01-01"))


@dataclass(frozen=True)
class Rule:
    category: str
    frequency: str
    grace_days: int
    effective_from: dt.date
    area: Area | None = None  # None: the shipped default


@dataclass(frozen=True)
class Requirement:
    community: Area
    category: str
    start: dt.date
    end: dt.date
    due_on: dt.date

    @property
    def label(self) -> str:
        return label(_kind(self.start, self.end), self.start)

    def days_late(self, today: dt.date) -> int:
        return (today - self.due_on).days

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)


def _kind(start: dt.date, end: dt.date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return {1: "month", 3: "quarter", 6: "half_year"}.get(months, "year")


class Rules:
    """All schedule rows loaded once; `for_community` picks the nearest area's rule per category."""

    def __init__(self) -> None:
        self.rows = list(Schedule.objects.select_related("area"))

    def for_community(self, community: Area) -> list[Rule]:
        rules = []
        for category in Category.values:
            best: Schedule | None = None
            for row in self.rows:
                if (
                    row.category == category
                    and community.path.startswith(row.area.path)
                    and (best is None or len(row.area.path) > len(best.area.path))
                ):
                    best = row
            if best is not None:
                rules.append(Rule(category, best.frequency, best.grace_days, best.effective_from, best.area))
            else:
                frequency, grace = DEFAULTS[category]
                rules.append(Rule(category, frequency, grace, default_from()))
        return rules


def periods_due(rule: Rule, today: dt.date) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(start, end, due) of every required period whose due day is before `today`, recent first."""
    if rule.frequency == Frequency.NONE:
        return []
    window = today - dt.timedelta(days=LOOKBACK_DAYS)
    start = period_bounds(rule.frequency, max(rule.effective_from, window))[0]
    if start < rule.effective_from:
        start = next_start(rule.frequency, start)
    out = []
    while True:
        end = next_start(rule.frequency, start) - dt.timedelta(days=1)
        due = end + dt.timedelta(days=rule.grace_days)
        if due >= today:
            break
        out.append((start, end, due))
        start = next_start(rule.frequency, start)
    return out[::-1]


def overdue(communities: Iterable[Area], today: dt.date) -> list[Requirement]:
    """Every required disclosure of these communities that is past its due day and not published."""
    communities = list(communities)
    if not communities:
        return []
    rules = Rules()
    window = today - dt.timedelta(days=LOOKBACK_DAYS + 370)
    covered: dict[tuple[int, str], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    published = Item.objects.filter(
        status=ItemStatus.PUBLISHED,
        period_start__isnull=False,
        period_end__gte=window,
    )
    if len(communities) < 500:
        published = published.filter(community__in=communities)
    for row in published.values_list("community_id", "category", "period_start", "period_end"):
        if row[2] is not None and row[3] is not None:
            covered[(row[0], row[1])].append((row[2], row[3]))
    out = []
    for community in communities:
        for rule in rules.for_community(community):
            spans = covered.get((community.pk, rule.category), [])
            for start, end, due in periods_due(rule, today):
                if not any(s <= start and e >= end for s, e in spans):
                    out.append(Requirement(community, rule.category, start, end, due))
    return out
