"""Self-government on the resident's home page (registered in apps.py): a ballot only for those on
the register of a round open now."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.governance.elections.queries import rounds_to_vote
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role != "resident":
        return []
    out = []
    for r, voted in rounds_to_vote(user, now):
        closes = date_format(timezone.localtime(r.closes_at), "SHORT_DATETIME_FORMAT")
        if voted:
            url = reverse("governance:election", args=[r.election.code])
            detail = _("You have voted. Voting closes %(when)s") % {"when": closes}
        else:
            url = reverse("governance:ballot", args=[r.election.code, r.number])
            detail = _("%(title)s, until %(when)s") % {"title": r.election.title, "when": closes}
        out.append(Tile(40, pgettext("home", "Vote"), url, detail, alert=not voted))
    return out
