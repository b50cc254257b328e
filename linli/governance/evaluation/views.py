"""Democratic evaluation pages: the campaign page (GET) and one URL per action (POST)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.governance import rules
from linli.governance.evaluation import actions, queries
from linli.governance.evaluation import forms as f
from linli.governance.lookups import _managed_or_404, managed_community
from linli.governance.models import Campaign, Participation, Rating
from linli.governance.permissions import can_manage, own_records
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def campaign_new(request: AuthedHttpRequest) -> HttpResponse:
    form = f.CampaignForm(request.POST or None, communities=_managed_or_404(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            campaign = actions.campaign_open(
                actor=request.user,
                community=managed_community(request.user, d["community"]),
                title=d["title"],
                closes_at=d["closes_at"],
                subjects=form.subject_list(),
            )
        if outcome.ok:
            return redirect("governance:campaign", code=campaign.code)
    title = _("Open a democratic evaluation")
    status = 400 if form.errors else 200
    return render(request, "governance/form_page.html", {"form": form, "title": title}, status=status)


def _page(
    request: HttpRequest, campaign: Campaign, *, answer: forms.Form | None = None, **extra: Any
) -> HttpResponse:
    subjects = list(campaign.subjects.all())
    mine = own_records(request.user, campaign.community)
    answered = bool(mine) and Participation.objects.filter(campaign=campaign, resident__in=mine).exists()
    error = answer.non_field_errors()[0] if answer is not None and answer.non_field_errors() else None
    context = {
        "campaign": campaign,
        "subjects": subjects,
        "ratings": Rating.choices,
        "manage": can_manage(request.user, campaign.community),
        "results": queries.evaluation_results(campaign),
        "least": rules.rule("GOV_EVALUATION_MIN_ANSWERS"),
        "can_answer": bool(mine) and not answered and campaign.status == "open",
        "answered": answered,
        "error": error,
        "rows": [(s, request.POST.get(f"s{s.pk}", "") if error else "") for s in subjects],
        **extra,
    }
    refused = error or extra.get("refused") is not None
    return render(request, "governance/campaign.html", context, status=400 if refused else 200)


@login_required
def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, queries.campaign_for(request.user, code))


@require_POST
@login_required
def campaign_answer(request: AuthedHttpRequest, code: str) -> HttpResponse:
    campaign = queries.campaign_for(request.user, code)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        ratings = {s.pk: request.POST.get(f"s{s.pk}", "") for s in campaign.subjects.all()}
        actions.evaluation_answer(actor=request.user, campaign=campaign, ratings=ratings)
    if not outcome.ok:
        return _page(request, campaign, answer=form)
    messages.success(request, _("Thank you. Your answer was counted anonymously."))
    return redirect("governance:campaign", code=code)


def _managed_campaign(request: HttpRequest, code: str) -> Campaign:
    campaign = queries.campaign_for(request.user, code)
    if not can_manage(request.user, campaign.community):
        raise Http404
    return campaign


@require_POST
@login_required
def campaign_close(request: AuthedHttpRequest, code: str) -> HttpResponse:
    campaign = _managed_campaign(request, code)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.campaign_close(actor=request.user, campaign=campaign)
    if not outcome.ok:
        return _page(request, campaign, refused=form)
    messages.success(request, _("Saved."))
    return redirect("governance:campaign", code=code)


@require_POST
@login_required
def campaign_publish(request: AuthedHttpRequest, code: str) -> HttpResponse:
    campaign = _managed_campaign(request, code)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.campaign_publish(actor=request.user, campaign=campaign)
    if not outcome.ok:
        return _page(request, campaign, refused=form)
    messages.success(request, _("Saved."))
    return redirect("governance:campaign", code=code)
