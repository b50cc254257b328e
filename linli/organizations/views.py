"""Organizations pages: thin wrappers that parse, call a query or an action, and render.

Every POST has its own URL and calls one action inside `onto_form` (a refusal lands on the form,
kept as typed; outside rows are 404). Party pages are in `party_views`.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.common.masking import mask_phone
from linli.governance.models import Stage
from linli.organizations import actions, importing, queries, targets
from linli.organizations import permissions as perms
from linli.organizations.forms import (
    ActivityForm,
    ContractForm,
    GradeForm,
    ImportForm,
    LeaveForm,
    MemberForm,
    OfficerElectionForm,
    OrganizationForm,
    PaymentForm,
    ReportForm,
    RoleForm,
)
from linli.organizations.models import Kind, Organization
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest


def _now() -> dt.datetime:
    return timezone.now()


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    communities = list(queries.communities_for(user)[:300])
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    community = None
    if request.GET.get("c"):
        community = queries.community_for(user, request.GET["c"])
    orgs = Paginator(queries.orgs_for(user, community=community, kind=kind), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organizations/index.html",
        {
            "orgs": orgs,
            "communities": communities,
            "manage_communities": list(queries.communities_for(user, perms.MANAGE)[:300]),
            "party_communities": communities,
            "community": community,
            "kind": kind,
            "kinds": Kind.choices,
            "staff": bool(communities),
        },
    )


@login_required
def org_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code, perms.MANAGE)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            org = actions.organization_register(actor=request.user, community=community, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The organization was entered."))
            return redirect("organizations:org", org.code)
    return render(
        request,
        "organizations/org_form.html",
        {"form": form, "community": community},
        status=400 if form.is_bound else 200,
    )


def _detail(request: AuthedHttpRequest, org: Organization, status: int = 200, **forms: Form) -> HttpResponse:
    user = request.user
    today = timezone.localdate(_now())
    may_run = perms.can_run_org(user, org)
    may_manage = perms.can_manage_org(user, org)
    contracts = (
        list(queries.contracts_for(user, org=org)) if policy.can(user, perms.VIEW, org.community) else []
    )
    for c in contracts:
        c.paid = actions.paid_fen(c)  # type: ignore[attr-defined]
    elections = list(queries.officer_elections_of(org))
    context: dict[str, Any] = {
        "org": org,
        "phone": mask_phone(org.contact_phone),
        "current": list(queries.members_of(org, current=True)),
        "former": list(queries.members_of(org, current=False)),
        "activities": list(queries.activities_of(org)[:30]),
        "reports": list(queries.reports_of(org)),
        "contracts": contracts,
        "may_run": may_run,
        "may_manage": may_manage,
        "may_grade": perms.can_grade(user, org),
        "may_elect": perms.can_run_election(user, org),
        "member_form": forms.get("member_form") or MemberForm(initial={"joined_on": today}),
        "activity_form": forms.get("activity_form") or ActivityForm(initial={"held_on": today}),
        "report_form": forms.get("report_form") or ReportForm(initial={"year": today.year - 1}),
        "grade_form": forms.get("grade_form") or GradeForm(initial={"grade": org.grade}),
        "contract_form": forms.get("contract_form") or ContractForm(),
        "leave_form": forms.get("leave_form") or LeaveForm(initial={"left_on": today}),
        "role_form": forms.get("role_form"),
        "officer_elections": elections,
        "election_running": any(e.election.stage != Stage.CERTIFIED for e in elections),
        "officer_form": forms.get("officer_form")
        or OfficerElectionForm(initial={"election_day": today + dt.timedelta(days=30)}),
        "today": today,
    }
    return render(request, "organizations/org.html", context, status=status)


@login_required
def org_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _detail(request, queries.org_for(request.user, code))


def _org_step(
    request: AuthedHttpRequest,
    org: Organization,
    form: Form,
    form_name: str,
    run: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One step with a form: run it if the form is valid, else show the organization with the form as typed."""
    if form.is_valid():
        with onto_form(form) as outcome:
            run(form.cleaned_data)
        if outcome.ok:
            messages.success(request, done)
            return redirect("organizations:org", org.code)
    return _detail(request, org, status=400, **{form_name: form})


@login_required
def org_edit(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    if not perms.can_manage_org(request.user, org):
        raise Http404
    # The number is never put back into the page in full: empty keeps the one on record.
    initial = {f: getattr(org, f) for f in OrganizationForm.base_fields if f != "contact_phone"}
    form = OrganizationForm(request.POST or None, initial=initial)
    form.fields["contact_phone"].help_text = _("On record: %(phone)s. Leave empty to keep it.") % {
        "phone": mask_phone(org.contact_phone) or "—"
    }
    if request.method == "POST" and form.is_valid():
        values = {
            **form.cleaned_data,
            "contact_phone": form.cleaned_data["contact_phone"] or org.contact_phone,
        }
        with onto_form(form) as outcome:
            actions.organization_update(actor=request.user, org=org, **values)
        if outcome.ok:
            messages.success(request, _("The organization was changed."))
            return redirect("organizations:org", org.code)
    return render(
        request,
        "organizations/org_form.html",
        {"form": form, "community": org.community, "org": org},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def org_grade(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    return _org_step(
        request,
        org,
        GradeForm(request.POST),
        "grade_form",
        lambda d: actions.organization_grade(actor=request.user, org=org, grade=d["grade"]),
        _("The grade was recorded."),
    )


@login_required
@require_POST
def org_dissolve(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    with onto_messages(request) as outcome:
        actions.organization_dissolve(actor=request.user, org=org)
    if outcome.ok:
        messages.success(request, _("The organization was recorded as dissolved."))
    return redirect("organizations:org", org.code)


@login_required
@require_POST
def member_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    return _org_step(
        request,
        org,
        MemberForm(request.POST),
        "member_form",
        lambda d: actions.member_add(actor=request.user, org=org, **d),
        _("The member was added."),
    )


@login_required
@require_POST
def member_leave(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    org = queries.org_for(request.user, code)
    member = queries.member_for(request.user, org, pk)
    return _org_step(
        request,
        org,
        LeaveForm(request.POST),
        "leave_form",
        lambda d: actions.member_leave(actor=request.user, member=member, left_on=d["left_on"]),
        _("The member was recorded as having left."),
    )


@login_required
@require_POST
def member_role(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    org = queries.org_for(request.user, code)
    member = queries.member_for(request.user, org, pk)
    return _org_step(
        request,
        org,
        RoleForm(request.POST),
        "role_form",
        lambda d: actions.member_role_set(actor=request.user, member=member, role=d["role"]),
        _("The role was changed."),
    )


@login_required
@require_POST
def officer_election_start(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    form = OfficerElectionForm(request.POST)
    return _org_step(
        request,
        org,
        form,
        "officer_form",
        lambda d: actions.officer_election_start(actor=request.user, org=org, **form.values()),
        _("The officer election was announced; run it on its election page."),
    )


@login_required
@require_POST
def officers_apply(request: AuthedHttpRequest, code: str, election: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    link = queries.officer_election_for(org, election)
    with onto_messages(request) as outcome:
        actions.officers_apply(actor=request.user, link=link)
    if outcome.ok:
        messages.success(request, _("The elected officers now hold their roles."))
    return redirect("organizations:org", org.code)


@login_required
@require_POST
def activity_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    return _org_step(
        request,
        org,
        ActivityForm(request.POST),
        "activity_form",
        lambda d: actions.activity_record(actor=request.user, org=org, **d),
        _("The activity was recorded."),
    )


@login_required
@require_POST
def report_submit(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    return _org_step(
        request,
        org,
        ReportForm(request.POST),
        "report_form",
        lambda d: actions.report_submit(
            actor=request.user,
            org=org,
            year=d["year"],
            summary=d["summary"],
            activities_held=d["activities_held"],
            income_fen=d["income_yuan"] * 100,
            expense_fen=d["expense_yuan"] * 100,
        ),
        _("The annual report was filed."),
    )


@login_required
@require_POST
def contract_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    org = queries.org_for(request.user, code)
    return _org_step(
        request,
        org,
        ContractForm(request.POST),
        "contract_form",
        lambda d: actions.contract_sign(
            actor=request.user,
            org=org,
            title=d["title"],
            amount_fen=d["amount_yuan"] * 100,
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
        ),
        _("The contract was entered."),
    )


@login_required
def contract_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    contract = queries.contract_for(request.user, code)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate(_now())})
    if request.method == "POST":
        if not perms.can_manage_org(request.user, contract.organization):
            raise Http404
        if form.is_valid():
            with onto_form(form, elsewhere={"amount": "amount_yuan", "occurred_on": "paid_on"}) as outcome:
                actions.contract_pay(
                    actor=request.user,
                    contract=contract,
                    amount_fen=form.cleaned_data["amount_yuan"] * 100,
                    paid_on=form.cleaned_data["paid_on"],
                )
            if outcome.ok:
                messages.success(request, _("The payment was entered in the ledger for review."))
                return redirect("organizations:contract", contract.code)
    return render(
        request,
        "organizations/contract.html",
        {
            "contract": contract,
            "payments": list(contract.payments.select_related("entry")),
            "paid": actions.paid_fen(contract),
            "form": form,
            "may_manage": perms.can_manage_org(request.user, contract.organization),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def contract_close(request: AuthedHttpRequest, code: str) -> HttpResponse:
    contract = queries.contract_for(request.user, code)
    with onto_messages(request) as outcome:
        actions.contract_close(actor=request.user, contract=contract)
    if outcome.ok:
        messages.success(request, _("The contract was closed."))
    return redirect("organizations:contract", contract.code)


@login_required
def overdue(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, perms.VIEW):
        raise Http404
    now = _now()
    year, due = queries.report_year(now)
    return render(
        request,
        "organizations/overdue.html",
        {
            "year": year,
            "due": due,
            "overdue": list(queries.overdue_for(request.user, now)[:500]),
            "reminded": list(queries.reminded_for(request.user, now)[:500]),
        },
    )


@login_required
def targets_page(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, perms.VIEW):
        raise Http404
    figures = targets.compute(request.user, now=_now())
    code = request.GET.get("area", "")
    if code:
        if code not in figures:
            raise Http404
        shown = [figures[code]]
    else:
        shown = targets.tops(figures, request.user)
    return render(
        request,
        "organizations/targets.html",
        {
            "shown": shown,
            "orgs_target": targets.ORGS_TARGET,
            "fitness_target": int(targets.FITNESS_SHARE_TARGET * 100),
        },
    )


@login_required
def import_page(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, perms.MANAGE):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            n = importing.organizations_import(actor=request.user, file=form.cleaned_data["file"])
        if outcome.ok:
            messages.success(request, _("%(n)d organizations were imported.") % {"n": n})
            return redirect("organizations:index")
    return render(request, "organizations/import.html", {"form": form}, status=400 if form.is_bound else 200)
