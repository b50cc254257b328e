"""Reminders of preventive maintenance (lifts yearly, fitness equipment quarterly, ...).

A class with a maintenance interval makes each of its components fall due that many days after its
last maintenance (else its installation; never recorded: due now). The sweep reminds the grid's
responsible worker, who calls the maintainer in: once when a component falls due within
`REMIND_DAYS`, once more when it is overdue. Each (component, due date, stage) is reminded once
(`MaintenanceReminder` rows, unique), so the sweep may run any number of times; recording the
maintenance moves the due date, and the next cycle is reminded again. One text message per worker
and run, through the tickets' SMS backend, after commit; the phone is read only in the job.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.jobs import enqueue
from linli.facilities.actions.common import today
from linli.facilities.models import (
    IN_SERVICE,
    Component,
    ComponentClass,
    MaintenanceReminder,
    ReminderStage,
)
from linli.tickets.notify import send_message

REMIND_DAYS = 14
# A component with neither a maintenance nor an installation date is overdue since an unknown day:
# its reminder carries this date, so it is sent once (until a maintenance is recorded).
UNDATED = dt.date(1, 1, 1)


def due_date(component: Component, days: int) -> dt.date:
    since = component.maintained_on or component.installed_on
    return since + dt.timedelta(days=days) if since else UNDATED


def _candidates(day: dt.date) -> list[tuple[Component, dt.date, str]]:
    """Components due within REMIND_DAYS or overdue on `day`, with their due date and stage;
    filtered by the index-friendly date bound of each class, then worked out exactly."""
    out: list[tuple[Component, dt.date, str]] = []
    horizon = day + dt.timedelta(days=REMIND_DAYS)
    for cls in ComponentClass.objects.filter(maintenance_days__isnull=False):
        cutoff = horizon - dt.timedelta(days=cls.maintenance_days or 0)
        rows = (
            Component.objects.filter(cls=cls, state__in=IN_SERVICE, grid__worker__isnull=False)
            .filter(
                Q(maintained_on__lte=cutoff)
                | Q(maintained_on__isnull=True, installed_on__lte=cutoff)
                | Q(maintained_on__isnull=True, installed_on__isnull=True)
            )
            .select_related("grid__area", "grid__worker")
        )
        for comp in rows.iterator(chunk_size=2000):
            comp.cls = cls
            due = due_date(comp, cls.maintenance_days or 0)
            out.append((comp, due, ReminderStage.OVERDUE if due < day else ReminderStage.DUE))
    return out


def send_reminder(user_id: int, text: str) -> bool:
    """The job: text one worker (the phone is decrypted here, never queued)."""
    phone = User.objects.filter(pk=user_id).values_list("phone", flat=True).first()
    if not phone:
        return False
    send_message(phone, text)
    return True


def reminder_text(due: int, overdue: int, maintainers: list[str]) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "[linli] Preventive maintenance: %(due)d components fall due within %(days)d days and "
            "%(overdue)d are overdue; see the maintenance list."
        ) % {"due": due, "days": REMIND_DAYS, "overdue": overdue}
        if maintainers:
            text += " " + _("Maintainers: %(names)s.") % {"names": ", ".join(maintainers[:5])}
    return text


def maintenance_remind(*, now: dt.datetime) -> int:
    """Remind each grid worker of the components falling due or overdue (idempotent sweep);
    returns the number of new reminders."""
    day = today(now)
    candidates = _candidates(day)
    if not candidates:
        return 0
    done = set(
        MaintenanceReminder.objects.filter(
            component_id__in=[c.pk for c, _d, _s in candidates],
            due_on__gte=min(d for _c, d, _s in candidates),
        ).values_list("component_id", "due_on", "stage")
    )
    by_worker: dict[int, list[tuple[Component, dt.date, str]]] = defaultdict(list)
    for comp, due, stage in candidates:
        if (comp.pk, due, stage) not in done and comp.grid.worker_id:
            by_worker[comp.grid.worker_id].append((comp, due, stage))
    n = 0
    for worker_id, rows in by_worker.items():
        with transaction.atomic():
            made = MaintenanceReminder.objects.bulk_create(
                [
                    MaintenanceReminder(component=c, due_on=d, stage=s, to_id=worker_id, sent_at=now)
                    for c, d, s in rows
                ],
                ignore_conflicts=True,
            )
            overdue = sum(1 for _c, _d, s in rows if s == ReminderStage.OVERDUE)
            maintainers = sorted({c.maintainer for c, _d, _s in rows if c.maintainer})
            record(
                actor=None,
                action="facilities.maintenance.reminded",
                obj=rows[0][0].grid,
                area=rows[0][0].grid.area,
                details={
                    "to": worker_id,
                    "components": [c.code for c, _d, _s in rows[:50]],
                    "due": len(rows) - overdue,
                    "overdue": overdue,
                },
                now=now,
            )
            enqueue(send_reminder, worker_id, reminder_text(len(rows) - overdue, overdue, maintainers))
            n += len(made)
    return n
