"""Set-up of tickets: categories, the State Council holiday calendar, street departments.

Writes like the lifecycle's (`actions.py`): permitted, validated, saved and audited in one
transaction; only the people who configure the service may make them.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import Forbidden, NotFound
from linli.tickets import calendar
from linli.tickets.actions import _clean_text, _field_error
from linli.tickets.models import (
    OPEN_STATUSES,
    CalendarDay,
    CalendarNotice,
    Category,
    Department,
    DepartmentCall,
    EventKind,
    Level,
    Status,
    Ticket,
    TicketEvent,
)


def category_save(
    *,
    actor: User | None,
    category: Category | None,
    code: str,
    name: str,
    name_en: str = "",
    parent: Category | None = None,
    response_hours: int = 8,
    handling_days: int = 5,
    default_level: str = Level.COMMUNITY,
    round_the_clock: bool = False,
    is_active: bool = True,
) -> Category:
    if not policy.can(actor, "tickets.configure", None):
        raise Forbidden(_("Only city administrators may change categories."))
    code = code.strip().lower()
    if not code:
        raise _field_error("code_required", "code", _("Enter a code."))
    name = _clean_text(name, "name", _("the name"), required=True, limit=60)
    if not 1 <= int(response_hours) <= 720:
        raise _field_error("bad_hours", "response_hours", _("Give between 1 and 720 hours."))
    if not 1 <= int(handling_days) <= 90:
        raise _field_error("bad_days", "handling_days", _("Give between 1 and 90 working days."))
    if default_level not in Level.values:
        raise _field_error("bad_level", "default_level", _("Choose a level."))
    with transaction.atomic():
        clash = Category.objects.filter(code=code).exclude(pk=category.pk if category is not None else 0)
        if clash.exists():
            raise _field_error("code_taken", "code", _("Another category already has this code."))
        if parent is not None and category is not None and parent.pk == category.pk:
            raise _field_error("bad_parent", "parent", _("A category cannot be its own parent."))
        created = category is None
        category = category or Category()
        category.code, category.name, category.name_en, category.parent = code, name, name_en.strip(), parent
        category.response_hours, category.handling_days = int(response_hours), int(handling_days)
        category.default_level, category.round_the_clock, category.is_active = (
            default_level,
            round_the_clock,
            is_active,
        )
        category.save()
        record(
            actor=actor,
            action="tickets.category.created" if created else "tickets.category.changed",
            obj=category,
            details={
                "code": code,
                "response_hours": category.response_hours,
                "handling_days": category.handling_days,
            },
        )
    return category


def calendar_notice_add(
    *,
    actor: User | None,
    year: int,
    holidays: list[tuple[dt.date, dt.date, str]],
    workdays: list[dt.date],
    now: dt.datetime | None = None,
) -> int:
    """Add (or replace) one year's State Council notice: holiday ranges and make-up workdays.

    Open tickets whose deadlines the change moves are counted again, each with a timeline entry,
    in the same transaction and audit event."""
    now = now or timezone.now()
    if not policy.can(actor, "tickets.configure", None):
        raise Forbidden(_("Only city administrators may change the calendar."))
    rows: dict[dt.date, tuple[str, str]] = {}
    for first, last, name in holidays:
        if first > last or first.year != year or last.year not in (year, year + 1):
            raise _field_error(
                "bad_range", "holidays", _("Each holiday must lie in the year given, first day first.")
            )
        day = first
        while day <= last:
            rows[day] = ("holiday", name[:30])
            day += dt.timedelta(days=1)
    for day in workdays:
        if day.year != year:
            raise _field_error(
                "bad_workday", "workdays", _("Each make-up workday must lie in the year given.")
            )
        if day in rows:
            raise _field_error(
                "clash", "workdays", _("%(day)s is both a holiday and a workday.") % {"day": day}
            )
        rows[day] = ("workday", "调休上班")
    if not rows:
        raise _field_error("empty", "holidays", _("Enter at least one holiday."))
    with transaction.atomic():
        # Both calendars are read inside the transaction, never from the process cache: a rolled
        # back notice must not linger in it.
        old = calendar.Calendar.load()
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=d, kind=k, name=n) for d, (k, n) in sorted(rows.items())]
        )
        CalendarNotice.objects.update_or_create(year=year, defaults={"changed_at": now})
        moved = _recount_deadlines(actor=actor, year=year, old=old, new=calendar.Calendar.load(), now=now)
        record(
            actor=actor,
            action="tickets.calendar.notice_added",
            details={"year": year, "days": len(rows), "tickets_moved": moved},
        )
        transaction.on_commit(calendar.changed)
    return len(rows)


def _recount_deadlines(
    *, actor: User | None, year: int, old: calendar.Calendar, new: calendar.Calendar, now: dt.datetime
) -> list[str]:
    """Count the deadlines of open tickets that reach into `year` again on the new calendar.

    Each deadline keeps its number of working days (or hours) from where it was counted: the
    submission, the last reopening or the call; approved extensions are inside that number."""
    since = dt.datetime(year, 1, 1, tzinfo=calendar.TZ)
    tickets = list(
        Ticket.objects.filter(status__in=OPEN_STATUSES, due_at__gte=since)
        .select_related("category")
        .order_by("pk")
    )
    reopened = dict(
        TicketEvent.objects.filter(ticket__in=[t for t in tickets if t.reopen_count], kind=EventKind.REOPENED)
        .order_by()
        .values_list("ticket_id")
        .annotate(last=Max("at"))
    )
    moved, events = [], []
    for ticket in tickets:
        start = reopened.get(ticket.pk, ticket.submitted_at)
        fields: dict[str, Any] = {}
        due = calendar.recount_days(start, ticket.due_at, old, new)
        if due != ticket.due_at:
            fields.update(due_at=due, is_overdue=due <= now, warned=False)
        if ticket.status == Status.SUBMITTED and not ticket.category.round_the_clock:
            response = calendar.recount_hours(ticket.submitted_at, ticket.response_due, old, new)
            if response != ticket.response_due:
                fields.update(response_due=response, response_overdue=response <= now)
        if not fields:
            continue
        note = _("Deadline %(old)s → %(new)s: the %(year)d holiday notice was entered.") % {
            "old": ticket.due_at.astimezone(calendar.TZ).strftime("%Y-%m-%d %H:%M"),
            "new": fields.get("due_at", ticket.due_at).astimezone(calendar.TZ).strftime("%Y-%m-%d %H:%M"),
            "year": year,
        }
        Ticket.objects.filter(pk=ticket.pk).update(**fields, updated_at=now)
        events.append(
            TicketEvent(
                ticket=ticket,
                at=now,
                actor=actor if getattr(actor, "pk", None) else None,
                kind=EventKind.DEADLINE_MOVED,
                note=note,
            )
        )
        moved.append(ticket.code)
    TicketEvent.objects.bulk_create(events)
    calls = DepartmentCall.objects.filter(
        reported_at__isnull=True, ticket__status__in=OPEN_STATUSES, due_at__gte=since
    )
    for call in calls:
        due = calendar.recount_days(call.called_at, call.due_at, old, new)
        if due != call.due_at:
            DepartmentCall.objects.filter(pk=call.pk).update(due_at=due)
    return moved


def department_create(*, actor: User | None, street: Area, name: str) -> Department:
    if street.level != AreaLevel.STREET:
        raise _field_error("not_a_street", "street", _("Choose a street."))
    if not policy.can(actor, "tickets.view", street):
        raise NotFound()
    if not policy.can(actor, "tickets.supervise", street):
        raise Forbidden(_("Only street officers may add departments."))
    name = _clean_text(name, "name", _("the name"), required=True, limit=60)
    with transaction.atomic():
        if Department.objects.filter(street=street, name=name).exists():
            raise _field_error("exists", "name", _("This street already has this department."))
        department = Department.objects.create(street=street, name=name)
        record(actor=actor, action="tickets.department.created", obj=department, area=street)
    return department
