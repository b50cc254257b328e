"""Households and residents per community, by kind."""

from typing import Any

from linli.accounts import policy
from linli.areas.models import Area
from linli.registry import queries
from linli.registry.api.common import router
from linli.registry.api.schemas import CountsOut
from linli.ui.http import ApiRequest


@router.get("/counts", response=list[CountsOut], summary="Households and residents per community, by kind")
def counts(request: ApiRequest) -> Any:
    from linli.areas.levels import Level

    communities = list(
        policy.scope(Area.objects.filter(level=Level.COMMUNITY), request.auth, "areas.view", "")
    )
    data = queries.counts_by_community(communities)
    return [
        CountsOut(
            community=c.code,
            households=data.get(c.pk, {}).get("households", {}),
            residents=data.get(c.pk, {}).get("residents", {}),
        )
        for c in communities
    ]
