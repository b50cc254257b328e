"""The worker's lists of 人户分离 (issue 21), each scoped to the viewer like every registry read.

- registered flats where nobody lives (户在人不在 for the whole dwelling);
- people living here without a local record (人在户不在, 流动);
- people registered here and living elsewhere whose status is older than a year: to be re-checked
  at the next visit;
- collective households (集体户) and registrations without a dwelling (空挂户);
- people of another community who live or are registered in the viewer's (what the rules let
  this community know of another's record: no copy, no ID, no phone, no household).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.registry.models import (
    Dwelling,
    Household,
    HukouPlace,
    LivingPlace,
    Resident,
    ResidentStatus,
)
from linli.registry.queries import CAPABILITY, dwellings_for, households_for, residents_for

RECHECK_DAYS = 365


def empty_registered_flats(viewer: User | AnonymousUser) -> QuerySet[Dwelling]:
    """Dwellings with people registered at them (户口 here) of whom none lives there."""
    active = Q(households__members__status=ResidentStatus.ACTIVE)
    return (
        dwellings_for(viewer)
        .annotate(
            registered=Count(
                "households__members", filter=active & Q(households__members__hukou_where=HukouPlace.HERE)
            ),
            living=Count(
                "households__members", filter=active & Q(households__members__lives_where=LivingPlace.HERE)
            ),
        )
        .filter(registered__gt=0, living=0)
        .select_related("building", "community")
        .order_by("community__code", "building__name", "number")
    )


def living_here_unregistered(viewer: User | AnonymousUser) -> QuerySet[Resident]:
    """Living here with the 户口 elsewhere: 人在户不在 (Beijing) and 流动 (outside Beijing)."""
    return (
        residents_for(viewer)
        .filter(status=ResidentStatus.ACTIVE, lives_where=LivingPlace.HERE)
        .exclude(hukou_where=HukouPlace.HERE)
        .select_related("household__dwelling__building", "community")
        .order_by("community__code", "name", "id")
    )


def away_to_recheck(viewer: User | AnonymousUser, *, today: dt.date) -> QuerySet[Resident]:
    """Registered here, living elsewhere or unknown, last confirmed (or since) over a year before `today`."""
    limit = today - dt.timedelta(days=RECHECK_DAYS)
    return (
        residents_for(viewer)
        .filter(status=ResidentStatus.ACTIVE, hukou_where=HukouPlace.HERE)
        .exclude(lives_where=LivingPlace.HERE)
        .annotate(checked=Coalesce("residence_checked_on", "lives_since"))
        .filter(Q(checked__lte=limit) | Q(checked__isnull=True))
        .select_related("household__dwelling__building", "community")
        .order_by("checked", "name", "id")
    )


def registrations_without_dwelling(viewer: User | AnonymousUser) -> QuerySet[Household]:
    """Active households with no dwelling: collective households (集体户) and 空挂户, collective first."""
    return (
        households_for(viewer)
        .filter(is_active=True, dwelling__isnull=True)
        .select_related("head", "community")
        .annotate(members_n=Count("members", filter=Q(members__status=ResidentStatus.ACTIVE)))
        .order_by("collective_unit", "community__code", "code")
    )


@dataclass(frozen=True)
class OtherCommunityPerson:
    """What one community may know of a person whose record another community keeps."""

    name: str
    birth_year: int
    record_community: str  # the community that keeps the record
    relation: str  # "lives_here" (registered there) or "registered_here" (lives there)
    address: str  # where they live, as the record gives it (lives_here only)
    since: dt.date | None


def _my_community_codes(viewer: User | AnonymousUser) -> list[str]:
    areas = policy.scope(Area.objects.filter(level=Level.COMMUNITY), viewer, CAPABILITY, "")
    return list(areas.values_list("code", flat=True))


def others_of_my_communities(viewer: User | AnonymousUser) -> list[OtherCommunityPerson]:
    """People whose record is in another community and who live in, or are registered in, the viewer's.

    Found by the 12-digit community code the other record gives (`lives_code`, `hukou_code`).
    Only the fields above leave the other community; the record itself stays there.
    """
    codes = _my_community_codes(viewer)
    if not codes:
        return []
    found = (
        Resident.objects.filter(status=ResidentStatus.ACTIVE)
        .exclude(community__code__in=codes)
        .filter(
            Q(hukou_where=HukouPlace.HERE, lives_where=LivingPlace.ELSEWHERE, lives_code__in=codes)
            | Q(lives_where=LivingPlace.HERE, hukou_code__in=codes)
        )
        .order_by("name", "id")
        .values("name", "birth_date", "community__name", "hukou_where", "lives_address", "lives_since")[:500]
    )
    return [
        OtherCommunityPerson(
            name=r["name"],
            birth_year=r["birth_date"].year,
            record_community=r["community__name"],
            relation="lives_here" if r["hukou_where"] == HukouPlace.HERE else "registered_here",
            address=r["lives_address"] if r["hukou_where"] == HukouPlace.HERE else "",
            since=r["lives_since"],
        )
        for r in found
    ]
