"""Steps on one ticket: each a POST URL of its own and a short view calling its action."""

from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.tickets import actions, forms, queries
from linli.tickets.models import Department, Ticket
from linli.tickets.views import ticket_detail
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest


def _step(
    request: AuthedHttpRequest,
    ticket: Ticket,
    name: str,
    form: djforms.Form | None,
    act: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """Take one posted step on a ticket: call `act` with the form's data, redirect to the ticket;
    a refusal lands on the form, re-rendered with the page (400). A step without a form (accept)
    shows its refusal as a message on the ticket."""
    if form is None:
        with onto_messages(request) as outcome:
            act({})
        if outcome.ok:
            messages.success(request, _("Done."))
        return redirect("tickets:detail", code=ticket.code)
    if form.is_valid():
        with onto_form(form) as outcome:
            act(form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Done."))
            return redirect("tickets:detail", code=ticket.code)
    return ticket_detail(request, ticket.code, step_forms={name: form}, status=400)


@login_required
@require_POST
def ticket_accept(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request, ticket, "accept", None, lambda d: actions.ticket_accept(actor=request.user, ticket=ticket)
    )


@login_required
@require_POST
def ticket_start(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "start",
        forms.NoteForm(request.POST),
        lambda d: actions.ticket_start(actor=request.user, ticket=ticket, note=d["note"]),
    )


@login_required
@require_POST
def ticket_resolve(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "resolve",
        forms.ResolveForm(request.POST),
        lambda d: actions.ticket_resolve(actor=request.user, ticket=ticket, resolution=d["resolution"]),
    )


@login_required
@require_POST
def ticket_reject(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "reject",
        forms.ReasonForm(request.POST),
        lambda d: actions.ticket_reject(actor=request.user, ticket=ticket, reason=d["reason"]),
    )


@login_required
@require_POST
def ticket_escalate(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "escalate",
        forms.ReasonForm(request.POST),
        lambda d: actions.ticket_escalate(actor=request.user, ticket=ticket, reason=d["reason"]),
    )


@login_required
@require_POST
def ticket_reopen(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "reopen",
        forms.ReasonForm(request.POST),
        lambda d: actions.ticket_reopen(actor=request.user, ticket=ticket, reason=d["reason"]),
    )


@login_required
@require_POST
def ticket_transfer(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "transfer",
        forms.TransferForm(request.POST, communities=queries.transfer_targets(ticket)),
        lambda d: actions.ticket_transfer(
            actor=request.user, ticket=ticket, community=d["community"], reason=d["reason"]
        ),
    )


@login_required
@require_POST
def ticket_call(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "call",
        forms.DepartmentCallForm(request.POST, departments=Department.objects.filter(is_active=True)),
        lambda d: actions.ticket_call_department(
            actor=request.user,
            ticket=ticket,
            department=d["department"],
            request=d["request"],
            days=d["days"],
        ),
    )


@login_required
@require_POST
def call_report(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)

    def report(d: dict[str, Any]) -> object:
        call = queries.department_call_for(request.user, d["call"], ticket=ticket)
        return actions.department_report(actor=request.user, call=call, report=d["report"])

    return _step(request, ticket, "report", forms.ReportForm(request.POST), report)


@login_required
@require_POST
def extension_request(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "extend",
        forms.ExtensionForm(request.POST),
        lambda d: actions.extension_request(
            actor=request.user, ticket=ticket, days=d["days"], reason=d["reason"]
        ),
    )


@login_required
@require_POST
def extension_decide(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)

    def decide(d: dict[str, Any]) -> object:
        ext = queries.extension_for(request.user, d["extension"], ticket=ticket)
        return actions.extension_decide(actor=request.user, extension=ext, approve=d["approve"])

    return _step(request, ticket, "decide", forms.DecisionForm(request.POST), decide)


@login_required
@require_POST
def ticket_supervise(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "supervise",
        forms.SuperviseForm(request.POST),
        lambda d: actions.ticket_supervise(actor=request.user, ticket=ticket, note=d["note"]),
    )


@login_required
@require_POST
def ticket_evaluate(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "evaluate",
        forms.EvaluationForm(request.POST),
        lambda d: actions.ticket_evaluate(
            actor=request.user,
            ticket=ticket,
            resolved=d["resolved"],
            satisfaction=d["satisfaction"],
            note=d["note"],
        ),
    )


@login_required
@require_POST
def ticket_return_visit(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "return_visit",
        forms.ReturnVisitForm(request.POST),
        lambda d: actions.ticket_return_visit(
            actor=request.user,
            ticket=ticket,
            resolved=d["resolved"],
            satisfaction=d["satisfaction"],
            note=d["note"],
        ),
    )


@login_required
@require_POST
def ticket_link(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "link",
        forms.LinkForm(request.POST),
        lambda d: actions.ticket_link_duplicate(
            actor=request.user, ticket=ticket, original=queries.ticket_for(request.user, d["original"])
        ),
    )


@login_required
@require_POST
def photo_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    return _step(
        request,
        ticket,
        "photo",
        forms.PhotoForm(request.POST, request.FILES),
        lambda d: actions.attachment_add(actor=request.user, ticket=ticket, upload=d["photo"]),
    )
