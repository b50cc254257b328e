"""Disclosure's tasks on the home page (registered in apps.py): the resident's way to the
committee's notices; overdue disclosures for the community's staff."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from linli.accounts import policy
from linli.disclosure import queries
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role == "resident":
        roots = policy.roots(user, "disclosure.ask")
        if not roots:
            return []
        recent = queries.public_items(roots[0]).filter(published_at__gte=now - dt.timedelta(days=30)).count()
        detail = ngettext("%(n)d new in the last 30 days", "%(n)d new in the last 30 days", recent) % {
            "n": recent
        }
        return [Tile(50, pgettext("home", "Notices"), reverse("disclosure:mine"), detail, recent or None)]
    if role in ("worker", "director") and policy.roots(user, "disclosure.manage"):
        late = len(queries.overdue_for(user, timezone.localdate(now)))
        if late:
            return [
                Tile(
                    30,
                    _("Disclosures overdue"),
                    reverse("disclosure:index"),
                    _("Required notices not yet published"),
                    late,
                    alert=True,
                )
            ]
    return []
