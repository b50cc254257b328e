"""Who may see and do what in self-government.

Staff reach communities through `accounts.policy`; residents reach the communities where they
have an active registry record linked to their account. Anything else is 404.
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.accounts.policy import Viewer
from linli.areas.models import Area
from linli.common import election_bodies
from linli.common.errors import Forbidden, NotFound
from linli.registry.models import Resident
from linli.registry.queries import residents_of_user

VIEW = "governance.view"
MANAGE = "governance.manage"
OBJECT = "governance.object"
CERTIFY = "governance.certify"


def own_records(user: Viewer, community: Area | None = None) -> list[Resident]:
    """The user's own active registry records (in `community`, if given)."""
    if not isinstance(user, User):  # anonymous or the system: no records of their own
        return []
    cached = getattr(user, "_gov_records", None)
    if cached is None:
        cached = list(residents_of_user(user).select_related("community"))
        setattr(user, "_gov_records", cached)  # noqa: B010 (an attribute of this user object only)
    return [r for r in cached if community is None or r.community_id == community.pk]


def resident_community_ids(user: Viewer) -> set[int]:
    return {r.community_id for r in own_records(user)}


def can_view(user: Viewer, community: Area) -> bool:
    return policy.can(user, VIEW, community) or community.pk in resident_community_ids(user)


def can_object(user: Viewer, community: Area) -> bool:
    """Object to the register: a resident of the community, or staff who act (not an auditor)."""
    return bool(own_records(user, community)) or policy.can(user, OBJECT, community)


def can_manage(user: Viewer, community: Area) -> bool:
    return policy.can(user, MANAGE, community)


def can_certify(user: Viewer, community: Area) -> bool:
    return policy.can(user, CERTIFY, community)


def require_view(user: Viewer, community: Area) -> None:
    if user is not None and not can_view(user, community):
        raise NotFound()


def require_manage(actor: User | None, community: Area) -> None:
    """Outside the actor's reach is 'not found'; inside without the right is 'forbidden'."""
    if actor is None:  # system jobs and data loading
        return
    if not can_view(actor, community):
        raise NotFound()
    if not can_manage(actor, community):
        raise Forbidden(_("Only the committee and the street may do this."))


def require_certify(actor: User | None, community: Area, election: Any = None) -> None:
    """The director or the street; a body's organisers see the election but never certify it."""
    if actor is None:
        return
    if not can_view(actor, community) and not (election is not None and runs_body(actor, election)):
        raise NotFound()
    if not can_certify(actor, community):
        raise Forbidden(_("Only the director or the street may certify an election."))


def runs_body(user: Viewer, election: Any) -> bool:
    """An organiser running their own body's election (linli.common.election_bodies)."""
    return election_bodies.runs(user, election.community_id, election.body)


def can_view_election(user: Viewer, election: Any) -> bool:
    return can_view(user, election.community) or runs_body(user, election)


def can_manage_election(user: Viewer, election: Any) -> bool:
    """The committee's staff, or for another body's election (`body`) those who run that body."""
    return can_manage(user, election.community) or runs_body(user, election)


def require_manage_election(actor: User | None, election: Any) -> None:
    """As `require_manage`, for one election: an organiser runs their own body's election only."""
    if actor is None or runs_body(actor, election):
        return
    require_manage(actor, election.community)


def require_announce(actor: User | None, community: Area, body: str) -> None:
    if actor is None or election_bodies.runs(actor, community.pk, body):
        return
    require_manage(actor, community)


def get_or_404(obj: Any, user: Viewer, community: Area) -> Any:
    if obj is None or not can_view(user, community):
        raise Http404
    return obj
