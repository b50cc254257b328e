"""Fetch-or-404 helpers shared by the pages and the API of every self-government sub-domain."""

from typing import Any

from django.http import Http404, HttpRequest

from linli.accounts.policy import Viewer
from linli.areas.models import Area
from linli.areas.queries import community_for
from linli.governance.queries import communities_managed


def _get(model: Any, **lookup: Any) -> Any:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def managed_community(user: Viewer, code: str) -> Area:
    """A community the user manages, by code; any other code is 404."""
    return community_for(user, code, "governance.manage")


def _managed_or_404(request: HttpRequest) -> list[Area]:
    """The communities the user manages; none at all is 404 (the page is not for them)."""
    communities = list(communities_managed(request.user))
    if not communities:
        raise Http404
    return communities
