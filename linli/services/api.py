"""/api/v1/services: the catalogue, providers, orders and dispatch, entitlements and meals.

Money in integer fen; phones masked; a row outside the caller's reach is 404 like an absent one.
"""

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.accounts import policy
from linli.areas.queries import area_for
from linli.common.masking import mask_phone
from linli.common.schemas import BaseIn, Date, DateTime, Id, Pagination, column
from linli.services import actions, care, queries
from linli.services.models import (
    CarePlan,
    CareVisit,
    Entitlement,
    MealBooking,
    Offer,
    Order,
    Provider,
    ServiceType,
)
from linli.ui.http import ApiRequest

router = Router(tags=["services"])


# --- catalogue -----------------------------------------------------------------------------------


class ServiceTypeIn(BaseIn):
    category: str = column(ServiceType, "category")
    name: str = column(ServiceType, "name")
    name_en: str = column(ServiceType, "name_en", "")
    description: str = column(ServiceType, "description", "")
    price_fen: int = column(ServiceType, "price_fen", 0)
    subsidy_fen: int = column(ServiceType, "subsidy_fen", 0)
    accept_minutes: int = column(ServiceType, "accept_minutes", 30)
    response_hours: int = column(ServiceType, "response_hours", 4)
    completion_days: int = column(ServiceType, "completion_days", 2)
    min_age: int | None = column(ServiceType, "min_age", None)
    care_tags: str = column(ServiceType, "care_tags", "")
    household_kinds: str = column(ServiceType, "household_kinds", "")
    channels: str = column(ServiceType, "channels", "portal,hotline,station")
    entitlement_kind: str = column(ServiceType, "entitlement_kind", "")
    hours_minutes: int = column(ServiceType, "hours_minutes", 0)
    is_active: bool = True


class ServiceTypeOut(Schema):
    code: str
    category: str
    name: str
    name_en: str
    description: str
    price_fen: int
    subsidy_fen: int
    accept_minutes: int
    response_hours: int
    completion_days: int
    min_age: int | None
    care_tags: list[str]
    household_kinds: list[str]
    channels: list[str]
    entitlement_kind: str
    hours_minutes: int
    is_active: bool

    @staticmethod
    def resolve_care_tags(obj: ServiceType) -> list[str]:
        return obj.tag_list()

    @staticmethod
    def resolve_household_kinds(obj: ServiceType) -> list[str]:
        return obj.kind_list()

    @staticmethod
    def resolve_channels(obj: ServiceType) -> list[str]:
        return obj.channel_list()


@router.get("/catalogue", response=list[ServiceTypeOut], summary="The service catalogue")
def list_catalogue(request: ApiRequest, inactive: bool = False) -> Any:
    return list(queries.service_types(active=not inactive))


@router.put("/catalogue/{code}", response=ServiceTypeOut, summary="Add or change a service type (city admin)")
def put_service_type(request: ApiRequest, code: str, payload: ServiceTypeIn) -> ServiceType:
    if not policy.can(request.auth, "services.configure", None):
        raise Http404
    if not code or len(code) > 40 or not all(c.isascii() and (c.isalnum() or c == "-") for c in code):
        from linli.common.errors import DomainError

        raise DomainError("bad_code", "code: a-z, 0-9 and -", fields={"code": ["a-z, 0-9, -"]})
    return actions.service_type_save(actor=request.auth, code=code.lower(), **payload.dict())


# --- providers -----------------------------------------------------------------------------------


class ProviderIn(BaseIn):
    area_code: str
    name: str = column(Provider, "name")
    kind: str = column(Provider, "kind")
    service_area_codes: list[str]
    services: list[str]
    licence_number: str = column(Provider, "licence_number", "")
    licence_expires: Date | None = None
    grade: str = column(Provider, "grade", "")
    capacity_per_day: int = column(Provider, "capacity_per_day", 20)
    opening_hours: str = column(Provider, "opening_hours", "")
    open_on_holidays: bool = False
    meal_cutoff: dt.time | None = None
    address: str = column(Provider, "address", "")


class ProviderOut(Schema):
    code: str
    name: str
    kind: str
    area_code: str
    grade: str
    licence_number: str
    licence_expires: dt.date | None
    capacity_per_day: int
    open_orders: int
    opening_hours: str
    open_on_holidays: bool
    # "HH:MM", Beijing time: OpenAPI's `time` format wants an offset, which a daily cut-off has not.
    meal_cutoff: str | None
    address: str
    rating: float | None
    rating_count: int
    is_active: bool

    @staticmethod
    def resolve_area_code(obj: Provider) -> str:
        return obj.area.code

    @staticmethod
    def resolve_meal_cutoff(obj: Provider) -> str | None:
        return obj.meal_cutoff.strftime("%H:%M") if obj.meal_cutoff else None


@router.get("/providers", response=list[ProviderOut], summary="Providers in the caller's reach")
@paginate(Pagination, page_size=50)
def list_providers(request: ApiRequest, kind: str = "") -> Any:
    return queries.providers_for(request.auth, kind=kind).order_by("name")


@router.get("/providers/{code}", response=ProviderOut, summary="One provider")
def get_provider(request: ApiRequest, code: str) -> Provider:
    return queries.provider_for(request.auth, code)


@router.post(
    "/providers", response={201: ProviderOut}, summary="Register a provider (street, district or city)"
)
def create_provider(request: ApiRequest, payload: ProviderIn) -> Status[Provider]:
    user = request.auth
    area = area_for(user, payload.area_code, "services.providers")
    served = [area_for(user, c, "services.providers") for c in payload.service_area_codes[:100]]
    services = [queries.service_type_for(c) for c in payload.services[:100]]
    values = payload.dict(exclude={"area_code", "service_area_codes", "services"})
    return Status(
        201,
        actions.provider_register(actor=user, area=area, service_areas=served, services=services, **values),
    )


# --- orders --------------------------------------------------------------------------------------


class OrderIn(BaseIn):
    community_code: str
    service: str
    description: str = column(Order, "description")
    address: str = column(Order, "address", "")
    contact_phone: str = ""
    resident_id: Id | None = None
    wanted_on: Date | None = None
    channel: str = column(Order, "channel", "")


class EventOut(Schema):
    at: dt.datetime
    kind: str
    note: str


class OrderOut(Schema):
    code: str
    service: str
    community_code: str
    channel: str
    status: str
    mode: str
    provider_code: str | None
    description: str
    address: str
    contact_phone: str
    resident_name: str | None
    price_fen: int
    subsidy_fen: int
    created_at: dt.datetime
    accept_by: dt.datetime | None
    respond_by: dt.datetime
    complete_by: dt.datetime
    accepted_at: dt.datetime | None
    eta: dt.datetime | None
    done_at: dt.datetime | None
    escalated: bool
    rating: int | None
    rating_note: str
    paid_minutes: int
    hours_transfer: str
    ticket_code: str | None

    @staticmethod
    def resolve_service(obj: Order) -> str:
        return obj.service.code

    @staticmethod
    def resolve_community_code(obj: Order) -> str:
        return obj.community.code

    @staticmethod
    def resolve_provider_code(obj: Order) -> str | None:
        return obj.provider.code if obj.provider else None

    @staticmethod
    def resolve_contact_phone(obj: Order) -> str:
        return mask_phone(obj.contact_phone)

    @staticmethod
    def resolve_resident_name(obj: Order) -> str | None:
        return obj.resident.name if obj.resident else None

    @staticmethod
    def resolve_ticket_code(obj: Order) -> str | None:
        return obj.ticket.code if obj.ticket else None


class OrderDetailOut(OrderOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: Order) -> list[Any]:
        # A new order carries its one event (order_create): no query for the 201's timeline.
        return getattr(obj, "new_events", None) or list(obj.events.all())


@router.get(
    "/orders", response=list[OrderOut], summary="Orders the caller may see (?community=, ?status=open)"
)
@paginate(Pagination, page_size=50)
def list_orders(request: ApiRequest, community: str = "", status: str = "", escalated: bool = False) -> Any:
    user = request.auth
    area = queries.community_for(user, community) if community else None
    return queries.orders_for(user, community=area, status=status, escalated=escalated).select_related(
        "resident", "ticket"
    )


@router.post(
    "/orders", response={201: OrderDetailOut}, summary="Order a service (resident, 96156 agent, station)"
)
def create_order(request: ApiRequest, payload: OrderIn) -> Status[Order]:
    user = request.auth
    # One lookup of the community (the checks community_for makes, on the row already read).
    community = queries.area_queries.area_by_code(payload.community_code)
    if (
        community is None
        or community.level != "community"
        or not community.is_active
        or not (
            policy.can(user, "services.create", community) or policy.can(user, "services.order", community)
        )
    ):
        raise Http404
    channel = payload.channel or ("hotline" if policy.roles(user) & {"agent"} else "station")
    order = actions.order_create(
        actor=user,
        service=queries.service_type_for(payload.service),
        community=community,
        description=payload.description,
        address=payload.address,
        contact_phone=payload.contact_phone,
        resident=queries.resident_for_order(user, payload.resident_id),
        channel=channel,
        wanted_on=payload.wanted_on,
    )
    return Status(201, order)


@router.get("/orders/{code}", response=OrderDetailOut, summary="One order with its progress")
def get_order(request: ApiRequest, code: str) -> Order:
    return queries.order_for(request.auth, code)


class DispatchIn(BaseIn):
    mode: str = column(Order, "mode")
    provider: str = ""


@router.post(
    "/orders/{code}/dispatch", response=OrderDetailOut, summary="Direct assignment or broadcast (station)"
)
def dispatch_order(request: ApiRequest, code: str, payload: DispatchIn) -> Order:
    user = request.auth
    order = queries.order_for(user, code)
    provider = None
    if payload.provider:
        provider = Provider.objects.filter(code=payload.provider.strip().upper()).first()
        if provider is None:
            from linli.common.errors import DomainError

            raise DomainError("no_such_provider", "provider", fields={"provider": ["?"]})
    return actions.order_dispatch(actor=user, order=order, mode=payload.mode, provider=provider)


class AcceptIn(BaseIn):
    eta: dt.datetime
    provider: str = ""


def _offer(request: ApiRequest, order: Order, provider_code: str) -> Offer:
    offers = Offer.objects.filter(
        order=order, provider_id__in=queries.provider_ids(request.auth)
    ).select_related("provider")
    if provider_code:
        offers = offers.filter(provider__code=provider_code.strip().upper())
    offer = offers.order_by("state").first()
    if offer is None:
        raise Http404
    return offer


@router.post(
    "/orders/{code}/accept", response=OrderDetailOut, summary="Take the order with an arrival time (provider)"
)
def accept_order(request: ApiRequest, code: str, payload: AcceptIn) -> Order:
    order = queries.order_for(request.auth, code)
    offer = _offer(request, order, payload.provider)
    return actions.order_accept(actor=request.auth, order=order, provider=offer.provider, eta=payload.eta)


class ReasonIn(BaseIn):
    reason: str = ""
    provider: str = ""


@router.post("/orders/{code}/decline", response=OrderDetailOut, summary="Turn the offer down (provider)")
def decline_order(request: ApiRequest, code: str, payload: ReasonIn) -> Order:
    order = queries.order_for(request.auth, code)
    offer = _offer(request, order, payload.provider)
    return actions.order_decline(
        actor=request.auth, order=order, provider=offer.provider, reason=payload.reason
    )


@router.post("/orders/{code}/on-the-way", response=OrderDetailOut, summary="The worker sets off (provider)")
def order_on_the_way(request: ApiRequest, code: str) -> Order:
    return actions.order_on_the_way(actor=request.auth, order=queries.order_for(request.auth, code))


class OrderNoteIn(BaseIn):
    note: str = ""


@router.post(
    "/orders/{code}/complete", response=OrderDetailOut, summary="The service was delivered (provider)"
)
def complete_order(request: ApiRequest, code: str, payload: OrderNoteIn) -> Order:
    return actions.order_complete(
        actor=request.auth, order=queries.order_for(request.auth, code), note=payload.note
    )


class RateIn(BaseIn):
    rating: int = column(Order, "rating")
    note: str = ""


@router.post("/orders/{code}/rate", response=OrderDetailOut, summary="Rate the service 1-5 (resident)")
def rate_order(request: ApiRequest, code: str, payload: RateIn) -> Order:
    order = queries.order_for(request.auth, code)
    return actions.order_evaluate(actor=request.auth, order=order, rating=payload.rating, note=payload.note)


@router.post("/orders/{code}/cancel", response=OrderDetailOut, summary="Cancel an open order")
def cancel_order(request: ApiRequest, code: str, payload: ReasonIn) -> Order:
    return actions.order_cancel(
        actor=request.auth, order=queries.order_for(request.auth, code), reason=payload.reason
    )


@router.post(
    "/orders/{code}/pay-hours", response=OrderDetailOut, summary="Pay with the resident's time-bank hours"
)
def pay_order_with_hours(request: ApiRequest, code: str) -> Order:
    return actions.order_pay_hours(actor=request.auth, order=queries.order_for(request.auth, code))


class OfferOut(Schema):
    order: OrderOut
    provider_code: str
    state: str

    @staticmethod
    def resolve_provider_code(obj: Offer) -> str:
        return obj.provider.code


@router.get("/offers", response=list[OfferOut], summary="Orders waiting for the caller's providers to accept")
def list_offers(request: ApiRequest) -> Any:
    return list(queries.open_offers_for(request.auth)[:200])


# --- entitlements and meals ----------------------------------------------------------------------


class EntitlementIn(BaseIn):
    resident_id: Id
    kind: str = column(Entitlement, "kind")
    month: Date
    granted: int = column(Entitlement, "granted")
    reason: str = column(Entitlement, "reason")
    unit_fen: int = column(Entitlement, "unit_fen", 0)


class EntitlementOut(Schema):
    code: str
    resident_name: str
    community_code: str
    kind: str
    month: dt.date
    granted: int
    used: int
    balance: int
    by_rule: bool
    reason: str

    @staticmethod
    def resolve_resident_name(obj: Entitlement) -> str:
        return obj.resident.name

    @staticmethod
    def resolve_community_code(obj: Entitlement) -> str:
        return obj.community.code


@router.get(
    "/communities/{code}/entitlements", response=list[EntitlementOut], summary="A community's entitlements"
)
@paginate(Pagination, page_size=100)
def list_entitlements(request: ApiRequest, code: str, month: Date | None = None) -> Any:
    community = queries.community_for(request.auth, code)
    return queries.entitlements_for(request.auth, community=community, month=month)


@router.post(
    "/communities/{code}/entitlements",
    response={201: EntitlementOut},
    summary="Grant an entitlement (worker)",
)
def create_entitlement(request: ApiRequest, code: str, payload: EntitlementIn) -> Status[Entitlement]:
    user = request.auth
    community = queries.community_for(user, code)
    resident = queries.resident_for_order(user, payload.resident_id)
    if resident is None or resident.community_id != community.pk:
        raise Http404
    values = payload.dict(exclude={"resident_id"})
    return Status(201, care.entitlement_grant(actor=user, resident=resident, **values))


class RuleIn(BaseIn):
    month: Date


class CountOut(Schema):
    granted: int


@router.post(
    "/communities/{code}/entitlements/by-rule",
    response=CountOut,
    summary="Grant the month's entitlements by rule",
)
def grant_by_rule(request: ApiRequest, code: str, payload: RuleIn) -> dict[str, int]:
    community = queries.community_for(request.auth, code)
    return {
        "granted": care.entitlements_grant_by_rule(
            actor=request.auth, community=community, month=payload.month
        )
    }


class BookingIn(BaseIn):
    point: str
    resident_id: Id | None = None
    day: Date
    pickup: str = column(MealBooking, "pickup", "pickup")


class BookingOut(Schema):
    code: str
    point_code: str
    resident_name: str
    day: dt.date
    pickup: str
    status: str

    @staticmethod
    def resolve_point_code(obj: MealBooking) -> str:
        return obj.point.code

    @staticmethod
    def resolve_resident_name(obj: MealBooking) -> str:
        return obj.resident.name


@router.post("/meals/bookings", response={201: BookingOut}, summary="Book a meal at a meal point for a day")
def book_meal(request: ApiRequest, payload: BookingIn) -> Status[MealBooking]:
    from linli.registry.models import Resident, ResidentStatus

    user = request.auth
    resident = queries.resident_for_order(user, payload.resident_id)
    if resident is None:
        resident = Resident.objects.filter(user=user, status=ResidentStatus.ACTIVE).first()
    if resident is None:
        raise Http404
    point = (
        queries.meal_points_for_community(resident.community)
        .filter(code=payload.point.strip().upper())
        .first()
    )
    if point is None:
        raise Http404
    booking = care.meal_book(
        actor=user, point=point, resident=resident, day=payload.day, pickup=payload.pickup
    )
    return Status(201, booking)


class DayOut(Schema):
    point_code: str
    day: dt.date
    capacity: int
    booked: int
    served: int
    delivery: int
    bookings: list[BookingOut]


@router.get("/meals/points/{code}/day", response=DayOut, summary="A meal point's list for one day")
def meal_day(request: ApiRequest, code: str, day: Date) -> dict[str, Any]:
    point = queries.provider_for(request.auth, code)
    data = queries.day_list(request.auth, point, day)
    return {"point_code": point.code, "day": day, "bookings": data.pop("rows"), **data}


class RedemptionOut(Schema):
    units: int
    amount_fen: int
    balance: int

    @staticmethod
    def resolve_balance(obj: Any) -> int:
        return int(obj.entitlement.balance)


@router.post(
    "/meals/bookings/{code}/serve", response=RedemptionOut, summary="Serve a booked meal and redeem it"
)
def serve_meal(request: ApiRequest, code: str) -> Any:
    redemption = care.meal_serve(actor=request.auth, booking=queries.booking_for(request.auth, code))
    redemption.entitlement.refresh_from_db()
    return redemption


@router.post(
    "/meals/bookings/{code}/cancel", response=BookingOut, summary="Cancel a booking before the cut-off"
)
def cancel_meal(request: ApiRequest, code: str) -> MealBooking:
    return care.meal_cancel(actor=request.auth, booking=queries.booking_for(request.auth, code))


# --- home care -----------------------------------------------------------------------------------


class CarePlanIn(BaseIn):
    resident_id: Id
    provider: str
    every_days: int
    first_due: Date
    note: str = column(CarePlan, "note")


class CareVisitIn(BaseIn):
    visited_at: DateTime
    done: str = column(CareVisit, "done")
    findings: str = column(CareVisit, "findings", "")
    hours: int = 1


class CareVisitOut(Schema):
    visited_at: dt.datetime
    done: str
    findings: str
    hours: int
    paid_hours: int

    @staticmethod
    def resolve_paid_hours(obj: Any) -> int:
        # The hours drawn from the resident's home-care entitlement (0: none, or it was used up).
        redemption = getattr(obj, "redemption", None)
        return redemption.units if redemption else 0


class CarePlanOut(Schema):
    code: str
    community_code: str
    resident_name: str
    provider_code: str
    every_days: int
    next_due: dt.date
    missed_since: dt.date | None
    note: str

    @staticmethod
    def resolve_community_code(obj: CarePlan) -> str:
        return obj.community.code

    @staticmethod
    def resolve_resident_name(obj: CarePlan) -> str:
        return obj.resident.name

    @staticmethod
    def resolve_provider_code(obj: CarePlan) -> str:
        return obj.provider.code


class CarePlanDetailOut(CarePlanOut):
    visits: list[CareVisitOut]

    @staticmethod
    def resolve_visits(obj: CarePlan) -> list[Any]:
        return list(obj.visits.select_related("redemption"))


@router.get(
    "/care-plans", response=list[CarePlanOut], summary="Home-care visit plans in reach (?missed=true)"
)
@paginate(Pagination, page_size=50)
def list_care_plans(request: ApiRequest, missed: bool = False) -> Any:
    return queries.care_plans_for(request.auth, missed=missed)


@router.post(
    "/communities/{code}/care-plans",
    response={201: CarePlanDetailOut},
    summary="Plan visits at home by a care provider (station)",
)
def create_care_plan(request: ApiRequest, code: str, payload: CarePlanIn) -> Status[CarePlan]:
    user = request.auth
    community = queries.community_for(user, code)
    resident = queries.resident_for_order(user, payload.resident_id)
    provider = queries.care_providers_for(community).filter(code=payload.provider.strip().upper()).first()
    if resident is None or resident.community_id != community.pk or provider is None:
        raise Http404
    plan = actions.care_plan_create(
        actor=user,
        resident=resident,
        provider=provider,
        every_days=payload.every_days,
        first_due=payload.first_due,
        note=payload.note,
    )
    return Status(201, plan)


@router.get("/care-plans/{code}", response=CarePlanDetailOut, summary="One plan with its visits")
def get_care_plan(request: ApiRequest, code: str) -> CarePlan:
    return queries.care_plan_for(request.auth, code)


@router.post(
    "/care-plans/{code}/visits",
    response={201: CarePlanDetailOut},
    summary="Record a visit made (the care provider)",
)
def create_care_visit(request: ApiRequest, code: str, payload: CareVisitIn) -> Status[CarePlan]:
    plan = queries.care_plan_for(request.auth, code)
    actions.care_visit_record(actor=request.auth, plan=plan, **payload.dict())
    return Status(201, queries.care_plan_for(request.auth, code))


# --- a street's overview -------------------------------------------------------------------------


class CommunityStatsOut(Schema):
    community_code: str
    placed: int
    done: int
    cancelled: int
    escalated: int
    in_time: int
    response_rate: int | None
    rating: float | None

    @staticmethod
    def resolve_community_code(obj: dict[str, Any]) -> str:
        return str(obj["community"].code)


class StreetOut(Schema):
    code: str
    since: dt.datetime
    communities: list[CommunityStatsOut]
    providers: list[ProviderOut]


@router.get("/streets/{code}/overview", response=StreetOut, summary="Orders and response rates per community")
def street_overview(request: ApiRequest, code: str) -> dict[str, Any]:
    from django.utils import timezone

    street = queries.street_for(request.auth, code)
    data = queries.street_overview(request.auth, street, now=timezone.now())
    return {
        "code": street.code,
        "since": data["since"],
        "communities": data["rows"],
        "providers": data["providers"],
    }


# Settlements, the Excel exports and coverage live in their own modules; their operations join
# this router path by path, as governance's sub-domains do (ninja's add_router("") would drop a slash).
from linli.services.api_coverage import router as _coverage_router  # noqa: E402
from linli.services.api_providers import router as _providers_router  # noqa: E402
from linli.services.api_settlements import router as _settlements_router  # noqa: E402

for _sub in (_settlements_router, _coverage_router, _providers_router):
    for _path, _view in _sub.path_operations.items():
        if _path in router.path_operations:
            raise RuntimeError(f"two services routers claim {_path}")
        router.path_operations[_path] = _view
        for _operation in _view.operations:
            _operation.operation_id = f"linli_services_api_{_operation.view_func.__name__}"
