"""Moves: in, out, death, and transfers between communities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.queries import area_by_code
from linli.registry import actions, forms, queries
from linli.registry.models import (
    ResidentStatus,
    TransferDirection,
    TransferStatus,
)
from linli.registry.views.common import _form_page, _managed, _resident_action, _staff
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def move_in(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    communities = _managed(request)
    form = forms.MoveInForm(
        request.POST or None,
        communities=communities,
        dwellings=queries.dwellings_for(request.user)
        .filter(community__in=communities)
        .order_by("building__name", "number"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["dwelling"] is not None and d["dwelling"].community_id != d["community"].pk:
            form.add_error("dwelling", _("The dwelling is not in this community."))
        else:
            with onto_form(form) as outcome:
                result = actions.resident_move_in(
                    actor=request.user,
                    community=d["community"],
                    person=form.person(),
                    dwelling=d["dwelling"],
                    collective_unit=d.get("collective_unit") or "",
                )
            if outcome.ok:
                return _after_move_in(request, result)
    return _form_page(
        request,
        form,
        title=_("Register a new household (move in)"),
        back=reverse("registry:search"),
        submit=_("Register"),
        intro=_(
            "If the person is registered in another community, a transfer request is sent there instead."
        ),
    )


def _after_move_in(request: HttpRequest, result: actions.MoveIn) -> HttpResponse:
    if result.transfer is not None:
        messages.info(
            request,
            _(
                "This person is registered in %(c)s. A transfer request was sent there; they are added once it is released."
            )
            % {"c": result.transfer.from_community.name},
        )
        return redirect("registry:transfers")
    assert result.resident is not None  # noqa: S101  (one of the two is always set)
    messages.success(request, _("%(name)s was registered.") % {"name": result.resident.name})
    return redirect("registry:household", pk=result.resident.household_id)


@login_required
def move_out(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    form = forms.MoveOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["to_community"].strip()
        target = area_by_code(code) if code else None
        if code and (target is None or target.level != Level.COMMUNITY or not target.is_active):
            form.add_error("to_community", _("No community has this code."))
        else:
            with onto_form(form) as outcome:
                transfer = actions.resident_move_out(
                    actor=request.user, resident=resident, to_community=target, note=form.cleaned_data["note"]
                )
            if outcome.ok:
                if transfer is not None:
                    messages.success(
                        request,
                        _("A transfer request was sent to %(c)s; the record moves once it accepts.")
                        % {"c": target.name},  # type: ignore[union-attr]
                    )
                else:
                    messages.success(
                        request, _("%(name)s was recorded as moved out.") % {"name": resident.name}
                    )
                return redirect("registry:resident", pk=resident.pk)
    return _form_page(
        request,
        form,
        title=_("%(name)s moves out") % {"name": resident.name},
        back=reverse("registry:resident", args=[resident.pk]),
        submit=_("Record the move"),
    )


@login_required
def death(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    others = (
        resident.household.members.filter(status=ResidentStatus.ACTIVE).exclude(pk=resident.pk)
        if resident.household
        else []
    )
    form = forms.DeathForm(request.POST or None, members=others)
    if request.method == "POST" and form.is_valid():
        new_head = next((m for m in others if m.pk == form.cleaned_data["new_head"]), None)
        with onto_form(form) as outcome:
            actions.resident_death(
                actor=request.user, resident=resident, new_head=new_head, note=form.cleaned_data["note"]
            )
        if outcome.ok:
            messages.success(request, _("The death of %(name)s was recorded.") % {"name": resident.name})
            return redirect("registry:resident", pk=resident.pk)
    return _form_page(
        request,
        form,
        title=_("Record the death of %(name)s") % {"name": resident.name},
        back=reverse("registry:resident", args=[resident.pk]),
        submit=_("Record"),
    )


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(
        request,
        "registry/transfers.html",
        {
            "to_decide": queries.transfers_to_decide(request.user),
            "recent": queries.transfers_for(request.user)[:50],
        },
    )


@login_required
def transfer_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    transfer = queries.transfer_for(request.user, pk)
    deciding = (
        transfer.to_community if transfer.direction == TransferDirection.OUT else transfer.from_community
    )
    if not policy.can(request.user, actions.WRITE, deciding) or transfer.status != TransferStatus.PENDING:
        raise Http404
    receiving = transfer.direction == TransferDirection.OUT
    dwellings = queries.dwellings_for(request.user).filter(community=transfer.to_community)
    form = (
        forms.TransferAcceptForm(request.POST or None, dwellings=dwellings)
        if receiving
        else forms.DecideForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.transfer_decide(
                actor=request.user,
                transfer=transfer,
                accept=d["decision"] == "accept",
                reason=d["reason"],
                dwelling=d.get("dwelling"),
            )
        if outcome.ok:
            messages.success(request, _("The transfer was decided."))
            return redirect("registry:transfers")
    return _form_page(
        request,
        form,
        title=_("Transfer %(code)s: %(name)s, %(a)s → %(b)s")
        % {
            "code": transfer.code,
            "name": transfer.resident.name,
            "a": transfer.from_community.name,
            "b": transfer.to_community.name,
        },
        back=reverse("registry:transfers"),
        submit=_("Decide"),
    )
