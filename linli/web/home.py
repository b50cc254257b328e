"""What each role's home page shows."""

from typing import Any

from linli.accounts import policy
from linli.areas.queries import top_areas_for
from linli.audit.queries import events_for


def home_context(user: Any, role: str | None) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "role": role,
        "grants": policy.grants(user),
    }
    if role and role != "resident":
        ctx["areas"] = top_areas_for(user)
        if policy.roots(user, "audit.view"):
            ctx["recent_events"] = list(events_for(user)[:8])
    return ctx
