import datetime as dt

from linli.audit.models import AuditEvent
from linli.common.jobs import PERIODIC
from linli.tickets import actions
from linli.tickets.models import Level, Notification, Status, Ticket
from linli.tickets.sweeps import sweep

from .conftest import MONDAY


def test_sweep_warns_flags_and_escalates_once(make_ticket, worker_a, resident):
    near = make_ticket()
    late = make_ticket()
    actions.ticket_accept(actor=worker_a, ticket=late, now=MONDAY)
    # MONDAY + 5 working days → due Mon 30 Nov 17:00.
    counts = sweep(now=dt.datetime(2026, 11, 30, 9, tzinfo=MONDAY.tzinfo))
    assert counts["warned"] == 2 and counts["escalated"] == 0 and counts["response_overdue"] == 1
    counts = sweep(now=dt.datetime(2026, 12, 1, 9, tzinfo=MONDAY.tzinfo))
    assert counts["escalated"] == 2
    late.refresh_from_db()
    near.refresh_from_db()
    assert (
        late.level == Level.STREET and late.is_overdue and late.escalated_auto and late.assignee == worker_a
    )
    assert late.events.filter(kind="auto_escalated").count() == 1
    assert Notification.objects.filter(ticket=late, kind="auto_escalated", user=resident).count() == 1
    again = sweep(now=dt.datetime(2026, 12, 1, 9, 5, tzinfo=MONDAY.tzinfo))
    assert not any(again.values())
    assert late.events.filter(kind="auto_escalated").count() == 1
    assert AuditEvent.objects.filter(action="tickets.sweep.ran").count() == 2


def test_sweep_closes_resolved_tickets_nobody_evaluated(ticket, worker_a):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY)
    actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="ok", now=MONDAY)
    sweep(now=MONDAY + dt.timedelta(days=8))
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.evaluated_at is None


def test_sweep_is_registered_as_periodic():
    assert "linli.tickets.sweeps.tickets_sweep" in PERIODIC


def test_untouched_when_nothing_is_due(ticket):
    assert not any(sweep(now=MONDAY).values())
    assert Ticket.objects.get(pk=ticket.pk).warned is False
