"""Audit events never copy a ticket's free text: a phone number typed into it stays out of the
chain, which can never be erased."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.tickets import actions

from .conftest import MONDAY

PHONE = "13812345678"


# Made by the machine, never from what was typed (and a timestamp or a hash may hold "1234").
MACHINE_MADE = {"id", "seq", "created_at", "prev_hash", "hash", "details"}


def event_text(event: AuditEvent) -> str:
    return " ".join(
        str(getattr(event, f.attname))
        for f in AuditEvent._meta.concrete_fields
        if f.attname not in MACHINE_MADE
    ) + str(event.details)


@pytest.mark.parametrize("spelling", [PHONE, "138 1234 5678", "+86 138-1234-5678", "１３８１２３４５６７８"])
def test_a_ticket_submitted_with_a_phone_in_its_text_leaves_it_out_of_every_audit_column(
    tree, agent, worker_a, leak, spelling
):
    ticket = actions.ticket_submit(
        actor=agent,
        community=tree.community_a,
        category=leak,
        title=f"请回电 {spelling}",
        description=f"楼上漏水，请打 {spelling} 找张三",
        channel="hotline",
        contact_phone=PHONE,
        now=MONDAY,
    )
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY + dt.timedelta(hours=1))
    actions.ticket_resolve(
        actor=worker_a,
        ticket=ticket,
        resolution=f"已电话 {spelling} 联系",
        now=MONDAY + dt.timedelta(hours=2),
    )
    events = list(AuditEvent.objects.filter(object_type="tickets.ticket"))
    assert len(events) == 3
    for event in events:
        text = event_text(event)
        digits = "".join(c for c in text if c.isdigit())
        assert "1234" not in text and "12345678" not in digits.replace(ticket.code, ""), text
        assert "张三" not in text and "漏水" not in text
        assert event.object_repr == ticket.code
