"""Finance on the home page (registered in apps.py): entries waiting for the director's approval
or the finance group's review, in each of their communities."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from linli.finance import queries
from linli.finance.models import EntryStatus
from linli.ui.registries import Tile

STEPS = {
    "director": ("finance.approve", EntryStatus.REVIEWED),
    "auditor": ("finance.review", EntryStatus.ENTERED),
}


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role not in STEPS:
        return []
    capability, status = STEPS[role]
    out = []
    for community in queries.communities_for(user, capability)[:5]:
        n = queries.pending_counts(community).get(status, 0)
        url = reverse("finance:ledger", args=[community.code]) + f"?status={status}"
        title = _("Entries to approve") if role == "director" else _("Entries to review")
        out.append(Tile(25, title, url, community.name, n))
    return out
