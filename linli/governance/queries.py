"""Scoping shared by the self-government reads: staff by area (accounts.policy), residents by
their own community."""

from typing import Any

from django.db.models import Q, QuerySet

from linli.accounts import policy
from linli.accounts.policy import Viewer
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.governance.models import (
    POSITION_ORDER,
)
from linli.governance.permissions import VIEW, own_records, resident_community_ids


def _visible(user: Viewer, field: str = "community") -> Q:
    return policy.area_q(user, VIEW, field) | Q(**{f"{field}_id__in": resident_community_ids(user)})


def communities_managed(user: Viewer) -> QuerySet[Area]:
    return policy.scope(Area.objects.filter(level=Level.COMMUNITY), user, "governance.manage", field="")


def petition_communities(user: Any) -> list[Area]:
    """Where the user may start a petition: the communities they manage, else their own."""
    communities = list(communities_managed(user)) or [r.community for r in own_records(user)]
    return list({c.pk: c for c in communities}.values())


def by_position(rows: Any) -> list[Any]:
    """Director first, then deputies, then members (the database orders positions by name)."""
    order = {p: i for i, p in enumerate(POSITION_ORDER)}
    return sorted(rows, key=lambda x: order.get(x.position, 9))
