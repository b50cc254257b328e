"""Admission pages: the public list, applications with the street's review and the district's
decision, a community's tasks, the burden dashboard. Each POST has its own URL and one action
inside `onto_form`; outside rows are 404."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.areas.queries import area_for, community_for
from linli.operations.admission import actions, queries
from linli.operations.admission.forms import (
    ApplicationForm,
    DecideForm,
    RefuseForm,
    ReviewForm,
    RevokeForm,
    TaskForm,
    fen,
)
from linli.operations.models import Application, ApplicationStatus, TaskStatus
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest

VIEW = "operations.view"


def _now() -> dt.datetime:
    return timezone.now()


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    roots = policy.roots(user, VIEW)
    if not roots:
        raise Http404
    status = request.GET.get("status", "")
    return render(
        request,
        "operations/index.html",
        {
            "roots": roots,
            "districts": _districts_of(roots),
            "seen": {d.code for d in _districts_of(roots) if policy.can(user, VIEW, d)},
            "waiting": queries.waiting_for(user)[:50],
            "applications": queries.applications(user, status=status)[:50],
            "status": status,
            "statuses": ApplicationStatus.choices,
            "communities": list(
                policy.scope(
                    Area.objects.filter(level=Level.COMMUNITY, is_active=True), user, VIEW, ""
                ).order_by("code")[:50]
            ),
            "flagged": queries.tasks(user, status=TaskStatus.FLAGGED)[:50],
            "may_apply": bool(policy.roots(user, "operations.apply")),
        },
    )


def _districts_of(roots: list[Area]) -> list[Area]:
    """The districts whose lists a viewer's roots sit in (or below, for a city role)."""
    codes = {r.path.split("/")[1] for r in roots if r.path.count("/") > 1}
    qs = Area.objects.filter(level=Level.DISTRICT, is_active=True)
    if any(r.level == Level.CITY for r in roots):
        return list(qs.order_by("code")[:50])
    return list(qs.filter(code__in=codes).order_by("code"))


# --- the public list ------------------------------------------------------------------------------


def public_list(request: HttpRequest, code: str) -> HttpResponse:
    district = queries.public_district(code)
    current = queries.current_version(district)
    try:
        version = int(request.GET.get("v") or current)
    except ValueError:
        raise Http404 from None
    if current and not 1 <= version <= current:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    may_revoke = policy.can(user, "operations.approve", district) and version == current
    return render(
        request,
        "operations/list.html",
        {
            "district": district,
            "version": version,
            "current": current,
            "versions": queries.versions(district)[:100],
            "items": queries.items_in(district, None if version == current else version),
            "may_revoke": may_revoke,
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_POST
def item_revoke(request: AuthedHttpRequest, code: str) -> HttpResponse:
    item = queries.item_for(request.user, code)
    form = RevokeForm(request.POST)
    if form.is_valid():
        with onto_messages(request) as outcome:
            actions.item_revoke(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        if outcome.ok:
            messages.success(request, _("The item is off the list; a new version was published."))
    else:
        messages.error(request, _("Say why the item leaves the list."))
    return redirect("operations:list", code=item.district.code)


# --- applications ---------------------------------------------------------------------------------


def _application_form(user: Any, data: Any = None) -> ApplicationForm:
    departments = queries.departments_for(user)
    communities = policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True), user, "operations.apply", ""
    ).order_by("code")[:500]
    return ApplicationForm(
        data,
        departments=[(d.pk, f"{d.street.name} · {d.name}") for d in departments],
        communities=[(c.code, c.name) for c in communities],
        initial={"kind": "item", "holder": "committee"},
    )


@login_required
def application_new(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "operations.apply"):
        raise Http404
    form = _application_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        department = queries.department_for(request.user, d["department"])
        communities = [community_for(request.user, c, "operations.apply") for c in d["communities"]]
        with onto_form(form) as outcome:
            app = actions.application_submit(
                actor=request.user,
                department=department,
                kind=d["kind"],
                name=d["name"],
                legal_basis=d["legal_basis"],
                holder=d["holder"],
                description=d["description"],
                funding_fen=fen(d["funding"]),
                unit=d["unit"],
                start_date=d["start_date"],
                task_due=d["task_due"],
                communities=communities,
                workload={k: d[k] for k in actions.WORKLOAD},
            )
        if outcome.ok:
            messages.success(request, _("The application was entered; the street reviews it."))
            return redirect("operations:application", code=app.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "operations/application_new.html", {"form": form}, status=status)


def _application_page(
    request: AuthedHttpRequest, app: Application, status: int = 200, **forms: Any
) -> HttpResponse:
    user, now = request.user, _now()
    may_review = app.status == ApplicationStatus.SUBMITTED and policy.can(
        user, "operations.review", app.street
    )
    may_decide = app.status == ApplicationStatus.REVIEWED and policy.can(
        user, "operations.approve", app.district
    )
    return render(
        request,
        "operations/application.html",
        {
            "app": app,
            "tasks": app.tasks.select_related("community")
            if app.status == ApplicationStatus.APPROVED
            else [],
            "review_left": queries.working_days_left(app.review_due, now),
            "decision_left": queries.working_days_left(app.decision_due, now),
            "may_review": may_review,
            "may_decide": may_decide,
            "review_form": forms.get("review_form") or ReviewForm(),
            "decide_form": forms.get("decide_form") or DecideForm(),
        },
        status=status,
    )


@login_required
def application_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _application_page(request, queries.application_for(request.user, code))


@login_required
@require_POST
def application_review(request: AuthedHttpRequest, code: str) -> HttpResponse:
    app = queries.application_for(request.user, code)
    form = ReviewForm(request.POST)
    approve = request.POST.get("approve") == "1"
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.application_review(
                actor=request.user, application=app, approve=approve, note=form.cleaned_data["note"]
            )
        if outcome.ok:
            messages.success(
                request, _("Passed to the district.") if approve else _("The application was refused.")
            )
            return redirect("operations:application", code=app.code)
    return _application_page(request, app, status=400, review_form=form)


@login_required
@require_POST
def application_decide(request: AuthedHttpRequest, code: str) -> HttpResponse:
    app = queries.application_for(request.user, code)
    form = DecideForm(request.POST)
    approve = request.POST.get("approve") == "1"
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.application_decide(
                actor=request.user, application=app, approve=approve, reason=form.cleaned_data["reason"]
            )
        if outcome.ok:
            messages.success(request, _("Approved.") if approve else _("The application was refused."))
            return redirect("operations:application", code=app.code)
    return _application_page(request, app, status=400, decide_form=form)


# --- tasks in a community -------------------------------------------------------------------------


def _task_form(community: Area, data: Any = None) -> TaskForm:
    return TaskForm(
        data,
        departments=[(d.pk, d.name) for d in queries.departments_of(community)],
        items=[(i.code, f"{i.name} ({i.department.name})") for i in queries.current_items_for(community)],
    )


def _tasks_page(
    request: AuthedHttpRequest, community: Area, status: int = 200, form: Any = None
) -> HttpResponse:
    user = request.user
    may_record = policy.can(user, "operations.tasks", community)
    return render(
        request,
        "operations/tasks.html",
        {
            "community": community,
            "tasks": queries.tasks(user, community=community).order_by("status", "due_date")[:200],
            "may_record": may_record,
            "form": form or (_task_form(community) if may_record else None),
        },
        status=status,
    )


@login_required
def community_tasks(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _tasks_page(request, community_for(request.user, code, VIEW))


@login_required
@require_POST
def task_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = community_for(request.user, code, VIEW)
    form = _task_form(community, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        department = queries.departments_of(community).filter(pk=d["department"]).first()
        item = queries.current_items_for(community).filter(code=d["item"]).first() if d["item"] else None
        with onto_form(form) as outcome:
            if department is None:
                raise Http404
            task = actions.task_record(
                actor=request.user,
                community=community,
                department=department,
                title=d["title"],
                due_date=d["due_date"],
                item=item,
                units=d["units"],
                description=d["description"],
            )
        if outcome.ok:
            if task.admitted:
                messages.success(request, _("The task was recorded under the admission list."))
            else:
                messages.warning(
                    request, _("This task is not on the admission list. Take it on or refuse it.")
                )
            return redirect("operations:task", code=task.code)
    return _tasks_page(request, community, status=400, form=form)


def _task_page(
    request: AuthedHttpRequest, task: Any, status: int = 200, refuse_form: Any = None
) -> HttpResponse:
    may_act = policy.can(request.user, "operations.tasks", task.community)
    return render(
        request,
        "operations/task.html",
        {"task": task, "may_act": may_act, "refuse_form": refuse_form or RefuseForm()},
        status=status,
    )


@login_required
def task_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _task_page(request, queries.task_for(request.user, code))


@login_required
@require_POST
def task_refuse(request: AuthedHttpRequest, code: str) -> HttpResponse:
    task = queries.task_for(request.user, code)
    form = RefuseForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.task_refuse(actor=request.user, task=task, reason=form.cleaned_data["reason"])
        if outcome.ok:
            messages.success(request, _("The refusal was recorded."))
            return redirect("operations:task", code=task.code)
    return _task_page(request, task, status=400, refuse_form=form)


def _task_step(request: AuthedHttpRequest, code: str, step: Any, done: str) -> HttpResponse:
    task = queries.task_for(request.user, code)
    with onto_messages(request) as outcome:
        step(actor=request.user, task=task)
    if outcome.ok:
        messages.success(request, done)
    return redirect("operations:task", code=task.code)


@login_required
@require_POST
def task_take(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _task_step(
        request, code, actions.task_take, _("You took the task on; it stays marked as not admitted.")
    )


@login_required
@require_POST
def task_complete(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _task_step(
        request, code, actions.task_complete, _("Done. Any payment went to the project fund for review.")
    )


# --- the burden dashboard -------------------------------------------------------------------------


@login_required
def burden(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = area_for(request.user, code, VIEW)
    year = timezone.localdate(_now()).year
    try:
        year = int(request.GET.get("year") or year)
    except ValueError:
        year = timezone.localdate(_now()).year
    if not 2000 <= year <= 2100:
        raise Http404
    total, rows = queries.burden(request.user, area, year=year)
    return render(
        request,
        "operations/burden.html",
        {"area": area, "year": year, "total": total, "rows": rows, "targets": queries.TARGETS},
    )
