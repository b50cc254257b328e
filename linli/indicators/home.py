"""The indicators' tile on staff home pages: their area's figures, and how many are behind target
(counted from the same dashboard query as the page it links to)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from linli.indicators import queries
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    area = queries.home_area(user)
    if area is None:
        return []
    rows = queries.dashboard(area, timezone.localtime(now).date())
    behind = sum(r.status == "red" for r in rows)
    return [
        Tile(
            70,
            pgettext("home", "The plan's indicators"),
            reverse("indicators:dashboard", args=[area.code]),
            ngettext("%(n)d behind target", "%(n)d behind target", behind) % {"n": behind}
            if behind
            else _("Figures against the plan's targets"),
            count=behind,
            alert=bool(behind),
        )
    ]
