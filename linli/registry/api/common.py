"""What the registry's API modules share: the router, the caller, and fetching rows in reach."""

from typing import Any

from django.http import Http404
from ninja import Router

from linli.accounts import policy
from linli.areas.models import Area
from linli.areas.queries import community_for
from linli.common.schemas import Id
from linli.registry import queries
from linli.registry.models import (
    Household,
    Resident,
)
from linli.ui.http import ApiRequest


class _Router(Router):
    """Operation ids stay those of the one-module API (`linli_registry_api_<function>`): clients
    generate code from them, and ninja would otherwise prefix each with its module's name."""

    def add_api_operation(self, path: str, methods: list[str], view_func: Any, **kwargs: Any) -> None:
        kwargs["operation_id"] = kwargs.get("operation_id") or f"linli_registry_api_{view_func.__name__}"
        super().add_api_operation(path, methods, view_func, **kwargs)


router = _Router(tags=["registry"])


def _community(request: ApiRequest, code: str) -> Area:
    return community_for(request.auth, code, "areas.view")


def _resident(request: ApiRequest, pk: Id) -> Resident:
    user = request.auth
    found = queries.with_visible_tags(queries.residents_for(user).filter(pk=pk), user).select_related(
        "community"
    )
    resident = found.first()
    if resident is None:
        raise Http404
    return resident


def _household(request: ApiRequest, pk: Id) -> Household:
    household = queries.household_for(request.auth, pk)
    user = request.auth
    household.members_list = list(  # type: ignore[attr-defined]
        queries.with_visible_tags(household.members.all().select_related("community").order_by("id"), user)
    )
    return household


def _managed_household(request: ApiRequest, pk: Id) -> Household:
    household = queries.household_for(request.auth, pk)
    if not policy.can(request.auth, "areas.view", household.community):
        raise Http404
    return household
