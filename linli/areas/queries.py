"""Reads of areas, scoped to the viewer (accounts.policy); outside areas are 404."""

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import Http404

from linli.accounts import policy
from linli.areas.codes import normalize_area_code
from linli.areas.levels import Level
from linli.areas.models import Area

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from linli.accounts.models import User  # below accounts: the type only


def areas_for(
    viewer: "User | AnonymousUser", *, parent: Area | None = None, level: str = ""
) -> QuerySet[Area]:
    qs = policy.scope(Area.objects.all(), viewer, "areas.view", field="")
    if parent is not None:
        qs = qs.filter(parent=parent)
    if level:
        qs = qs.filter(level=level)
    return qs.select_related("parent")


def area_for(viewer: "User | AnonymousUser", code: str, capability: str = "areas.view") -> Area:
    """The area (any level) with this code where the viewer has `capability`; Http404 otherwise."""
    return policy.get_or_404(
        Area.objects.select_related("parent"), viewer, capability, "", code=normalize_area_code(code)
    )


def area_by_code(code: str | None) -> Area | None:
    """Any area by its code as typed (full-width digits, spaces): for public lookups only."""
    code = normalize_area_code(code)
    return Area.objects.filter(code=code).select_related("parent").first() if code else None


def community_for(viewer: "User | AnonymousUser | None", code: str | None, capability: str | None) -> Area:
    """The one way to find a community by code: the active community with this code (as typed:
    full-width digits and spaces are folded) where the viewer has `capability`.

    Absent, inactive, not a community, or out of reach: all the same Http404 (the API renders it
    as `not_found`), so a code's existence is not given away. `capability=None` is for public
    pages, where every active community may be named by anyone.
    """
    area = area_by_code(code)
    if area is None or area.level != Level.COMMUNITY or not area.is_active:
        raise Http404
    if capability is not None and not policy.can(viewer, capability, area):
        raise Http404
    return area


def top_areas_for(viewer: "User | AnonymousUser") -> list[Area]:
    return policy.roots(viewer, "areas.view")


def children_with_counts(viewer: "User | AnonymousUser", area: Area) -> QuerySet[Area]:
    return areas_for(viewer, parent=area).annotate(n_children=Count("children"))


def breadcrumbs(viewer: "User | AnonymousUser", area: Area) -> list[Area]:
    """The ancestors of `area` the viewer may see, root first."""
    codes = area.ancestors_codes()
    visible = {a.code: a for a in areas_for(viewer).filter(code__in=codes)}
    return [visible[c] for c in codes if c in visible]


def public_community(code: str) -> Area:
    """The community behind a public page (no login): any active community is public."""
    return community_for(None, code, None)
