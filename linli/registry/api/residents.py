"""Residents: list, search, one resident, corrections, history."""

from typing import Any

from ninja import Field, Schema

from linli.common.schemas import BaseIn, Id, Page, column
from linli.registry import actions, queries
from linli.registry.api.common import _resident, router
from linli.registry.api.schemas import RegistryEventOut, ResidentOut
from linli.registry.models import (
    Resident,
)
from linli.ui.http import ApiRequest


class ResidentPage(Schema):
    items: list[ResidentOut]
    count: int
    count_capped: bool = False  # True: more matches than `count`; narrow the search


class ResidentSearchIn(BaseIn):
    q: str = Field("", max_length=100)  # a name prefix, or an exact ID or mobile number
    building: Id | None = None
    dwelling: Id | None = None
    tag: str = Field("", max_length=40)
    kind: str = Field("", max_length=40)
    status: str = Field("active", max_length=40)
    page: Page = 1


@router.get(
    "/residents", response=ResidentPage, summary="List residents (scoped, 50 a page); search: POST .../search"
)
def list_residents(
    request: ApiRequest,
    building: Id | None = None,
    dwelling: Id | None = None,
    tag: str = "",
    kind: str = "",
    status: str = "active",
    page: Page = 1,
) -> Any:
    search = ResidentSearchIn(
        q="", building=building, dwelling=dwelling, tag=tag, kind=kind, status=status, page=page
    )
    return _residents_page(request, search)


@router.post(
    "/residents/search",
    response=ResidentPage,
    summary="Search residents by name, ID or mobile number: the term in the body, never in a URL",
)
def search_residents(request: ApiRequest, payload: ResidentSearchIn) -> Any:
    return _residents_page(request, payload)


def _residents_page(request: ApiRequest, s: ResidentSearchIn) -> Any:
    user = request.auth
    found = queries.residents_search(
        user,
        queries.Search(
            q=s.q, building=s.building, dwelling=s.dwelling, tag=s.tag, kind=s.kind, status=s.status
        ),
    )
    result = queries.residents_page(user, found, s.page, 50)
    return {
        "items": list(result.object_list),
        "count": result.paginator.count,
        "count_capped": getattr(result.paginator, "capped", False),
    }


@router.get("/residents/{pk}", response=ResidentOut)
def get_resident(request: ApiRequest, pk: Id) -> Resident:
    return _resident(request, pk)


class ResidentEditIn(BaseIn):
    """Only the fields sent change."""

    name: str | None = column(Resident, "name", None)
    ethnicity: str | None = column(Resident, "ethnicity", None)
    hukou_place: str | None = column(Resident, "hukou_place", None)
    employment: str | None = column(Resident, "employment", None)


@router.patch(
    "/residents/{pk}", response=ResidentOut, summary="Correct name, ethnicity, 户籍地 or employment"
)
def update_resident(request: ApiRequest, pk: Id, payload: ResidentEditIn) -> Resident:
    resident = _resident(request, pk)
    changes = payload.dict(exclude_none=True)
    actions.resident_update(actor=request.auth, resident=resident, **changes)
    return _resident(request, pk)


@router.get("/residents/{pk}/history", response=list[RegistryEventOut])
def resident_history(request: ApiRequest, pk: Id) -> Any:
    return list(queries.resident_history(_resident(request, pk)))
