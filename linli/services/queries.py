"""Reads of services, already scoped to the viewer through accounts.policy.

Staff see the orders of the communities in their reach (`services.view`); a resident sees the
orders placed by them or for their registry record; a provider's staff see only the orders sent to
their provider. Outside rows are 404, like absent ones.
"""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas import queries as area_queries
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.services.models import (
    OPEN_STATUSES,
    BookingStatus,
    CarePlan,
    Certificate,
    Entitlement,
    MealBooking,
    Offer,
    OfferState,
    Order,
    Provider,
    ProviderKind,
    ServiceType,
    Settlement,
    SettlementLine,
    SettlementStatus,
    Status,
)
from linli.services.permissions import can_view_order, provider_ids

VIEW = "services.view"
Viewer = User | AnonymousUser


def service_types(*, active: bool = True) -> QuerySet[ServiceType]:
    """The catalogue (not area data: every signed-in user may read it)."""
    qs = ServiceType.objects.select_related("area")
    return qs.filter(is_active=True) if active else qs


def service_type_for(code: str, *, active: bool = True) -> ServiceType:
    try:
        return service_types(active=active).get(code=(code or "").strip().lower())
    except ServiceType.DoesNotExist:
        raise Http404 from None


def communities_for(viewer: Viewer, capability: str = VIEW) -> QuerySet[Area]:
    return policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True), viewer, capability, field=""
    ).order_by("code")


def community_for(viewer: Viewer, code: str, capability: str = VIEW) -> Area:
    return area_queries.community_for(viewer, code, capability)


def own_community(viewer: Viewer) -> Area | None:
    """The community where a resident may order (their first resident grant)."""
    return next(
        (a for role, a in policy.grants(viewer) if role == "resident" and a.level == Level.COMMUNITY), None
    )


def _orders_q(viewer: Viewer) -> Q:
    q = policy.area_q(viewer, VIEW, "community")
    pk = getattr(viewer, "pk", None)
    if pk:
        q |= Q(requester_id=pk) | Q(resident__user_id=pk)
    mine = provider_ids(viewer)
    if mine:
        q |= Q(provider_id__in=mine) | Q(pk__in=Offer.objects.filter(provider_id__in=mine).values("order_id"))
    return q


def orders_for(
    viewer: Viewer, *, community: Area | None = None, status: str = "", escalated: bool = False
) -> QuerySet[Order]:
    qs = Order.objects.filter(_orders_q(viewer))
    if community is not None:
        qs = qs.filter(community=community)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if escalated:
        qs = qs.filter(escalated=True)
    return qs.select_related("service", "community", "provider")


def order_for(viewer: Viewer, code: str) -> Order:
    """One order the viewer may see, by its number as typed; 404 otherwise."""
    order = (
        Order.objects.select_related("service", "community", "provider", "resident", "ticket")
        .filter(code=fold_code(code))
        .first()
    )
    if order is None or not can_view_order(viewer, order):
        raise Http404
    return order


def open_offers_for(viewer: Viewer) -> QuerySet[Offer]:
    """Orders waiting for the viewer's providers to accept or decline."""
    return (
        Offer.objects.filter(
            provider_id__in=provider_ids(viewer), state=OfferState.OPEN, order__status=Status.DISPATCHED
        )
        .select_related("order__service", "order__community", "provider")
        .order_by("order__accept_by")
    )


def offer_of(viewer: Viewer, order: Order) -> Offer | None:
    mine = provider_ids(viewer)
    return order.offers.filter(provider_id__in=mine, state=OfferState.OPEN).select_related("provider").first()


def _providers_q(viewer: Viewer) -> Q:
    q = policy.area_q(viewer, VIEW, "area") | policy.area_q(viewer, "services.providers", "area")
    q |= Q(pk__in=provider_ids(viewer))
    served = Q(pk__in=[])
    for root in policy.roots(viewer, VIEW):
        # Providers serving inside the viewer's reach, or serving an area that holds it.
        codes = [c for c in root.path.split("/") if c]
        served |= Q(path__startswith=root.path) | Q(code__in=codes)
    if served != Q(pk__in=[]):
        through = Provider.service_areas.through.objects.filter(area__in=Area.objects.filter(served))
        q |= Q(pk__in=through.values("provider_id"))
    return q


def providers_for(viewer: Viewer, *, kind: str = "") -> QuerySet[Provider]:
    qs = Provider.objects.filter(_providers_q(viewer)).select_related("area")
    return qs.filter(kind=kind) if kind else qs


def provider_for(viewer: Viewer, code: str) -> Provider:
    provider = providers_for(viewer).filter(code=fold_code(code)).first()
    if provider is None:
        raise Http404
    return provider


def my_providers(viewer: Viewer) -> QuerySet[Provider]:
    return Provider.objects.filter(pk__in=provider_ids(viewer))


def meal_points_for_community(community: Area) -> QuerySet[Provider]:
    codes = [c for c in community.path.split("/") if c]
    return Provider.objects.filter(
        kind=ProviderKind.MEAL_POINT, is_active=True, service_areas__code__in=codes
    ).distinct()


def entitlements_for(
    viewer: Viewer, *, community: Area | None = None, month: dt.date | None = None
) -> QuerySet[Entitlement]:
    q = policy.area_q(viewer, VIEW, "community")
    pk = getattr(viewer, "pk", None)
    if pk:
        q |= Q(resident__user_id=pk)
    qs = Entitlement.objects.filter(q).select_related("resident", "community")
    if community is not None:
        qs = qs.filter(community=community)
    if month is not None:
        qs = qs.filter(month=month)
    return qs


def bookings_for(
    viewer: Viewer, *, point: Provider | None = None, day: dt.date | None = None
) -> QuerySet[MealBooking]:
    q = policy.area_q(viewer, VIEW, "community") | Q(point_id__in=provider_ids(viewer))
    pk = getattr(viewer, "pk", None)
    if pk:
        q |= Q(resident__user_id=pk)
    qs = MealBooking.objects.filter(q).select_related("resident", "point", "community")
    if point is not None:
        qs = qs.filter(point=point)
    if day is not None:
        qs = qs.filter(day=day)
    return qs


def booking_for(viewer: Viewer, code: str) -> MealBooking:
    booking = bookings_for(viewer).filter(code=fold_code(code)).first()
    if booking is None:
        raise Http404
    return booking


def day_list(viewer: Viewer, point: Provider, day: dt.date) -> dict[str, Any]:
    """A meal point's list for one day: who booked, how (pick-up or delivery), what is served."""
    rows = list(bookings_for(viewer, point=point, day=day).exclude(status=BookingStatus.CANCELLED))
    return {
        "rows": rows,
        "booked": len(rows),
        "served": sum(1 for b in rows if b.status == BookingStatus.SERVED),
        "delivery": sum(1 for b in rows if b.pickup == "delivery"),
        "capacity": point.capacity_per_day,
    }


def open_orders_of_resident(viewer: Viewer, resident: Any) -> QuerySet[Order]:
    """A caller's open orders, beside the tickets in the hotline console."""
    return orders_for(viewer).filter(resident=resident, status__in=OPEN_STATUSES)


def open_orders_of_requester(viewer: Viewer) -> QuerySet[Order]:
    """The viewer's own open orders: placed by them or for their registry record."""
    pk = getattr(viewer, "pk", None) or 0
    return orders_for(viewer, status="open").filter(Q(requester_id=pk) | Q(resident__user_id=pk))


def meals_of_resident_on(viewer: Viewer, resident: Any, day: dt.date) -> QuerySet[MealBooking]:
    return bookings_for(viewer, day=day).filter(resident=resident).exclude(status=BookingStatus.CANCELLED)


def station_orders(
    viewer: Viewer, *, status: str = "", escalated: bool = False, overdue_at: dt.datetime | None = None
) -> QuerySet[Order]:
    """The orders of the communities in the viewer's reach (the station's list), filtered as its
    page filters them; `overdue_at`: open orders past their completion time at that moment."""
    qs = orders_for(viewer, status=status, escalated=escalated).filter(
        policy.area_q(viewer, VIEW, "community")
    )
    if overdue_at is not None:
        qs = qs.filter(status__in=OPEN_STATUSES, complete_by__lt=overdue_at)
    return qs


def provider_orders_due(viewer: Viewer, day: dt.date) -> QuerySet[Order]:
    """Orders the viewer's providers have taken and are to do by the end of `day` (late ones too)."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    return orders_for(viewer).filter(
        provider_id__in=provider_ids(viewer), status__in=[Status.ACCEPTED, Status.ON_THE_WAY], eta__lt=end
    )


def counts_by_status(viewer: Viewer, community: Area | None = None) -> dict[str, int]:
    qs = orders_for(viewer, community=community).order_by()
    return dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def resident_for_order(viewer: Viewer, pk: int | None) -> Any:
    """A registry resident the viewer may order or book for: themselves or their household, or
    anyone in a community where they may order on someone's behalf. 404 otherwise."""
    from linli.registry.models import Resident, ResidentStatus

    if pk is None:
        return None
    resident = (
        Resident.objects.select_related("community").filter(pk=pk, status=ResidentStatus.ACTIVE).first()
    )
    if resident is None:
        raise Http404
    if policy.can(viewer, "services.create", resident.community):
        return resident
    me = getattr(viewer, "pk", None)
    own = Resident.objects.filter(user_id=me or 0, status=ResidentStatus.ACTIVE)
    if me and resident.household_id is not None and own.filter(household_id=resident.household_id).exists():
        return resident
    raise Http404


# ---------------------------------------------------------------- settlements


def settlements_for(viewer: Viewer, *, status: str = "") -> QuerySet[Settlement]:
    """Statements of the providers registered in the viewer's reach, or of their own provider."""
    q = policy.area_q(viewer, VIEW, "provider__area") | Q(provider_id__in=provider_ids(viewer))
    qs = Settlement.objects.filter(q).select_related("provider", "provider__area")
    return qs.filter(status=status) if status in SettlementStatus.values else qs


def settlement_for(viewer: Viewer, code: str) -> Settlement:
    settlement = settlements_for(viewer).filter(code=fold_code(code)).first()
    if settlement is None:
        raise Http404
    return settlement


def settlement_lines(settlement: Settlement) -> QuerySet[SettlementLine]:
    return settlement.lines.select_related("community")


# ---------------------------------------------------------------- home care


def care_plans_for(
    viewer: Viewer, *, community: Area | None = None, missed: bool = False
) -> QuerySet[CarePlan]:
    """Plans of the communities in reach, or of the viewer's care provider."""
    q = policy.area_q(viewer, VIEW, "community") | Q(provider_id__in=provider_ids(viewer))
    qs = CarePlan.objects.filter(q, is_active=True).select_related("resident", "provider", "community")
    if community is not None:
        qs = qs.filter(community=community)
    return qs.filter(missed_since__isnull=False) if missed else qs


def care_plan_for(viewer: Viewer, code: str) -> CarePlan:
    plan = care_plans_for(viewer).filter(code=fold_code(code)).first()
    if plan is None:
        raise Http404
    return plan


def missed_visits_of_my_buildings(viewer: Viewer) -> QuerySet[CarePlan]:
    """Missed visits to residents of the buildings the viewer looks after (包户)."""
    pk = getattr(viewer, "pk", None)
    return care_plans_for(viewer, missed=True).filter(
        resident__household__dwelling__building__assignments__worker_id=pk
    )


def care_providers_for(community: Area) -> QuerySet[Provider]:
    codes = [c for c in community.path.split("/") if c]
    return (
        Provider.objects.filter(is_active=True, service_areas__code__in=codes)
        .filter(services__category__in=("elderly_care", "health", "domestic", "companionship"))
        .distinct()
        .order_by("name")
    )


# ---------------------------------------------------------------- a street's overview


def street_for(viewer: Viewer, code: str) -> Area:
    area = area_queries.area_for(viewer, code, VIEW)
    if area.level != Level.STREET:
        raise Http404
    return area


def street_overview(viewer: Viewer, street: Area, *, now: dt.datetime, days: int = 30) -> dict[str, Any]:
    """Per community of the street, the orders of the last `days` days: placed, done, cancelled,
    sent back, answered within the response limit (the response rate), the mean rating; and the
    street's providers with their licences."""
    since = now - dt.timedelta(days=days)
    communities = list(communities_for(viewer).filter(path__startswith=street.path))
    stats = (
        Order.objects.filter(community__in=communities, created_at__gte=since, created_at__lte=now)
        .values("community_id")
        .annotate(
            placed=Count("pk"),
            done=Count("pk", filter=Q(status__in=(Status.DONE, Status.EVALUATED))),
            cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
            escalated=Count("pk", filter=Q(escalated=True)),
            in_time=Count("pk", filter=Q(accepted_at__isnull=False, accepted_at__lte=F("respond_by"))),
            rating=Avg("rating"),
        )
    )
    by_pk: dict[int, dict[str, Any]] = {row["community_id"]: dict(row) for row in stats}
    empty: dict[str, Any] = {
        "placed": 0,
        "done": 0,
        "cancelled": 0,
        "escalated": 0,
        "in_time": 0,
        "rating": None,
    }
    rows = []
    for c in communities:
        row = by_pk.get(c.pk, empty)
        counted = int(row["placed"]) - int(row["cancelled"])
        rows.append(
            {
                "community": c,
                **row,
                "response_rate": round(100 * int(row["in_time"]) / counted) if counted else None,
            }
        )
    providers = (
        providers_for(viewer).filter(area__path__startswith=street.path).order_by("licence_expires", "name")
    )
    return {"rows": rows, "providers": providers, "since": since}


def expiring(viewer: Viewer, *, today: dt.date, days: int = 30) -> list[dict[str, Any]]:
    """Licences and certificates of the providers in reach that expire within `days` of `today`
    or have expired (an expired licence receives no new orders), the soonest first."""
    until = today + dt.timedelta(days=days)
    reach = providers_for(viewer)
    rows: list[dict[str, Any]] = [
        {
            "provider": p,
            "what": "licence",
            "title": p.licence_number,
            "holder": "",
            "expires": p.licence_expires,
        }
        for p in reach.filter(licence_expires__lte=until, is_active=True)
    ]
    certs = Certificate.objects.filter(
        provider__in=reach.filter(is_active=True), expires_on__lte=until
    ).select_related("provider__area")
    rows += [
        {
            "provider": c.provider,
            "what": "certificate",
            "title": c.title,
            "holder": c.holder,
            "expires": c.expires_on,
        }
        for c in certs
    ]
    for row in rows:
        row["expired"] = row["expires"] < today
        row["days_left"] = (row["expires"] - today).days
    return sorted(rows, key=lambda r: (r["expires"], r["provider"].name))
