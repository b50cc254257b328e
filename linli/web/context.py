"""Navigation by role: each entry shows only to users who hold a role with its capability."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from linli.accounts import policy
from linli.accounts.middleware import second_factor_missing
from linli.tickets import nav as tickets_nav


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    capability: str | None  # None: every signed-in user


NAV = [
    NavItem(_("Home"), "web:home", None),
    NavItem(tickets_nav.TICKETS, "tickets:list", None),
    NavItem(tickets_nav.HOTLINE, "tickets:hotline", "tickets.create"),
    NavItem(_("Areas"), "areas:list", "areas.view"),
    NavItem(_("Registry"), "registry:search", "areas.view"),
    NavItem(_("My household"), "registry:mine", "registry.own_household"),
    NavItem(_("People"), "accounts:users", "accounts.view_users"),
    NavItem(_("Finance"), "finance:index", "finance.view"),
    NavItem(_("Disclosure"), "disclosure:index", "disclosure.view"),
    NavItem(_("Public board"), "disclosure:mine", "disclosure.ask"),
    NavItem(_("Audit log"), "audit:list", "audit.view"),
    NavItem(_("Self-government"), "governance:index", "governance.participate"),
    NavItem(_("My account"), "accounts:profile", None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or second_factor_missing(user):
        # Before the second step every entry would only lead back to it.
        return {"nav": []}
    items: list[dict[str, Any]] = []
    for item in NAV:
        if item.capability is None or policy.roots(user, item.capability):
            items.append({"label": item.label, "url": reverse(item.url_name), "active": False})
    # One entry is current: the longest URL the path starts with ("/account/people/" is People,
    # not also My account at "/account/").
    path = request.path
    matching = [i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True
    return {"nav": items, "primary_role": policy.primary_role(user)}
