"""The committee-owners-property task on staff home pages (registered in apps.py): joint meeting
decisions past their date, counted by the same scoped query as the overview lists them."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from linli.publicservices.property import queries
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    n = queries.overdue_decisions(user, now).count()
    if not n:
        return []
    return [
        Tile(
            42,
            _("Committee, owners and property"),
            reverse("publicservices:property"),
            ngettext(
                "%(n)d joint meeting decision is past its date",
                "%(n)d joint meeting decisions are past their date",
                n,
            )
            % {"n": n},
            count=n,
            alert=True,
        )
    ]
