"""Who may do what to a ticket: pure functions over the one scoping mechanism (accounts.policy)."""

from linli.accounts import policy
from linli.accounts.policy import Viewer
from linli.accounts.roles import Role
from linli.areas.models import Area
from linli.tickets.models import Level, Ticket


def is_requester(user: Viewer, ticket: Ticket) -> bool:
    return user is not None and bool(user.pk) and ticket.requester_id == user.pk


def can_view_ticket(user: Viewer, ticket: Ticket) -> bool:
    return is_requester(user, ticket) or policy.can(user, "tickets.view", ticket.community)


def can_handle_ticket(user: Viewer, ticket: Ticket) -> bool:
    """The community's workers handle community-level tickets; the street's officers escalated ones."""
    if ticket.level == Level.COMMUNITY:
        return policy.has_role_at(user, Role.WORKER, ticket.community) or policy.has_role_at(
            user, Role.DIRECTOR, ticket.community
        )
    return policy.has_role_at(user, Role.STREET_OFFICER, ticket.community)


def can_record_return_visit(user: Viewer, ticket: Ticket) -> bool:
    return policy.can(user, "tickets.handle", ticket.community) or policy.has_role_at(
        user, Role.AGENT, ticket.community
    )


def can_supervise_ticket(user: Viewer, ticket: Ticket) -> bool:
    return policy.can(user, "tickets.supervise", ticket.community)


def can_create_for(user: Viewer, community: Area) -> bool:
    return policy.can(user, "tickets.create", community)


def can_submit_as_resident(user: Viewer, community: Area) -> bool:
    return policy.has_role_at(user, Role.RESIDENT, community)
