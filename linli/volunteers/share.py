"""The plan's target: volunteers at 15% or more of each community's resident population (常住人口).

Residents are counted by the registry (`registry.counts.counts_by_community`, 常住: living here six
months or more on the day of `now`); volunteers are the active ones registered in the community.
Both are one grouped pass each; the roll-up sums communities into every area above them.

Not scoped: callers pass the areas the viewer may report on.

`ShareSnapshot` keeps the figures per area: `refresh_all` recomputes them (daily sweep),
`refresh_community` recounts one community after a registration change and adds the difference to
every area above it (queued after the registration commits).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from linli.areas.levels import Level
from linli.areas.models import Area
from linli.registry.counts import counts_by_community
from linli.volunteers.models import ShareSnapshot, Volunteer, VolunteerStatus

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


# --- the stored snapshot: a full refresh and an incremental one -----------------------------------


def refresh_all(*, now: dt.datetime | None = None) -> int:
    """Recompute every active community and every area above them; replace the stored rows.

    Two grouped passes (residents by the registry, active volunteers) and one bulk write."""
    now = now or timezone.now()
    communities = list(Area.objects.filter(level=Level.COMMUNITY, is_active=True).only("pk", "path"))
    residents = counts_by_community(None, now=now)
    volunteers = volunteer_counts(None)
    code_to_pk = dict(Area.objects.values_list("code", "pk"))
    rows: dict[int, ShareSnapshot] = {}
    for c in communities:
        r = residents.get(c.pk, {}).get("residents", {}).get("resident", 0)
        v = volunteers.get(c.pk, 0)
        meets = int(Share(area=c, volunteers=v, residents=r).meets)
        for code in [p for p in c.path.split("/") if p]:
            pk = code_to_pk.get(code)
            if pk is None:
                continue
            row = rows.get(pk)
            if row is None:
                row = rows[pk] = ShareSnapshot(area_id=pk, computed_at=now)
            row.volunteers += v
            row.residents += r
            row.communities += 1
            row.at_target += meets
    with transaction.atomic():
        ShareSnapshot.objects.all().delete()
        ShareSnapshot.objects.bulk_create(rows.values(), batch_size=2000)
    return len(rows)


def refresh_community(community_id: int, *, now: dt.datetime | None = None) -> None:
    """After a registration change: recount one community and move its difference up the tree.

    Without a stored row for the community yet (no full refresh since it was made), nothing is
    done: the next full refresh counts it."""
    now = now or timezone.now()
    with transaction.atomic():
        old = ShareSnapshot.objects.select_for_update().filter(area_id=community_id).first()
        if old is None:
            return
        community = Area.objects.get(pk=community_id)
        r = counts_by_community([community], now=now).get(community.pk, {}).get("residents", {})
        residents = r.get("resident", 0)
        volunteers = volunteer_counts([community]).get(community.pk, 0)
        meets = int(Share(area=community, volunteers=volunteers, residents=residents).meets)
        dv, dr, dm = volunteers - old.volunteers, residents - old.residents, meets - old.at_target
        codes = [p for p in community.path.split("/") if p]
        ShareSnapshot.objects.filter(area__code__in=codes).update(
            volunteers=F("volunteers") + dv,
            residents=F("residents") + dr,
            at_target=F("at_target") + dm,
            computed_at=now,
        )


def stored(area: Area) -> tuple[ShareSnapshot | None, list[ShareSnapshot]]:
    """The stored figures of `area` and of the areas one level below it (None: never computed)."""
    own = ShareSnapshot.objects.filter(area=area).select_related("area").first()
    if own is None:
        return None, []
    children = list(
        ShareSnapshot.objects.filter(area__parent=area).select_related("area").order_by("area__code")
    )
    return own, children
