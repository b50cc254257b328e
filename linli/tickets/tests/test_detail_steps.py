"""Ticket detail: the viewer's main next step stands open as the primary button; every other step
waits under "More actions" (issue 12)."""

import re

from linli.tickets import actions
from linli.tickets.tests.conftest import MONDAY


def _regions(body: str) -> tuple[str, str]:
    """(the main step, the "More actions" box) of a ticket page."""
    main = re.search(r'<div class="card step main-step">(.*?)</form>\s*</div>', body, re.S)
    more = re.search(r'<details class="card more-steps"[^>]*>(.*)</details>\s*</section>', body, re.S)
    return (main.group(1) if main else ""), (more.group(1) if more else "")


def _page(client, ticket) -> str:
    client.cookies["linli_language"] = "en"
    response = client.get(f"/tickets/{ticket.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_handler_of_a_new_ticket_sees_accept_first_and_the_rest_under_more_actions(
    ticket, worker_a, login
):
    main, more = _regions(_page(login(worker_a), ticket))
    assert "Accept this ticket" in main and 'class="primary"' in main
    assert "Accept this ticket" not in more
    assert "Reject" in more and "Escalate to the street" in more


def test_after_accepting_the_main_step_is_reporting_it_handled(ticket, worker_a, login):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY)
    main, more = _regions(_page(login(worker_a), ticket))
    assert "Report it handled" in main and 'name="resolution"' in main
    assert "Start work" in more and "Report it handled" not in more


def test_the_requester_of_a_handled_ticket_evaluates_first_with_inline_radios(
    ticket, worker_a, resident, login
):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY)
    actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="已修复", now=MONDAY)
    main, more = _regions(_page(login(resident), ticket))
    assert "Evaluate the result" in main
    assert re.search(r'<label for="id_resolved_0">\s*<input type="radio" name="resolved"', main)
    assert "Add a photo" in more and "Evaluate the result" not in more


def test_a_refused_step_under_more_actions_opens_the_box_and_keeps_what_was_typed(ticket, worker_a, login):
    client = login(worker_a)
    client.cookies["linli_language"] = "en"
    refused = client.post(f"/tickets/{ticket.code}/do/extend/", {"days": "999", "reason": "需要协调供水公司"})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert '<details class="card more-steps" open>' in body and "需要协调供水公司" in body
    assert '<details class="step" open>' in body


def test_a_viewer_with_no_step_sees_no_empty_box(ticket, tree, login):
    from linli.accounts.actions import user_create

    auditor = user_create(
        actor=None,
        display_name="审计",
        username="aud",
        password="correct-horse-42",
        role="auditor",
        area=tree.community_a,
    )
    body = _page(login(auditor), ticket)
    assert "more-steps" not in body and "main-step" not in body
