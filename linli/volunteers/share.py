"""The plan's target: volunteers at 15% or more of each community's resident population (常住人口).

Residents are counted by the registry (`registry.counts.counts_by_community`, 常住: living here six
months or more on the day of `now`); volunteers are the active ones registered in the community.
Both are one grouped pass each; the roll-up sums communities into every area above them.

Not scoped: callers pass the areas the viewer may report on.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from linli.areas.levels import Level
from linli.areas.models import Area
from linli.registry.counts import counts_by_community
from linli.volunteers.models import Volunteer, VolunteerStatus

TARGET = 0.15


@dataclass
class Share:
    area: Area
    volunteers: int
    residents: int
    communities: int = 1
    at_target: int = 0

    @property
    def share(self) -> float | None:
        return self.volunteers / self.residents if self.residents else None

    @property
    def meets(self) -> bool:
        return self.share is not None and self.share >= TARGET

    @property
    def at_target_share(self) -> float | None:
        return self.at_target / self.communities if self.communities else None


def _communities_under(area: Area) -> list[Area]:
    if area.level == Level.COMMUNITY:
        return [area]
    return list(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True, path__startswith=area.path).order_by(
            "code"
        )
    )


def volunteer_counts(communities: list[Area] | None) -> dict[int, int]:
    qs = Volunteer.objects.filter(status=VolunteerStatus.ACTIVE)
    if communities is not None:
        qs = qs.filter(community__in=communities)
    return dict(qs.values_list("community_id").annotate(n=Count("pk")).values_list("community_id", "n"))


def by_community(area: Area, *, now: dt.datetime | None = None) -> list[Share]:
    """One row per community under `area`: volunteers, 常住人口, and whether it meets 15%."""
    communities = _communities_under(area)
    if not communities:
        return []
    residents = counts_by_community(communities, now=now)
    volunteers = volunteer_counts(communities)
    rows = []
    for c in communities:
        r = residents.get(c.pk, {}).get("residents", {}).get("resident", 0)
        row = Share(area=c, volunteers=volunteers.get(c.pk, 0), residents=r)
        row.at_target = int(row.meets)
        rows.append(row)
    return rows


def rolled_up(area: Area, *, now: dt.datetime | None = None) -> tuple[Share, list[Share]]:
    """The area's total and one row per area one level below it (streets of a district …)."""
    rows = by_community(area, now=now)
    total = Share(area=area, volunteers=0, residents=0, communities=0)
    children: dict[str, Share] = {}
    depth = len([p for p in area.path.split("/") if p])
    for row in rows:
        total.volunteers += row.volunteers
        total.residents += row.residents
        total.communities += 1
        total.at_target += row.at_target
        if area.level == Level.COMMUNITY:
            continue
        key = "/".join([p for p in row.area.path.split("/") if p][: depth + 1])
        child = children.get(key)
        if child is None:
            child = children[key] = Share(area=row.area, volunteers=0, residents=0, communities=0)
        child.volunteers += row.volunteers
        child.residents += row.residents
        child.communities += 1
        child.at_target += row.at_target
    # Name each child by its own area (the community row stood in while summing).
    codes = {k.rsplit("/", 1)[-1]: v for k, v in children.items()}
    for a in Area.objects.filter(code__in=list(codes)):
        codes[a.code].area = a
    return total, sorted(children.values(), key=lambda s: s.area.code)


def monthly(area: Area, *, months: int = 12, now: dt.datetime | None = None) -> list[tuple[dt.date, int]]:
    """Active volunteers under `area` at the end of each of the last `months` months."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    qs = Volunteer.objects.filter(community__path__startswith=area.path)
    joined: dict[dt.date, int] = defaultdict(int)
    left: dict[dt.date, int] = defaultdict(int)
    for m, n in (
        qs.annotate(m=TruncMonth("registered_at"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    ):
        joined[timezone.localtime(m).date() if isinstance(m, dt.datetime) else m] += n
    for m, n in (
        qs.filter(left_at__isnull=False)
        .annotate(m=TruncMonth("left_at"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    ):
        left[timezone.localtime(m).date() if isinstance(m, dt.datetime) else m] += n
    firsts = []
    y, mo = today.year, today.month
    for _ in range(months):
        firsts.append(dt.date(y, mo, 1))
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    firsts.reverse()
    out = []
    for first in firsts:
        active = sum(n for m, n in joined.items() if m <= first) - sum(
            n for m, n in left.items() if m <= first
        )
        out.append((first, active))
    return out
