"""Welfare-check pages: the live board of an area and the worker's own list, one POST per check;
a resident who needs help gets a request (ticket) or a service order from a button on the board;
a volunteer an overflow went to records from their own list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.queries import area_for
from linli.common.errors import DomainError
from linli.operations.models import CheckMethod, CheckState
from linli.operations.welfare import actions, queries
from linli.services.models import ServiceType
from linli.tickets.models import Category
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
    may_follow = bool(policy.roots(user, actions.RECORD))
    help_items = (
        queries.items(user, check)
        .filter(state=CheckState.NEEDS_HELP, community__path__startswith=area.path)
        .select_related("ticket", "order")[:100]
        if may_follow
        else []
    )
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
            "help_items": help_items,
            "categories": Category.objects.filter(is_active=True).order_by("name") if help_items else [],
            "services": [s for s in queries.station_services() if "station" in s.channel_list()]
            if help_items
            else [],
        },
    )


@login_required
def my_checks(request: AuthedHttpRequest) -> HttpResponse:
    """The checks left to me, as a 包户 worker or as a volunteer an overflow went to."""
    return render(
        request,
        "operations/my_checks.html",
        {"mine": queries.my_pending(request.user)[:300], "methods": CheckMethod.choices},
    )


def _back(request: AuthedHttpRequest, item: object) -> HttpResponse:
    if request.POST.get("back") == "mine":
        return redirect("operations:my_checks")
    return redirect("operations:check", code=item.welfare_check.code)  # type: ignore[attr-defined]


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
    return _back(request, item)


@login_required
@require_POST
def item_ticket(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.item_for(request.user, pk)
    with onto_messages(request) as outcome:
        category = Category.objects.filter(code=request.POST.get("category", ""), is_active=True).first()
        if category is None:
            raise DomainError("bad_category", _("Choose a request category."))
        actions.check_item_ticket(actor=request.user, item=item, category=category)
    if outcome.ok:
        messages.success(request, _("A request was opened."))
    return _back(request, item)


@login_required
@require_POST
def item_order(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = queries.item_for(request.user, pk)
    with onto_messages(request) as outcome:
        service = ServiceType.objects.filter(code=request.POST.get("service", ""), is_active=True).first()
        if service is None:
            raise DomainError("bad_service", _("Choose a service."))
        actions.check_item_order(actor=request.user, item=item, service=service)
    if outcome.ok:
        messages.success(request, _("A service order was placed."))
    return _back(request, item)
