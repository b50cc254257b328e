"""An incident's tasks (吹哨报到): given by whoever runs the incident to one worker who can see it,
one active volunteer registered under its area, or one department of a street in or above it.
The task also goes on the timeline; it is done once, with a report, by its assignee (the
volunteer from their own account) or by whoever runs the incident."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.accounts import policy
from linli.accounts.models import User
from linli.accounts.roles import CAPABILITIES
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.operations.common import VIEW, field_error, require, text
from linli.operations.emergencies.actions import EMERGENCY, open_for_update, timeline_entry
from linli.operations.models import Incident, IncidentTask
from linli.tickets.models import Department
from linli.volunteers.models import Volunteer, VolunteerStatus

CHOICES_LIMIT = 300


def _ancestor_paths(path: str) -> list[str]:
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]


def workers_for(incident: Incident) -> QuerySet[User]:
    """Officers (community workers and above, who work emergencies) holding their role in the
    incident's area or below it; not residents, providers, employers or auditors."""
    return (
        User.objects.filter(
            grants__area__path__startswith=incident.area.path,
            grants__role__in=CAPABILITIES[EMERGENCY],
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def volunteers_for(incident: Incident) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(
        community__path__startswith=incident.area.path, status=VolunteerStatus.ACTIVE
    ).order_by("name", "pk")


def departments_for(incident: Incident) -> QuerySet[Department]:
    """Departments of the streets in the incident's area, or of the street above it."""
    return Department.objects.filter(
        Q(street__path__startswith=incident.area.path)
        | Q(street__path__in=_ancestor_paths(incident.area.path)),
        is_active=True,
    ).order_by("name", "pk")


def task_assign(
    *,
    actor: User | None,
    incident: Incident,
    task: str,
    worker: User | None = None,
    volunteer: Volunteer | None = None,
    department: Department | None = None,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> IncidentTask:
    now = now or timezone.now()
    with transaction.atomic():
        incident = open_for_update(incident)
        require(actor, EMERGENCY, incident.area)
        task = text(task, "task", _("the task"), 1000)
        if sum(x is not None for x in (worker, volunteer, department)) != 1:
            raise field_error(
                "one_assignee", "assignee", _("Give the task to one worker, volunteer or department.")
            )
        if worker is not None and not workers_for(incident).filter(pk=worker.pk).exists():
            raise field_error("bad_worker", "worker", _("This worker does not work in the incident's area."))
        if volunteer is not None and not volunteers_for(incident).filter(pk=volunteer.pk).exists():
            raise field_error(
                "bad_volunteer", "volunteer", _("This volunteer is not active in the incident's area.")
            )
        if department is not None and not departments_for(incident).filter(pk=department.pk).exists():
            raise field_error("bad_department", "department", _("This department does not serve this area."))
        if due_at is not None and due_at <= now:
            raise field_error("bad_due", "due_at", _("The task must be due later than now."))
        row = IncidentTask.objects.create(
            incident=incident,
            text=task,
            worker=worker,
            volunteer=volunteer,
            department=department,
            assigned_at=now,
            assigned_by=actor if actor else None,
            due_at=due_at,
        )
        timeline_entry(incident, actor=actor, kind="task", text_=task, now=now, assignee=row.assignee[:100])
        record(
            actor=actor,
            action="operations.incident.task_assigned",
            obj=incident,
            area=incident.area,
            details={
                "task": row.pk,
                "to": "worker" if worker else "volunteer" if volunteer else "department",
            },
            now=now,
        )
    return row


def is_assignee(actor: User | None, task: IncidentTask) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    if task.worker_id == actor.pk:
        return True
    return task.volunteer is not None and task.volunteer.user_id == actor.pk


def task_done(
    *, actor: User | None, task: IncidentTask, report: str, now: dt.datetime | None = None
) -> IncidentTask:
    now = now or timezone.now()
    with transaction.atomic():
        task = (
            IncidentTask.objects.select_for_update(of=("self",))
            .select_related("incident__area", "volunteer", "worker", "department")
            .get(pk=task.pk)
        )
        if not is_assignee(actor, task):
            require(actor, EMERGENCY, task.incident.area)
        if task.done_at is not None:
            raise DomainError("task_done", _("This task is already done."), status=409)
        task.report = text(report, "report", pgettext("incident", "the report"), 1000)
        task.done_at, task.done_by = now, actor if actor else None
        task.save(update_fields=["report", "done_at", "done_by"])
        timeline_entry(
            task.incident,
            actor=actor,
            kind="task_done",
            text_=_("Done: %(task)s — %(report)s") % {"task": task.text[:300], "report": task.report},
            now=now,
            assignee=task.assignee[:100],
        )
        record(
            actor=actor,
            action="operations.incident.task_done",
            obj=task.incident,
            area=task.incident.area,
            details={"task": task.pk},
            now=now,
        )
    return task


def my_tasks(viewer: User | None) -> QuerySet[IncidentTask]:
    """Tasks given to me as a worker, or to my volunteer record; open ones first."""
    me = getattr(viewer, "pk", None) or 0
    return (
        IncidentTask.objects.filter(Q(worker_id=me) | Q(volunteer__user_id=me))
        .select_related("incident__area", "volunteer", "worker", "department")
        .order_by("done_at", "-assigned_at")
    )


def tasks_of(incident: Incident) -> QuerySet[IncidentTask]:
    """An incident's tasks (the incident itself was read through the viewer's scope)."""
    return incident.tasks.select_related("volunteer", "worker", "department")


def task_for(viewer: User | None, pk: int) -> IncidentTask:
    """A task given to the viewer, or of an incident in the viewer's areas; else 404."""
    qs = IncidentTask.objects.select_related("incident__area", "volunteer", "worker", "department")
    own = my_tasks(viewer).filter(pk=pk).first()
    if own is not None:
        return own
    return policy.get_or_404(qs, viewer, VIEW, "incident__area", pk=pk)
