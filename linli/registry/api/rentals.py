"""Rentals and the floating population."""

from typing import Any

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from linli.common.schemas import Days, Pagination
from linli.registry import actions, queries
from linli.registry.api.common import _user, router
from linli.registry.api.schemas import DwellingOut, RentalIn, RentalOut, ResidentOut
from linli.registry.models import (
    Rental,
)


@router.get("/rentals", response=list[RentalOut])
@paginate(Pagination, page_size=50)
def list_rentals(request: HttpRequest) -> Any:
    return queries.rentals_for(_user(request))


@router.post("/rentals", response={201: RentalOut}, summary="Register a rental and its tenants")
def create_rental(request: HttpRequest, payload: RentalIn) -> Status[Rental]:
    rental = actions.rental_register(
        actor=_user(request),
        dwelling=queries.dwelling_for(_user(request), payload.dwelling_id),
        landlord_name=payload.landlord_name,
        landlord_phone=payload.landlord_phone,
        start=payload.start,
        end=payload.end,
        tenants=[t.person() for t in payload.tenants],
    )
    return Status(201, rental)


@router.get("/rentals/expiring", response=list[ResidentOut], summary="Residence registrations ending soon")
@paginate(Pagination, page_size=50)
def expiring(request: HttpRequest, days: Days = 30) -> Any:
    user = _user(request)
    return queries.with_visible_tags(
        queries.registrations_expiring(user, days=days).select_related("community"), user
    )


@router.get(
    "/rentals/unregistered", response=list[DwellingOut], summary="Rented dwellings with no current lease"
)
@paginate(Pagination, page_size=50)
def unregistered(request: HttpRequest) -> Any:
    return queries.rented_dwellings_unregistered(_user(request))
