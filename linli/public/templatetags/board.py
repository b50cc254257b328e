"""The public board's menu: one entry per section an app registered, the current one marked."""

from typing import Any

from django import template
from django.urls import reverse

from linli.ui.registries import BOARD_PAGES

register = template.Library()


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
