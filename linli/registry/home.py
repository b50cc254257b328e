"""The registry's tasks on each role's home page (registered in apps.py), counted by the same
scoped queries as the pages they link to."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from linli.accounts import policy
from linli.registry import queries
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role == "resident":
        if not policy.roots(user, "registry.own_household"):
            return []
        household = queries.household_of_user(user)
        if household is None:
            detail = _("Not registered yet")
        else:
            detail = str(household.dwelling) if household.dwelling_id else _("Members and reported changes")
        return [Tile(30, pgettext("home", "My household"), reverse("registry:mine"), detail)]
    if role not in ("worker", "director") or not queries.communities_managed_by(user).exists():
        return []
    due = queries.visits_due(user, today=timezone.localdate(now))
    late = sum(1 for d in due if d.overdue)
    visits_detail = (
        ngettext("%(n)d overdue", "%(n)d overdue", late) % {"n": late} if late else _("Within a week")
    )
    pending = queries.pending_counts(user)
    out = [
        Tile(20, _("Home visits due"), reverse("registry:visits"), visits_detail, len(due), alert=bool(late)),
        Tile(
            21,
            _("Household reports to review"),
            reverse("registry:reports"),
            _("Changes residents reported"),
            pending["reports"],
        ),
    ]
    if pending["transfers"]:
        out.append(
            Tile(
                22,
                _("Transfers to decide"),
                reverse("registry:transfers"),
                _("Residents moving in from elsewhere"),
                pending["transfers"],
            )
        )
    running = list(queries.import_jobs_running(user)[:2])
    if running:
        url = reverse("registry:import_job", args=[running[0].code])
        out.append(
            Tile(
                23,
                _("Imports running"),
                url,
                _("Follow the import"),
                queries.import_jobs_running(user).count(),
            )
        )
    return out
