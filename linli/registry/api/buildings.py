"""Buildings, dwellings and the workers assigned to them."""

from typing import Any

from django.http import Http404
from ninja import Status
from ninja.pagination import paginate

from linli.common.schemas import Id, Pagination
from linli.registry import actions, queries
from linli.registry.api.common import _community, router
from linli.registry.api.schemas import AssignIn, BuildingIn, BuildingOut, DwellingIn, DwellingOut
from linli.registry.models import (
    Building,
    Dwelling,
)
from linli.ui.http import ApiRequest


@router.get("/buildings", response=list[BuildingOut], summary="Buildings in your reach")
@paginate(Pagination, page_size=100)
def list_buildings(request: ApiRequest, community: str = "") -> Any:
    qs = queries.buildings_for(request.auth).order_by("community__code", "name")
    if community:
        qs = qs.filter(community__code=community)
    return qs


@router.post("/buildings", response={201: BuildingOut}, summary="Add a building")
def create_building(request: ApiRequest, payload: BuildingIn) -> Status[Building]:
    b = actions.building_create(
        actor=request.auth,
        community=_community(request, payload.community),
        name=payload.name,
        address=payload.address,
        unit_count=payload.unit_count,
    )
    return Status(201, b)


@router.get("/buildings/{pk}", response=BuildingOut)
def get_building(request: ApiRequest, pk: Id) -> Building:
    return queries.building_for(request.auth, pk)


@router.get("/buildings/{pk}/dwellings", response=list[DwellingOut])
def list_dwellings(request: ApiRequest, pk: Id) -> Any:
    return list(queries.building_for(request.auth, pk).dwellings.all())


@router.post("/buildings/{pk}/dwellings", response={201: DwellingOut})
def create_dwelling(request: ApiRequest, pk: Id, payload: DwellingIn) -> Status[Dwelling]:
    d = actions.dwelling_create(
        actor=request.auth,
        building=queries.building_for(request.auth, pk),
        number=payload.number,
        use=payload.use,
        floor_area_m2=payload.floor_area_m2,
    )
    return Status(201, d)


@router.post("/buildings/{pk}/assignments", response={204: None}, summary="Assign a worker (分片包户)")
def assign_building(request: ApiRequest, pk: Id, payload: AssignIn) -> Status[None]:
    from linli.accounts.models import User

    building = queries.building_for(request.auth, pk)
    worker = User.objects.filter(pk=payload.worker_id).first()
    if worker is None:
        raise Http404
    actions.building_assign(actor=request.auth, building=building, worker=worker)
    return Status(204, None)
