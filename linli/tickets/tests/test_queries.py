import pytest
from django.http import Http404

from linli.tickets import actions, queries


@pytest.fixture
def extension(ticket, worker_a):
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    return actions.extension_request(actor=worker_a, ticket=ticket, days=1, reason="等待配件")


@pytest.fixture
def call(ticket, street_officer, worker_a, department):
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    actions.ticket_escalate(actor=worker_a, ticket=ticket, reason="需要执法")
    return actions.ticket_call_department(
        actor=street_officer, ticket=ticket, department=department, request="请来现场"
    )


def test_worker_fetches_an_extension_request_of_their_ticket(extension, worker_a, ticket):
    assert queries.extension_for(worker_a, extension.pk) == extension
    assert queries.extension_for(worker_a, extension.pk, ticket=ticket) == extension


def test_worker_of_another_community_cannot_fetch_the_extension_request(extension, worker_b):
    with pytest.raises(Http404):
        queries.extension_for(worker_b, extension.pk)


def test_extension_request_asked_for_under_another_ticket_is_404(extension, worker_a, tree, resident, leak):
    other = actions.ticket_submit(actor=resident, community=tree.community_a, category=leak, description="x")
    with pytest.raises(Http404):
        queries.extension_for(worker_a, extension.pk, ticket=other)


def test_street_officer_fetches_the_department_call(call, street_officer):
    assert queries.department_call_for(street_officer, call.pk) == call


def test_worker_of_another_community_cannot_fetch_the_department_call(call, worker_b):
    with pytest.raises(Http404):
        queries.department_call_for(worker_b, call.pk)


def test_unknown_or_malformed_child_ids_are_404(worker_a, db):
    for pk in (999999, "x"):
        with pytest.raises(Http404):
            queries.extension_for(worker_a, pk)
        with pytest.raises(Http404):
            queries.department_call_for(worker_a, pk)
