import pytest
from django.urls import reverse

from linli.tickets.models import Status, Ticket

STEPS = [
    "accept",
    "start",
    "resolve",
    "reject",
    "escalate",
    "reopen",
    "transfer",
    "call",
    "report",
    "extend",
    "decide",
    "supervise",
    "evaluate",
    "return_visit",
    "link",
    "photo",
]


@pytest.mark.parametrize("step", STEPS)
def test_each_step_has_its_own_named_url_at_its_former_path(ticket, step):
    assert reverse(f"tickets:{step}", args=[ticket.code]) == f"/tickets/{ticket.code}/do/{step}/"


@pytest.mark.parametrize("step", STEPS)
def test_outsider_gets_404_on_every_step_and_the_ticket_is_untouched(ticket, worker_b, login, step):
    response = login(worker_b).post(reverse(f"tickets:{step}", args=[ticket.code]), {"reason": "x" * 20})
    assert response.status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SUBMITTED


def test_a_step_is_post_only(ticket, worker_a, login):
    assert login(worker_a).get(reverse("tickets:accept", args=[ticket.code])).status_code == 405


def test_an_unknown_step_is_404(ticket, worker_a, login):
    assert login(worker_a).post(f"/tickets/{ticket.code}/do/teleport/").status_code == 404


def test_a_refused_accept_comes_back_as_a_message_on_the_ticket(ticket, worker_a, login):
    client = login(worker_a)
    client.post(reverse("tickets:accept", args=[ticket.code]))
    response = client.post(reverse("tickets:accept", args=[ticket.code]), follow=True)
    assert response.redirect_chain[-1][0] == f"/tickets/{ticket.code}/"
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"


def test_a_refused_step_with_a_form_renders_the_page_with_the_form_as_typed(ticket, worker_a, login):
    response = login(worker_a).post(reverse("tickets:escalate", args=[ticket.code]), {"reason": ""})
    assert response.status_code == 400
    assert response.context["more_steps"]["escalate"].errors
