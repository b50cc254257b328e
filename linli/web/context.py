"""Navigation by role: each entry (registered by its app) shows only to users who hold a role with
its capability."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from linli.accounts import policy
from linli.accounts.middleware import second_factor_missing
from linli.ui.registries import NAV


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
