"""Incident task pages: give a task from the incident's page (to a worker, a volunteer or a
department of the area), and the assignee's own list where each task is reported done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.operations.emergencies import queries
from linli.operations.emergencies import tasks as actions
from linli.operations.emergencies.forms import DoneForm, TaskForm
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest


@login_required
@require_POST
def task_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    from linli.operations.emergencies.views import _page

    incident = queries.incident_for(request.user, code)
    form = TaskForm(incident, request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.task_assign(
                actor=request.user,
                incident=incident,
                task=form.cleaned_data["task"],
                due_at=form.cleaned_data["due_at"],
                **form.assignee_kwargs(),
            )
        if outcome.ok:
            messages.success(request, _("The task is given."))
            return redirect("operations:incident", code=incident.code)
    return _page(request, incident, status=400, task_form=form)


@login_required
def my_tasks(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "operations/my_incident_tasks.html",
        {"tasks": actions.my_tasks(request.user)[:200], "form": DoneForm()},
    )


@login_required
@require_POST
def task_done(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = actions.task_for(request.user, pk)
    form = DoneForm(request.POST)
    with onto_messages(request) as outcome:
        if not form.is_valid():
            messages.error(request, _("Say what was done."))
        else:
            actions.task_done(actor=request.user, task=task, report=form.cleaned_data["report"])
    if outcome.ok and form.is_valid():
        messages.success(request, _("Reported done."))
    if request.POST.get("back") == "incident":
        return redirect("operations:incident", code=task.incident.code)
    return redirect("operations:my_incident_tasks")
