"""The registry's indicators: people and households, counted by `registry.counts` (人户分离).

Counts are of the records as they stand when computed (the registry keeps no history of every
day); the period's sign-off keeps the figure a period ended with.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from linli.areas.models import Area
from linli.common.indicators import Indicator, memo, register
from linli.registry.counts import counts_by_community

EVENTS = (
    "registry.resident.created",
    "registry.resident.moved_in",
    "registry.resident.moved_out",
    "registry.resident.residence_moved",
    "registry.resident.hukou_moved",
    "registry.resident.born",
    "registry.resident.died",
    "registry.household.registered",
    "registry.import.completed",
)


def _counts(now: dt.datetime, communities: Iterable[int] | None) -> dict[int, dict[str, dict[str, int]]]:
    if communities is not None:
        return counts_by_community(list(Area.objects.filter(pk__in=list(communities))), now=now)
    # The three indicators below read one count of the whole city per recompute.
    return memo(("registry.counts", now), lambda: counts_by_community(None, now=now))


def _as_of(end: dt.date, now: dt.datetime) -> dt.datetime:
    return min(now, dt.datetime.combine(end, dt.time(23, 59), tzinfo=now.tzinfo))


def residents(
    start: dt.date, end: dt.date, now: dt.datetime, communities: Any
) -> dict[int, tuple[float, float | None]]:
    return {
        c: (float(n["residents"]["resident"]), None)
        for c, n in _counts(_as_of(end, now), communities).items()
    }


def households(
    start: dt.date, end: dt.date, now: dt.datetime, communities: Any
) -> dict[int, tuple[float, float | None]]:
    return {
        c: (float(n["households"]["total"]), None) for c, n in _counts(_as_of(end, now), communities).items()
    }


def floating(
    start: dt.date, end: dt.date, now: dt.datetime, communities: Any
) -> dict[int, tuple[float, float | None]]:
    return {
        c: (float(n["residents"]["floating"]), float(n["residents"]["total"]))
        for c, n in _counts(_as_of(end, now), communities).items()
    }


INDICATORS = [
    Indicator(
        code="registry.residents",
        name_zh="常住人口",
        name_en="Resident population",
        section="3.3.(三)",
        unit="persons",
        rollup="sum",
        source=residents,
        events=EVENTS,
        order=1,
        public=True,
    ),
    Indicator(
        code="registry.households",
        name_zh="户数",
        name_en="Households",
        section="3.3.(三)",
        unit="households",
        rollup="sum",
        source=households,
        events=EVENTS,
        order=2,
        public=True,
    ),
    Indicator(
        code="registry.floating_share",
        name_zh="流动人口占比",
        name_en="Floating population share",
        section="3.3.(三)",
        unit="percent",
        rollup="ratio",
        factor=100,
        source=floating,
        events=EVENTS,
        order=3,
        note_zh="外来人口在社区的居住率将大幅上升(第一部分二(二)1)",
        note_en="The plan expects more incomers to live in communities (part 1, 2.(二)1).",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
