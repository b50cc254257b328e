import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

from linli.registry.models import SENSITIVE_TAGS
from linli.registry.queries import tags_of

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
