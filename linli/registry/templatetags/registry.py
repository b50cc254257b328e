import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

from linli.registry.models import SENSITIVE_TAGS
from linli.registry.queries import communities_managed_by, shows_full_birth_date, tags_of

register = template.Library()


@register.simple_tag
def care_tags(resident: Any, today: dt.date, labels: dict[str, str]) -> str:
    """The tags the viewer may see (already filtered by the query), as small labels."""
    codes = tags_of(resident, today)
    levels = {t.tag: t.level for t in getattr(resident, "visible_tags", [])}
    return format_html_join(
        " ",
        '<span class="tag{}">{}{}</span>',
        (
            (
                " sensitive" if c in SENSITIVE_TAGS else "",
                labels.get(c, c),
                format_html(" {}", levels[c]) if levels.get(c) else "",
            )
            for c in codes
        ),
    )


@register.filter
def label_of(value: str, labels: dict[str, str]) -> str:
    return labels.get(value, value)


@register.filter
def age_on(resident: Any, today: dt.date) -> int:
    return int(resident.age(today))


@register.simple_tag(takes_context=True)
def born(context: Any, resident: Any) -> str:
    """The birth date in full for a viewer with the reveal right, else the year alone.

    The full date is the 8 digits a masked ID number hides (docs/architecture.md).
    """
    request = context.get("request")
    if request is not None and shows_full_birth_date(request.user, resident):
        return resident.birth_date.isoformat()
    return str(resident.birth_date.year)


@register.simple_tag(takes_context=True)
def may_keep_registry(context: Any) -> bool:
    """Whether the viewer keeps a community's registry: the check of the import and other pages
    that write (`views.common._managed`), so their links show only to those who may use them."""
    return communities_managed_by(context["request"].user).exists()
