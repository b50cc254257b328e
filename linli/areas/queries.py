from typing import Any

from django.db.models import Count, QuerySet

from linli.accounts import policy
from linli.areas.codes import normalize_area_code
from linli.areas.models import Area


def areas_for(viewer: Any, *, parent: Area | None = None, level: str = "") -> QuerySet[Area]:
    qs = policy.scope(Area.objects.all(), viewer, "areas.view", field="")
    if parent is not None:
        qs = qs.filter(parent=parent)
    if level:
        qs = qs.filter(level=level)
    return qs.select_related("parent")


def area_for(viewer: Any, code: str) -> Area:
    return policy.get_or_404(
        Area.objects.select_related("parent"), viewer, "areas.view", "", code=normalize_area_code(code)
    )


def top_areas_for(viewer: Any) -> list[Area]:
    return policy.roots(viewer, "areas.view")


def children_with_counts(viewer: Any, area: Area) -> QuerySet[Area]:
    return areas_for(viewer, parent=area).annotate(n_children=Count("children"))


def breadcrumbs(viewer: Any, area: Area) -> list[Area]:
    """The ancestors of `area` the viewer may see, root first."""
    codes = area.ancestors_codes()
    visible = {a.code: a for a in areas_for(viewer).filter(code__in=codes)}
    return [visible[c] for c in codes if c in visible]
