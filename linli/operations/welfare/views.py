"""Welfare-check pages: the live board of an area and the worker's own list, one POST per check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.queries import area_for
from linli.operations.models import CheckMethod, CheckState
from linli.operations.welfare import actions, queries
from linli.ui.forms import onto_messages
from linli.ui.http import AuthedHttpRequest


@login_required
def check_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    user = request.user
    check = queries.check_for(user, code)
    roots = policy.roots(user, "operations.view")
    area = area_for(user, request.GET["area"], "operations.view") if request.GET.get("area") else None
    if area is None:
        area = check.area if policy.can(user, "operations.view", check.area) else roots[0]
    total, rows = queries.board(user, check, area)
    mine = queries.items(user, check, mine=True).filter(state=CheckState.PENDING)[:200]
    return render(
        request,
        "operations/check.html",
        {
            "check": check,
            "area": area,
            "total": total,
            "rows": rows,
            "mine": mine,
            "methods": CheckMethod.choices,
        },
    )


@login_required
@require_POST
def item_record(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.item_for(request.user, pk)
    with onto_messages(request) as outcome:
        actions.check_record(
            actor=request.user,
            item=item,
            state=request.POST.get("state", ""),
            method=request.POST.get("method", ""),
            note=request.POST.get("note", ""),
        )
    if outcome.ok:
        messages.success(request, _("Recorded."))
    return redirect("operations:check", code=item.welfare_check.code)
