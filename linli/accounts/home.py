"""The resident's own account on their home page (registered in apps.py)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role != "resident":
        return []
    return [Tile(90, _("My account"), reverse("accounts:profile"), _("Password and mobile number"))]
