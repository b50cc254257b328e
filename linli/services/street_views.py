"""The street officer's overview: orders and response rates per community, and the providers."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from linli.services import queries
from linli.ui.http import AuthedHttpRequest


@login_required
def street_overview(request: AuthedHttpRequest, code: str) -> HttpResponse:
    street = queries.street_for(request.user, code)
    data = queries.street_overview(request.user, street, now=timezone.now())
    return render(
        request,
        "services/street.html",
        {"street": street, "today": timezone.localdate(), **data},
    )
