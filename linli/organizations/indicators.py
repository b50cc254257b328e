"""The organizations' indicators: civic organizations per community (10 or more in each urban
community, the national guidance), a fitness association in 90% of communities and one sports
instructor (社会体育指导员) per 400 residents (plan 3.4.(四), 3.5.(五)); counted as `targets` counts
them, unscoped, per community.

Organizations are counted by their status now (a dissolution keeps no date) among those entered by
the period's end; instructors are members who joined by its end and had not left.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from linli.areas.models import Area
from linli.common.indicators import Indicator, memo, register
from linli.organizations.models import Membership, Organization, OrgStatus
from linli.organizations.targets import FITNESS_SHARE_TARGET, ORGS_TARGET, RESIDENTS_PER_INSTRUCTOR
from linli.registry.counts import counts_by_community

Cells = dict[int, tuple[float, float | None]]
ORG_EVENTS = (
    "organizations.organization.registered",
    "organizations.organization.changed",
    "organizations.organization.dissolved",
    "organizations.import.completed",
)
MEMBER_EVENTS = (
    "organizations.member.joined",
    "organizations.member.left",
    "organizations.member.role_changed",
)


def _as_of(end: dt.date, now: dt.datetime) -> dt.datetime:
    return min(now, dt.datetime.combine(end, dt.time(23, 59), tzinfo=now.tzinfo))


def _communities(communities: Any) -> list[int]:
    if communities is not None:
        return list(communities)
    return list(Area.objects.filter(level="community", is_active=True).values_list("pk", flat=True))


def _orgs(as_of: dt.datetime, communities: Any) -> dict[int, tuple[int, int]]:
    """{community: (active organizations, of which fitness associations)}."""

    def count() -> dict[int, tuple[int, int]]:
        qs = Organization.objects.filter(status=OrgStatus.ACTIVE, created_at__lte=as_of)
        if communities is not None:
            qs = qs.filter(community_id__in=list(communities))
        rows = (
            qs.values_list("community_id")
            .annotate(n=Count("pk"), fit=Count("pk", filter=Q(is_fitness_association=True)))
            .order_by()
        )
        return {c: (n, fit) for c, n, fit in rows}

    return count() if communities is not None else memo(("organizations.orgs", as_of), count)


def civic(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    return {c: (float(n), None) for c, (n, _fit) in _orgs(_as_of(end, now), communities).items()}


def per_community(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Every community's own count (0 included), compared with 10."""
    orgs = _orgs(_as_of(end, now), communities)
    return {c: (float(orgs.get(c, (0, 0))[0]), None) for c in _communities(communities)}


def fitness(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """1 for a community with an active fitness association, 0 for one without."""
    orgs = _orgs(_as_of(end, now), communities)
    return {c: (float(orgs.get(c, (0, 0))[1] > 0), None) for c in _communities(communities)}


def instructors(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Sports instructors per 400 of the 常住人口: a community with residents and none has 0."""
    as_of = _as_of(end, now)
    day = as_of.date()
    qs = Membership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day),
        sports_instructor=True,
        joined_on__lte=day,
        organization__status=OrgStatus.ACTIVE,
    )
    if communities is not None:
        qs = qs.filter(organization__community_id__in=list(communities))
    found = dict(qs.values_list("organization__community_id").annotate(n=Count("pk")).order_by())
    if communities is None:
        counts = memo(("registry.counts", as_of), lambda: counts_by_community(None, now=as_of))
    else:
        counts = counts_by_community(list(Area.objects.filter(pk__in=list(communities))), now=as_of)
    residents = {c: n.get("residents", {}).get("resident", 0) for c, n in counts.items()}
    return {c: (float(found.get(c, 0)), float(r)) for c, r in residents.items() if r}


INDICATORS = [
    Indicator(
        code="organizations.civic",
        name_zh="社区民间组织数",
        name_en="Civic organizations",
        section="3.4.(四)",
        unit="count",
        rollup="sum",
        period="year",
        baseline_2005=12000,
        source=civic,
        events=ORG_EVENTS,
        public=True,
        order=1,
    ),
    Indicator(
        code="organizations.ten_per_community",
        name_zh="社区社会组织达10个的社区比例",
        name_en="Communities with 10 or more organizations",
        section="3.4.(四)",
        unit="percent",
        rollup="share",
        unit_own="count",
        threshold=float(ORGS_TARGET),
        period="year",
        target=100.0,
        source=per_community,
        events=ORG_EVENTS,
        order=2,
        note_zh="城市社区平均不少于10个社区社会组织(民政部指导意见);社区的数字为其组织数",
        note_en="At least 10 organizations in each urban community (national guidance); a community's figure is its count.",
    ),
    Indicator(
        code="culture.fitness_association",
        name_zh="建有全民健身体育协会的社区比例",
        name_en="Communities with a fitness association",
        section="3.5.(五)",
        unit="percent",
        rollup="share",
        unit_own="yesno",
        threshold=1.0,
        period="year",
        target=FITNESS_SHARE_TARGET * 100,
        deadline=dt.date(2010, 12, 31),
        source=fitness,
        events=ORG_EVENTS,
        public=True,
        order=1,
    ),
    Indicator(
        code="culture.instructors_per_400",
        name_zh="每400名常住人口的社会体育指导员数",
        name_en="Sports instructors per 400 residents",
        section="3.5.(五)",
        unit="ratio",
        rollup="ratio",
        factor=float(RESIDENTS_PER_INSTRUCTOR),
        period="year",
        target=1.0,
        source=instructors,
        events=MEMBER_EVENTS,
        order=2,
        note_zh="每400名常住人口有1名社会体育指导员;计算为指导员数×400/常住人口",
        note_en="One sports instructor per 400 residents; instructors × 400 / residents.",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
