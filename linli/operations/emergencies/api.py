"""/api/v1/operations/emergencies: incidents and their timeline, alerts with update, cancel and
CAP 1.2 export. A row outside the caller's reach is 404."""

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.areas.queries import area_for
from linli.common.schemas import BaseIn, Pagination, column
from linli.operations.emergencies import actions, cap, queries
from linli.operations.models import Alert, Incident, IncidentEntry
from linli.ui.http import ApiRequest

router = Router(tags=["operations: emergencies"])


class EmergencyEntryOut(Schema):
    at: dt.datetime
    kind: str
    text: str
    assignee: str


class EmergencyIncidentOut(Schema):
    code: str
    area_code: str
    kind: str
    level: str
    title: str
    description: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    report: str
    entries: list[EmergencyEntryOut]

    @staticmethod
    def resolve_area_code(obj: Incident) -> str:
        return obj.area.code

    @staticmethod
    def resolve_entries(obj: Incident) -> list[IncidentEntry]:
        return list(obj.entries.all())


class EmergencyIncidentIn(BaseIn):
    area_code: str
    kind: str = column(Incident, "kind")
    level: str = column(Incident, "level")
    title: str = column(Incident, "title")
    description: str = column(Incident, "description")


@router.get("/incidents", response=list[EmergencyIncidentOut], summary="Incidents in reach")
@paginate(Pagination)
def list_incidents(request: ApiRequest, open_only: bool = False) -> Any:
    return queries.incidents(request.auth, open_only=open_only).prefetch_related("entries")


@router.post("/incidents", response={201: EmergencyIncidentOut}, summary="Open an incident")
def post_incident(request: ApiRequest, payload: EmergencyIncidentIn) -> Any:
    area = area_for(request.auth, payload.area_code, "operations.view")
    incident = actions.incident_open(actor=request.auth, area=area, **payload.dict(exclude={"area_code"}))
    return Status(201, queries.incident_for(request.auth, incident.code))


@router.get("/incidents/{code}", response=EmergencyIncidentOut, summary="One incident with its timeline")
def get_incident(request: ApiRequest, code: str) -> Incident:
    return queries.incident_for(request.auth, code)


class EmergencyNoteIn(BaseIn):
    note: str = column(IncidentEntry, "text")
    assignee: str = column(IncidentEntry, "assignee", "")


@router.post(
    "/incidents/{code}/notes",
    response=EmergencyIncidentOut,
    summary="A timeline note, or a task with an assignee",
)
def post_note(request: ApiRequest, code: str, payload: EmergencyNoteIn) -> Incident:
    actions.incident_note(
        actor=request.auth, incident=queries.incident_for(request.auth, code), **payload.dict()
    )
    return queries.incident_for(request.auth, code)


class EmergencyCloseIn(BaseIn):
    report: str = column(Incident, "report")


@router.post("/incidents/{code}/close", response=EmergencyIncidentOut, summary="Close with a report")
def close_incident(request: ApiRequest, code: str, payload: EmergencyCloseIn) -> Incident:
    actions.incident_close(
        actor=request.auth, incident=queries.incident_for(request.auth, code), report=payload.report
    )
    return queries.incident_for(request.auth, code)


class EmergencyAlertOut(Schema):
    code: str
    msg_type: str
    references: str | None
    area_code: str
    incident: str | None
    kind: str
    level: str
    headline: str
    text: str
    instruction: str
    sent_at: dt.datetime
    expires_at: dt.datetime
    recipients: int
    queued: int

    @staticmethod
    def resolve_references(obj: Alert) -> str | None:
        return obj.references.code if obj.references else None

    @staticmethod
    def resolve_area_code(obj: Alert) -> str:
        return obj.area.code

    @staticmethod
    def resolve_incident(obj: Alert) -> str | None:
        return obj.incident.code if obj.incident else None


class EmergencyAlertIn(BaseIn):
    area_code: str
    incident_code: str = ""
    kind: str = column(Alert, "kind")
    level: str = column(Alert, "level")
    headline: str = column(Alert, "headline")
    message: str = column(Alert, "text")
    instruction: str = column(Alert, "instruction", "")
    hours: int = 24


@router.get("/alerts", response=list[EmergencyAlertOut], summary="Alerts in reach")
@paginate(Pagination)
def list_alerts(request: ApiRequest) -> Any:
    return queries.alerts(request.auth)


@router.post("/alerts", response={201: EmergencyAlertOut}, summary="Warn the residents of an area")
def post_alert(request: ApiRequest, payload: EmergencyAlertIn) -> Any:
    area = area_for(request.auth, payload.area_code, "operations.view")
    incident = queries.incident_for(request.auth, payload.incident_code) if payload.incident_code else None
    alert = actions.alert_issue(
        actor=request.auth,
        area=area,
        incident=incident,
        **payload.dict(exclude={"area_code", "incident_code"}),
    )
    return Status(201, alert)


@router.get(
    "/alerts/cap-feed", summary="The alerts in force in the caller's areas, as an Atom feed of CAP 1.2"
)
def get_cap_feed(request: ApiRequest) -> HttpResponse:
    now = timezone.now()
    body = cap.feed_xml(
        queries.alerts_in_force(request.auth, now),
        title=_("Alerts in force"),
        link=request.build_absolute_uri(),
        entry_link=lambda alert: request.build_absolute_uri(f"{alert.code}/cap"),
        now=now,
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


@router.get("/alerts/{code}", response=EmergencyAlertOut, summary="One alert")
def get_alert(request: ApiRequest, code: str) -> Alert:
    return queries.alert_for(request.auth, code)


@router.get("/alerts/{code}/cap", summary="The alert as CAP 1.2 XML")
def get_alert_cap(request: ApiRequest, code: str) -> HttpResponse:
    return HttpResponse(
        cap.to_xml(queries.alert_for(request.auth, code)), content_type="application/cap+xml; charset=utf-8"
    )


class EmergencyUpdateIn(BaseIn):
    headline: str = column(Alert, "headline")
    message: str = column(Alert, "text")
    instruction: str = column(Alert, "instruction", "")
    level: str | None = None
    hours: int = 24


@router.post("/alerts/{code}/update", response={201: EmergencyAlertOut}, summary="Update an alert")
def update_alert(request: ApiRequest, code: str, payload: EmergencyUpdateIn) -> Any:
    return Status(
        201,
        actions.alert_update(
            actor=request.auth, alert=queries.alert_for(request.auth, code), **payload.dict()
        ),
    )


class EmergencyCancelIn(BaseIn):
    message: str = column(Alert, "text")


@router.post("/alerts/{code}/cancel", response={201: EmergencyAlertOut}, summary="Lift an alert")
def cancel_alert(request: ApiRequest, code: str, payload: EmergencyCancelIn) -> Any:
    return Status(
        201,
        actions.alert_cancel(
            actor=request.auth, alert=queries.alert_for(request.auth, code), message=payload.message
        ),
    )
