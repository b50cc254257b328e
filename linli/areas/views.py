from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.areas import actions, queries
from linli.areas.forms import AreaForm, AreaImportForm
from linli.areas.levels import child_level
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    tops = queries.top_areas_for(request.user)
    if not tops:
        raise Http404
    if len(tops) == 1:
        return redirect("areas:detail", code=tops[0].code)
    return render(request, "areas/list.html", {"areas": tops})


@login_required
def area_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = queries.area_for(request.user, code)
    can_manage = policy.can(request.user, "areas.manage", area) and child_level(area.level) is not None
    form = AreaForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            with onto_form(form) as outcome:
                child = actions.area_create(
                    actor=request.user,
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    parent=area,
                )
            if outcome.ok:
                messages.success(request, _("%(name)s was added.") % {"name": child.name})
                return redirect("areas:detail", code=area.code)
    return render(
        request,
        "areas/detail.html",
        {
            "area": area,
            "children": queries.children_with_counts(request.user, area),
            "crumbs": queries.breadcrumbs(request.user, area),
            "form": form,
            "child_level": child_level(area.level),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def area_import(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "areas.manage"):
        raise Http404
    form = AreaImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = actions.areas_import_csv(
            actor=request.user, data=form.cleaned_data["file"].read(), dry_run=form.cleaned_data["dry_run"]
        )
        if result.ok and not form.cleaned_data["dry_run"]:
            messages.success(
                request,
                _("Imported: %(c)d new, %(u)d renamed, %(n)d unchanged.")
                % {"c": result.created, "u": result.updated, "n": result.unchanged},
            )
            return redirect("areas:list")
    return render(
        request,
        "areas/import.html",
        {"form": form, "result": result},
        status=400 if result and not result.ok else 200,
    )
