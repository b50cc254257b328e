"""Self-government pages shared by the sub-domains: the overview and the public page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from linli.accounts import policy
from linli.areas.models import Area
from linli.governance.charter import queries as charter_queries
from linli.governance.elections import queries as election_queries
from linli.governance.evaluation import queries as evaluation_queries
from linli.governance.meetings import queries as meeting_queries
from linli.governance.models import (
    Round,
    RoundStatus,
)
from linli.governance.permissions import VIEW, own_records
from linli.governance.public import public_community
from linli.governance.public import public_page as public_page_context
from linli.governance.queries import communities_managed, petition_communities

# ---------------------------------------------------------------------------------------------
# Overview


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff = bool(policy.roots(user, VIEW))
    records = own_records(user)
    if not staff and not records:
        raise Http404
    now = timezone.now()
    open_rounds = list(
        Round.objects.filter(
            election__in=election_queries.elections_for(user),
            status=RoundStatus.OPEN,
            opens_at__lte=now,
            closes_at__gt=now,
        ).select_related("election")
    )
    return render(
        request,
        "governance/index.html",
        {
            "staff": staff,
            "can_create": staff and communities_managed(user).exists(),
            "can_petition": bool(petition_communities(user)),
            "elections": election_queries.elections_for(user)[:20],
            "meetings": meeting_queries.meetings_for(user)[:20],
            "petitions": meeting_queries.petitions_for(user)[:20],
            "documents": charter_queries.documents_for(user)[:20],
            "campaigns": evaluation_queries.campaigns_for(user)[:20],
            "open_rounds": open_rounds,
            "records": records,
            "public_communities": list(communities_managed(user)[:10]) if staff else [],
        },
    )


def public_page(request: HttpRequest, code: str) -> HttpResponse:
    """The community's public self-government page (no sign-in), at its first address."""
    return public_section(request, public_community(code))


def public_section(request: HttpRequest, community: Area) -> HttpResponse:
    """Self-government's section of the public board (no sign-in): results, decisions, conventions."""
    return render(request, "governance/public.html", public_page_context(community))
