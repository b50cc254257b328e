"""Ticket numbers, area codes and phones typed in full width or lower case find the same rows
(issue 10, item 7)."""

import pytest

from linli.accounts.actions import api_token_create
from linli.common.tests.fullwidth import full_width
from linli.tickets.models import Ticket

BASE = "/open311/v2"


@pytest.fixture
def key(agent):
    return api_token_create(actor=agent, name="open311 client")[1]


def test_a_ticket_number_typed_in_full_width_lower_case_is_found(make_ticket, worker_a, login):
    ticket = make_ticket()
    typed = full_width(ticket.code.lower())
    client = login(worker_a)
    assert client.get(f"/api/v1/tickets/{typed}").json()["code"] == ticket.code
    assert ticket.code in client.get("/tickets/", {"q": typed, "status": ""}).content.decode()
    assert [t["code"] for t in client.get("/api/v1/tickets", {"q": typed, "status": ""}).json()["items"]] == [
        ticket.code
    ]


def test_open311_finds_a_request_by_a_full_width_id(make_ticket, key, client):
    ticket = make_ticket()
    typed = full_width(ticket.code)
    one = client.get(f"{BASE}/requests/{typed}.json", {"api_key": key}).json()
    assert [r["service_request_id"] for r in one] == [ticket.code]
    some = client.get(f"{BASE}/requests.json", {"api_key": key, "service_request_id": typed}).json()
    assert [r["service_request_id"] for r in some] == [ticket.code]


def test_a_ticket_submitted_with_a_full_width_community_code_and_phone_is_stored_in_ascii(
    tree, leak, worker_a, login
):
    response = login(worker_a).post(
        "/api/v1/tickets",
        {
            "community": full_width(tree.community_a.code),
            "category": leak.code,
            "description": "漏水",
            "channel": "walk_in",
            "contact_phone": full_width("137 0000 0001"),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Ticket.objects.get().contact_phone == "13700000001"
