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


def test_the_handler_hears_of_a_near_deadline_and_the_caller_of_an_escalation(
    make_ticket, worker_a, resident, django_capture_on_commit_callbacks, sms_outbox
):
    mine = make_ticket(contact_phone="13700000009")
    unassigned = make_ticket()
    actions.ticket_accept(actor=worker_a, ticket=mine, now=MONDAY)
    sweep(now=dt.datetime(2026, 11, 30, 9, tzinfo=MONDAY.tzinfo))
    # The worker holding the ticket is told; nobody is told of the unassigned one (it shows in the list).
    assert list(Notification.objects.filter(kind="warned").values_list("user", "ticket")) == [
        (worker_a.pk, mine.pk)
    ]
    assert mine.events.get(kind="warned").public is False
    assert unassigned.events.filter(kind="warned").count() == 1
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=dt.datetime(2026, 12, 1, 9, tzinfo=MONDAY.tzinfo))
    # Both were escalated: each contact number hears of its own ticket (the resident's is theirs).
    assert sorted(sms_outbox) == sorted(
        [
            ("13700000009", f"【邻里】您的诉求{mine.code}：超期自动上报。"),
            ("13800000001", f"【邻里】您的诉求{unassigned.code}：超期自动上报。"),
        ]
    )
