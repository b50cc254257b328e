"""Who may do what with services: pure functions over the one scoping mechanism (accounts.policy).

Provider staff hold the `provider` role for their menu, but what they see is decided by their
membership of a provider: the orders sent to it, and nothing else.
"""

from typing import Any

from linli.accounts import policy
from linli.accounts.roles import Role
from linli.services.models import Order, Provider, ProviderMember

_CACHE = "_linli_provider_ids"


def provider_ids(user: Any) -> frozenset[int]:
    """The providers a user acts for (loaded once per user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(ProviderMember.objects.filter(user=user).values_list("provider_id", flat=True))
        setattr(user, _CACHE, cached)
    return cached


def forget(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def acts_for(user: Any, provider: Provider | int | None) -> bool:
    pk = provider.pk if isinstance(provider, Provider) else provider
    return pk is not None and pk in provider_ids(user)


def is_requester(user: Any, order: Order) -> bool:
    pk = getattr(user, "pk", None)
    return bool(pk) and (order.requester_id == pk or bool(order.resident and order.resident.user_id == pk))


def can_view_order(user: Any, order: Order) -> bool:
    if is_requester(user, order) or policy.can(user, "services.view", order.community):
        return True
    if acts_for(user, order.provider_id):
        return True
    mine = provider_ids(user)
    return bool(mine) and order.offers.filter(provider_id__in=mine).exists()


def can_create_for(user: Any, community: Any) -> bool:
    return policy.can(user, "services.create", community)


def can_order_as_resident(user: Any, community: Any) -> bool:
    return policy.has_role_at(user, Role.RESIDENT, community)


def can_dispatch(user: Any, order: Order) -> bool:
    return policy.can(user, "services.dispatch", order.community)


def can_manage_provider(user: Any, provider: Provider) -> bool:
    return policy.can(user, "services.providers", provider.area)


def can_view_provider(user: Any, provider: Provider) -> bool:
    return (
        acts_for(user, provider)
        or policy.can(user, "services.view", provider.area)
        or can_manage_provider(user, provider)
    )


def can_configure(user: Any) -> bool:
    return policy.can(user, "services.configure", None)
