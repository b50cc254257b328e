"""Home visits: logging one, and who is due."""

from typing import Any

from ninja import Status

from linli.common.schemas import Id
from linli.registry import actions, queries
from linli.registry.api.common import _resident, router
from linli.registry.api.schemas import DueOut, VisitIn, VisitOut
from linli.ui.http import ApiRequest


@router.post("/residents/{pk}/visits", response={201: VisitOut}, summary="Log a home visit")
def log_visit(request: ApiRequest, pk: Id, payload: VisitIn) -> Status[Any]:
    visit = actions.visit_log(
        actor=request.auth,
        resident=_resident(request, pk),
        visited_at=payload.visited_at,
        findings=payload.findings,
        follow_up=payload.follow_up,
    )
    return Status(201, visit)


@router.get("/visits/due", response=list[DueOut], summary="Visits due and overdue (your buildings)")
def visits_due(request: ApiRequest, all: bool = False) -> Any:
    return [
        DueOut(
            resident_id=d.resident.pk,
            name=d.resident.name,
            tags=d.tags,
            every_days=d.every_days,
            last_visit=d.last_visit,
            due=d.due,
            overdue=d.overdue,
        )
        for d in queries.visits_due(request.auth, mine_only=not all)
    ]
