"""Operations tasks on each role's home page (registered in apps.py), counted with the same scoped
queries as the pages they link to: the street reviews, the district decides, the community decides
on work outside the list and does its admitted tasks."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.operations.admission import queries
from linli.operations.emergencies import queries as emergency_queries
from linli.operations.emergencies.tasks import my_tasks
from linli.operations.models import CheckItem, CheckState, TaskStatus
from linli.ui.registries import Tile


def _resident(user: Any, now: dt.datetime) -> list[Tile]:
    """In-app warnings: what is in force where the resident lives."""
    community = next((a for r, a in policy.grants(user) if r == "resident" and a.level == "community"), None)
    if community is None:
        return []
    return [
        Tile(
            1,
            f"⚠ {a.headline}",
            reverse("web:home"),
            a.text + (f" {a.instruction}" if a.instruction else ""),
            alert=True,
        )
        for a in emergency_queries.alerts_in_force_for(community, now)[:3]
    ]


def _checks(user: Any) -> list[Tile]:
    pending = CheckItem.objects.filter(worker_id=user.pk, state=CheckState.PENDING).select_related(
        "welfare_check"
    )
    first = pending.first()
    if first is None:
        return []
    return [
        Tile(
            5,
            _("Residents to check on"),
            reverse("operations:check", args=[first.welfare_check.code]) + "#mine-h",
            first.welfare_check.reason,
            pending.count(),
            alert=True,
        )
    ]


def _volunteer_checks(user: Any) -> list[Tile]:
    """A volunteer an overflow check went to: their list of residents to call on."""
    n = CheckItem.objects.filter(volunteer__user_id=user.pk, state=CheckState.PENDING).count()
    if not n:
        return []
    return [
        Tile(
            5, _("Residents to check on"), reverse("operations:my_checks"), _("As a volunteer"), n, alert=True
        )
    ]


def _incident_tasks(user: Any) -> list[Tile]:
    """Open tasks of an incident given to me (as a worker, or as a volunteer)."""
    n = my_tasks(user).filter(done_at__isnull=True, incident__closed_at__isnull=True).count()
    if not n:
        return []
    return [
        Tile(
            4,
            _("My incident tasks"),
            reverse("operations:my_incident_tasks"),
            _("Emergencies"),
            n,
            alert=True,
        )
    ]


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role == "resident":
        return _resident(user, now) + _volunteer_checks(user) + _incident_tasks(user)
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
        out += _checks(user) + _incident_tasks(user)
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
