"""Self-service change reports: the resident's page and the worker's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.registry import actions, forms, queries
from linli.registry.models import (
    ReportKind,
    ReportStatus,
    ResidentStatus,
)
from linli.registry.views.common import _form_page, _render, _staff
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


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
def report_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
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
def mine(request: AuthedHttpRequest) -> HttpResponse:
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
            with onto_form(form) as outcome:
                actions.change_report_submit(
                    actor=request.user,
                    kind=d["kind"],
                    subject=subject,
                    name=d["name"],
                    id_number=d["id_number"],
                    relation=d["relation"],
                    phone=d["phone"],
                    note=d["note"],
                    lives_where=d.get("lives_where") or "",
                    lives_address=d.get("lives_address") or "",
                    lives_since=d.get("lives_since"),
                )
            if outcome.ok:
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
