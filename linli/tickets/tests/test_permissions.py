from linli.tickets import actions
from linli.tickets.permissions import (
    can_create_for,
    can_handle_ticket,
    can_record_return_visit,
    can_submit_as_resident,
    can_supervise_ticket,
    can_view_ticket,
    is_requester,
)


def test_the_requester_and_the_communitys_staff_see_a_ticket_and_the_neighbour_does_not(
    ticket, resident, worker_a, worker_b, street_officer
):
    assert is_requester(resident, ticket) and can_view_ticket(resident, ticket)
    assert can_view_ticket(worker_a, ticket) and can_view_ticket(street_officer, ticket)
    assert not can_view_ticket(worker_b, ticket)


def test_the_community_handles_its_tickets_and_the_street_handles_escalated_ones(
    ticket, worker_a, street_officer, resident
):
    assert can_handle_ticket(worker_a, ticket)
    assert not can_handle_ticket(street_officer, ticket) and not can_handle_ticket(resident, ticket)
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    actions.ticket_escalate(actor=worker_a, ticket=ticket, reason="需要执法")
    ticket.refresh_from_db()
    assert can_handle_ticket(street_officer, ticket) and not can_handle_ticket(worker_a, ticket)


def test_only_officers_above_the_community_supervise(ticket, worker_a, street_officer):
    assert can_supervise_ticket(street_officer, ticket)
    assert not can_supervise_ticket(worker_a, ticket)


def test_agents_record_return_visits_but_residents_do_not(ticket, agent, worker_a, resident):
    assert can_record_return_visit(agent, ticket) and can_record_return_visit(worker_a, ticket)
    assert not can_record_return_visit(resident, ticket)


def test_staff_submit_on_behalf_and_residents_only_for_themselves_at_home(tree, worker_a, resident):
    assert can_create_for(worker_a, tree.community_a) and not can_create_for(worker_a, tree.community_b)
    assert not can_create_for(resident, tree.community_a)
    assert can_submit_as_resident(resident, tree.community_a)
    assert not can_submit_as_resident(resident, tree.community_b)
