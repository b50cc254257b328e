"""Democratic evaluation pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from linli.common.errors import DomainError
from linli.governance import rules
from linli.governance.evaluation import actions, queries
from linli.governance.evaluation import forms as f
from linli.governance.lookups import managed_community
from linli.governance.models import (
    Participation,
    Rating,
)
from linli.governance.permissions import can_manage, own_records
from linli.governance.views import _attempt, _do, _managed_or_404, _status

# ---------------------------------------------------------------------------------------------
# Democratic evaluation


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    communities = _managed_or_404(request)
    form = f.CampaignForm(request.POST or None, communities=communities)
    if request.method == "POST":
        campaign = _attempt(
            form,
            lambda: actions.campaign_open(
                actor=request.user,
                community=managed_community(request.user, form.cleaned_data["community"]),
                title=form.cleaned_data["title"],
                closes_at=form.cleaned_data["closes_at"],
                subjects=form.subject_list(),
            ),
        )
        if campaign:
            return redirect("governance:campaign", code=campaign.code)
    return render(
        request,
        "governance/form_page.html",
        {"form": form, "title": _("Open a democratic evaluation")},
        status=_status(form),
    )


@login_required
def campaign_detail(request: HttpRequest, code: str) -> HttpResponse:
    campaign = queries.campaign_for(request.user, code)
    manage = can_manage(request.user, campaign.community)
    subjects = list(campaign.subjects.all())
    error = None
    do = request.POST.get("do")
    if request.method == "POST":
        if do == "answer":
            ratings = {s.pk: request.POST.get(f"s{s.pk}", "") for s in subjects}
            try:
                actions.evaluation_answer(actor=request.user, campaign=campaign, ratings=ratings)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("Thank you. Your answer was counted anonymously."))
                return redirect("governance:campaign", code=code)
        elif do in ("close", "publish") and manage:
            fn = actions.campaign_close if do == "close" else actions.campaign_publish
            _do(request, lambda: fn(actor=request.user, campaign=campaign), _("Saved."))
            return redirect("governance:campaign", code=code)
        else:
            raise Http404
    mine = own_records(request.user, campaign.community)
    answered = bool(mine) and Participation.objects.filter(campaign=campaign, resident__in=mine).exists()
    return render(
        request,
        "governance/campaign.html",
        {
            "campaign": campaign,
            "subjects": subjects,
            "ratings": Rating.choices,
            "manage": manage,
            "results": queries.evaluation_results(campaign),
            "least": rules.rule("GOV_EVALUATION_MIN_ANSWERS"),
            "can_answer": bool(mine) and not answered and campaign.status == "open",
            "answered": answered,
            "error": error,
            "rows": [(s, request.POST.get(f"s{s.pk}", "") if error else "") for s in subjects],
        },
        status=400 if error else 200,
    )
