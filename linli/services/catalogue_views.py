"""The catalogue's pages: everyone signed in reads it; city admins add and change entries."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from linli.services import actions, queries
from linli.services.forms import ServiceTypeForm
from linli.services.models import ServiceType
from linli.services.permissions import can_configure
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def catalogue(request: AuthedHttpRequest) -> HttpResponse:
    admin = can_configure(request.user)
    rows = queries.service_types(active=not admin)
    return render(request, "services/catalogue.html", {"rows": rows, "admin": admin})


def _initial(service: ServiceType) -> dict[str, object]:
    return {
        "code": service.code,
        "category": service.category,
        "name": service.name,
        "name_en": service.name_en,
        "description": service.description,
        "price": Decimal(service.price_fen) / 100,
        "subsidy": Decimal(service.subsidy_fen) / 100,
        "accept_minutes": service.accept_minutes,
        "response_hours": service.response_hours,
        "completion_days": service.completion_days,
        "min_age": service.min_age,
        "care_tags": service.care_tags,
        "household_kinds": service.household_kinds,
        "channels": service.channel_list(),
        "entitlement_kind": service.entitlement_kind,
        "hours_minutes": service.hours_minutes,
        "is_active": service.is_active,
    }


@login_required
def service_type_edit(request: AuthedHttpRequest, code: str = "") -> HttpResponse:
    """GET shows the form, POST saves (a new entry when `code` is empty)."""
    if not can_configure(request.user):
        raise Http404
    service = queries.service_type_for(code, active=False) if code else None
    if request.method == "POST":
        form = ServiceTypeForm(request.POST)
        if service is not None:
            form.fields["code"].disabled = True
            form.initial["code"] = service.code
        if form.is_valid():
            with onto_form(form) as outcome:
                actions.service_type_save(
                    actor=request.user,
                    code=service.code if service else form.cleaned_data["code"],
                    **form.values(),
                )
            if outcome.ok:
                messages.success(request, _("The catalogue was saved."))
                return redirect("services:catalogue")
        status = 400
    else:
        form = ServiceTypeForm(
            initial=_initial(service)
            if service
            else {
                "accept_minutes": 30,
                "response_hours": 4,
                "completion_days": 2,
                "channels": ["portal", "hotline", "station"],
            }
        )
        if service is not None:
            form.fields["code"].disabled = True
        status = 200
    return render(request, "services/service_type.html", {"form": form, "service": service}, status=status)
