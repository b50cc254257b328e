"""Rentals and the floating population."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.registry import actions, forms, queries
from linli.registry.views.common import _form_page, _managed, _staff
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def rentals(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    return render(
        request,
        "registry/rentals.html",
        {
            "rentals": queries.rentals_for(request.user).filter(end__gte=today)[:100],
            "expiring": queries.registrations_expiring(request.user, today=today)[:100],
            "unregistered": queries.rented_dwellings_unregistered(request.user, today=today)[:100],
            "today": today,
            "can_manage": queries.communities_managed_by(request.user).exists(),
        },
    )


# A refusal about one tenant's name, ID or phone is shown on the tenants box, where the tenants
# are typed (the form has no such fields of its own).
ON_TENANTS = {"id_number": "tenants", "name": "tenants", "phone": "tenants"}


@login_required
def rental_new(request: AuthedHttpRequest) -> HttpResponse:
    communities = _managed(request)
    form = forms.RentalForm(
        request.POST or None,
        dwellings=queries.dwellings_for(request.user)
        .filter(community__in=communities)
        .order_by("building__name", "number"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form, elsewhere=ON_TENANTS) as outcome:
            actions.rental_register(
                actor=request.user,
                dwelling=d["dwelling"],
                landlord_name=d["landlord_name"],
                landlord_phone=d["landlord_phone"],
                start=d["start"],
                end=d["end"],
                tenants=d["tenants"],
            )
        if outcome.ok:
            messages.success(request, _("The rental was registered."))
            return redirect("registry:rentals")
    return _form_page(
        request, form, title=_("Register a rental"), back=reverse("registry:rentals"), submit=_("Register")
    )


@login_required
def rental_extend(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rental = queries.rental_for(request.user, pk)
    form = forms.ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.rental_extend(actor=request.user, rental=rental, end=form.cleaned_data["end"])
        if outcome.ok:
            messages.success(request, _("The lease was extended."))
            return redirect("registry:rentals")
    return _form_page(
        request,
        form,
        title=_("Extend the lease of %(d)s") % {"d": rental.dwelling},
        back=reverse("registry:rentals"),
        submit=_("Extend"),
    )
