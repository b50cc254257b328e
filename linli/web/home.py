"""What each role's home page shows."""

import datetime as dt
from typing import Any

from linli.accounts import policy
from linli.areas.queries import top_areas_for
from linli.audit.queries import events_for
from linli.tickets.queries import missing_notice_for


def home_context(user: Any, role: str | None, now: dt.datetime) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "role": role,
        "grants": policy.grants(user),
    }
    if role and role != "resident":
        ctx["areas"] = top_areas_for(user)
        if policy.roots(user, "audit.view"):
            ctx["recent_events"] = list(events_for(user)[:8])
        ctx["notice_missing"] = missing_notice_for(user, now)
    return ctx
