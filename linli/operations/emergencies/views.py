"""Emergency pages: incidents with their timeline, alerts (CAP download), and the welfare check
an incident starts. Each POST has its own URL and one action inside `onto_form`."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.models import Area
from linli.areas.queries import area_for
from linli.operations.emergencies import actions, cap, queries, tasks
from linli.operations.emergencies.forms import (
    AlertForm,
    CancelForm,
    CheckForm,
    CloseForm,
    DoneForm,
    IncidentForm,
    NoteForm,
    TaskForm,
)
from linli.operations.models import Incident
from linli.operations.welfare import actions as welfare_actions
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest

EMERGENCY = "operations.emergency"


def _incident_form(user: Any, data: Any = None) -> IncidentForm:
    form = IncidentForm(data)
    areas: list[Area] = []
    for root in policy.roots(user, EMERGENCY):
        areas.append(root)
        areas.extend(
            Area.objects.filter(parent=root, level__in=("street", "community")).order_by("code")[:100]
        )
    form.fields["area"].choices = [(a.code, a.name) for a in areas]  # type: ignore[attr-defined]
    return form


@login_required
def index(request: AuthedHttpRequest, form: Any = None, status: int = 200) -> HttpResponse:
    user = request.user
    if not policy.roots(user, "operations.view"):
        raise Http404
    may_open = bool(policy.roots(user, EMERGENCY))
    return render(
        request,
        "operations/emergencies.html",
        {
            "incidents": queries.incidents(user)[:50],
            "alerts": queries.alerts(user)[:50],
            "form": form or (_incident_form(user) if may_open else None),
        },
        status=status,
    )


@login_required
@require_POST
def incident_new(request: AuthedHttpRequest) -> HttpResponse:
    form = _incident_form(request.user, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        area = area_for(request.user, d["area"], "operations.view")
        with onto_form(form) as outcome:
            incident = actions.incident_open(
                actor=request.user,
                area=area,
                kind=d["kind"],
                level=d["level"],
                title=d["title"],
                description=d["description"],
            )
        if outcome.ok:
            return redirect("operations:incident", code=incident.code)
    return index(request, form=form, status=400)


def _page(request: AuthedHttpRequest, incident: Incident, status: int = 200, **forms: Any) -> HttpResponse:
    may_act = incident.closed_at is None and policy.can(request.user, EMERGENCY, incident.area)
    return render(
        request,
        "operations/incident.html",
        {
            "incident": incident,
            "alerts": incident.alerts.select_related("references").order_by("-sent_at"),
            "checks": incident.checks.all(),
            "may_act": may_act,
            "note_form": forms.get("note_form") or NoteForm(),
            "close_form": forms.get("close_form") or CloseForm(),
            "alert_form": forms.get("alert_form") or AlertForm(),
            "cancel_form": CancelForm(),
            "check_form": forms.get("check_form") or CheckForm(initial={"reason": incident.title}),
            "tasks": tasks.tasks_of(incident),
            "task_form": (forms.get("task_form") or TaskForm(incident)) if may_act else None,
            "done_form": DoneForm(),
        },
        status=status,
    )


@login_required
def incident_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _page(request, queries.incident_for(request.user, code))


@login_required
@require_POST
def incident_note(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = queries.incident_for(request.user, code)
    form = NoteForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.incident_note(actor=request.user, incident=incident, **form.cleaned_data)
        if outcome.ok:
            return redirect("operations:incident", code=incident.code)
    return _page(request, incident, status=400, note_form=form)


@login_required
@require_POST
def incident_close(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = queries.incident_for(request.user, code)
    form = CloseForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.incident_close(actor=request.user, incident=incident, report=form.cleaned_data["report"])
        if outcome.ok:
            messages.success(request, _("The incident is closed."))
            return redirect("operations:incident", code=incident.code)
    return _page(request, incident, status=400, close_form=form)


@login_required
@require_POST
def incident_alert(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = queries.incident_for(request.user, code)
    form = AlertForm(request.POST)
    if form.is_valid():
        with onto_form(form, elsewhere={"area": "headline"}) as outcome:
            alert = actions.alert_issue(
                actor=request.user,
                area=incident.area,
                incident=incident,
                kind=incident.kind,
                level=incident.level,
                **form.cleaned_data,
            )
        if outcome.ok:
            messages.success(request, _("The alert was sent to %(n)d residents.") % {"n": alert.recipients})
            return redirect("operations:incident", code=incident.code)
    return _page(request, incident, status=400, alert_form=form)


@login_required
@require_POST
def alert_cancel(request: AuthedHttpRequest, code: str) -> HttpResponse:
    alert = queries.alert_for(request.user, code)
    form = CancelForm(request.POST)
    with onto_messages(request) as outcome:
        if not form.is_valid():
            raise actions.field_error("message_required", "message", _("Say why the alert is lifted."))
        actions.alert_cancel(actor=request.user, alert=alert, message=form.cleaned_data["message"])
    if outcome.ok:
        messages.success(request, _("The alert was lifted."))
    return (
        redirect("operations:incident", code=alert.incident.code)
        if alert.incident
        else redirect("operations:emergencies")
    )


@login_required
def alert_cap(request: AuthedHttpRequest, code: str) -> HttpResponse:
    alert = queries.alert_for(request.user, code)
    response = HttpResponse(cap.to_xml(alert), content_type="application/cap+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{alert.code}.cap.xml"'
    return response


@login_required
def cap_feed(request: AuthedHttpRequest) -> HttpResponse:
    """The alerts in force in the viewer's areas as an Atom feed of CAP 1.2 (for a warning display
    or another system polling with the viewer's session; systems use the API's feed)."""
    if not policy.roots(request.user, "operations.view"):
        raise Http404
    now = timezone.now()
    body = cap.feed_xml(
        queries.alerts_in_force(request.user, now),
        title=_("Alerts in force"),
        link=request.build_absolute_uri(),
        entry_link=lambda alert: request.build_absolute_uri(
            reverse("operations:alert_cap", args=[alert.code])
        ),
        now=now,
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


@login_required
@require_POST
def incident_check(request: AuthedHttpRequest, code: str) -> HttpResponse:
    incident = queries.incident_for(request.user, code)
    form = CheckForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            check = welfare_actions.check_build(
                actor=request.user, area=incident.area, incident=incident, **form.cleaned_data
            )
        if outcome.ok:
            messages.success(request, _("%(n)d residents to check.") % {"n": check.residents})
            return redirect("operations:check", code=check.code)
    return _page(request, incident, status=400, check_form=form)
