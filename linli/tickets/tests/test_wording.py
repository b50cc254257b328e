"""Ticket words that other apps also use read as tickets mean them (pgettext contexts)."""

from linli.tickets import actions


def test_a_ticket_deadline_reads_as_a_deadline_not_a_visit_date(ticket, worker_a, login):
    body = login(worker_a).get("/tickets/").content.decode()
    assert ticket.code in body and "期限" in body and "应走访日期" not in body


def test_an_accepted_ticket_reads_as_accepted_for_handling(ticket, worker_a, login):
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    body = login(worker_a).get(f"/tickets/{ticket.code}/").content.decode()
    assert "已受理" in body and "已接收" not in body


def test_a_refused_extension_and_a_rejected_ticket_have_their_own_words(ticket, worker_a, login):
    body = login(worker_a).get(f"/tickets/{ticket.code}/").content.decode()
    assert "不予受理" in body and "不予通过" not in body
