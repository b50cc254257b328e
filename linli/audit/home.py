"""The auditor's way into the audit log from their home page (registered in apps.py)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role != "auditor":
        return []  # the audit log's menu entry and recent activity serve the other officers
    return [
        Tile(10, _("Search the audit log"), reverse("audit:list"), _("Who did what, when, in your areas"))
    ]
