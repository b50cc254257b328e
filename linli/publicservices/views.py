"""The public services' front page: what the signed-in user may open, by sub-domain."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from linli.accounts import policy
from linli.publicservices.assistance import queries as assistance_queries
from linli.publicservices.mediation import queries as mediation_queries
from linli.publicservices.permissions import employer_ids
from linli.ui.http import AuthedHttpRequest


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "publicservices/index.html",
        {
            "sees_assistance": bool(policy.sensitive_roots(user, "dibao"))
            and bool(policy.roots(user, "publicservices.view")),
            "employment_url": reverse("publicservices:employment")
            if policy.roots(user, "publicservices.view")
            or policy.roots(user, "employment.seek")
            or employer_ids(user)
            else "",
            "mediation_url": reverse("publicservices:mediation")
            if policy.roots(user, "publicservices.view") or mediation_queries.group_communities(user)
            else "",
            "property_url": reverse("publicservices:property")
            if policy.roots(user, "publicservices.view") or policy.roots(user, "property.answer")
            else "",
            "assistance_waiting": sum(
                assistance_queries.queue(user, step).count() for step in assistance_queries.STEP_QUEUES
            ),
        },
    )
