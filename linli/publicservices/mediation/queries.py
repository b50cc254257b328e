"""Reads of people's mediation, scoped through accounts.policy on the case's community. A user with
the mediator role reaches the cases of the communities whose mediation group they are in (an
active group Mediator row linked to their account, in a community where they hold the role)."""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from linli.accounts import policy
from linli.areas.models import Area
from linli.publicservices.models.mediation import Case, CaseStatus, Mediator
from linli.publicservices.permissions import VIEW

MEDIATE = "mediation.mediate"
_CACHE = "_linli_mediation_groups"


def group_communities(viewer: policy.Viewer) -> frozenset[int]:
    """The communities whose mediation group the viewer sits in as a mediator (loaded once)."""
    pk = getattr(viewer, "pk", None)
    if not pk or not getattr(viewer, "is_authenticated", False) or not getattr(viewer, "is_active", False):
        return frozenset()
    cached = getattr(viewer, _CACHE, None)
    if cached is None:
        reach = policy.area_q(viewer, MEDIATE, "community")
        cached = frozenset(
            Mediator.objects.filter(reach, user_id=int(pk), is_active=True, in_group=True).values_list(
                "community_id", flat=True
            )
        )
        setattr(viewer, _CACHE, cached)
    return cached


def forget(viewer: policy.Viewer) -> None:
    if hasattr(viewer, _CACHE):
        delattr(viewer, _CACHE)


def in_group(viewer: policy.Viewer, community: Area) -> bool:
    return community.pk in group_communities(viewer)


def may_see(viewer: policy.Viewer, community: Area) -> bool:
    return policy.can(viewer, VIEW, community) or in_group(viewer, community)


def may_manage(viewer: policy.Viewer, community: Area) -> bool:
    return policy.can(viewer, "mediation.manage", community) or in_group(viewer, community)


def reach_q(viewer: policy.Viewer, field: str = "community") -> Q:
    return policy.area_q(viewer, VIEW, field) | Q(**{f"{field}_id__in": group_communities(viewer)})


def cases_for(viewer: policy.Viewer) -> QuerySet[Case]:
    return Case.objects.filter(reach_q(viewer)).select_related("community")


def case_for(viewer: policy.Viewer, code: str) -> Case:
    try:
        return cases_for(viewer).get(code=(code or "").strip().upper())
    except Case.DoesNotExist:
        raise Http404 from None


def mediators_for(viewer: policy.Viewer) -> QuerySet[Mediator]:
    return Mediator.objects.filter(reach_q(viewer), is_active=True).select_related("community")


def mediator_for(viewer: policy.Viewer, pk: int) -> Mediator:
    found = mediators_for(viewer).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass
class Month:
    cases: int
    agreed: int
    referred: int
    success_rate: float | None
    median_days_to_agreement: float | None


def monthly(viewer: policy.Viewer, area: Area, year: int, month: int) -> Month:
    """Cases opened in the month inside `area`: how many, how many reached an agreement, the
    success rate among those decided, and the median days from opening to agreement."""
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    rows = list(
        cases_for(viewer)
        .filter(community__path__startswith=area.path, opened_at__date__gte=start, opened_at__date__lt=end)
        .values_list("status", "opened_at", "agreed_at")
    )
    agreed = [r for r in rows if r[2] is not None]
    referred = sum(1 for r in rows if r[0] == CaseStatus.REFERRED)
    decided = len(agreed) + referred
    days = [(a - o).total_seconds() / 86400 for _, o, a in agreed if a is not None]
    return Month(
        cases=len(rows),
        agreed=len(agreed),
        referred=referred,
        success_rate=round(len(agreed) / decided, 3) if decided else None,
        median_days_to_agreement=round(statistics.median(days), 1) if days else None,
    )
