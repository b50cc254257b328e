"""Buildings, dwellings, their workers, and households (members, head, split, merge)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.registry import actions, forms, queries
from linli.registry.views.common import (
    _form_page,
    _household_action,
    _render,
    _staff,
    _tag_labels,
    flash_refusal,
    refusal_holder,
)
from linli.registry.views.moves import _after_move_in
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def buildings(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    communities = queries.communities_managed_by(request.user)
    form = forms.BuildingForm(request.POST or None, communities=communities) if communities.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            with onto_form(form) as outcome:
                b = actions.building_create(
                    actor=request.user,
                    community=d["community"],
                    name=d["name"],
                    address=d["address"],
                    unit_count=d["unit_count"],
                    grid=d["grid"],
                )
            if outcome.ok:
                messages.success(request, _("%(name)s was added.") % {"name": b.name})
                return redirect("registry:building", pk=b.pk)
    rows = queries.buildings_for(request.user).order_by("community__code", "name")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return _render(request, "registry/buildings.html", {"page": page, "form": form}, form)


@login_required
def building_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    building = queries.building_for(request.user, pk)
    can_manage = policy.can(request.user, actions.WRITE, building.community)
    form = forms.DwellingForm(request.POST or None) if can_manage else None
    assign = forms.AssignForm(None, workers=_workers_of(building.community)) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            with onto_form(form) as outcome:
                actions.dwelling_create(
                    actor=request.user,
                    building=building,
                    number=d["number"],
                    use=d["use"],
                    floor_area_m2=d["floor_area_m2"],
                )
            if outcome.ok:
                messages.success(request, _("The dwelling was added."))
                return redirect("registry:building", pk=building.pk)
    dwellings = building.dwellings.all().prefetch_related("households")
    return _render(
        request,
        "registry/building.html",
        {
            "building": building,
            "dwellings": dwellings,
            "form": form,
            "assign": assign,
            "assignments": queries.assignments_of(building),
        },
        form,
    )


def _workers_of(community: Area) -> QuerySet[User]:
    """Workers and directors who hold their role at this community or above it."""
    prefixes = [community.path[:i] for i in range(1, len(community.path) + 1) if community.path[i - 1] == "/"]
    prefixes.append(community.path)
    return User.objects.filter(
        grants__role__in=["worker", "director"], grants__area__path__in=prefixes, is_active=True
    ).distinct()


@login_required
def building_assign(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    building = queries.building_for(request.user, pk)
    if request.method != "POST":
        return redirect("registry:building", pk=pk)
    form = forms.AssignForm(request.POST, workers=_workers_of(building.community))
    refused = refusal_holder()
    with onto_form(refused):
        if request.POST.get("remove"):
            worker = _workers_of(building.community).filter(pk=request.POST.get("remove", "")).first()
            if worker is None:
                raise Http404
            actions.building_unassign(actor=request.user, building=building, worker=worker)
        elif form.is_valid():
            actions.building_assign(actor=request.user, building=building, worker=form.cleaned_data["worker"])
        else:
            messages.error(request, _("Choose a worker of this community."))
    flash_refusal(request, refused)
    return redirect("registry:building", pk=pk)


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = queries.household_for(request.user, pk)
    if not policy.can(request.user, "areas.view", household.community):
        return redirect("registry:mine")
    today = timezone.localdate()
    members = queries.with_visible_tags(
        household.members.select_related("community").order_by("status", "id"), request.user
    )
    return render(
        request,
        "registry/household.html",
        {
            "household": household,
            "members": members,
            "history": queries.household_history(household)[:100],
            "can_manage": policy.can(request.user, actions.WRITE, household.community),
            "tag_labels": _tag_labels(request),
            "today": today,
        },
    )


@login_required
def member_add(request: AuthedHttpRequest, pk: int, birth: bool = False) -> HttpResponse:
    household, _members = _household_action(request, pk)
    form = forms.MemberForm(request.POST or None, initial={"relation": "child"} if birth else None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            if birth:
                r = actions.resident_birth(
                    actor=request.user,
                    household=household,
                    person=form.person(),
                    relation=form.cleaned_data["relation"],
                )
                result = actions.MoveIn(resident=r)
            else:
                result = actions.resident_move_in(
                    actor=request.user,
                    community=household.community,
                    person=form.person(),
                    household=household,
                    relation=form.cleaned_data["relation"],
                )
        if outcome.ok:
            return _after_move_in(request, result)
    return _form_page(
        request,
        form,
        title=(_("Register a birth in %(h)s") if birth else _("Add a member to %(h)s"))
        % {"h": household.code},
        back=reverse("registry:household", args=[household.pk]),
        submit=_("Register"),
    )


@login_required
def change_head(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    household, members = _household_action(request, pk)
    form = forms.ChangeHeadForm(
        request.POST or None, members=[m for m in members if m.pk != household.head_id]
    )
    if request.method == "POST" and form.is_valid():
        new_head = next(m for m in members if m.pk == form.cleaned_data["new_head"])
        with onto_form(form) as outcome:
            actions.household_change_head(
                actor=request.user,
                household=household,
                new_head=new_head,
                old_head_relation=form.cleaned_data["old_head_relation"],
            )
        if outcome.ok:
            messages.success(request, _("The head of household was changed."))
            return redirect("registry:household", pk=household.pk)
    return _form_page(
        request,
        form,
        title=_("Change the head of %(h)s") % {"h": household.code},
        back=reverse("registry:household", args=[household.pk]),
        submit=_("Change"),
    )


@login_required
def split(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    household, members = _household_action(request, pk)
    others = [m for m in members if m.pk != household.head_id]
    form = forms.SplitForm(
        request.POST or None,
        members=others,
        dwellings=queries.dwellings_for(request.user).filter(community=household.community),
    )
    if request.method == "POST" and form.is_valid():
        by_pk = {m.pk: m for m in others}
        with onto_form(form) as outcome:
            new = actions.household_split(
                actor=request.user,
                household=household,
                members=[by_pk[i] for i in form.cleaned_data["members"]],
                new_head=by_pk[form.cleaned_data["new_head"]],
                dwelling=form.cleaned_data["dwelling"],
            )
        if outcome.ok:
            messages.success(request, _("Household %(code)s was formed.") % {"code": new.code})
            return redirect("registry:household", pk=new.pk)
    return _form_page(
        request,
        form,
        title=_("Split %(h)s") % {"h": household.code},
        back=reverse("registry:household", args=[household.pk]),
        submit=_("Split"),
    )


@login_required
def merge(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    household, _members = _household_action(request, pk)
    form = forms.MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = (
            queries.households_for(request.user).filter(code=fold_code(form.cleaned_data["target"])).first()
        )
        if target is None:
            form.add_error("target", _("No household with this code in your communities."))
        else:
            with onto_form(form) as outcome:
                actions.household_merge(
                    actor=request.user,
                    source=household,
                    target=target,
                    relation=form.cleaned_data["relation"],
                )
            if outcome.ok:
                messages.success(request, _("The households were merged."))
                return redirect("registry:household", pk=target.pk)
    return _form_page(
        request,
        form,
        title=_("Merge %(h)s into another household") % {"h": household.code},
        back=reverse("registry:household", args=[household.pk]),
        submit=_("Merge"),
    )
