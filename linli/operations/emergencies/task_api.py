"""/api/v1/operations/incident-tasks: an incident's tasks for a worker, a volunteer (by their
number) or a department; the caller's own tasks; done with a report. Outside rows are 404."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from linli.common.identifiers import fold_code
from linli.common.schemas import BaseIn, Id, column
from linli.operations.common import field_error
from linli.operations.emergencies import queries
from linli.operations.emergencies import tasks as actions
from linli.operations.models import IncidentTask
from linli.ui.http import ApiRequest

router = Router(tags=["operations: emergencies"])


class IncidentTaskOut(Schema):
    id: int
    incident: str
    task: str
    assignee: str
    assignee_kind: str
    assigned_at: dt.datetime
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    report: str

    @staticmethod
    def resolve_incident(obj: IncidentTask) -> str:
        return obj.incident.code

    @staticmethod
    def resolve_task(obj: IncidentTask) -> str:
        return obj.text

    @staticmethod
    def resolve_assignee_kind(obj: IncidentTask) -> str:
        return "worker" if obj.worker_id else "volunteer" if obj.volunteer_id else "department"


class IncidentTaskIn(BaseIn):
    task: str = column(IncidentTask, "text")
    worker_id: int | None = None
    volunteer_number: str = ""
    department_id: int | None = None
    due_at: dt.datetime | None = None


class IncidentTaskDoneIn(BaseIn):
    report: str = column(IncidentTask, "report")


def _one(qs: Any, **lookup: Any) -> Any:
    """A named assignee among those the incident may use; else a 400 from the action (None)."""
    return qs.filter(**lookup).first()


@router.get("/incidents/{code}/tasks", response=list[IncidentTaskOut], summary="An incident's tasks")
def list_tasks(request: ApiRequest, code: str) -> Any:
    return list(actions.tasks_of(queries.incident_for(request.auth, code)).select_related("incident"))


@router.post("/incidents/{code}/tasks", response={201: IncidentTaskOut}, summary="Give a task")
def post_task(request: ApiRequest, code: str, payload: IncidentTaskIn) -> Any:
    incident = queries.incident_for(request.auth, code)
    worker = volunteer = department = None
    if payload.worker_id is not None:
        worker = _one(actions.workers_for(incident), pk=payload.worker_id) or _missing()
    if payload.volunteer_number:
        volunteer = (
            _one(actions.volunteers_for(incident), number=fold_code(payload.volunteer_number)) or _missing()
        )
    if payload.department_id is not None:
        department = _one(actions.departments_for(incident), pk=payload.department_id) or _missing()
    task = actions.task_assign(
        actor=request.auth,
        incident=incident,
        task=payload.task,
        worker=worker,
        volunteer=volunteer,
        department=department,
        due_at=payload.due_at,
    )
    return Status(201, task)


def _missing() -> Any:
    raise field_error("bad_assignee", "assignee", _("Nobody by that name can take tasks in this area."))


@router.get("/incident-tasks/mine", response=list[IncidentTaskOut], summary="Tasks given to me")
def my_tasks(request: ApiRequest) -> Any:
    return list(actions.my_tasks(request.auth)[:200])


@router.post("/incident-tasks/{pk}/done", response=IncidentTaskOut, summary="Report a task done")
def task_done(request: ApiRequest, pk: Id, payload: IncidentTaskDoneIn) -> Any:
    task = actions.task_for(request.auth, pk)
    return actions.task_done(actor=request.auth, task=task, report=payload.report)
