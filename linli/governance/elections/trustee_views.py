"""Key ceremony and count pages, for the officials with the trustees beside them.

The key file is the response to the enrol form and is never stored. For the count each trustee
downloads the round's encrypted totals, decrypts their part at home with `tools/trustee_key.py
decrypt` and uploads the result; their key file and passphrase never come back to linli."""

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.governance.elections import actions, queries
from linli.governance.elections import forms as f
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
        "blank_decrypt_form": f.DecryptForm(trustees=trustees),
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


DECRYPTION_FILE_MAX = 64 * 1024  # 9 candidates take ~7 KB


@login_required
def trustee_tally(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The round's encrypted totals for its trustees to take home (`tools/trustee_key.py decrypt`)."""
    election = _managed_election(request, code)
    r = queries.round_of(election, number)
    if r.status != RoundStatus.CLOSED:
        raise Http404
    response = JsonResponse(actions.tally_for_trustees(r), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="tally-{code}-{number}.json"'
    return response


@require_POST
@login_required
def trustee_decryption(request: AuthedHttpRequest, code: str, number: int) -> HttpResponse:
    election = _managed_election(request, code)
    r = queries.round_of(election, number)
    form = f.DecryptForm(request.POST, request.FILES, trustees=list(election.trustees.order_by("number")))
    if form.is_valid():
        d = form.cleaned_data
        try:
            upload = json.loads(d["decryption"].read(DECRYPTION_FILE_MAX + 1))
            if not isinstance(upload, dict) or upload.get("round", r.number) != r.number:
                raise ValueError
            if upload.get("election", code) != code:
                raise ValueError
            parts = upload["parts"]
        except (ValueError, KeyError, UnicodeDecodeError):
            form.add_error(
                "decryption", _("This is not a partial decryption of this round (from tools/trustee_key.py).")
            )
        else:
            with onto_form(form) as outcome:
                actions.decryption_upload(
                    actor=request.user,
                    round=r,
                    trustee=_get(Trustee, election=election, number=int(d["trustee"])),
                    parts=parts,
                )
            if outcome.ok:
                messages.success(request, _("The trustee's part of the count is recorded."))
                return redirect("governance:trustees", code=code)
    return _page(request, election, decrypt_form=form, decrypt_round=r.number)
