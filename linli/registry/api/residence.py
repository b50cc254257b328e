"""人户分离: the worker's lists, and moving a residence or a 户口 apart (issue 21)."""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Schema
from ninja.pagination import paginate

from linli.common.schemas import BaseIn, Id, Pagination, column
from linli.registry import actions, queries, worklists
from linli.registry.api.common import _resident, router
from linli.registry.api.schemas import DwellingOut, ResidentOut
from linli.registry.models import Household, Resident
from linli.ui.http import ApiRequest


class ResidenceMoveIn(BaseIn):
    lives_where: str = column(Resident, "lives_where")
    lives_code: str = column(Resident, "lives_code", "")
    lives_address: str = column(Resident, "lives_address", "")
    since: dt.date | None = None


class HukouMoveIn(BaseIn):
    hukou_where: str = column(Resident, "hukou_where")
    hukou_code: str = column(Resident, "hukou_code", "")


class WithoutDwellingOut(Schema):
    id: int
    code: str
    collective_unit: str
    head_id: int | None
    members: int

    @staticmethod
    def resolve_members(obj: Household) -> int:
        return int(getattr(obj, "members_n", 0))


class OtherPersonOut(Schema):
    name: str
    birth_year: int
    record_community: str
    relation: str
    address: str
    since: dt.date | None


@router.get(
    "/residence/empty-flats", response=list[DwellingOut], summary="Registered flats where nobody lives"
)
@paginate(Pagination, page_size=50)
def empty_flats(request: ApiRequest) -> Any:
    return worklists.empty_registered_flats(request.auth)


@router.get(
    "/residence/living-here-unregistered",
    response=list[ResidentOut],
    summary="People living here with the 户口 elsewhere",
)
@paginate(Pagination, page_size=50)
def living_here_unregistered(request: ApiRequest) -> Any:
    return queries.with_visible_tags(worklists.living_here_unregistered(request.auth), request.auth)


@router.get(
    "/residence/recheck", response=list[ResidentOut], summary="Living elsewhere over a year: re-check"
)
@paginate(Pagination, page_size=50)
def recheck(request: ApiRequest) -> Any:
    found = worklists.away_to_recheck(request.auth, today=timezone.localdate())
    return queries.with_visible_tags(found, request.auth)


@router.get(
    "/residence/without-dwelling",
    response=list[WithoutDwellingOut],
    summary="Collective households and registrations without a dwelling",
)
@paginate(Pagination, page_size=50)
def without_dwelling(request: ApiRequest) -> Any:
    return worklists.registrations_without_dwelling(request.auth)


@router.get(
    "/residence/other-communities",
    response=list[OtherPersonOut],
    summary="People recorded in another community who live or are registered here",
)
def other_communities(request: ApiRequest) -> Any:
    return worklists.others_of_my_communities(request.auth)


@router.post("/residents/{pk}/residence", response=ResidentOut, summary="Record a move of residence")
def move_residence(request: ApiRequest, pk: Id, payload: ResidenceMoveIn) -> Resident:
    actions.resident_move_residence(
        actor=request.auth,
        resident=_resident(request, pk),
        lives_where=payload.lives_where,
        lives_code=payload.lives_code,
        lives_address=payload.lives_address,
        since=payload.since,
    )
    return _resident(request, pk)


@router.post("/residents/{pk}/hukou", response=ResidentOut, summary="Record a move of the 户口")
def move_hukou(request: ApiRequest, pk: Id, payload: HukouMoveIn) -> Resident:
    actions.resident_move_hukou(
        actor=request.auth,
        resident=_resident(request, pk),
        hukou_where=payload.hukou_where,
        hukou_code=payload.hukou_code,
    )
    return _resident(request, pk)


@router.post(
    "/residents/{pk}/residence/confirm", response=ResidentOut, summary="Confirm where a person lives"
)
def confirm_residence(request: ApiRequest, pk: Id) -> Resident:
    actions.resident_residence_confirm(actor=request.auth, resident=_resident(request, pk))
    return _resident(request, pk)
