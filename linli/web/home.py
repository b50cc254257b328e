"""What each role's home page shows: the tasks apps register as tiles (with counts), its grants,\nareas and recent events, and the panels apps register."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from linli.accounts import policy
from linli.areas.queries import top_areas_for
from linli.audit.queries import events_for
from linli.ui.registries import HOME_PANELS, HOME_TILES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from linli.accounts.models import User


def home_context(user: "User | AnonymousUser", role: str | None, now: dt.datetime) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "role": role,
        "grants": policy.grants(user),
    }
    if role and role != "resident":
        ctx["areas"] = top_areas_for(user)
        if policy.roots(user, "audit.view"):
            ctx["recent_events"] = list(events_for(user)[:8])
    tiles = [tile for group in HOME_TILES for tile in group.tiles(user, role, now)]
    ctx["tiles"] = sorted(tiles, key=lambda t: t.order)
    for panel in HOME_PANELS:
        ctx.update(panel.context(user, role, now))
    return ctx
