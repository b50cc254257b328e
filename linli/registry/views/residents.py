"""Search (the registry's home), a resident's page and the corrections to a record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.common.dbrouter import replica_view
from linli.registry import actions, forms, queries
from linli.registry.views.common import PAGE_SIZE, _form_page, _render, _resident_action, _staff, _tag_labels
from linli.ui import searches
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
@replica_view
def search(request: HttpRequest) -> HttpResponse:
    _staff(request)
    user = request.user
    tags = queries.tag_choices_for(user)
    buildings = queries.buildings_for(user).order_by("community__code", "name")
    # Posted, so that a name, mobile or ID number never sits in a URL (web.searches).
    if request.method == "POST":
        form = forms.SearchForm(request.POST, buildings=buildings, tags=tags)
        if form.is_valid():
            return redirect(f"{reverse('registry:search')}?{searches.query_for(request, request.POST)}")
    else:
        form = forms.SearchForm(searches.bound_data(request), buildings=buildings, tags=tags)
    page = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        found = queries.residents_search(
            user,
            queries.Search(
                q=d["q"],
                building=d["building"],
                dwelling_number=d["dwelling"],
                tag=d["tag"],
                kind=d["kind"],
                status=d["status"],
            ),
        )
    elif not form.is_bound:
        found = queries.residents_search(user, queries.Search())
    else:
        found = None
    if found is not None:
        page = queries.residents_page(user, found, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "registry/search.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "tag_labels": dict(tags),
            "today": timezone.localdate(),
            "pending": queries.pending_counts(user),
            "can_manage": queries.communities_managed_by(user).exists(),
        },
        form,
    )


@login_required
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = queries.resident_for(request.user, pk)
    user = request.user
    can_manage = policy.can(user, actions.WRITE, resident.community)
    resident = queries.with_visible_tags(
        queries.residents_for(user).filter(pk=resident.pk), user
    ).select_related("household__dwelling__building", "community")[0]
    tags = queries.tag_choices_for(user, derived=False)
    return render(
        request,
        "registry/resident.html",
        {
            "r": resident,
            "today": timezone.localdate(),
            "tag_labels": _tag_labels(request),
            "history": queries.resident_history(resident),
            "earlier": queries.person_records(user, resident),
            "visits": queries.visits_of(resident)[:20],
            "can_manage": can_manage,
            "can_reveal": policy.can(user, "pii.reveal", resident.community),
            "tag_form": forms.TagForm(tags=tags) if can_manage else None,
            "visit_form": forms.VisitForm() if can_manage else None,
        },
    )


@login_required
def resident_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    if not policy.can(request.user, actions.WRITE, resident.community):
        raise Http404
    initial = {field: getattr(resident, field) for field in actions.EDITABLE}
    form = forms.ResidentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.resident_update(actor=request.user, resident=resident, **form.cleaned_data)
        if outcome.ok:
            messages.success(
                request, _("The record of %(name)s was corrected.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("registry:resident", pk=resident.pk)
    return _form_page(
        request,
        form,
        title=_("Correct the record of %(name)s") % {"name": resident.name},
        back=reverse("registry:resident", args=[resident.pk]),
        submit=_("Save"),
    )
