"""Admission writes (准入): applications, the street's review, the district's decision, tasks in
communities, refusals, completion and payment (费随事转), revocation of an item.

Deadlines count working days on the tickets' calendar: a department applies 30 working days before
the start, the street reviews within 5 and the district decides within 15 working days of the
application (Xicheng's practice, issue 15).
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.finance import actions as finance_actions
from linli.finance.models import Category, Direction, Fund
from linli.operations.common import field_error, require, text, today
from linli.operations.models import (
    AdmissionItem,
    Application,
    ApplicationKind,
    ApplicationStatus,
    Holder,
    ListVersion,
    Task,
    TaskStatus,
)
from linli.tickets import calendar
from linli.tickets.models import Department

ADVANCE_DAYS = 30
REVIEW_DAYS = 5
DECISION_DAYS = 15
MAX_FEN = 10**10  # a hundred million yuan per unit: beyond is a typing mistake
WORKLOAD = ("forms", "meetings", "certificates", "ledgers")


_field = field_error
_text = text
_today = today


def _workload(values: dict[str, int]) -> dict[str, int]:
    out = {}
    for name in WORKLOAD:
        n = values.get(name, 0) or 0
        if not isinstance(n, int) or n < 0 or n > 999:
            raise _field("bad_workload", name, _("Enter a number from 0 to 999."))
        out[name] = n
    return out


_require = require


def _next_version(district: Area, *, actor: User | None, note: str, now: dt.datetime) -> int:
    last = ListVersion.objects.select_for_update().filter(district=district).aggregate(n=Max("number"))["n"]
    number = (last or 0) + 1
    ListVersion.objects.create(
        district=district,
        number=number,
        published_at=now,
        published_by=actor if actor else None,
        note=note[:300],
    )
    return number


def application_submit(
    *,
    actor: User | None,
    department: Department,
    kind: str,
    name: str,
    legal_basis: str,
    holder: str,
    start_date: dt.date,
    description: str = "",
    funding_fen: int = 0,
    unit: str = "",
    task_due: dt.date | None = None,
    communities: Iterable[Area] = (),
    workload: dict[str, int] | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """A department's application, entered by its street or district; starts the review clocks."""
    now = now or timezone.now()
    with transaction.atomic():
        street = department.street
        _require(actor, "operations.apply", street)
        district = street.parent
        if district is None:
            raise _field("bad_department", "department", _("This department has no district above it."))
        if not department.is_active:
            raise _field("department_inactive", "department", _("This department is no longer in use."))
        if kind not in ApplicationKind.values:
            raise _field("bad_kind", "kind", _("Choose what is applied for."))
        if holder not in Holder.values:
            raise _field("bad_holder", "holder", _("Choose who carries the work."))
        name = _text(name, "name", _("the item or task"), 100)
        legal_basis = _text(legal_basis, "legal_basis", _("the legal basis"), 300)
        description = _text(description, "description", _("the description"), 2000, required=False)
        unit = _text(unit, "unit", _("the unit of work"), 30, required=False)
        if not isinstance(funding_fen, int) or funding_fen < 0 or funding_fen >= MAX_FEN:
            raise _field("bad_funding", "funding", _("Enter an amount from 0 up."))
        load = _workload(workload or {})
        earliest = calendar.add_working_days(now, ADVANCE_DAYS).date()
        if start_date < earliest:
            raise _field(
                "too_late",
                "start_date",
                _("Departments apply %(n)d working days ahead: the earliest start is %(d)s.")
                % {"n": ADVANCE_DAYS, "d": earliest.isoformat()},
            )
        targets = list(communities)
        if kind == ApplicationKind.TASK:
            if not targets:
                raise _field("no_communities", "communities", _("Name the communities the task goes to."))
            for c in targets:
                if c.level != Level.COMMUNITY or not c.path.startswith(district.path):
                    raise _field("bad_community", "communities", _("Name communities of this district."))
            if task_due is None or task_due < start_date:
                raise _field("bad_due", "task_due", _("The task is due on or after its start."))
        app = Application.objects.create(
            code=short_code("A"),
            kind=kind,
            department=department,
            street=street,
            district=district,
            name=name,
            description=description,
            legal_basis=legal_basis,
            holder=holder,
            funding_fen=funding_fen,
            unit=unit,
            start_date=start_date,
            task_due=task_due if kind == ApplicationKind.TASK else None,
            submitted_at=now,
            submitted_by=actor if actor else None,
            review_due=calendar.add_working_days(now, REVIEW_DAYS),
            decision_due=calendar.add_working_days(now, DECISION_DAYS),
            **load,
        )
        if kind == ApplicationKind.TASK:
            app.communities.set(targets)
        record(
            actor=actor,
            action="operations.application.submitted",
            obj=app,
            area=street,
            details={"kind": kind, "department": department.name, "funding_fen": funding_fen},
            now=now,
        )
    return app


def _locked(app: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("street", "district", "department")
        .get(pk=app.pk)
    )


def application_review(
    *,
    actor: User | None,
    application: Application,
    approve: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """The street's review: passes the application to the district, or refuses it with a reason."""
    now = now or timezone.now()
    with transaction.atomic():
        app = _locked(application)
        _require(actor, "operations.review", app.street)
        if app.status != ApplicationStatus.SUBMITTED:
            raise DomainError("not_waiting", _("This application is not waiting for the street."), status=409)
        note = _text(note, "note", _("the reason"), 500, required=not approve)
        app.reviewed_at, app.reviewed_by, app.review_note = now, actor if actor else None, note
        fields = ["reviewed_at", "reviewed_by", "review_note", "status"]
        if approve:
            app.status = ApplicationStatus.REVIEWED
        else:
            app.status, app.refusal_reason, app.refused_by_level = ApplicationStatus.REFUSED, note, "street"
            fields += ["refusal_reason", "refused_by_level"]
        app.save(update_fields=fields)
        record(
            actor=actor,
            action="operations.application.reviewed" if approve else "operations.application.refused",
            obj=app,
            area=app.street,
            details={"level": "street", "note": note},
            now=now,
        )
    return app


def application_decide(
    *,
    actor: User | None,
    application: Application,
    approve: bool,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """The district's decision. Approved: the item joins a new version of the list, or the task
    reaches each named community as admitted work. Refused: the reason is kept."""
    now = now or timezone.now()
    with transaction.atomic():
        app = _locked(application)
        _require(actor, "operations.approve", app.district, seen_at=app.street)
        if app.status != ApplicationStatus.REVIEWED:
            raise DomainError(
                "not_reviewed", _("The street has to review this application first."), status=409
            )
        reason = _text(reason, "reason", _("the reason"), 500, required=not approve)
        app.decided_at, app.decided_by = now, actor if actor else None
        if not approve:
            app.status, app.refusal_reason, app.refused_by_level = (
                ApplicationStatus.REFUSED,
                reason,
                "district",
            )
            app.save(
                update_fields=["decided_at", "decided_by", "status", "refusal_reason", "refused_by_level"]
            )
            record(
                actor=actor,
                action="operations.application.refused",
                obj=app,
                area=app.district,
                details={"level": "district", "reason": reason},
                now=now,
            )
            return app
        app.status = ApplicationStatus.APPROVED
        app.save(update_fields=["decided_at", "decided_by", "status"])
        details: dict[str, object] = {"kind": app.kind}
        load = {name: getattr(app, name) for name in WORKLOAD}
        if app.kind == ApplicationKind.ITEM:
            version = _next_version(
                app.district, actor=actor, note=_("Added: %(n)s") % {"n": app.name}, now=now
            )
            item = AdmissionItem.objects.create(
                code=short_code("I"),
                district=app.district,
                department=app.department,
                name=app.name,
                legal_basis=app.legal_basis,
                holder=app.holder,
                funding_fen=app.funding_fen,
                unit=app.unit,
                added_in=version,
                application=app,
                **load,
            )
            details |= {"item": item.code, "version": version}
        else:
            tasks = [
                Task(
                    code=short_code("T"),
                    community=c,
                    department=app.department,
                    application=app,
                    admitted=True,
                    status=TaskStatus.OPEN,
                    title=app.name,
                    description=app.description,
                    payment_fen=app.funding_fen,
                    due_date=app.task_due or app.start_date,
                    arrived_at=now,
                    recorded_by=actor if actor else None,
                    **load,
                )
                for c in app.communities.all()
            ]
            Task.objects.bulk_create(tasks)
            details |= {"tasks": [t.code for t in tasks]}
        record(
            actor=actor,
            action="operations.application.approved",
            obj=app,
            area=app.district,
            details=details,
            now=now,
        )
    return app


def item_revoke(
    *, actor: User | None, item: AdmissionItem, reason: str, now: dt.datetime | None = None
) -> AdmissionItem:
    """Take an item off the list (撤销) in a new version; its open tasks stay as they were."""
    now = now or timezone.now()
    with transaction.atomic():
        item = AdmissionItem.objects.select_for_update().select_related("district").get(pk=item.pk)
        _require(actor, "operations.approve", item.district)
        if item.removed_in is not None:
            raise DomainError("already_removed", _("This item is already off the list."), status=409)
        reason = _text(reason, "reason", _("the reason"), 300)
        item.removed_in = _next_version(
            item.district, actor=actor, note=_("Removed: %(n)s") % {"n": item.name}, now=now
        )
        item.removed_reason = reason
        item.save(update_fields=["removed_in", "removed_reason"])
        record(
            actor=actor,
            action="operations.item.revoked",
            obj=item,
            area=item.district,
            details={"version": item.removed_in, "reason": reason},
            now=now,
        )
    return item


def task_record(
    *,
    actor: User | None,
    community: Area,
    department: Department,
    title: str,
    due_date: dt.date,
    item: AdmissionItem | None = None,
    units: int = 1,
    description: str = "",
    now: dt.datetime | None = None,
) -> Task:
    """Work a department hands a community. Under an item of the district's current list it is
    admitted (paid per unit); without one it is flagged, and the community decides."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, "operations.tasks", community)
        if community.level != Level.COMMUNITY:
            raise _field("bad_community", "community", _("Tasks go to a community."))
        title = _text(title, "title", _("the task"), 100)
        description = _text(description, "description", _("the description"), 2000, required=False)
        if not isinstance(units, int) or units < 1 or units > 100_000:
            raise _field("bad_units", "units", _("Enter a number of units from 1 up."))
        if due_date < _today(now):
            raise _field("bad_due", "due_date", _("The due date has passed."))
        if item is not None and (
            item.removed_in is not None or not community.path.startswith(item.district.path)
        ):
            raise _field("not_admitted", "item", _("This item is not on the district's current list."))
        load = {name: getattr(item, name) for name in WORKLOAD} if item else {}
        task = Task.objects.create(
            code=short_code("T"),
            community=community,
            department=department,
            item=item,
            admitted=item is not None,
            status=TaskStatus.OPEN if item else TaskStatus.FLAGGED,
            title=title,
            description=description,
            units=units,
            payment_fen=item.funding_fen * units if item else 0,
            due_date=due_date,
            arrived_at=now,
            recorded_by=actor if actor else None,
            **load,
        )
        record(
            actor=actor,
            action="operations.task.arrived" if item else "operations.task.flagged",
            obj=task,
            area=community,
            details={"department": department.name, "item": item.code if item else None},
            now=now,
        )
    return task


def _locked_task(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("community").get(pk=task.pk)


def task_refuse(*, actor: User | None, task: Task, reason: str, now: dt.datetime | None = None) -> Task:
    """A community refuses work that was not admitted; the refusal and its reason are kept."""
    now = now or timezone.now()
    with transaction.atomic():
        task = _locked_task(task)
        _require(actor, "operations.tasks", task.community)
        if task.admitted:
            raise DomainError(
                "admitted", _("This task is on the admission list and cannot be refused."), status=409
            )
        if task.status != TaskStatus.FLAGGED:
            raise DomainError("decided", _("This task was already decided."), status=409)
        reason = _text(reason, "reason", _("the reason"), 500)
        task.status, task.refusal_reason = TaskStatus.REFUSED, reason
        task.decided_at, task.decided_by = now, actor if actor else None
        task.save(update_fields=["status", "refusal_reason", "decided_at", "decided_by"])
        record(
            actor=actor,
            action="operations.task.refused",
            obj=task,
            area=task.community,
            details={"reason": reason},
            now=now,
        )
    return task


def task_take(*, actor: User | None, task: Task, now: dt.datetime | None = None) -> Task:
    """A community takes on a flagged task anyway; it stays marked as not admitted (and unpaid)."""
    now = now or timezone.now()
    with transaction.atomic():
        task = _locked_task(task)
        _require(actor, "operations.tasks", task.community)
        if task.status != TaskStatus.FLAGGED:
            raise DomainError("decided", _("This task was already decided."), status=409)
        task.status, task.decided_at, task.decided_by = TaskStatus.OPEN, now, actor if actor else None
        task.save(update_fields=["status", "decided_at", "decided_by"])
        record(actor=actor, action="operations.task.taken", obj=task, area=task.community, now=now)
    return task


def task_complete(*, actor: User | None, task: Task, now: dt.datetime | None = None) -> Task:
    """Done. A funded task posts its payment to the community's project fund (费随事转), where the
    democratic finance group reviews it like any other entry."""
    now = now or timezone.now()
    with transaction.atomic():
        task = _locked_task(task)
        _require(actor, "operations.tasks", task.community)
        if task.status != TaskStatus.OPEN:
            raise DomainError("not_open", _("Only a task to do can be completed."), status=409)
        task.status, task.completed_at = TaskStatus.DONE, now
        fields = ["status", "completed_at"]
        if task.payment_fen:
            # The system posts it: the payment is owed by the rule, not entered by the worker.
            task.ledger_entry = finance_actions.ledger_entry_create(
                actor=None,
                community=task.community,
                fund=Fund.PROJECT,
                direction=Direction.INCOME,
                category=Category.PROJECT_INCOME,
                amount_fen=task.payment_fen,
                occurred_on=_today(now),
                description=_("Payment for government task %(code)s: %(title)s")
                % {"code": task.code, "title": task.title},
                project=task.title,
                now=now,
            )
            fields.append("ledger_entry")
        task.save(update_fields=fields)
        record(
            actor=actor,
            action="operations.task.completed",
            obj=task,
            area=task.community,
            details={
                "payment_fen": task.payment_fen,
                "entry": task.ledger_entry.code if task.ledger_entry else None,
            },
            now=now,
        )
    return task
