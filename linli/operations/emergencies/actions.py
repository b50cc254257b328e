"""Emergency writes: incidents with their timeline and closing report, and alerts to the residents
of an area (in-app for residents with an account, SMS to each registered mobile, queued in batches
through the jobs interface and sent by the tickets' SMS backend). Update and cancel reference the
alert they change. An alert to an area with nobody to warn is refused."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.common.jobs import enqueue
from linli.operations.common import field_error, require, text
from linli.operations.models import (
    Alert,
    AlertMsgType,
    Incident,
    IncidentEntry,
    IncidentKind,
    IncidentLevel,
)
from linli.registry.models import LivingPlace, Resident, ResidentStatus
from linli.tickets.notify import send_message

EMERGENCY = "operations.emergency"
BATCH = 1000

MAX_HOURS = 24 * 14


def _check_kind_level(kind: str, level: str) -> None:
    if kind not in IncidentKind.values:
        raise field_error("bad_kind", "kind", _("Choose the kind of incident."))
    if level not in IncidentLevel.values:
        raise field_error("bad_level", "level", _("Choose the level."))


def timeline_entry(
    incident: Incident, *, actor: User | None, kind: str, text_: str, now: dt.datetime, assignee: str = ""
) -> None:
    IncidentEntry.objects.create(
        incident=incident,
        at=now,
        actor=actor if actor else None,
        kind=kind,
        text=text_[:1000],
        assignee=assignee,
    )


def incident_open(
    *,
    actor: User | None,
    area: Area,
    kind: str,
    level: str,
    title: str,
    description: str,
    now: dt.datetime | None = None,
) -> Incident:
    """Open an incident for an area (a community, street, district or the city)."""
    now = now or timezone.now()
    with transaction.atomic():
        require(actor, EMERGENCY, area)
        _check_kind_level(kind, level)
        title = text(title, "title", _("the title"), 100)
        description = text(description, "description", _("the description"), 4000)
        incident = Incident.objects.create(
            code=short_code("E"),
            area=area,
            kind=kind,
            level=level,
            title=title,
            description=description,
            opened_at=now,
            opened_by=actor if actor else None,
        )
        timeline_entry(incident, actor=actor, kind="opened", text_=title, now=now)
        record(
            actor=actor,
            action="operations.incident.opened",
            obj=incident,
            area=area,
            details={"kind": kind, "level": level},
            now=now,
        )
    return incident


def open_for_update(incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().select_related("area").get(pk=incident.pk)
    if incident.closed_at is not None:
        raise DomainError("closed", _("This incident is closed."), status=409)
    return incident


def incident_note(
    *, actor: User | None, incident: Incident, note: str, assignee: str = "", now: dt.datetime | None = None
) -> Incident:
    """A line on the timeline; with an assignee (a worker, a volunteer team, a department) it is a task."""
    now = now or timezone.now()
    with transaction.atomic():
        incident = open_for_update(incident)
        require(actor, EMERGENCY, incident.area)
        note = text(note, "note", _("the note"), 1000)
        assignee = text(assignee, "assignee", _("who it is assigned to"), 100, required=False)
        timeline_entry(
            incident, actor=actor, kind="task" if assignee else "note", text_=note, now=now, assignee=assignee
        )
        record(
            actor=actor,
            action="operations.incident.noted",
            obj=incident,
            area=incident.area,
            details={"task": bool(assignee)},
            now=now,
        )
    return incident


def incident_close(
    *, actor: User | None, incident: Incident, report: str, now: dt.datetime | None = None
) -> Incident:
    """Close with a report of what happened and what was done."""
    now = now or timezone.now()
    with transaction.atomic():
        incident = open_for_update(incident)
        require(actor, EMERGENCY, incident.area)
        incident.report = text(report, "report", _("the closing report"), 8000)
        incident.closed_at = now
        incident.save(update_fields=["report", "closed_at"])
        timeline_entry(incident, actor=actor, kind="closed", text_=_("Closed"), now=now)
        record(actor=actor, action="operations.incident.closed", obj=incident, area=incident.area, now=now)
    return incident


def residents_to_warn(area: Area) -> QuerySet[Resident]:
    """Everyone living in the area now, whether or not they have a number (in-app needs none)."""
    return Resident.objects.filter(
        community__path__startswith=area.path, status=ResidentStatus.ACTIVE, lives_where=LivingPlace.HERE
    )


def _with_phone(qs: QuerySet[Resident]) -> QuerySet[Resident]:
    return qs.exclude(Q(phone_index__isnull=True) | Q(phone_index=""))


def send_alert_batch(alert_id: int, resident_ids: list[int]) -> int:
    """The job: text one batch of residents (phones decrypted only here, never queued)."""
    alert = Alert.objects.get(pk=alert_id)
    body = sms_text(alert)
    sent = 0
    for phone in Resident.objects.filter(pk__in=resident_ids).values_list("phone", flat=True).iterator():
        if phone:
            send_message(phone, body)
            sent += 1
    return sent


def sms_text(alert: Alert) -> str:
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        prefix = {
            AlertMsgType.ALERT: _("Warning"),
            AlertMsgType.UPDATE: _("Update"),
            AlertMsgType.CANCEL: _("Lifted"),
        }
        return f"【{prefix[AlertMsgType(alert.msg_type)]}】{alert.headline}：{alert.text} {alert.instruction}".strip()


def _queue(alert: Alert) -> tuple[int, int]:
    residents = residents_to_warn(alert.area)
    total = residents.count()
    if not total:
        raise field_error("empty_area", "area", _("Nobody lives in this area: there is no one to warn."))
    ids = list(_with_phone(residents).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        enqueue(send_alert_batch, alert.pk, ids[start : start + BATCH])
    return total, len(ids)


def alert_issue(
    *,
    actor: User | None,
    area: Area,
    kind: str,
    level: str,
    headline: str,
    message: str,
    instruction: str = "",
    hours: int = 24,
    incident: Incident | None = None,
    now: dt.datetime | None = None,
) -> Alert:
    """Warn every resident living in the area. Refused when nobody lives there."""
    now = now or timezone.now()
    with transaction.atomic():
        require(actor, EMERGENCY, area)
        _check_kind_level(kind, level)
        alert = _new_alert(
            actor=actor,
            area=area,
            kind=kind,
            level=level,
            headline=headline,
            message=message,
            instruction=instruction,
            hours=hours,
            incident=incident,
            msg_type=AlertMsgType.ALERT,
            references=None,
            now=now,
        )
        record(
            actor=actor,
            action="operations.alert.alert",
            obj=alert,
            area=area,
            details=_details(alert),
            now=now,
        )
    return alert


def _new_alert(
    *,
    actor: User | None,
    references: Alert | None,
    msg_type: str,
    hours: int,
    now: dt.datetime,
    **fields: Any,
) -> Alert:
    headline = text(fields.pop("headline"), "headline", _("the headline"), 100)
    message = text(fields.pop("message"), "message", _("the message"), 500)
    instruction = text(fields.pop("instruction"), "instruction", _("what to do"), 300, required=False)
    if not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS:
        raise field_error("bad_hours", "hours", _("An alert lasts from 1 hour to 14 days."))
    alert = Alert(
        code=short_code("W"),
        msg_type=msg_type,
        references=references,
        headline=headline,
        text=message,
        instruction=instruction,
        sent_at=now,
        expires_at=now + dt.timedelta(hours=hours),
        sent_by=actor if actor else None,
        **fields,
    )
    alert.save()
    alert.recipients, alert.queued = _queue(alert)
    alert.save(update_fields=["recipients", "queued"])
    if alert.incident is not None:
        timeline_entry(
            alert.incident, actor=actor, kind="alert", text_=f"{alert.msg_type}: {headline}", now=now
        )
    return alert


def _details(alert: Alert) -> dict[str, Any]:
    ref = alert.references
    return {"recipients": alert.recipients, "queued": alert.queued, "references": ref.code if ref else None}


def _current(alert: Alert) -> Alert:
    # Only the alert row is locked: its incident is optional (an outer join PostgreSQL cannot lock).
    alert = Alert.objects.select_for_update(of=("self",)).select_related("area", "incident").get(pk=alert.pk)
    if alert.msg_type == AlertMsgType.CANCEL or Alert.objects.filter(references=alert).exists():
        raise DomainError(
            "superseded", _("This alert was already updated or lifted; change the latest one."), status=409
        )
    return alert


def alert_update(
    *,
    actor: User | None,
    alert: Alert,
    headline: str,
    message: str,
    instruction: str = "",
    level: str | None = None,
    hours: int = 24,
    now: dt.datetime | None = None,
) -> Alert:
    now = now or timezone.now()
    with transaction.atomic():
        old = _current(alert)
        require(actor, EMERGENCY, old.area)
        level = level or old.level
        _check_kind_level(old.kind, level)
        alert = _new_alert(
            actor=actor,
            references=old,
            msg_type=AlertMsgType.UPDATE,
            hours=hours,
            now=now,
            area=old.area,
            incident=old.incident,
            kind=old.kind,
            level=level,
            headline=headline,
            message=message,
            instruction=instruction,
        )
        record(
            actor=actor,
            action="operations.alert.update",
            obj=alert,
            area=old.area,
            details=_details(alert),
            now=now,
        )
    return alert


def alert_cancel(*, actor: User | None, alert: Alert, message: str, now: dt.datetime | None = None) -> Alert:
    """Lift a warning: residents are told, and the CAP export says Cancel."""
    now = now or timezone.now()
    with transaction.atomic():
        old = _current(alert)
        require(actor, EMERGENCY, old.area)
        alert = _new_alert(
            actor=actor,
            references=old,
            msg_type=AlertMsgType.CANCEL,
            hours=1,
            now=now,
            area=old.area,
            incident=old.incident,
            kind=old.kind,
            level=old.level,
            headline=old.headline,
            message=message,
            instruction="",
        )
        record(
            actor=actor,
            action="operations.alert.cancel",
            obj=alert,
            area=old.area,
            details=_details(alert),
            now=now,
        )
    return alert
