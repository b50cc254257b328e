from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from linli.accounts import policy
from linli.accounts.models import ApiToken, RoleGrant, User
from linli.areas.models import Area


def users_for(viewer: User | AnonymousUser, *, search: str = "") -> QuerySet[User]:
    """Users holding a role somewhere in the viewer's areas."""
    ids = policy.scope(RoleGrant.objects.all(), viewer, "accounts.view_users").values("user_id")
    qs = User.objects.filter(pk__in=ids).order_by("display_name", "username")
    if search:
        qs = qs.filter(display_name__icontains=search) | qs.filter(username__icontains=search)
    return qs.prefetch_related("grants__area")


def user_for(viewer: User | AnonymousUser, pk: Any) -> User:
    from django.http import Http404

    try:
        return users_for(viewer).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


def user_area(user: User) -> Area | None:
    """The area a user's record belongs to, for audit and reveal: their first grant's."""
    grants = policy.grants(user)
    return grants[0][1] if grants else None


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def may_manage_account(viewer: User | AnonymousUser, user: User) -> bool:
    """Whether the viewer may reset, deactivate or reactivate `user` (actions._require_account_right)."""
    areas = account_areas(user)
    return bool(areas) and all(policy.can(viewer, "accounts.manage_grants", a) for a in areas)


def account_areas(user: User) -> list[Area]:
    """Where `user` holds roles, active or not (policy.grants sees nothing of a deactivated user)."""
    return [g.area for g in RoleGrant.objects.filter(user=user).select_related("area").order_by("id")]
