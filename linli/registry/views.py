"""Registry pages: thin — parse, call a query or an action, render."""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.errors import DomainError
from linli.common.identifiers import fold_code
from linli.common.tempfiles import unnamed_file
from linli.registry import actions, forms, importing, jobs, queries
from linli.registry.jobs import import_job_confirm, import_job_create
from linli.registry.models import (
    AGED_80,
    Household,
    ImportJob,
    ImportStatus,
    ReportKind,
    ReportStatus,
    ResidentStatus,
    TransferDirection,
    TransferStatus,
)
from linli.ui import searches
from linli.ui.forms import apply_domain_error, onto_form, reraise_not_found

PAGE_SIZE = 20


def _staff(request: HttpRequest) -> None:
    if not policy.roots(request.user, "areas.view"):
        raise Http404


def _managed(request: HttpRequest) -> QuerySet[Area]:
    communities = queries.communities_managed_by(request.user)
    if not communities.exists():
        raise Http404
    return communities


def _tag_labels(request: HttpRequest) -> dict[str, str]:
    return dict(queries.tag_choices_for(request.user))


def _render(request: HttpRequest, template: str, ctx: dict[str, Any], form: Any = None) -> HttpResponse:
    bad = form is not None and form.is_bound and form.errors
    return render(request, template, ctx, status=400 if bad else 200)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, submit: str, intro: str = ""
) -> HttpResponse:
    ctx = {"form": form, "title": title, "back": back, "submit": submit, "intro": intro}
    return _render(request, "registry/form.html", ctx, form)


# ---------------------------------------------------------------------------------------------
# Search (the registry's home)


@login_required
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


# ---------------------------------------------------------------------------------------------
# Buildings and dwellings


@login_required
def buildings(request: HttpRequest) -> HttpResponse:
    _staff(request)
    communities = queries.communities_managed_by(request.user)
    form = forms.BuildingForm(request.POST or None, communities=communities) if communities.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                b = actions.building_create(
                    actor=request.user,
                    community=d["community"],
                    name=d["name"],
                    address=d["address"],
                    unit_count=d["unit_count"],
                    grid=d["grid"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": b.name})
                return redirect("registry:building", pk=b.pk)
    rows = queries.buildings_for(request.user).order_by("community__code", "name")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return _render(request, "registry/buildings.html", {"page": page, "form": form}, form)


@login_required
def building_detail(request: HttpRequest, pk: int) -> HttpResponse:
    building = queries.building_for(request.user, pk)
    can_manage = policy.can(request.user, actions.WRITE, building.community)
    form = forms.DwellingForm(request.POST or None) if can_manage else None
    assign = forms.AssignForm(None, workers=_workers_of(building.community)) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.dwelling_create(
                    actor=request.user,
                    building=building,
                    number=d["number"],
                    use=d["use"],
                    floor_area_m2=d["floor_area_m2"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
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
def building_assign(request: HttpRequest, pk: int) -> HttpResponse:
    building = queries.building_for(request.user, pk)
    if request.method != "POST":
        return redirect("registry:building", pk=pk)
    form = forms.AssignForm(request.POST, workers=_workers_of(building.community))
    try:
        if request.POST.get("remove"):
            worker = _workers_of(building.community).filter(pk=request.POST.get("remove", "")).first()
            if worker is None:
                raise Http404
            actions.building_unassign(actor=request.user, building=building, worker=worker)
        elif form.is_valid():
            actions.building_assign(actor=request.user, building=building, worker=form.cleaned_data["worker"])
        else:
            messages.error(request, _("Choose a worker of this community."))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
    return redirect("registry:building", pk=pk)


# ---------------------------------------------------------------------------------------------
# Households and residents


@login_required
def move_in(request: HttpRequest) -> HttpResponse:
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
                    kind=d["kind"],
                    dwelling=d["dwelling"],
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


def _household_action(request: HttpRequest, pk: int) -> tuple[Household, list[Any]]:
    household = queries.household_for(request.user, pk)
    if not policy.can(request.user, "areas.view", household.community):
        raise Http404
    return household, list(household.members.filter(status=ResidentStatus.ACTIVE).order_by("id"))


@login_required
def member_add(request: HttpRequest, pk: int, birth: bool = False) -> HttpResponse:
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
                    kind=household.kind,
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
def change_head(request: HttpRequest, pk: int) -> HttpResponse:
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
def split(request: HttpRequest, pk: int) -> HttpResponse:
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
def merge(request: HttpRequest, pk: int) -> HttpResponse:
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


def _resident_action(request: HttpRequest, pk: int) -> Any:
    resident = queries.resident_for(request.user, pk)
    if resident.status != ResidentStatus.ACTIVE:
        raise Http404
    return resident


@login_required
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
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


@login_required
def move_out(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    form = forms.MoveOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["to_community"].strip()
        target = Area.objects.filter(code=code).first() if code else None
        if code and target is None:
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
def death(request: HttpRequest, pk: int) -> HttpResponse:
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
def tag_set(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident_action(request, pk)
    if request.method != "POST":
        return redirect("registry:resident", pk=pk)
    try:
        if request.POST.get("remove"):
            actions.care_tag_remove(actor=request.user, resident=resident, tag=request.POST["remove"])
        else:
            form = forms.TagForm(request.POST, tags=queries.tag_choices_for(request.user, derived=False))
            if not form.is_valid():
                messages.error(request, _("Choose a care tag."))
                return redirect("registry:resident", pk=pk)
            d = form.cleaned_data
            actions.care_tag_set(
                actor=request.user, resident=resident, tag=d["tag"], level=d["level"], note=d["note"]
            )
    except DomainError as exc:
        reraise_not_found(exc)
        messages.error(request, exc.message)
    return redirect("registry:resident", pk=pk)


@login_required
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
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


# ---------------------------------------------------------------------------------------------
# Transfers and reports


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
def transfer_decide(request: HttpRequest, pk: int) -> HttpResponse:
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
                kind=d.get("kind") or "",
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


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    _staff(request)
    rows = queries.reports_for(request.user)
    return render(
        request,
        "registry/reports.html",
        {
            "pending": rows.filter(status=ReportStatus.PENDING),
            "decided": rows.exclude(status=ReportStatus.PENDING)[:50],
        },
    )


@login_required
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = queries.report_for(request.user, pk)
    if not policy.can(request.user, actions.WRITE, report.community) or report.status != ReportStatus.PENDING:
        raise Http404
    form = forms.DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.change_report_decide(
                actor=request.user,
                report=report,
                approve=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        if outcome.ok:
            messages.success(request, _("The report was decided."))
            return redirect("registry:reports")
    detail = [str(report.get_kind_display()), report.name]
    if report.kind == ReportKind.NEW_MEMBER:
        from linli.common.masking import mask_id_number

        detail.append(mask_id_number(report.id_number))
    if report.note:
        detail.append(report.note)
    return _form_page(
        request,
        form,
        title=_("Report %(code)s from household %(h)s") % {"code": report.code, "h": report.household.code},
        back=reverse("registry:reports"),
        submit=_("Decide"),
        intro=" · ".join(detail),
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A resident's own household, their reports and a form to report a change."""
    household = queries.household_of_user(request.user)
    members = list(household.members.filter(status=ResidentStatus.ACTIVE).order_by("id")) if household else []
    form = forms.ReportForm(request.POST or None, members=members) if household else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            subject = next((m for m in members if m.pk == d["subject"]), None)
            try:
                actions.change_report_submit(
                    actor=request.user,
                    kind=d["kind"],
                    subject=subject,
                    name=d["name"],
                    id_number=d["id_number"],
                    relation=d["relation"],
                    phone=d["phone"],
                    note=d["note"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(
                    request, _("Your report was sent to the community. You will see the outcome here.")
                )
                return redirect("registry:mine")
    return _render(
        request,
        "registry/mine.html",
        {
            "household": household,
            "members": members,
            "form": form,
            "reports": queries.reports_of_user(request.user),
        },
        form,
    )


# ---------------------------------------------------------------------------------------------
# Rentals


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


@login_required
def rental_new(request: HttpRequest) -> HttpResponse:
    communities = _managed(request)
    form = forms.RentalForm(
        request.POST or None,
        dwellings=queries.dwellings_for(request.user)
        .filter(community__in=communities)
        .order_by("building__name", "number"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.rental_register(
                actor=request.user,
                dwelling=d["dwelling"],
                landlord_name=d["landlord_name"],
                landlord_phone=d["landlord_phone"],
                start=d["start"],
                end=d["end"],
                tenants=d["tenants"],
            )
        except DomainError as exc:
            reraise_not_found(exc)
            apply_domain_error(form, exc)
            if "id_number" in exc.fields or "name" in exc.fields or "phone" in exc.fields:
                form.add_error("tenants", exc.message)
        else:
            messages.success(request, _("The rental was registered."))
            return redirect("registry:rentals")
    return _form_page(
        request, form, title=_("Register a rental"), back=reverse("registry:rentals"), submit=_("Register")
    )


@login_required
def rental_extend(request: HttpRequest, pk: int) -> HttpResponse:
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


# ---------------------------------------------------------------------------------------------
# Visits


@login_required
def visits(request: HttpRequest) -> HttpResponse:
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


# ---------------------------------------------------------------------------------------------
# Import and export


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    communities = _managed(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            job = import_job_create(
                actor=request.user, community=d["community"], upload=d["file"], dry_run=d["dry_run"]
            )
        if outcome.ok:
            return redirect("registry:import_job", code=job.code)
    context = {
        "form": form,
        "columns": importing.COLUMNS,
        "tags_column": importing.TAGS_COLUMN,
        "tag_names": [label for code, label in importing.TAG_LABELS.items() if code != AGED_80],
        "aged_80": importing.TAG_LABELS[AGED_80],
    }
    return _render(request, "registry/import.html", context, form)


@login_required
def import_job(request: HttpRequest, code: str) -> HttpResponse:
    job = queries.import_job_for(request.user, code)
    if request.method == "POST" and job.status == ImportStatus.CHECKED:
        return _import_again(request, job, import_job_confirm)
    template = "registry/_import_job.html" if request.htmx else "registry/import_job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job, "running": job.running})


@login_required
@require_POST
def import_job_start_again(request: HttpRequest, code: str) -> HttpResponse:
    return _import_again(request, queries.import_job_for(request.user, code), jobs.import_job_start_again)


def _import_again(request: HttpRequest, job: ImportJob, start: Any) -> HttpResponse:
    try:
        new = start(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("registry:import_job", code=job.code)
    return redirect("registry:import_job", code=new.code)


@login_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _staff(request)
    if fmt == "csv":
        resp = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        resp = HttpResponse(
            importing.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="residents-template.{fmt}"'
    return resp


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    user: Any, search: queries.Search, *, fmt: str, reveal: bool
) -> HttpResponse | StreamingHttpResponse:
    """Stream the residents the user may see (masked unless `reveal`); shared with the API."""
    today = timezone.localdate()
    rows = queries.residents_search(user, search, today=today).order_by("household_id", "id")
    labels = dict(queries.tag_choices_for(user))
    lines = importing.export_rows(
        rows.iterator(chunk_size=2000), reveal=reveal, today=today, tag_labels=labels
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream() -> Iterator[str]:
            yield "\ufeff"
            for line in lines:
                yield writer.writerow(line)

        resp: Any = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("居民")
        for line in lines:
            ws.append(line)
        tmp = unnamed_file()  # FileResponse closes it
        wb.save(tmp)
        tmp.seek(0)
        resp = FileResponse(
            tmp, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    resp["Content-Disposition"] = f'attachment; filename="residents-{stamp}.{fmt}"'
    return resp


@login_required
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    _staff(request)
    form = forms.ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        search = queries.Search(
            q=searches.kept(request, request.GET.get("s", "")),
            building=int(request.GET["building"]) if request.GET.get("building", "").isdigit() else None,
            tag=request.GET.get("tag", ""),
            kind=request.GET.get("kind", ""),
        )
        try:
            if d["reveal"]:
                actions.export_reveal_allow(actor=request.user, reason=d["reason"], search=search)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return export_response(request.user, search, fmt=d["format"], reveal=d["reveal"])
    return _form_page(
        request,
        form,
        title=_("Export residents"),
        back=reverse("registry:search"),
        submit=_("Download"),
        intro=_(
            "Only residents you may see are exported. ID and mobile numbers are masked unless you give a reason."
        ),
    )
