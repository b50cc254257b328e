"""Key ceremony and decryption pages, for the officials with the trustees beside them.

The key file is the response to the enrol form and is never stored; the passphrase and the file
uploaded for the count live only in that request."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.governance.elections import actions, queries
from linli.governance.elections import forms as f
from linli.governance.elections.actions.trustees import KEY_FILE_MAX
from linli.governance.elections.views import _managed_election
from linli.governance.lookups import _get
from linli.governance.models import Election, PartialDecryption, RoundStatus, Trustee
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


def _page(request: HttpRequest, election: Election, **bound: Any) -> HttpResponse:
    trustees = list(election.trustees.order_by("number"))
    rounds = [
        (r, PartialDecryption.objects.filter(round=r).select_related("trustee").order_by("trustee__number"))
        for r in election.rounds.filter(status=RoundStatus.CLOSED).order_by("number")
    ]
    context = {
        "election": election,
        "trustees": trustees,
        "ceremony_form": bound.get("ceremony_form")
        or f.CeremonyForm(
            initial={"names": "\n".join(t.name for t in trustees), "needed": election.trustees_needed or 3}
        ),
        "enrol_form": bound.get("enrol_form") or f.EnrolForm(),
        "enrol_for": bound.get("enrol_for"),
        "decrypt_form": bound.get("decrypt_form") or f.DecryptForm(trustees=trustees),
        "decrypt_round": bound.get("decrypt_round"),
        "rounds": rounds,
        "refused": bound.get("refused"),
        "all_enrolled": bool(trustees) and all(t.seal_key for t in trustees),
    }
    failed = any(isinstance(v, forms.Form) and v.errors for v in bound.values())
    return render(request, "governance/trustees.html", context, status=400 if failed else 200)


@login_required
def trustees(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, _managed_election(request, code))


@require_POST
@login_required
def ceremony_open(request: AuthedHttpRequest, code: str) -> HttpResponse:
    election = _managed_election(request, code)
    form = f.CeremonyForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.ceremony_open(
                actor=request.user,
                election=election,
                needed=form.cleaned_data["needed"],
                names=form.names_list(),
            )
        if outcome.ok:
            messages.success(request, _("Trustees named. Each now sets a passphrase and takes a key file."))
            return redirect("governance:trustees", code=code)
    return _page(request, election, ceremony_form=form)


@require_POST
@login_required
def trustee_enrol(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    election = _managed_election(request, code)
    trustee = _get(Trustee, election=election, number=number)
    form = f.EnrolForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            pem = actions.trustee_enrol(
                actor=request.user, trustee=trustee, passphrase=form.cleaned_data["passphrase"]
            )
        if outcome.ok:
            response = HttpResponse(pem, content_type="application/x-pem-file")
            response["Content-Disposition"] = f'attachment; filename="trustee-{code}-{number}.pem"'
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, election, enrol_form=form, enrol_for=trustee.number)


@require_POST
@login_required
def trustee_contribute(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    election = _managed_election(request, code)
    trustee = _get(Trustee, election=election, number=number)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.trustee_contribute(actor=request.user, trustee=trustee)
    if not outcome.ok:
        return _page(request, election, refused=form)
    messages.success(request, _("Contribution recorded."))
    return redirect("governance:trustees", code=code)


@require_POST
@login_required
def trustee_decrypt(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    election = _managed_election(request, code)
    r = queries.round_of(election, number)
    form = f.DecryptForm(request.POST, request.FILES, trustees=list(election.trustees.order_by("number")))
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.trustee_decrypt(
                actor=request.user,
                round=r,
                trustee=_get(Trustee, election=election, number=int(d["trustee"])),
                key_file=d["key_file"].read(KEY_FILE_MAX + 1),  # the action refuses a larger file
                passphrase=d["passphrase"],
            )
        if outcome.ok:
            messages.success(request, _("The trustee's part of the count is recorded."))
            return redirect("governance:trustees", code=code)
    return _page(request, election, decrypt_form=form, decrypt_round=r.number)
