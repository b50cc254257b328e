"""Provider pages for street, district and city officers: registration, grading (等级评定), the
licence and certificates (持证上岗), and the list of licences and certificates about to expire."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.models import Area
from linli.services import actions, area_picker, queries
from linli.services.forms import CertificateForm, GradeForm, ProviderForm
from linli.services.permissions import can_manage_provider
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest

MANAGE = "services.providers"
EXPIRY_DAYS = 30


def _service_choices() -> list[tuple[str, str]]:
    return [(s.code, s.display_name) for s in queries.service_types()]


@login_required
def provider_new(request: AuthedHttpRequest) -> HttpResponse:
    sent = request.POST if request.method == "POST" else request.GET
    selected = [*sent.getlist("service_areas"), sent.get("area", "")]
    picker = area_picker.build(
        request.user, find=sent.get("find", ""), street=sent.get("street", ""), selected=selected
    )
    if picker.empty:
        raise Http404
    choices = {"areas": picker.area_choices, "streets": picker.street_choices, "services": _service_choices()}
    showing = request.method == "GET" or "show" in request.POST
    if showing:
        # Showing another street keeps what was typed and ticked, without judging it yet.
        initial = {k: sent.getlist(k) if k in ("service_areas", "services") else sent.get(k) for k in sent}
        form = ProviderForm(initial=initial, **choices)
    else:
        form = ProviderForm(request.POST, **choices)
    status = 200
    if not showing:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            by_code = {
                a.code: a for a in Area.objects.filter(code__in=[data["area"], *data["service_areas"]])
            }
            with onto_form(form) as outcome:
                provider = actions.provider_register(
                    actor=request.user,
                    area=by_code[data["area"]],
                    name=data["name"],
                    kind=data["kind"],
                    service_areas=[by_code[c] for c in data["service_areas"]],
                    services=list(queries.service_types().filter(code__in=data["services"])),
                    licence_number=data["licence_number"],
                    licence_expires=data["licence_expires"],
                    grade=data["grade"],
                    capacity_per_day=data["capacity_per_day"],
                    opening_hours=data["opening_hours"],
                    open_on_holidays=data["open_on_holidays"],
                    meal_cutoff=data["meal_cutoff"],
                    address=data["address"],
                )
            if outcome.ok:
                messages.success(request, _("The provider was registered."))
                return redirect("services:provider", provider.code)
    return render(request, "services/provider_form.html", {"form": form, "picker": picker}, status=status)


def _managed(request: AuthedHttpRequest, code: str) -> Any:
    provider = queries.provider_for(request.user, code)
    if not can_manage_provider(request.user, provider):
        raise Http404
    return provider


@login_required
def provider_grade(request: AuthedHttpRequest, code: str) -> HttpResponse:
    provider = _managed(request, code)
    initial = {
        "grade": provider.grade,
        "licence_number": provider.licence_number,
        "licence_expires": provider.licence_expires,
        "capacity_per_day": provider.capacity_per_day,
        "is_active": provider.is_active,
    }
    form = GradeForm(request.POST or None, initial=initial)
    cert_form = CertificateForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with onto_form(form) as outcome:
                actions.provider_update(actor=request.user, provider=provider, **form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("The provider was saved."))
                return redirect("services:provider", provider.code)
    return render(
        request,
        "services/provider_grade.html",
        {"provider": provider, "form": form, "cert_form": cert_form},
        status=status,
    )


@login_required
@require_POST
def certificate_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    provider = _managed(request, code)
    cert_form = CertificateForm(request.POST)
    if cert_form.is_valid():
        with onto_form(cert_form) as outcome:
            actions.certificate_add(actor=request.user, provider=provider, **cert_form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The certificate was added."))
            return redirect("services:provider", provider.code)
    form = GradeForm(initial={"grade": provider.grade, "capacity_per_day": provider.capacity_per_day})
    return render(
        request,
        "services/provider_grade.html",
        {"provider": provider, "form": form, "cert_form": cert_form},
        status=400,
    )


@login_required
def expiring(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, queries.VIEW) and not policy.roots(request.user, MANAGE):
        raise Http404
    today = timezone.localdate()
    rows = queries.expiring(request.user, today=today, days=EXPIRY_DAYS)
    return render(request, "services/expiring.html", {"rows": rows, "days": EXPIRY_DAYS, "today": today})
