"""The periodic ticket sweep: warn near deadlines, flag overdue, escalate overdue community tickets.

Idempotent: every step only touches rows whose flag is not yet set, so running it twice (or two
workers running it at once) changes nothing the second time. Set-based SQL throughout: it runs
over a million open tickets in a few seconds (docs/benchmarks.md). One audit event per run that
changed something (the chain takes ~400 events/s, one per ticket would not keep up); each touched
ticket gets its timeline entry. The handler of a ticket near its deadline gets an in-app message;
the requester of an escalated ticket gets one too, and an SMS (after commit, as a job).
"""

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from linli.audit.chain import record
from linli.common.jobs import enqueue, periodic
from linli.tickets import notify
from linli.tickets.models import EventKind, Level, Notification, Status, Ticket, TicketEvent
from linli.tickets.queries import WARN_WITHIN

# Resolved tickets nobody evaluated close on their own after this long (they count as unevaluated).
AUTO_CLOSE_AFTER = dt.timedelta(days=7)
OPEN = [Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS]


def _timeline(
    kind: str, now: dt.datetime, where: str, params: list[Any], *, requester: bool, handler: bool = False
) -> None:
    """Timeline entries for the rows a step just marked, and in-app messages, one statement each.

    The entry is public (shown to the requester) when the requester is told; `handler` tells
    the worker the ticket is assigned to.
    """
    ev, tk, nt = TicketEvent._meta.db_table, Ticket._meta.db_table, Notification._meta.db_table
    # Raw SQL: datetimes go in as the backend stores them (SQLite keeps naive UTC text).
    at = connection.ops.adapt_datetimefield_value(now)
    params = [
        connection.ops.adapt_datetimefield_value(p) if isinstance(p, dt.datetime) else p for p in params
    ]
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {ev} (ticket_id, at, kind, note, public) "  # noqa: S608 - table names are ours
            f"SELECT id, %s, %s, '', %s FROM {tk} WHERE {where}",
            [at, kind, requester, *params],
        )
        for column, wanted in (("requester_id", requester), ("assignee_id", handler)):
            if wanted:
                cur.execute(
                    f"INSERT INTO {nt} (user_id, ticket_id, kind, created_at) "  # noqa: S608
                    f"SELECT {column}, id, %s, %s FROM {tk} WHERE {where} AND {column} IS NOT NULL",
                    [kind, at, *params],
                )


def escalation_messages(at: str) -> int:
    """SMS to the contact number of every ticket the sweep escalated at `at` (ISO 8601); a job."""
    sent = 0
    escalated = Ticket.objects.filter(escalated_auto=True, escalated_at=dt.datetime.fromisoformat(at))
    for code, phone in escalated.values_list("code", "contact_phone").iterator(chunk_size=2000):
        if phone:
            notify.send_message(phone, notify.message_text(code, EventKind.AUTO_ESCALATED.label))
            sent += 1
    return sent


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts: dict[str, int] = {}
    with transaction.atomic():
        open_ = Ticket.objects.filter(status__in=OPEN)
        # 1. Near the deadline: warn once (the flag is cleared when the deadline moves).
        n = open_.filter(warned=False, due_at__gte=now, due_at__lte=now + WARN_WITHIN).update(
            warned=True, updated_at=now
        )
        counts["warned"] = n
        if n:  # before any other step touches updated_at: these are exactly the rows just warned
            _timeline(
                EventKind.WARNED,
                now,
                "warned = %s AND updated_at = %s",
                [True, now],
                requester=False,
                handler=True,
            )
        # 2. Unanswered past the response limit.
        counts["response_overdue"] = Ticket.objects.filter(
            status=Status.SUBMITTED, response_overdue=False, response_due__lt=now
        ).update(response_overdue=True, updated_at=now)
        # 3. Past the handling deadline: flag, and move community tickets up to the street (whose
        #    officers handle them from now on; the worker stays named, and no indexed column moves).
        counts["escalated"] = open_.filter(is_overdue=False, due_at__lt=now, level=Level.COMMUNITY).update(
            is_overdue=True,
            level=Level.STREET,
            escalated_at=now,
            escalated_auto=True,
            updated_at=now,
        )
        if counts["escalated"]:
            _timeline(
                EventKind.AUTO_ESCALATED,
                now,
                "escalated_auto = %s AND escalated_at = %s",
                [True, now],
                requester=True,
            )
            enqueue(escalation_messages, now.isoformat())
        counts["overdue"] = open_.filter(is_overdue=False, due_at__lt=now).update(
            is_overdue=True, updated_at=now
        )
        # 4. Resolved and never evaluated: close.
        stale = Ticket.objects.filter(status=Status.RESOLVED, resolved_at__lt=now - AUTO_CLOSE_AFTER)
        counts["auto_closed"] = stale.update(status=Status.CLOSED, closed_at=now, updated_at=now)
        if counts["auto_closed"]:
            _timeline(
                EventKind.AUTO_CLOSED,
                now,
                "status = %s AND closed_at = %s AND evaluated_at IS NULL",
                [Status.CLOSED, now],
                requester=False,
            )
        if any(counts.values()):
            record(actor=None, action="tickets.sweep.ran", details=counts, now=now)
    return counts


@periodic(seconds=300)
def tickets_sweep() -> dict[str, int]:
    return sweep()
