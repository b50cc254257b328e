"""Who may do what to a ticket: pure functions over the one scoping mechanism (accounts.policy)."""

from typing import Any

from linli.accounts import policy
from linli.accounts.roles import Role
from linli.tickets.models import Level, Ticket


def is_requester(user: Any, ticket: Ticket) -> bool:
    return bool(getattr(user, "pk", None)) and ticket.requester_id == user.pk


def can_view_ticket(user: Any, ticket: Ticket) -> bool:
    return is_requester(user, ticket) or policy.can(user, "tickets.view", ticket.community)


def can_handle_ticket(user: Any, ticket: Ticket) -> bool:
    """The community's workers handle community-level tickets; the street's officers escalated ones."""
    if ticket.level == Level.COMMUNITY:
        return policy.has_role_at(user, Role.WORKER, ticket.community) or policy.has_role_at(
            user, Role.DIRECTOR, ticket.community
        )
    return policy.has_role_at(user, Role.STREET_OFFICER, ticket.community)


def can_record_return_visit(user: Any, ticket: Ticket) -> bool:
    return policy.can(user, "tickets.handle", ticket.community) or policy.has_role_at(
        user, Role.AGENT, ticket.community
    )


def can_supervise_ticket(user: Any, ticket: Ticket) -> bool:
    return policy.can(user, "tickets.supervise", ticket.community)


def can_create_for(user: Any, community: Any) -> bool:
    return policy.can(user, "tickets.create", community)


def can_submit_as_resident(user: Any, community: Any) -> bool:
    return policy.has_role_at(user, Role.RESIDENT, community)
