"""Rentals and the floating population."""

from typing import Any

from ninja import Status
from ninja.pagination import paginate

from linli.common.schemas import Days, Pagination
from linli.registry import actions, queries
from linli.registry.api.common import router
from linli.registry.api.schemas import DwellingOut, RentalIn, RentalOut, ResidentOut
from linli.registry.models import (
    Rental,
)
from linli.ui.http import ApiRequest


@router.get("/rentals", response=list[RentalOut])
@paginate(Pagination, page_size=50)
def list_rentals(request: ApiRequest) -> Any:
    return queries.rentals_for(request.auth)


@router.post("/rentals", response={201: RentalOut}, summary="Register a rental and its tenants")
def create_rental(request: ApiRequest, payload: RentalIn) -> Status[Rental]:
    rental = actions.rental_register(
        actor=request.auth,
        dwelling=queries.dwelling_for(request.auth, payload.dwelling_id),
        landlord_name=payload.landlord_name,
        landlord_phone=payload.landlord_phone,
        start=payload.start,
        end=payload.end,
        tenants=[t.person() for t in payload.tenants],
    )
    return Status(201, rental)


@router.get("/rentals/expiring", response=list[ResidentOut], summary="Residence registrations ending soon")
@paginate(Pagination, page_size=50)
def expiring(request: ApiRequest, days: Days = 30) -> Any:
    user = request.auth
    return queries.with_visible_tags(
        queries.registrations_expiring(user, days=days).select_related("community"), user
    )


@router.get(
    "/rentals/unregistered", response=list[DwellingOut], summary="Rented dwellings with no current lease"
)
@paginate(Pagination, page_size=50)
def unregistered(request: ApiRequest) -> Any:
    return queries.rented_dwellings_unregistered(request.auth)
