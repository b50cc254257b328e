"""Home-care pages: a community's visit plans (the station plans them), one plan with its visits
(the carer records one), and the plans of the viewer's care provider."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.models import Area
from linli.registry.models import Resident, ResidentStatus
from linli.services import actions, queries
from linli.services.forms import CarePlanForm, CareVisitForm
from linli.services.models import CarePlan
from linli.services.permissions import acts_for, provider_ids
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


def _plan_form(community: Area, data: Any = None) -> CarePlanForm:
    residents = Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE).order_by("name")
    return CarePlanForm(
        data,
        residents=[(str(r.pk), r.name) for r in residents[:1000]],
        providers=[(p.code, p.name) for p in queries.care_providers_for(community)],
    )


@login_required
def care_plans(request: AuthedHttpRequest) -> HttpResponse:
    """The plans in reach: a station's communities, or a care provider's own."""
    user = request.user
    if not policy.roots(user, queries.VIEW) and not provider_ids(user):
        raise Http404
    missed = request.GET.get("missed") == "1"
    rows = queries.care_plans_for(user, missed=missed)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "services/care_plans.html",
        {"page": page, "missed": missed, "community": None, "today": timezone.localdate()},
    )


def _community_page(
    request: AuthedHttpRequest, code: str, form: CarePlanForm | None = None, status: int = 200
) -> HttpResponse:
    community = queries.community_for(request.user, code)
    can_plan = policy.can(request.user, "services.dispatch", community)
    page = Paginator(queries.care_plans_for(request.user, community=community), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "services/care_plans.html",
        {
            "page": page,
            "community": community,
            "form": form or (_plan_form(community) if can_plan else None),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def community_care(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _community_page(request, code)


@login_required
@require_POST
def care_plan_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    form = _plan_form(community, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        resident = Resident.objects.get(pk=int(d["resident"]))
        provider = queries.care_providers_for(community).get(code=d["provider"])
        with onto_form(form) as outcome:
            plan = actions.care_plan_create(
                actor=request.user,
                resident=resident,
                provider=provider,
                every_days=d["every_days"],
                first_due=d["first_due"],
                note=d["note"],
            )
        if outcome.ok:
            messages.success(request, _("The visits are planned."))
            return redirect("services:care_plan", plan.code)
    return _community_page(request, code, form, status=400)


def _plan_page(
    request: AuthedHttpRequest, plan: CarePlan, form: CareVisitForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    may_record = acts_for(user, plan.provider_id) or policy.can(user, "services.dispatch", plan.community)
    return render(
        request,
        "services/care_plan.html",
        {
            "plan": plan,
            "visits": plan.visits.select_related("by", "redemption"),
            "form": form or (CareVisitForm() if may_record else None),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def care_plan_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _plan_page(request, queries.care_plan_for(request.user, code))


@login_required
@require_POST
def care_visit_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    plan = queries.care_plan_for(request.user, code)
    form = CareVisitForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.care_visit_record(actor=request.user, plan=plan, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The visit was recorded."))
            return redirect("services:care_plan", plan.code)
    return _plan_page(request, plan, form, status=400)
