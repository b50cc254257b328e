"""Facilities pages: thin wrappers that parse, call a query or an action, and render.

Every POST has its own URL and calls one action inside `onto_form` / `onto_messages`.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.queries import area_for, community_for
from linli.facilities import actions, geojson, queries, rates
from linli.facilities.forms import (
    ComponentForm,
    GridForm,
    ImportForm,
    LinkForm,
    MaintainedForm,
    PhotoForm,
    ProblemForm,
    RoundForm,
    StateForm,
)
from linli.facilities.models import Check, ProblemStatus
from linli.facilities.permissions import can_draw_grids, can_inspect, can_manage
from linli.tickets.calendar import TZ
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest

VIEW = queries.VIEW


def _today() -> dt.date:
    return timezone.now().astimezone(TZ).date()


def _staff(request: AuthedHttpRequest) -> None:
    if not policy.roots(request.user, VIEW):
        raise Http404


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    user = request.user
    grids = queries.grids(user)
    page = Paginator(grids, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "facilities/index.html",
        {
            "page": page,
            "rounds": list(queries.my_rounds(user)[:50]),
            "communities": list(queries.communities(user)[:200]),
            "today": _today(),
        },
    )


@login_required
def grid_detail(request: AuthedHttpRequest, code: str, form: Any = None, status: int = 200) -> HttpResponse:
    grid = queries.grid_for(request.user, code)
    after = request.GET.get("after", "")[:40]
    comps, next_after = queries.grid_page(request.user, grid, after=after)
    manage = can_manage(request.user, grid)
    return render(
        request,
        "facilities/grid.html",
        {
            "grid": grid,
            "page": comps,
            "after": after,
            "next_after": next_after,
            "manage": manage,
            "inspect": can_inspect(request.user, grid),
            "form": form or (ComponentForm() if manage else None),
            "round_form": RoundForm(initial={"due_on": _today()}),
        },
        status=status,
    )


@login_required
@require_POST
def component_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    grid = queries.grid_for(request.user, code)
    form = ComponentForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            comp = actions.component_register(actor=request.user, grid=grid, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Component registered."))
            return redirect("facilities:component", comp.code)
    return grid_detail(request, code, form=form, status=400)


@login_required
@require_POST
def round_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    grid = queries.grid_for(request.user, code)
    form = RoundForm(request.POST)
    if form.is_valid():
        with onto_messages(request) as outcome:
            rnd = actions.round_plan(
                actor=request.user, grid=grid, due_on=form.cleaned_data["due_on"], inspector=request.user
            )
        if outcome.ok:
            return redirect("facilities:round", rnd.code)
    else:
        messages.error(request, _("Choose a day."))
    return redirect("facilities:grid", grid.area.code)


@login_required
def grid_draw(request: AuthedHttpRequest, community: str) -> HttpResponse:
    place = community_for(request.user, community, VIEW)
    if not can_draw_grids(request.user, place):
        raise Http404
    form = GridForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            grid = actions.grid_define(actor=request.user, community=place, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Grid saved."))
            return redirect("facilities:grid", grid.area.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "facilities/grid_draw.html",
        {
            "community": place,
            "form": form,
            "tile_url": settings.LINLI_MAP_TILE_URL,
            "tile_attribution": settings.LINLI_MAP_TILE_ATTRIBUTION,
        },
        status=status,
    )


@login_required
def component_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    comp = queries.component_for(request.user, code)
    manage = can_manage(request.user, comp.grid)
    return render(
        request,
        "facilities/component.html",
        {
            "c": comp,
            "manage": manage,
            "inspect": can_inspect(request.user, comp.grid),
            "state_form": StateForm(initial={"state": comp.state}),
            "maintained_form": MaintainedForm(initial={"on": _today()}),
            "photo_form": PhotoForm(),
            "photos": list(comp.photos.all()),
            "problems": list(comp.problems.select_related("ticket")[:20]),
        },
    )


def _component_post(request: AuthedHttpRequest, code: str, form_cls: Any, act: Any) -> HttpResponse:
    comp = queries.component_for(request.user, code)
    form = form_cls(request.POST, request.FILES)
    if form.is_valid():
        with onto_messages(request) as outcome:
            act(comp, form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("facilities:component", comp.code)


@login_required
@require_POST
def component_state(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _component_post(
        request,
        code,
        StateForm,
        lambda c, d: actions.component_state_set(actor=request.user, component=c, **d),
    )


@login_required
@require_POST
def component_maintained(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _component_post(
        request,
        code,
        MaintainedForm,
        lambda c, d: actions.component_maintained(actor=request.user, component=c, **d),
    )


@login_required
@require_POST
def component_photo(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _component_post(
        request,
        code,
        PhotoForm,
        lambda c, d: actions.component_photo_add(actor=request.user, component=c, upload=d["photo"]),
    )


@login_required
def round_detail(
    request: AuthedHttpRequest,
    code: str,
    forms_: dict[int, Any] | None = None,
    status: int = 200,
    posted: tuple[int, Any] | None = None,
) -> HttpResponse:
    rnd = queries.round_for(request.user, code)
    comps = list(queries.components_of_grid(request.user, rnd.grid))
    done = {c.component_id: c for c in Check.objects.filter(round=rnd).prefetch_related("items")}
    forms_ = forms_ or {}
    rows = [
        (
            c,
            done.get(c.pk),
            forms_.get(c.pk) or ProblemForm(prefix=f"p{c.pk}"),
            _checklist(c, posted[1] if posted and posted[0] == c.pk else None),
        )
        for c in comps
    ]
    return render(
        request,
        "facilities/round.html",
        {
            "round": rnd,
            "rows": rows,
            "inspect": can_inspect(request.user, rnd.grid),
            "left": len(comps) - len(done),
        },
        status=status,
    )


@login_required
@require_POST
def round_check(request: AuthedHttpRequest, code: str, component: str) -> HttpResponse:
    rnd = queries.round_for(request.user, code)
    comp = queries.component_for(request.user, component)
    if request.POST.get("result") == "items":
        return _round_items(request, rnd, comp)
    ok = request.POST.get("result") == "ok"
    if ok:
        with onto_messages(request) as outcome:
            actions.check_record(actor=request.user, rnd=rnd, component=comp, ok=True)
        return redirect(f"{rnd_url(rnd.code)}#c-{comp.code}")
    form = ProblemForm(request.POST, request.FILES, prefix=f"p{comp.pk}")
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.check_record(actor=request.user, rnd=rnd, component=comp, ok=False, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Problem reported; a request was opened for it."))
            return redirect(f"{rnd_url(rnd.code)}#c-{comp.code}")
    return round_detail(request, code, forms_={comp.pk: form}, status=400)


def _checklist(component: Any, data: Any) -> list[tuple[int, str, bool, str]]:
    """(position, item, failed, note) of each checklist item, as the inspector last sent them."""
    return [
        (
            i,
            label,
            bool(data) and data.get(f"item-{i}") == "failed",
            data.get(f"item-{i}-note", "") if data else "",
        )
        for i, label in enumerate(component.cls.checklist_items())
    ]


def _round_items(request: AuthedHttpRequest, rnd: Any, comp: Any) -> HttpResponse:
    """Each checklist item confirmed or failed (with a note and a photo), sent from the phone."""
    items = [
        {
            "ok": request.POST.get(f"item-{i}", "ok") != "failed",
            "note": request.POST.get(f"item-{i}-note", ""),
            "photo": request.FILES.get(f"item-{i}-photo"),
        }
        for i, _label in enumerate(comp.cls.checklist_items())
    ]
    with onto_messages(request) as outcome:
        actions.check_record(
            actor=request.user,
            rnd=rnd,
            component=comp,
            items=items,
            lat=request.POST.get("items-lat") or None,
            lon=request.POST.get("items-lon") or None,
        )
    if outcome.ok:
        if all(i["ok"] for i in items):
            messages.success(request, _("Checklist recorded."))
        else:
            messages.success(request, _("Problem reported; a request was opened for it."))
        return redirect(f"{rnd_url(rnd.code)}#c-{comp.code}")
    return round_detail(request, rnd.code, status=400, posted=(comp.pk, request.POST))


def rnd_url(code: str) -> str:
    from django.urls import reverse

    return reverse("facilities:round", args=[code])


@login_required
def problems(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    status = request.GET.get("status", "")
    qs = queries.problems(request.user)
    if status in ProblemStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    inspect_roots = policy.roots(request.user, "facilities.inspect")
    return render(
        request,
        "facilities/problems.html",
        {
            "page": page,
            "status": status,
            "statuses": ProblemStatus.choices,
            "link_form": LinkForm() if inspect_roots else None,
        },
    )


@login_required
@require_POST
def problem_confirm(request: AuthedHttpRequest, code: str) -> HttpResponse:
    problem = queries.problem_for(request.user, code)
    with onto_messages(request) as outcome:
        actions.problem_confirm(actor=request.user, problem=problem)
    if outcome.ok:
        messages.success(request, _("Repair confirmed."))
    return redirect("facilities:problems")


@login_required
@require_POST
def problem_link(request: AuthedHttpRequest) -> HttpResponse:
    from linli.tickets.queries import ticket_for

    form = LinkForm(request.POST)
    if form.is_valid():
        ticket = ticket_for(request.user, form.cleaned_data["ticket"])
        comp = queries.component_for(request.user, form.cleaned_data["component"])
        with onto_messages(request) as outcome:
            actions.problem_from_ticket(actor=request.user, ticket=ticket, component=comp)
        if outcome.ok:
            messages.success(request, _("The request is now the component's problem."))
    else:
        messages.error(request, _("Enter a request number and a component code."))
    return redirect("facilities:problems")


@login_required
def maintenance(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    today = _today()
    rows = queries.maintenance(request.user, today)[:500]
    return render(request, "facilities/maintenance.html", {"rows": rows, "today": today})


@login_required
def rates_page(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    roots = policy.roots(request.user, VIEW)
    code = request.GET.get("area") or roots[0].code
    place = area_for(request.user, code, VIEW)
    today = _today()
    try:
        month = dt.date.fromisoformat(request.GET["month"] + "-01") if request.GET.get("month") else today
    except ValueError:
        month = today
    table = rates.rates_table(place, month, today)
    return render(
        request, "facilities/rates.html", {"area": place, "rows": table, "month": month.replace(day=1)}
    )


@login_required
def import_page(request: AuthedHttpRequest, community: str) -> HttpResponse:
    place = community_for(request.user, community, "facilities.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = "geojson" if upload.name.lower().endswith((".geojson", ".json")) else "xlsx"
        with onto_form(form) as outcome:
            result = actions.components_import(
                actor=request.user, community=place, data=upload.read(), fmt=fmt
            )
        if outcome.ok and result is not None and not result.errors:
            messages.success(request, _("%(n)d components imported.") % {"n": result.created})
            return redirect("facilities:index")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "facilities/import.html", {"community": place, "form": form, "result": result}, status=status
    )


@login_required
def map_page(request: AuthedHttpRequest, community: str) -> HttpResponse:
    place = community_for(request.user, community, VIEW)
    return render(
        request,
        "facilities/map.html",
        {
            "community": place,
            "tile_url": settings.LINLI_MAP_TILE_URL,
            "tile_attribution": settings.LINLI_MAP_TILE_ATTRIBUTION,
        },
    )


@login_required
def map_data(request: AuthedHttpRequest, community: str) -> JsonResponse:
    place = community_for(request.user, community, VIEW)
    grids = list(queries.grids(request.user).filter(area__parent=place))
    comps = list(queries.components(request.user).filter(grid__in=grids)[:20000])
    open_ = list(queries.open_problems(request.user).filter(grid__in=grids)[:2000])
    return JsonResponse(geojson.collection(grids, comps, open_))
