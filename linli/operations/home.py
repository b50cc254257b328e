"""Operations tasks on each role's home page (registered in apps.py), counted with the same scoped
queries as the pages they link to: the street reviews, the district decides, the community decides
on work outside the list and does its admitted tasks."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.operations.admission import queries
from linli.operations.models import TaskStatus
from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if not policy.roots(user, "operations.view"):
        return []
    index = reverse("operations:index")
    out = []
    if role in ("street_officer", "district_officer"):
        waiting = queries.waiting_for(user)
        n = waiting.count()
        late = waiting.filter(decision_due__lt=now).count()
        label = (
            _("Admission applications to review")
            if role == "street_officer"
            else _("Admission applications to decide")
        )
        out.append(
            Tile(
                40,
                label,
                index + "#waiting-h",
                _("Departments' work asking to enter communities"),
                n,
                alert=bool(late),
            )
        )
    if role in ("worker", "director"):
        community = next((a for a in policy.roots(user, "operations.tasks") if a.level == "community"), None)
        here = reverse("operations:tasks", args=[community.code]) if community else index + "#communities-h"
        flagged = queries.tasks(user, status=TaskStatus.FLAGGED).count()
        open_n = queries.tasks(user, status=TaskStatus.OPEN).count()
        out.append(
            Tile(
                40,
                _("Work outside the admission list"),
                here,
                _("Take it on or refuse it"),
                flagged,
                alert=bool(flagged),
            )
        )
        out.append(
            Tile(41, _("Government tasks to do"), here, _("Admitted work, paid on completion"), open_n)
        )
    return out
