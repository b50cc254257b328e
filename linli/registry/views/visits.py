"""Visits: logging one, and the list of who is due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from linli.registry import actions, forms, queries
from linli.registry.views.common import _form_page, _render, _resident_action, _staff
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def visit_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.visit_log(
                actor=request.user,
                resident=resident,
                visited_at=d["visited_at"],
                findings=d["findings"],
                follow_up=d["follow_up"],
            )
        if outcome.ok:
            messages.success(request, _("The visit was logged."))
            return redirect("registry:resident", pk=resident.pk)
    return _form_page(
        request,
        form,
        title=_("Log a home visit to %(name)s") % {"name": resident.name},
        back=reverse("registry:resident", args=[resident.pk]),
        submit=_("Log the visit"),
    )


@login_required
def visits(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    mine_only = request.GET.get("all") != "1"
    due = queries.visits_due(request.user, mine_only=mine_only)
    communities = queries.communities_managed_by(request.user)
    tags = queries.tag_choices_for(request.user)
    form = (
        forms.FrequencyForm(request.POST or None, communities=communities, tags=tags)
        if communities.exists()
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            with onto_form(form) as outcome:
                actions.visit_frequency_set(
                    actor=request.user, community=d["community"], tag=d["tag"], days=d["days"]
                )
            if outcome.ok:
                messages.success(request, _("The visit frequency was saved."))
                return redirect("registry:visits")
    frequencies = []
    for c in communities:
        days = queries.visit_days(c)
        frequencies.append((c, [(label, days.get(tag, 30)) for tag, label in tags]))
    return _render(
        request,
        "registry/visits.html",
        {
            "overdue": [d for d in due if d.overdue],
            "due": [d for d in due if not d.overdue],
            "mine_only": mine_only,
            "form": form,
            "frequencies": frequencies,
            "tag_labels": dict(tags),
        },
        form,
    )
