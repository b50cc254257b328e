"""Settlement pages: the statements in reach, drawing one up, one statement and its approval; the
Excel exports of statements and of orders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.services import actions, exports, queries
from linli.services.actions.settlements import can_prepare
from linli.services.forms import SettlementForm
from linli.services.models import SettlementStatus
from linli.services.permissions import provider_ids
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest


def _preparable(request: AuthedHttpRequest) -> list[tuple[str, str]]:
    rows = queries.providers_for(request.user).order_by("name")[:500]
    return [(p.code, p.name) for p in rows if can_prepare(request.user, p)]


def _list(request: AuthedHttpRequest, form: SettlementForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    if not policy.roots(user, queries.VIEW) and not provider_ids(user):
        raise Http404
    wanted = request.GET.get("status", "")
    rows = queries.settlements_for(user, status=wanted)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    providers = _preparable(request)
    return render(
        request,
        "services/settlements.html",
        {
            "page": page,
            "status": wanted,
            "statuses": SettlementStatus.choices,
            "form": form or (SettlementForm(providers=providers) if providers else None),
        },
        status=status,
    )


@login_required
def settlements(request: AuthedHttpRequest) -> HttpResponse:
    return _list(request)


@login_required
@require_POST
def settlement_new(request: AuthedHttpRequest) -> HttpResponse:
    form = SettlementForm(request.POST, providers=_preparable(request))
    if form.is_valid():
        provider = queries.provider_for(request.user, form.cleaned_data["provider"])
        with onto_form(form) as outcome:
            settlement = actions.settlement_prepare(
                actor=request.user, provider=provider, month=form.cleaned_data["month"]
            )
        if outcome.ok:
            messages.success(request, _("The statement was drawn up."))
            return redirect("services:settlement", settlement.code)
    return _list(request, form, status=400)


@login_required
def settlement_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    settlement = queries.settlement_for(request.user, code)
    return render(
        request,
        "services/settlement.html",
        {
            "settlement": settlement,
            "lines": queries.settlement_lines(settlement),
            "can_approve": settlement.status == SettlementStatus.DRAFT
            and policy.can(request.user, "services.settle", settlement.provider.area),
        },
    )


@login_required
@require_POST
def settlement_approve(request: AuthedHttpRequest, code: str) -> HttpResponse:
    settlement = queries.settlement_for(request.user, code)
    with onto_messages(request) as outcome:
        actions.settlement_approve(actor=request.user, settlement=settlement)
    if outcome.ok:
        messages.success(request, _("Approved: the subsidies were entered in the communities' ledgers."))
    return redirect("services:settlement", settlement.code)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
@require_POST
def settlements_export(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if not policy.roots(user, queries.VIEW) and not provider_ids(user):
        raise Http404
    rows = queries.settlements_for(user, status=request.POST.get("status", ""))
    with onto_messages(request) as outcome:
        content = exports.settlements_xlsx(actor=user, settlements=rows)
    return _xlsx(content, "settlements") if outcome.ok else redirect("services:settlements")


@login_required
@require_POST
def orders_export(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if not policy.roots(user, queries.VIEW):
        raise Http404
    rows = queries.orders_for(user, status=request.POST.get("status", ""))
    with onto_messages(request) as outcome:
        content = exports.orders_xlsx(actor=user, orders=rows)
    return _xlsx(content, "service-orders") if outcome.ok else redirect("services:index")
