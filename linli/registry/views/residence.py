"""人户分离: the worker's lists, and moving a residence or a 户口 apart (issue 21)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.registry import actions, forms, worklists
from linli.registry.views.common import _form_page, _resident_action, _staff, flash_refusal, refusal_holder
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest

LIMIT = 200


@login_required
def residence_lists(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    return render(
        request,
        "registry/residence.html",
        {
            "empty_flats": worklists.empty_registered_flats(request.user)[:LIMIT],
            "unregistered": worklists.living_here_unregistered(request.user)[:LIMIT],
            "recheck": worklists.away_to_recheck(request.user, today=today)[:LIMIT],
            "without_dwelling": worklists.registrations_without_dwelling(request.user)[:LIMIT],
            "others": worklists.others_of_my_communities(request.user),
            "today": today,
        },
    )


@login_required
def residence_move(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    form = forms.ResidenceMoveForm(
        request.POST or None,
        initial={
            "lives_where": resident.lives_where,
            "lives_code": resident.lives_code,
            "lives_address": resident.lives_address,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.resident_move_residence(
                actor=request.user,
                resident=resident,
                lives_where=d["lives_where"],
                lives_code=d["lives_code"],
                lives_address=d["lives_address"],
                since=d["since"],
            )
        if outcome.ok:
            messages.success(request, _("Where %(name)s lives was recorded.") % {"name": resident.name})
            return redirect("registry:resident", pk=resident.pk)
    return _form_page(
        request,
        form,
        title=_("%(name)s lives elsewhere (户口 unchanged)") % {"name": resident.name},
        back=reverse("registry:resident", args=[resident.pk]),
        submit=_("Save"),
    )


@login_required
def hukou_move(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    form = forms.HukouMoveForm(
        request.POST or None, initial={"hukou_where": resident.hukou_where, "hukou_code": resident.hukou_code}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.resident_move_hukou(
                actor=request.user,
                resident=resident,
                hukou_where=d["hukou_where"],
                hukou_code=d["hukou_code"],
            )
        if outcome.ok:
            messages.success(request, _("The 户口 of %(name)s was recorded.") % {"name": resident.name})
            return redirect("registry:resident", pk=resident.pk)
    return _form_page(
        request,
        form,
        title=_("The 户口 of %(name)s moves (residence unchanged)") % {"name": resident.name},
        back=reverse("registry:resident", args=[resident.pk]),
        submit=_("Save"),
    )


@login_required
@require_POST
def residence_confirm(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    holder = refusal_holder()
    with onto_form(holder) as outcome:
        actions.resident_residence_confirm(actor=request.user, resident=resident)
    if outcome.ok:
        messages.success(request, _("Confirmed where %(name)s lives.") % {"name": resident.name})
    else:
        flash_refusal(request, holder)
    if request.POST.get("next") == "lists":
        return redirect("registry:residence")
    return redirect("registry:resident", pk=resident.pk)
