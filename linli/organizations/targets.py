"""The plan's targets for organizations, per community and rolled up street → district → city.

- organizations per community: the national guidance asks for 10 or more in each urban community
  (every community is counted as urban: the area tree does not tell urban from rural yet);
- a fitness association in 90% of communities (plan 3.5.(五));
- sports instructors (社会体育指导员) at 1 per 400 residents (常住人口, `registry.counts`).

Scoped by the caller: only communities the viewer may see are counted, and an area above them
sums only those. Three grouped queries whatever the number of communities.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from linli.accounts import policy
from linli.areas.models import Area
from linli.organizations import queries
from linli.organizations.models import Membership, Organization, OrgStatus
from linli.registry.counts import counts_by_community

ORGS_TARGET = 10
FITNESS_SHARE_TARGET = 0.9
RESIDENTS_PER_INSTRUCTOR = 400


@dataclass
class Figures:
    area: Area
    communities: int = 0
    organizations: int = 0
    communities_with_ten: int = 0
    communities_with_fitness: int = 0
    instructors: int = 0
    residents: int = 0
    children: list["Figures"] = field(default_factory=list)

    @property
    def share_with_ten(self) -> float | None:
        return self.communities_with_ten / self.communities if self.communities else None

    @property
    def share_with_fitness(self) -> float | None:
        return self.communities_with_fitness / self.communities if self.communities else None

    @property
    def instructors_per_400(self) -> float | None:
        return self.instructors * RESIDENTS_PER_INSTRUCTOR / self.residents if self.residents else None

    @property
    def meets_orgs(self) -> bool:
        return self.communities > 0 and self.communities_with_ten == self.communities

    @property
    def meets_fitness(self) -> bool:
        share = self.share_with_fitness
        return share is not None and share >= FITNESS_SHARE_TARGET

    @property
    def meets_instructors(self) -> bool:
        ratio = self.instructors_per_400
        return ratio is not None and ratio >= 1


def compute(viewer: policy.Viewer, *, now: dt.datetime) -> dict[str, Figures]:
    """Figures by area code for every community in reach and every area above them."""
    communities = list(queries.communities_for(viewer).select_related(None))
    ids = [c.pk for c in communities]
    orgs = {
        row["community"]: row
        for row in Organization.objects.filter(community_id__in=ids, status=OrgStatus.ACTIVE)
        .values("community")
        .annotate(n=Count("id"), fitness=Count("id", filter=Q(is_fitness_association=True)))
        .order_by()
    }
    instructors = dict(
        Membership.objects.filter(
            organization__community_id__in=ids,
            organization__status=OrgStatus.ACTIVE,
            left_on__isnull=True,
            sports_instructor=True,
        )
        .values_list("organization__community")
        .annotate(n=Count("id"))
        .order_by()
    )
    residents = counts_by_community(communities, now=now)
    # Areas above the communities, as far up as the viewer's reach goes (a worker's total is
    # their community, not a city figure made of one community).
    roots = policy.roots(viewer, queries.VIEW)
    ancestors = {
        a.code: a
        for a in Area.objects.filter(code__in={c for x in communities for c in x.path.split("/") if c})
        if any(a.path.startswith(r.path) for r in roots)
    }
    figures: dict[str, Figures] = {}
    for community in communities:
        o = orgs.get(community.pk, {"n": 0, "fitness": 0})
        mine = Figures(
            area=community,
            communities=1,
            organizations=o["n"],
            communities_with_ten=int(o["n"] >= ORGS_TARGET),
            communities_with_fitness=int(o["fitness"] > 0),
            instructors=instructors.get(community.pk, 0),
            residents=residents.get(community.pk, {}).get("residents", {}).get("resident", 0),
        )
        figures[community.code] = mine
        child = mine
        for code in reversed([c for c in community.path.split("/") if c][:-1]):
            if code not in ancestors:
                continue
            up = figures.setdefault(code, Figures(area=ancestors[code]))
            for name in (
                "communities",
                "organizations",
                "communities_with_ten",
                "communities_with_fitness",
                "instructors",
                "residents",
            ):
                setattr(up, name, getattr(up, name) + getattr(mine, name))
            if child not in up.children:
                up.children.append(child)
            child = up
    for f in figures.values():
        f.children.sort(key=lambda x: x.area.code)
    return figures


def tops(figures: dict[str, Figures], viewer: policy.Viewer) -> list[Figures]:
    """The viewer's own top areas (where their reach starts)."""
    return [figures[a.code] for a in policy.roots(viewer, queries.VIEW) if a.code in figures]
