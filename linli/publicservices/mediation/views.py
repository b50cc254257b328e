"""Mediation pages: the case list and the agreement printed for the parties to sign."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from linli.publicservices.mediation import queries
from linli.ui.http import AuthedHttpRequest


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "publicservices/mediation_index.html",
        {"cases": list(queries.cases_for(request.user).prefetch_related("parties")[:100])},
    )


@login_required
def agreement_print(request: AuthedHttpRequest, code: str) -> HttpResponse:
    case = queries.case_for(request.user, code)
    return render(
        request,
        "publicservices/agreement_print.html",
        {
            "case": case,
            "parties": list(case.parties.all()),
            "sessions": list(case.sessions.select_related("mediator")),
        },
    )
