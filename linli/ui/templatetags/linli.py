import math
from datetime import timedelta
from typing import Any

from django import template
from django.urls import reverse

from linli.common.masking import mask_id_number, mask_phone
from linli.ui.labels import label
from linli.ui.registries import BOARD_PAGES

register = template.Library()


@register.filter
def role_label(value: str) -> Any:
    return label("role", value)


@register.filter
def level_label(value: str) -> Any:
    return label("level", value)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def action_label(value: str) -> Any:
    return label("action", value)


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (a lockout of 90 s reads as 2 minutes)."""
    if value is None:
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))


# The public board's menu: one entry per section an app registered, the current one marked.
@register.simple_tag(takes_context=True)
def board_sections(context: template.Context, community: Any) -> list[dict[str, Any]]:
    match = getattr(context.get("request"), "resolver_match", None)
    here = match.url_name if match is not None and match.namespace == "public" else ""
    current = next((p.section or p.name for p in BOARD_PAGES if p.name == here), "")
    return [
        {
            "label": page.label,
            "url": reverse(f"public:{page.name}", kwargs={"code": community.code}),
            "current": page.name == current,
        }
        for page in BOARD_PAGES
        if page.label is not None
    ]


@register.filter
def grouped(value: str | None) -> str:
    """A short code in groups of four, as people read it aloud and type it: XRFY-EMWZ-AK8B."""
    text = value or ""
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))
