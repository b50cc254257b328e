"""Plan and shelter pages. Each POST has its own URL and one action inside `onto_form`. The
shelter desk finds a registered person with the registry's own search (a full ID or mobile number
answers only where the desk may reveal, names by prefix), shows ID and mobile masked, and links the
registry's reveal (reason + audit event) instead of showing them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.models import Area
from linli.areas.queries import area_for
from linli.operations.plans import actions, queries
from linli.operations.plans.forms import ContactForm, DrillForm, GuestForm, PlanForm, ReviseForm, ShelterForm
from linli.registry import queries as registry
from linli.ui.forms import onto_form, onto_messages, set_choices
from linli.ui.http import AuthedHttpRequest

EMERGENCY = "operations.emergency"


def _area_choices(user: Any) -> list[tuple[str, str]]:
    areas: list[Area] = []
    for root in policy.roots(user, EMERGENCY):
        if root.level in actions.PLAN_LEVELS:
            areas.append(root)
        areas.extend(
            Area.objects.filter(path__startswith=root.path, level__in=actions.PLAN_LEVELS)
            .exclude(pk=root.pk)
            .order_by("code")[:200]
        )
    return [(a.code, a.name) for a in areas]


def _with_areas(form: Any, user: Any) -> Any:
    set_choices(form, "area", _area_choices(user))
    return form


@login_required
def index(request: AuthedHttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    if not policy.roots(user, "operations.view"):
        raise Http404
    may_write = bool(policy.roots(user, EMERGENCY))
    return render(
        request,
        "operations/plans.html",
        {
            "plans": queries.plans(user).order_by("area__code", "kind")[:200],
            "shelters": queries.shelters(user).order_by("area__code", "name")[:200],
            "plan_form": forms.get("plan_form") or (_with_areas(PlanForm(), user) if may_write else None),
            "shelter_form": forms.get("shelter_form")
            or (_with_areas(ShelterForm(), user) if may_write else None),
        },
        status=status,
    )


@login_required
@require_POST
def plan_new(request: AuthedHttpRequest) -> HttpResponse:
    form = _with_areas(PlanForm(request.POST), request.user)
    if form.is_valid():
        d = form.cleaned_data
        area = area_for(request.user, d["area"], "operations.view")
        with onto_form(form) as outcome:
            plan = actions.plan_save(
                actor=request.user, area=area, kind=d["kind"], title=d["title"], summary=d["summary"]
            )
        if outcome.ok:
            return redirect("operations:plan", code=plan.code)
    return index(request, status=400, plan_form=form)


@login_required
@require_POST
def shelter_new(request: AuthedHttpRequest) -> HttpResponse:
    form = _with_areas(ShelterForm(request.POST), request.user)
    if form.is_valid():
        d = form.cleaned_data
        area = area_for(request.user, d["area"], "operations.view")
        with onto_form(form) as outcome:
            shelter = actions.shelter_save(
                actor=request.user, area=area, name=d["name"], address=d["address"], capacity=d["capacity"]
            )
        if outcome.ok:
            return redirect("operations:shelter", code=shelter.code)
    return index(request, status=400, shelter_form=form)


def _plan_page(request: AuthedHttpRequest, plan: Any, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    return render(
        request,
        "operations/plan.html",
        {
            "plan": plan,
            "contacts": plan.contacts.select_related("department"),
            "drills": plan.drills.select_related("recorded_by"),
            "shelters": queries.shelters_of_plan(user, plan),
            "may_act": policy.can(user, EMERGENCY, plan.area),
            "may_reveal": policy.can(user, "pii.reveal", plan.area),
            "revise_form": forms.get("revise_form")
            or ReviseForm(initial={"title": plan.title, "summary": plan.summary}),
            "contact_form": forms.get("contact_form") or ContactForm(),
            "drill_form": forms.get("drill_form") or DrillForm(),
        },
        status=status,
    )


@login_required
def plan_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _plan_page(request, queries.plan_for(request.user, code))


@login_required
@require_POST
def plan_revise(request: AuthedHttpRequest, code: str) -> HttpResponse:
    plan = queries.plan_for(request.user, code)
    form = ReviseForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.plan_save(actor=request.user, area=plan.area, kind=plan.kind, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The plan was revised."))
            return redirect("operations:plan", code=plan.code)
    return _plan_page(request, plan, status=400, revise_form=form)


@login_required
@require_POST
def contact_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    plan = queries.plan_for(request.user, code)
    form = ContactForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.contact_add(actor=request.user, plan=plan, **form.cleaned_data)
        if outcome.ok:
            return redirect("operations:plan", code=plan.code)
    return _plan_page(request, plan, status=400, contact_form=form)


@login_required
@require_POST
def contact_remove(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    contact = queries.contact_for(request.user, pk)
    with onto_messages(request):
        actions.contact_remove(actor=request.user, contact=contact)
    return redirect("operations:plan", code=contact.plan.code)


@login_required
@require_POST
def drill_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    plan = queries.plan_for(request.user, code)
    form = DrillForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.drill_record(actor=request.user, plan=plan, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The drill was recorded."))
            return redirect("operations:plan", code=plan.code)
    return _plan_page(request, plan, status=400, drill_form=form)


def _shelter_page(
    request: AuthedHttpRequest, shelter: Any, status: int = 200, guest_form: Any = None
) -> HttpResponse:
    user = request.user
    q = request.GET.get("q", "")
    found = queries.lookup(user, q)
    return render(
        request,
        "operations/shelter.html",
        {
            "shelter": shelter,
            "counts": queries.counts(shelter),
            "present": queries.stays(user, shelter, present=True)[:500],
            "left": queries.stays(user, shelter, present=False)[:50],
            "q": q,
            "found": [(r, policy.can(user, "pii.reveal", r.community)) for r in found],
            "may_act": policy.can(user, EMERGENCY, shelter.area),
            "guest_form": guest_form or GuestForm(),
        },
        status=status,
    )


@login_required
def shelter_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _shelter_page(request, queries.shelter_for(request.user, code))


@login_required
@require_POST
def shelter_open(request: AuthedHttpRequest, code: str) -> HttpResponse:
    shelter = queries.shelter_for(request.user, code)
    with onto_messages(request):
        actions.shelter_open(actor=request.user, shelter=shelter, is_open=request.POST.get("open") == "1")
    return redirect("operations:shelter", code=shelter.code)


@login_required
@require_POST
def check_in(request: AuthedHttpRequest, code: str) -> HttpResponse:
    shelter = queries.shelter_for(request.user, code)
    pk = request.POST.get("resident", "")
    if pk:
        resident = registry.resident_for(request.user, pk)
        with onto_messages(request) as outcome:
            actions.stay_check_in(
                actor=request.user, shelter=shelter, resident=resident, note=request.POST.get("note", "")
            )
        if outcome.ok:
            messages.success(request, _("%(name)s is checked in.") % {"name": resident.name})
        return redirect("operations:shelter", code=shelter.code)
    form = GuestForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.stay_check_in(actor=request.user, shelter=shelter, **form.cleaned_data)
        if outcome.ok:
            messages.success(
                request, _("%(name)s is checked in.") % {"name": form.cleaned_data["guest_name"]}
            )
            return redirect("operations:shelter", code=shelter.code)
    return _shelter_page(request, shelter, status=400, guest_form=form)


@login_required
@require_POST
def check_out(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    stay = queries.stay_for(request.user, pk)
    with onto_messages(request) as outcome:
        actions.stay_check_out(actor=request.user, stay=stay)
    if outcome.ok:
        messages.success(request, _("Checked out."))
    return redirect("operations:shelter", code=stay.shelter.code)
