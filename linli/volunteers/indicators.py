"""The volunteers' indicators (plan 3.4.(一)): volunteers at 15% of each community's 常住人口, rolled
up as the share of communities meeting it, and how many volunteers there are.

A volunteer counts in a period when registered by its end and not gone before it (`left_at`); the
residents are the registry's count on the same day (`share`, read once per recompute with the
registry's own indicators through `common.indicators.memo`).
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from linli.areas.models import Area
from linli.common.indicators import Indicator, memo, register
from linli.volunteers.models import Skill, Volunteer
from linli.volunteers.share import counts_by_community

Cells = dict[int, tuple[float, float | None]]
EVENTS = ("volunteers.volunteer.registered", "volunteers.volunteer.left", "volunteers.import.completed")


def _as_of(end: dt.date, now: dt.datetime) -> dt.datetime:
    return min(now, dt.datetime.combine(end, dt.time(23, 59), tzinfo=now.tzinfo))


def _volunteers(as_of: dt.datetime, communities: Any, skill: str = "") -> dict[int, int]:
    qs = Volunteer.objects.filter(Q(left_at__isnull=True) | Q(left_at__gt=as_of), registered_at__lte=as_of)
    if skill:  # `skills` is a comma-separated list of `Skill` values
        qs = qs.filter(
            Q(skills=skill)
            | Q(skills__startswith=f"{skill},")
            | Q(skills__endswith=f",{skill}")
            | Q(skills__contains=f",{skill},")
        )
    if communities is not None:
        qs = qs.filter(community_id__in=list(communities))
    return dict(qs.values_list("community_id").annotate(n=Count("pk")).order_by())


def _residents(as_of: dt.datetime, communities: Any) -> dict[int, int]:
    if communities is None:
        # The same key as the registry's indicators: one count of the city per recompute.
        counts = memo(("registry.counts", as_of), lambda: counts_by_community(None, now=as_of))
    else:
        counts = counts_by_community(list(Area.objects.filter(pk__in=list(communities))), now=as_of)
    return {c: n.get("residents", {}).get("resident", 0) for c, n in counts.items()}


def share(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Volunteers ÷ 常住人口 per community (a community with no residents has no figure)."""
    as_of = _as_of(end, now)
    volunteers = _volunteers(as_of, communities)
    residents = _residents(as_of, communities)
    return {c: (float(volunteers.get(c, 0)), float(r)) for c, r in residents.items() if r}


def people(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    return {c: (float(n), None) for c, n in _volunteers(_as_of(end, now), communities).items()}


def patrol(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Volunteers registered for safety patrols (skill `patrol`), counted as `people` counts."""
    rows = _volunteers(_as_of(end, now), communities, Skill.PATROL.value)
    return {c: (float(n), None) for c, n in rows.items()}


INDICATORS = [
    Indicator(
        code="volunteers.share_15",
        name_zh="志愿者占常住人口比例达15%的社区比例",
        name_en="Communities with volunteers at 15% of residents",
        section="3.4.(一)",
        unit="percent",
        rollup="share",
        threshold=15.0,
        factor=100,
        period="quarter",
        target=50.0,
        deadline=dt.date(2010, 12, 31),
        source=share,
        events=EVENTS,
        public=True,
        order=1,
        note_zh="到2010年,使多数社区的志愿者人数达到社区常住人口的15%以上;社区的数字为志愿者人数/常住人口",
        note_en=(
            "By 2010 most communities have volunteers at 15% of residents; a community's figure is "
            "its volunteers / residents."
        ),
    ),
    Indicator(
        code="volunteers.people",
        name_zh="社区志愿者人数",
        name_en="Community volunteers",
        section="3.4.(一)",
        unit="persons",
        rollup="sum",
        period="quarter",
        baseline_2005=600000,
        source=people,
        events=EVENTS,
        order=2,
    ),
    Indicator(
        code="safety.patrol_volunteers",
        name_zh="社区治安巡逻志愿者人数",
        name_en="Patrol volunteers",
        section="3.5.(六)",
        unit="persons",
        rollup="sum",
        period="year",
        target=300000,
        target_level="city",
        deadline=dt.date(2010, 12, 31),
        source=patrol,
        events=(*EVENTS, "volunteers.volunteer.changed"),
        order=4,
        note_zh="登记了“治安巡逻”技能的在册志愿者",
        note_en="Registered volunteers who offer safety patrols (skill “safety patrol”).",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
