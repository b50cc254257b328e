"""The facilities' tasks on staff home pages: rounds to walk and repairs to confirm."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from linli.accounts import policy
from linli.facilities import queries
from linli.facilities.models import ProblemStatus
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if not policy.roots(user, "facilities.inspect"):
        return []
    rounds = queries.my_rounds(user).filter(due_on__lte=now.date()).count()
    confirm = queries.problems(user, "facilities.inspect").filter(status=ProblemStatus.REPAIRED).count()
    return [
        Tile(
            40,
            _("Inspection rounds"),
            reverse("facilities:index"),
            ngettext("%(n)d round due", "%(n)d rounds due", rounds) % {"n": rounds},
            count=rounds,
        ),
        Tile(
            41,
            _("Repairs to confirm"),
            reverse("facilities:problems"),
            ngettext("%(n)d repair to confirm", "%(n)d repairs to confirm", confirm) % {"n": confirm},
            count=confirm,
        ),
    ]
