"""A resident's request that names a component (the Open311 service attribute `component`).

The tickets' Open311 endpoint hands `attribute[component]` here (registered in apps.py through
`linli.common.request_attributes`): the 16-digit code is checked as everywhere else, the component
must be in service and in the request's community (anything else reads as not found), and it gives
the request its community and position when the request has none. Once the ticket is saved the
ticket carries the component code (its external reference) and becomes the component's problem,
reported by a resident, unless the component already has one open (then the ticket is a second
report of the same fault and only carries the code).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.common.request_attributes import AttributeNotFound, Resolved
from linli.facilities import codes
from linli.facilities.actions.inspections import _open_problem
from linli.facilities.models import Component, Problem, ProblemStatus, Source, State


def component_attribute() -> dict[str, Any]:
    """The Open311 attribute definition (GeoReport v2 `attributes` entry), in the caller's language."""
    return {
        "variable": True,
        "datatype": "string",
        "required": False,
        "datatype_description": "16 digits: county (6), major class (2), minor class (2), serial (6)",
        "description": _(
            "If the request is about one facility (a manhole cover, a street light, a lift ...), "
            "the 16-digit code on its plate."
        ),
    }


def component_resolve(user: Any, raw: str, community: Any) -> Resolved:
    try:
        codes.parse(raw)
    except codes.CodeError as exc:
        raise DomainError(exc.code, exc.message) from None
    component = (
        Component.objects.select_related("grid__area__parent", "cls")
        .filter(code=codes.normalize(raw))
        .exclude(state=State.REMOVED)
        .first()
    )
    if component is None:
        raise AttributeNotFound
    home = component.grid.area.parent
    if home is None or (community is not None and community.pk != home.pk):
        raise AttributeNotFound
    return Resolved(
        community=home,
        reference=component.code,
        lat=Decimal(f"{component.lat:.6f}"),
        long=Decimal(f"{component.lon:.6f}"),
        address=f"{component.cls.name} {component.name}".strip(),
        attach=lambda ticket, actor, now: problem_from_request(
            actor=actor, ticket=ticket, component=component, now=now
        ),
    )


def problem_from_request(
    *, actor: User | None, ticket: Any, component: Component, now: dt.datetime
) -> Problem | None:
    """Called inside the ticket's transaction, after the tickets checked the submitter may submit
    in the component's community (so no facilities capability is asked of a resident)."""
    if component.problems.exclude(status=ProblemStatus.CONFIRMED).exists():
        record(
            actor=actor,
            action="facilities.problem.reported_again",
            obj=component,
            area=component.grid.area,
            details={"ticket": ticket.code, "component": component.code},
            now=now,
        )
        return None
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
        action="facilities.problem.reported",
        obj=problem,
        area=component.grid.area,
        details={"ticket": ticket.code, "component": component.code},
        now=now,
    )
    return problem
