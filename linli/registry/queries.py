"""Reads of the registry, always scoped to the viewer (accounts.policy)."""

from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from linli.accounts import policy
from linli.areas.models import Area
from linli.common.crypto import index_of
from linli.common.phone import normalize_mobile
from linli.registry.models import Household, Resident, ResidentStatus

CAPABILITY = "areas.view"


def residents_for(viewer: Any) -> QuerySet[Resident]:
    return policy.scope(Resident.objects.all(), viewer, CAPABILITY, field="community")


def households_for(viewer: Any) -> QuerySet[Household]:
    return policy.scope(Household.objects.all(), viewer, CAPABILITY, field="community")


def resident_for(viewer: Any, pk: Any) -> Resident:
    return policy.get_or_404(
        Resident.objects.select_related("household", "community"), viewer, CAPABILITY, "community", pk=pk
    )


def residents_by_phone(viewer: Any, phone: str) -> QuerySet[Resident]:
    """Active residents in the viewer's reach with this mobile number (hotline caller lookup)."""
    index = index_of(Resident, "phone_index", normalize_mobile(phone))
    return residents_for(viewer).filter(phone_index=index, status=ResidentStatus.ACTIVE)


def residents_of_user(user: Any) -> QuerySet[Resident]:
    """The active registry records linked to a resident's own account."""
    return Resident.objects.filter(user=user, status=ResidentStatus.ACTIVE).select_related("household")


def counts_by_community(areas: list[Area] | None = None) -> dict[int, dict[str, dict[str, int]]]:
    """{community_id: {"households": {kind: n}, "residents": {kind: n}}} of active rows.

    Not scoped: callers (indicators, funding) pass the communities they may report on.
    """
    result: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: {"households": {}, "residents": {}})
    households = Household.objects.filter(is_active=True)
    residents = Resident.objects.filter(status=ResidentStatus.ACTIVE)
    if areas is not None:
        households = households.filter(community__in=areas)
        residents = residents.filter(community__in=areas)
    for row in households.values("community_id", "kind").annotate(n=Count("id")):
        result[row["community_id"]]["households"][row["kind"]] = row["n"]
    for row in residents.values("community_id", "kind").annotate(n=Count("id")):
        result[row["community_id"]]["residents"][row["kind"]] = row["n"]
    return dict(result)
