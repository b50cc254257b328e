"""The public services' tasks on staff home pages (registered in apps.py), counted by the same
scoped queries as the pages they link to."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext, pgettext

from linli.publicservices.assistance import queries as assistance_queries
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    out: list[Tile] = []
    waiting = sum(assistance_queries.queue(user, step).count() for step in assistance_queries.STEP_QUEUES)
    due = assistance_queries.reviews_due(user).count()
    if waiting or due:
        n = waiting + due
        out.append(
            Tile(
                40,
                pgettext("home", "Social assistance"),
                reverse("publicservices:assistance"),
                ngettext("%(n)d step waits for you", "%(n)d steps wait for you", n) % {"n": n},
                count=n,
            )
        )
    return out
