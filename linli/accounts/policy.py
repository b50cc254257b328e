"""The one answer to *which rows may this user see* and *may this user do X here*.

Every query of area-bound rows goes through `scope` (or `area_q`), every fetch of one row
through `get_or_404`, every permission check through `can`. A role held at an area reaches
that area's whole subtree (Area.path prefix) and nothing else.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from linli.accounts.roles import CAPABILITIES, HOME_ORDER, Role
from linli.areas.models import Area

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from linli.accounts.models import User

# Whoever asks: a signed-in user, an anonymous visitor, or None (the system: loaders and sweeps
# run as nobody, so every read below gives it nothing and every check refuses it).
Viewer: TypeAlias = "User | AnonymousUser | None"

M = TypeVar("M", bound=Model)
_CACHE = "_linli_grants"
GRANTS_ATTR = _CACHE  # set by token authentication from its cache (accounts.authcache)
_SENSITIVE_CACHE = "_linli_sensitive"


def grants(user: Viewer) -> list[tuple[str, Area]]:
    """(role, area) pairs of an active user, loaded once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = [(g.role, g.area) for g in cast("User", user).grants.select_related("area")]
        setattr(user, _CACHE, cached)
    return cached


def forget(user: "User") -> None:
    """Drop the cached grants after they change."""
    for attr in (_CACHE, _SENSITIVE_CACHE):
        if hasattr(user, attr):
            delattr(user, attr)


def sensitive_roots(user: Viewer, category: str) -> list[Area]:
    """Areas where the user holds an explicit grant for a sensitive category (and a staff role)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _SENSITIVE_CACHE, None)
    if cached is None:
        cached = [(g.category, g.area) for g in cast("User", user).sensitive_grants.select_related("area")]
        setattr(user, _SENSITIVE_CACHE, cached)
    staff = roots(user, "areas.view")
    # A grant counts only where the user also works: a sensitive grant never widens reach.
    return [
        a
        for c, a in cached
        if c == category and any(a.path.startswith(r.path) or r.path.startswith(a.path) for r in staff)
    ]


def sensitive_q(user: Viewer, category: str, field: str = "area") -> Q:
    """Rows of a sensitive category the user may see: inside both a grant and their reach."""
    return areas_q(sensitive_roots(user, category), field) & area_q(user, "areas.view", field)


def can_see_sensitive(user: Viewer, category: str, area: Area) -> bool:
    return any(area.path.startswith(a.path) for a in sensitive_roots(user, category)) and can(
        user, "areas.view", area
    )


def roles(user: Viewer) -> set[str]:
    return {role for role, _ in grants(user)}


def primary_role(user: Viewer) -> str | None:
    mine = roles(user)
    return next((r.value for r in HOME_ORDER if r in mine), None)


def roots(user: Viewer, capability: str) -> list[Area]:
    """The areas where the user holds a role with `capability`, without nested duplicates."""
    allowed = CAPABILITIES[capability]
    areas = sorted({a.path: a for r, a in grants(user) if r in allowed}.values(), key=lambda a: a.path)
    kept: list[Area] = []
    for area in areas:
        if not any(area.path.startswith(k.path) for k in kept):
            kept.append(area)
    return kept


def areas_q(areas: Iterable[Area], field: str = "area") -> Q:
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    q = Q(pk__in=[])
    for area in areas:
        q |= Q(**{prefix: area.path})
    return q


def area_q(user: Viewer, capability: str, field: str = "area") -> Q:
    """A filter for rows whose `field` area lies in the user's reach for `capability`.

    `field=""` filters Area rows themselves.
    """
    return areas_q(roots(user, capability), field)


def scope(qs: QuerySet[M], user: Viewer, capability: str, field: str = "area") -> QuerySet[M]:
    return qs.filter(area_q(user, capability, field))


def can(user: Viewer, capability: str, area: Area | None) -> bool:
    """May the user exercise `capability` at `area` (None: only from a root area)?"""
    for root in roots(user, capability):
        if area is None:
            if root.parent_id is None:
                return True
        elif area.path.startswith(root.path):
            return True
    return False


def has_role_at(user: Viewer, role: Role, area: Area) -> bool:
    return any(r == role and area.path.startswith(a.path) for r, a in grants(user))


def get_or_404(qs: QuerySet[M], user: Viewer, capability: str, field: str = "area", **lookup: Any) -> M:
    """One row inside the user's reach; outside rows and absent rows are both 404."""
    try:
        return scope(qs, user, capability, field).get(**lookup)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def reaches_everything(user: Viewer, capability: str) -> bool:
    return any(a.parent_id is None for a in roots(user, capability))


def require(
    actor: "User | None", capability: str, area: Area, *, visible: str = "areas.view", message: Any = None
) -> None:
    """Raise unless `actor` may exercise `capability` at `area`.

    Outside what the actor may see (`visible`) is NotFound (404: the row's existence is not
    confirmed); visible but without the capability is Forbidden. `actor=None` is the system
    (data loading, sweeps) and passes.
    """
    from linli.common.errors import Forbidden, NotFound

    if actor is None:
        return
    if not can(actor, visible, area):
        raise NotFound()
    if not can(actor, capability, area):
        raise Forbidden(message)
