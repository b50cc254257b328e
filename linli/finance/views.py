"""Finance pages: thin wrappers that parse, call a query or an action, and render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.finance import actions, charts, queries
from linli.finance.forms import (
    BudgetForm,
    ComputeForm,
    DonationForm,
    EntryForm,
    ParametersForm,
    PeriodForm,
    ReasonForm,
    ReverseForm,
)
from linli.finance.funding import explain
from linli.finance.models import DonationKind, EntryStatus
from linli.finance.money import yuan
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def index(request: HttpRequest) -> HttpResponse:
    communities = list(queries.communities_for(request.user)[:200])
    can_funding = bool(policy.roots(request.user, "finance.view")) and any(
        a.level != Level.COMMUNITY for a in policy.roots(request.user, "finance.view")
    )
    if not communities and not can_funding:
        raise Http404
    if len(communities) == 1 and not can_funding:
        return redirect("finance:ledger", code=communities[0].code)
    return render(request, "finance/index.html", {"communities": communities, "can_funding": can_funding})


# --- funding ------------------------------------------------------------------------------------


def _funding_viewer(request: HttpRequest) -> None:
    if not policy.roots(request.user, "finance.view"):
        raise Http404


@login_required
def funding_index(request: AuthedHttpRequest) -> HttpResponse:
    _funding_viewer(request)
    this_year = timezone.localdate().year
    may_set = policy.can(request.user, "finance.funding", None)
    params_form = compute_form = None
    if may_set:
        upcoming = actions.parameters_for(this_year + 1)
        params_form = ParametersForm(
            request.POST if request.POST.get("form") == "params" else None,
            initial={
                "year": this_year + 1,
                "office_per_household": upcoming.office_per_household_fen,
                "welfare_base": upcoming.welfare_base_fen,
                "welfare_threshold": upcoming.welfare_threshold,
                "welfare_per_extra": upcoming.welfare_per_extra_fen,
                "count_registered": upcoming.count_registered,
                "count_resident": upcoming.count_resident,
                "count_floating": upcoming.count_floating,
                "reference_date": upcoming.reference_date,
            },
        )
        compute_form = ComputeForm(
            request.POST if request.POST.get("form") == "compute" else None, initial={"year": this_year}
        )
    if request.method == "POST":
        if not may_set:
            raise Http404
        if request.POST.get("form") == "params" and params_form is not None and params_form.is_valid():
            d = params_form.cleaned_data
            with onto_form(params_form) as outcome:
                actions.funding_parameters_set(
                    actor=request.user,
                    year=d["year"],
                    office_per_household_fen=d["office_per_household"],
                    welfare_base_fen=d["welfare_base"],
                    welfare_threshold=d["welfare_threshold"],
                    welfare_per_extra_fen=d["welfare_per_extra"],
                    count_registered=d["count_registered"],
                    count_resident=d["count_resident"],
                    count_floating=d["count_floating"],
                    reference_date=d["reference_date"],
                )
            if outcome.ok:
                messages.success(request, _("The rates of %(year)s were saved.") % {"year": d["year"]})
                return redirect("finance:funding")
        elif request.POST.get("form") == "compute" and compute_form is not None and compute_form.is_valid():
            with onto_form(compute_form) as outcome:
                run = actions.funding_compute(actor=request.user, year=compute_form.cleaned_data["year"])
            if outcome.ok:
                messages.success(request, _("The funding of %(year)s was computed.") % {"year": run.year})
                return redirect("finance:funding_year", year=run.year)
    from linli.finance.models import FundingParameters

    return render(
        request,
        "finance/funding_index.html",
        {
            "years": [(y, queries.latest_run(y)) for y in queries.funding_years()],
            "parameters": FundingParameters.objects.all()[:20],
            "current": actions.parameters_for(this_year),
            "params_form": params_form,
            "compute_form": compute_form,
        },
        status=400 if (params_form and params_form.errors) or (compute_form and compute_form.errors) else 200,
    )


@login_required
def funding_year(request: HttpRequest, year: int) -> HttpResponse:
    _funding_viewer(request)
    run = queries.run_of(year, request.GET.get("run"))
    parent, level = queries.rollup_parent(request.user, request.GET.get("area", ""))
    rows = queries.funding_rollup(request.user, run, level, parent)
    total = queries.funding_total(request.user, run, parent)
    explained = []
    if level == "community":
        explained = [(r, explain(r.households, run)) for r in rows]
    chart = charts.bars(
        [(r.area.name, r.total_fen) for r in rows[:40]],
        _("Funding by area, %(year)s") % {"year": year},
        unit=" " + _("yuan"),
    )
    return render(
        request,
        "finance/funding_year.html",
        {
            "run": run,
            "year": year,
            "parent": parent,
            "up": queries.rollup_up(request.user, parent),
            "rows": rows,
            "total": total,
            "level": level,
            "explained": explained,
            "chart": chart,
            "runs": queries.runs_of(year),
            "basis": queries.basis_label(run),
            "changes": [
                (
                    c,
                    queries.kind_counts(c.before.households_by_kind if c.before else {}),
                    queries.kind_counts(c.after.households_by_kind if c.after else {}),
                )
                for c in queries.funding_changes(request.user, run, parent)
            ],
        },
    )


# --- a community's ledger -----------------------------------------------------------------------


@login_required
def ledger(request: HttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    year = _year(request)
    status = request.GET.get("status", "")
    if status not in EntryStatus.values:
        status = ""
    start, end = queries.year_bounds(year)
    entries = queries.entries_for(request.user, community, status).filter(occurred_on__range=(start, end))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    funds = queries.fund_totals(community, start, end, budget_year=year)
    chart = charts.paired_bars(
        [(f.label, f.budget_fen or 0, f.expense_fen) for f in funds],
        _("Budget and spending per fund, %(year)s") % {"year": year},
        (_("budget"), _("spent")),
        unit=" " + _("yuan"),
    )
    return render(
        request,
        "finance/ledger.html",
        {
            "community": community,
            "year": year,
            "funds": funds,
            "balances": queries.balances(community),
            "page": page,
            "status": status,
            "statuses": EntryStatus.choices,
            "pending": queries.pending_counts(community),
            "chart": chart,
            "can_enter": policy.can(request.user, "finance.enter", community),
            "can_approve": policy.can(request.user, "finance.approve", community),
        },
    )


def _donation_choices(community: Area) -> list[tuple[str, str]]:
    from linli.finance.models import Donation

    return [
        (d.code, f"{d.receipt_number} · {yuan(d.amount_fen)} · {d.purpose[:30]}")
        for d in Donation.objects.filter(community=community, kind=DonationKind.MONEY).order_by(
            "-received_on"
        )[:100]
    ]


@login_required
def entry_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    if not policy.can(request.user, "finance.enter", community):
        raise Http404
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        donations=_donation_choices(community),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        donation = None
        if d.get("donation"):
            from linli.finance.models import Donation

            donation = Donation.objects.filter(community=community, code=d["donation"]).first()
        with onto_form(form) as outcome:
            entry = actions.ledger_entry_create(
                actor=request.user,
                community=community,
                fund=d["fund"],
                direction=d["direction"],
                category=d["category"],
                amount_fen=d["amount"],
                occurred_on=d["occurred_on"],
                description=d["description"],
                project=d["project"],
                voucher=d["voucher"],
                donation=donation,
            )
        if outcome.ok:
            messages.success(
                request, _("Entry %(code)s was entered; it awaits review.") % {"code": entry.code}
            )
            return redirect("finance:entry", code=entry.code)
    return render(
        request,
        "finance/entry_new.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def entry_detail(request: HttpRequest, code: str) -> HttpResponse:
    entry = queries.entry_for(request.user, code)
    user = request.user
    c = entry.community
    return render(
        request,
        "finance/entry.html",
        {
            "entry": entry,
            "reversal": queries.reversal_of(entry),
            "closed": queries.is_closed(c, entry.occurred_on),
            "may_review": entry.status == EntryStatus.ENTERED and policy.can(user, "finance.review", c),
            "may_approve": entry.status == EntryStatus.REVIEWED and policy.can(user, "finance.approve", c),
            "may_reverse": entry.status == EntryStatus.APPROVED
            and entry.reverses_id is None
            and policy.can(user, "finance.enter", c),
            "reject_form": ReasonForm(),
            "reverse_form": ReverseForm(),
        },
    )


@login_required
@require_POST
def entry_step(request: AuthedHttpRequest, code: str, step: str) -> HttpResponse:
    entry = queries.entry_for(request.user, code)
    with onto_messages(request):
        if step == "review":
            actions.ledger_entry_review(actor=request.user, entry=entry)
            messages.success(request, _("The entry was reviewed."))
        elif step == "approve":
            actions.ledger_entry_approve(actor=request.user, entry=entry)
            messages.success(request, _("The entry was approved."))
        elif step == "reject":
            actions.ledger_entry_reject(
                actor=request.user, entry=entry, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The entry was rejected."))
        elif step == "reverse":
            form = ReverseForm(request.POST)
            day = form.cleaned_data.get("occurred_on") if form.is_valid() else None
            reversal = actions.ledger_entry_reverse(
                actor=request.user, entry=entry, reason=request.POST.get("reason", ""), occurred_on=day
            )
            messages.success(
                request, _("Reversal %(code)s was entered; it awaits review.") % {"code": reversal.code}
            )
            return redirect("finance:entry", code=reversal.code)
        else:
            raise Http404
    return redirect("finance:entry", code=entry.code)


@login_required
def voucher(request: HttpRequest, code: str) -> FileResponse:
    """The voucher file, only to those who may see the entry; never guessable, never public."""
    entry = queries.entry_for(request.user, code)
    if not entry.voucher:
        raise Http404
    try:
        handle = entry.voucher.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=entry.voucher_type or "application/octet-stream")
    ext = (entry.voucher.name or "").rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'inline; filename="{entry.code}.{ext}"'
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@login_required
def periods(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    may_close = policy.can(request.user, "finance.approve", community)
    form = PeriodForm(request.POST or None) if may_close else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            with onto_form(form) as outcome:
                period = actions.period_close(
                    actor=request.user,
                    community=community,
                    kind=form.cleaned_data["kind"],
                    start=form.cleaned_data["start"],
                )
            if outcome.ok:
                messages.success(request, _("The books for %(p)s are closed.") % {"p": str(period)})
                return redirect("finance:periods", code=code)
    return render(
        request,
        "finance/periods.html",
        {"community": community, "periods": queries.closed_periods(community), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def budget(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    if not policy.can(request.user, "finance.approve", community):
        raise Http404
    form = BudgetForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            actions.budget_set(
                actor=request.user,
                community=community,
                year=d["year"],
                fund=d["fund"],
                amount_fen=d["amount"],
            )
        if outcome.ok:
            messages.success(request, _("The budget was saved."))
            return redirect(f"{_url('finance:ledger', code)}?year={d['year']}")
    return render(
        request,
        "finance/budget.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


def _url(name: str, code: str) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"code": code})


@login_required
def donations(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    may_enter = policy.can(request.user, "finance.enter", community)
    form = (
        DonationForm(
            request.POST or None, request.FILES or None, initial={"received_on": timezone.localdate()}
        )
        if may_enter
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            with onto_form(form) as outcome:
                donation = actions.donation_record(
                    actor=request.user,
                    community=community,
                    receipt_number=d["receipt_number"],
                    donor_kind=d["donor_kind"],
                    donor_name=d["donor_name"],
                    anonymous=d["anonymous"],
                    kind=d["kind"],
                    amount_fen=d["amount"],
                    goods=d["goods"],
                    purpose=d["purpose"],
                    received_on=d["received_on"],
                    voucher=d["voucher"],
                )
            if outcome.ok:
                messages.success(
                    request, _("Donation %(receipt)s was recorded.") % {"receipt": donation.receipt_number}
                )
                return redirect("finance:donations", code=code)
    items = queries.donations_with_uses(
        queries.donations_for(request.user, community)[:200], approved_only=False
    )
    return render(
        request,
        "finance/donations.html",
        {"community": community, "items": items, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


# --- public -------------------------------------------------------------------------------------


def public_finance(request: HttpRequest, community: Area) -> HttpResponse:
    """A community's money for everyone, no login: approved figures, no names of people."""
    year = _year(request)
    data = queries.public_finance(community, year)
    unit = " " + _("yuan")
    context: dict[str, Any] = {
        "community": community,
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "data": data,
        "fund_chart": charts.paired_bars(
            [(f.label, f.income_fen, f.expense_fen) for f in data.funds],
            _("Income and spending per fund, %(year)s") % {"year": year},
            (_("received"), _("spent")),
            unit=unit,
        ),
        "category_chart": charts.bars(
            [(f"{c.category_label}（{c.fund_label}）", c.amount_fen) for c in data.expense_categories],
            _("Spending by category, %(year)s") % {"year": year},
            unit=unit,
        ),
        "explained": explain(data.funding.households, data.run) if data.funding and data.run else [],
    }
    return render(request, "finance/public.html", context)


def public_donations(request: HttpRequest, community: Area) -> HttpResponse:
    """Every donation of a year and each approved expense that used it, for everyone."""
    year = _year(request)
    return render(
        request,
        "finance/public_donations.html",
        {
            "community": community,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
            "items": queries.public_donations(community, year),
        },
    )
