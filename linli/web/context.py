"""Navigation by role: each entry shows only to users who hold a role with its capability."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from linli.accounts import policy


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    capability: str | None  # None: every signed-in user


NAV = [
    NavItem(_("Home"), "web:home", None),
    NavItem(_("Areas"), "areas:list", "areas.view"),
    NavItem(_("Registry"), "registry:search", "areas.view"),
    NavItem(_("My household"), "registry:mine", "registry.own_household"),
    NavItem(_("People"), "accounts:users", "accounts.view_users"),
    NavItem(_("Audit log"), "audit:list", "audit.view"),
    NavItem(_("My account"), "accounts:profile", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = []
    for item in NAV:
        if item.capability is None or policy.roots(user, item.capability):
            url = reverse(item.url_name)
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return {"nav": items, "primary_role": policy.primary_role(user)}
