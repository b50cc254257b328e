"""Coverage pages (一刻钟社区服务圈): a table and a chart per area, rolled up street → district → city."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.areas import queries as area_queries
from linli.areas.levels import Level
from linli.services import actions, coverage
from linli.ui.http import AuthedHttpRequest


@login_required
def coverage_index(request: AuthedHttpRequest) -> HttpResponse:
    roots = coverage.top_for(request.user)
    if not roots:
        raise Http404
    return redirect("services:coverage_area", roots[0].code)


@login_required
def coverage_area(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = area_queries.area_for(request.user, code, coverage.VIEW)
    if area.level == Level.GRID:
        raise Http404
    context = {
        "area": area,
        "crumbs": area_queries.breadcrumbs(request.user, area)[:-1],
        "summary": coverage.summary(area),
        "can_recompute": actions.coverage_allowed(request.user),
        "walk_metres": coverage.walk_metres(),
    }
    if area.level == Level.COMMUNITY:
        context["cells"] = list(coverage.cells(area))
    else:
        rows = coverage.children(request.user, area)
        context["rows"] = rows
        context["bars"] = coverage.bars(rows)
        context["chart_height"] = max(34, 34 * len(rows))
    return render(request, "services/coverage.html", context)


@login_required
@require_POST
def coverage_recompute(request: AuthedHttpRequest) -> HttpResponse:
    if not actions.coverage_allowed(request.user):
        raise Http404
    actions.coverage_recompute(actor=request.user)
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/services/coverage/") else "services:coverage")
