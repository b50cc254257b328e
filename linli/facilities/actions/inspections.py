"""Inspection rounds, problems and their tickets.

A problem found on a round (or named in a resident's ticket) opens or links a ticket through the
tickets' own action, with the component code as its external reference, so it follows the tickets'
time limits and escalation. When the ticket is resolved the component is back to intact and the
problem waits for an inspector's confirmation; two inspectors confirming at once: one wins.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.facilities.actions.common import field_error, photo_type, position, text, today
from linli.facilities.actions.components import require, set_state
from linli.facilities.models import (
    IN_SERVICE,
    ROUND_DAYS,
    Check,
    CheckItem,
    Component,
    Grid,
    Problem,
    ProblemStatus,
    Result,
    Round,
    RoundStatus,
    Source,
    State,
)
from linli.tickets.actions import ticket_submit
from linli.tickets.models import Category
from linli.tickets.models import Channel as TicketChannel
from linli.tickets.models import Status as TicketStatus

# Which ticket category a fault of a class goes to (longest prefix of the class code wins).
TICKET_CATEGORIES = {
    "0120": "facilities-lights",
    "0116": "safety-hazard",
    "0140": "property-elevator",
    "0210": "facilities-parking",
    "0215": "facilities-parking",
    "01": "facilities-roads",
    "02": "facilities-roads",
    "03": "environment-garbage",
    "04": "environment-greening",
    "": "safety-hazard",
}
DONE_TICKET = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


def ticket_category(class_code: str) -> Category:
    for n in (4, 2, 0):
        code = TICKET_CATEGORIES.get(class_code[:n])
        if code and (cat := Category.objects.filter(code=code, is_active=True).first()):
            return cat
    raise DomainError(
        "no_category", _("No request category takes facility problems; ask the city to add one.")
    )


def round_plan(
    *,
    actor: User | None,
    grid: Grid,
    due_on: dt.date,
    inspector: User | None = None,
    now: dt.datetime | None = None,
) -> Round:
    """Put a round of a grid on a day (the sweep plans the next ones by the grid's level)."""
    now = now or timezone.now()
    require(actor, grid, "facilities.inspect")
    if inspector is not None and not policy.can(inspector, "facilities.inspect", grid.area):
        raise field_error(
            "inspector_elsewhere", "inspector", _("The inspector must work in this grid's community.")
        )
    try:
        with transaction.atomic():
            rnd = Round.objects.create(code=short_code("R", 9), grid=grid, due_on=due_on, inspector=inspector)
            record(actor=actor, action="facilities.round.planned", obj=rnd, area=grid.area, now=now)
    except IntegrityError:
        raise field_error(
            "round_exists", "due_on", _("This grid already has a round on that day."), 409
        ) from None
    return rnd


def rounds_schedule(*, now: dt.datetime) -> int:
    """Plan the next round of every grid that has none planned (idempotent: run it any time)."""
    day = today(now)
    planned = set(Round.objects.filter(status=RoundStatus.PLANNED).values_list("grid_id", flat=True))
    new = []
    for grid in Grid.objects.exclude(pk__in=planned).only("pk", "level", "worker_id"):
        last = Round.objects.filter(grid=grid).order_by("-due_on").values_list("due_on", flat=True).first()
        due = max(day, last + dt.timedelta(days=ROUND_DAYS[grid.level])) if last else day
        new.append(Round(code=short_code("R", 9), grid=grid, due_on=due, inspector_id=grid.worker_id))
    Round.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _round_for_check(rnd: Round, component: Component) -> Round:
    rnd = Round.objects.select_for_update().select_related("grid__area").get(pk=rnd.pk)
    if rnd.status != RoundStatus.PLANNED:
        raise DomainError("round_done", _("This round is already finished."), status=409)
    if component.grid_id != rnd.grid_id:
        raise field_error("not_in_grid", "component", _("This component belongs to another grid."))
    return rnd


def _items(component: Component, items: list[dict[str, Any]] | None, ok: bool | None) -> list[CheckItem]:
    """One result per checklist item of the component's class, in its order: each confirmed or
    failed (a failed one says what is wrong, and may carry a photo). Without `items`, a component
    found in order has every item confirmed."""
    checklist = component.cls.checklist_items()
    if items is None:
        return [CheckItem(position=i, item=t[:200], ok=True) for i, t in enumerate(checklist)] if ok else []
    if len(items) != len(checklist):
        raise field_error(
            "items_incomplete",
            "items",
            _("Give a result for each of the %(n)d checklist items of this class, in order.")
            % {"n": len(checklist)},
        )
    out = []
    for i, (label, given) in enumerate(zip(checklist, items, strict=True)):
        item_ok = given.get("ok")
        if not isinstance(item_ok, bool):
            raise field_error(
                "item_result", "items", _("Say whether “%(item)s” is in order or not.") % {"item": label}
            )
        note = text(given.get("note"), "items", 300)
        photo = given.get("photo")
        if not item_ok and not note:
            raise field_error("item_note", "items", _("Say what is wrong with “%(item)s”.") % {"item": label})
        if photo is not None:
            photo_type(photo)
        out.append(CheckItem(position=i, item=label[:200], ok=item_ok, note=note, photo=photo or ""))
    return out


def check_record(
    *,
    actor: User | None,
    rnd: Round,
    component: Component,
    ok: bool | None = None,
    note: str = "",
    lat: Any = None,
    lon: Any = None,
    photo: Any = None,
    state_found: str = State.DAMAGED,
    items: list[dict[str, Any]] | None = None,
    now: dt.datetime | None = None,
) -> Check:
    """Confirm a component on a round, or report its problem with a photo and where it was seen
    (a ticket is opened for it). With `items` (one {ok, note, photo} per checklist item of the
    class), the result follows them: any failed item is a problem, described by the failed items."""
    now = now or timezone.now()
    require(actor, rnd.grid, "facilities.inspect")
    note = text(note, "note", 500)
    pos = position(lat, lon, required=False)
    item_rows = _items(component, items, ok)
    if items is not None:
        all_ok = all(r.ok for r in item_rows)
        if ok is not None and ok != all_ok:
            raise field_error(
                "items_disagree",
                "ok",
                _("The checklist has a failed item: report a problem.")
                if ok
                else _("Every checklist item is in order: say which one failed."),
            )
        ok = all_ok
        if not ok:
            failed = [r for r in item_rows if not r.ok]
            note = note or "; ".join(f"{r.item}: {r.note}" for r in failed)[:500]
            photo = photo or next((g["photo"] for g in items if not g.get("ok") and g.get("photo")), None)
    if ok is None:
        raise field_error("result_required", "ok", _("Say whether the component is in order."))
    if not ok:
        if not note:
            raise field_error("note_required", "note", _("Say what is wrong."))
        if state_found not in (State.DAMAGED, State.LOST):
            raise field_error("bad_state", "state_found", _("Choose damaged or lost."))
        if photo is not None:
            photo_type(photo)
    try:
        with transaction.atomic():
            rnd = _round_for_check(rnd, component)
            check = Check.objects.create(
                round=rnd,
                component=component,
                result=Result.OK if ok else Result.PROBLEM,
                note=note,
                lat=pos[0] if pos else None,
                lon=pos[1] if pos else None,
                by=actor,
                at=now,
            )
            for row in item_rows:
                row.check_row = check
            # One INSERT for all the items (FileField.pre_save still stores each photo).
            CheckItem.objects.bulk_create(item_rows)
            check.recorded_items = tuple(item_rows)
            details: dict[str, Any] = {"component": component.code, "result": check.result}
            if item_rows:
                details["failed_items"] = [r.position for r in item_rows if not r.ok]
            if not ok:
                problem = _open_problem(
                    actor=actor,
                    component=component,
                    source=Source.INSPECTOR,
                    state_found=state_found,
                    description=note,
                    pos=pos,
                    photo=photo,
                    check=check,
                    now=now,
                )
                details["problem"] = problem.code
                check.opened_problem = problem
            record(
                actor=actor,
                action="facilities.round.checked",
                obj=rnd,
                area=rnd.grid.area,
                details=details,
                now=now,
            )
            _finish_if_complete(rnd, now)
    except IntegrityError:
        raise DomainError(
            "already_checked", _("This component has already been checked on this round."), status=409
        ) from None
    return check


def _finish_if_complete(rnd: Round, now: dt.datetime) -> None:
    left = (
        Component.objects.filter(grid_id=rnd.grid_id, state__in=IN_SERVICE)
        .exclude(pk__in=Check.objects.filter(round=rnd).values("component_id"))
        .exists()
    )
    if not left:
        Round.objects.filter(pk=rnd.pk, status=RoundStatus.PLANNED).update(
            status=RoundStatus.DONE, finished_at=now
        )


def _open_problem(
    *,
    actor: User | None,
    component: Component,
    source: str,
    state_found: str,
    description: str,
    pos: tuple[float, float] | None,
    photo: Any = None,
    check: Check | None = None,
    ticket: Any = None,
    now: dt.datetime,
) -> Problem:
    component = Component.objects.select_for_update().select_related("grid__area", "cls").get(pk=component.pk)
    if component.problems.exclude(status=ProblemStatus.CONFIRMED).exists():
        raise DomainError(
            "problem_open", _("This component already has an open problem: follow that one."), status=409
        )
    lat, lon = pos if pos else (component.lat, component.lon)
    community = component.grid.area.parent
    if community is None:  # a grid area always hangs below its community
        raise DomainError("no_community", _("Choose a community."))
    if ticket is None:
        ticket = ticket_submit(
            actor=actor,
            community=community,
            category=ticket_category(component.cls.code),
            description=description,
            title=f"{component.cls.name} {component.code}",
            address=component.name,
            channel=TicketChannel.VISIT,
            external_ref=component.code,
            lat=Decimal(f"{lat:.6f}"),
            long=Decimal(f"{lon:.6f}"),
            now=now,
        )
    problem = Problem.objects.create(
        code=short_code("P", 9),
        component=component,
        grid_id=component.grid_id,
        source=source,
        state_found=state_found,
        ticket=ticket,
        check_row=check,
        photo=photo or "",
        lat=lat,
        lon=lon,
        found_at=now,
    )
    set_state(component, state_found, now)
    return problem


def problem_from_ticket(
    *, actor: User | None, ticket: Any, component: Component, now: dt.datetime | None = None
) -> Problem:
    """A resident's request names a component: the request becomes that component's problem."""
    now = now or timezone.now()
    require(actor, component.grid)
    if ticket.community_id != component.grid.area.parent_id:
        raise field_error("ticket_elsewhere", "ticket", _("The request comes from another community."))
    if ticket.status in DONE_TICKET or ticket.status == TicketStatus.REJECTED:
        raise field_error("ticket_done", "ticket", _("The request is already finished."))
    with transaction.atomic():
        if Problem.objects.filter(ticket=ticket).exists():
            raise field_error(
                "ticket_linked", "ticket", _("The request is already linked to a component."), 409
            )
        problem = _open_problem(
            actor=actor,
            component=component,
            source=Source.RESIDENT,
            state_found=State.DAMAGED,
            description="",
            pos=None,
            ticket=ticket,
            now=now,
        )
        record(
            actor=actor,
            action="facilities.problem.linked",
            obj=problem,
            area=component.grid.area,
            details={"ticket": ticket.code, "component": component.code},
            now=now,
        )
    return problem


def _sync_one(problem: Problem, now: dt.datetime) -> bool:
    """A problem whose ticket was resolved: the component is intact again, to be confirmed."""
    ticket = problem.ticket
    if problem.status != ProblemStatus.OPEN or ticket is None or ticket.status not in DONE_TICKET:
        return False
    moved = Problem.objects.filter(pk=problem.pk, status=ProblemStatus.OPEN).update(
        status=ProblemStatus.REPAIRED, repaired_at=ticket.resolved_at or now
    )
    if moved:
        component = Component.objects.select_for_update().get(pk=problem.component_id)
        if component.state in (State.DAMAGED, State.LOST):
            set_state(component, State.INTACT, now)
        record(
            actor=None,
            action="facilities.problem.repaired",
            obj=problem,
            area=problem.grid.area,
            details={"ticket": ticket.code},
            now=now,
        )
    return bool(moved)


def problems_sync(*, now: dt.datetime) -> int:
    """Move every open problem whose ticket is resolved to "repaired" (idempotent sweep)."""
    n = 0
    for problem in Problem.objects.filter(
        status=ProblemStatus.OPEN, ticket__status__in=DONE_TICKET
    ).select_related("ticket", "grid__area"):
        with transaction.atomic():
            n += _sync_one(problem, now)
    return n


def problem_confirm(
    *, actor: User | None, problem: Problem, note: str = "", now: dt.datetime | None = None
) -> Problem:
    """The inspector confirms the repair on site; of two confirming at once, one wins."""
    now = now or timezone.now()
    require(actor, problem.grid, "facilities.inspect")
    with transaction.atomic():
        problem = Problem.objects.select_related("ticket", "grid__area").get(pk=problem.pk)
        _sync_one(problem, now)
        problem.refresh_from_db(fields=["status"])
        if problem.status == ProblemStatus.OPEN:
            raise DomainError(
                "not_repaired", _("The request for this problem is not resolved yet."), status=409
            )
        moved = Problem.objects.filter(pk=problem.pk, status=ProblemStatus.REPAIRED).update(
            status=ProblemStatus.CONFIRMED, confirmed_at=now, confirmed_by=actor
        )
        if not moved:
            raise DomainError(
                "already_confirmed", _("Someone else has already confirmed this repair."), status=409
            )
        record(
            actor=actor,
            action="facilities.problem.confirmed",
            obj=problem,
            area=problem.grid.area,
            details={"note": text(note, "note", 200)},
            now=now,
        )
        problem.refresh_from_db()
    return problem
