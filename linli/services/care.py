"""Elderly care and subsidies: entitlements, the redemption ledger and meal bookings (助餐).

The ledger is append-only: a grant sets what a resident may draw on in a month, each delivered
service appends one `Redemption`, and `Entitlement.used` grows by a conditional update that can
never pass `granted` (a check constraint backs it), so two redemptions racing for the last unit
cannot both succeed and no balance is ever negative. One redemption per order or booking is a
unique column.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, NotFound
from linli.registry.models import CareTag, CareTagKind, Resident, ResidentStatus
from linli.services import eligibility
from linli.services.actions.common import field_error
from linli.services.models import (
    BookingStatus,
    CarePlan,
    CareVisit,
    Entitlement,
    EntitlementKind,
    EventKind,
    MealBooking,
    Order,
    OrderEvent,
    Pickup,
    Provider,
    ProviderKind,
    Redemption,
)
from linli.services.permissions import acts_for
from linli.tickets import calendar

# The rules the city set (plan 3.5.(二)4): a monthly meal subsidy for 80+ or elderly living alone,
# home-care hours for residents with a disability of grade 1 or 2 (the registry's care tag level).
RULE_MEALS = 30
RULE_MEAL_UNIT_FEN = 500
RULE_CARE_HOURS = 8
RULE_CARE_UNIT_FEN = 3000
RULE_CARE_GRADES = (1, 2)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(calendar.TZ).date()


def entitlement_grant(
    *,
    actor: User | None,
    resident: Resident,
    kind: str,
    month: dt.date,
    granted: int,
    reason: str,
    unit_fen: int = 0,
    by_rule: bool = False,
    now: dt.datetime | None = None,
) -> Entitlement:
    """Grant a resident a month's meals or care hours, with the reason (by a worker or by rule)."""
    now = now or timezone.now()
    policy.require(actor, "services.entitle", resident.community)
    if kind not in EntitlementKind.values:
        raise field_error("bad_kind", "kind", _("Choose an entitlement."))
    if not 1 <= granted <= 1000:
        raise field_error("bad_units", "granted", _("Grant between 1 and 1000 units."))
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason_required", "reason", _("Give the reason for the grant."))
    if resident.status != ResidentStatus.ACTIVE:
        raise field_error("not_active", "resident", _("This resident is no longer registered here."))
    try:
        with transaction.atomic():
            ent = Entitlement.objects.create(
                code=short_code("E", 8),
                resident=resident,
                community=resident.community,
                kind=kind,
                month=month_of(month),
                granted=granted,
                unit_fen=unit_fen,
                by_rule=by_rule,
                reason=reason[:200],
                granted_by=actor,
                granted_at=now,
            )
            record(
                actor=actor,
                action="services.entitlement.granted",
                obj=ent,
                area=resident.community,
                details={
                    "code": ent.code,
                    "kind": kind,
                    "month": ent.month.isoformat(),
                    "granted": granted,
                    "by_rule": by_rule,
                },
                now=now,
            )
    except IntegrityError:
        raise field_error(
            "already_granted", "kind", _("This resident already has this entitlement for that month.")
        ) from None
    return ent


def entitlements_grant_by_rule(
    *, actor: User | None, community: Area, month: dt.date, now: dt.datetime | None = None
) -> int:
    """Grant the month's entitlements the rules give to the community's residents; returns how many."""
    now = now or timezone.now()
    policy.require(actor, "services.entitle", community)
    today = _today(now)
    month = month_of(month)
    have = set(
        Entitlement.objects.filter(community=community, month=month).values_list("resident_id", "kind")
    )
    # The community's care tags in one read (not one query per resident).
    tags: dict[int, set[str]] = {}
    severe: set[int] = set()
    for resident_id, tag, level in CareTag.objects.filter(community=community).values_list(
        "resident_id", "tag", "level"
    ):
        tags.setdefault(resident_id, set()).add(tag)
        if tag == CareTagKind.DISABILITY and level in RULE_CARE_GRADES:
            severe.add(resident_id)
    count = 0
    residents = Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE)
    for resident in residents.iterator():
        wants = []
        if eligibility.age_on(resident.birth_date, today) >= 80 or CareTagKind.ALONE in tags.get(
            resident.pk, ()
        ):
            wants.append(
                (EntitlementKind.MEALS, RULE_MEALS, RULE_MEAL_UNIT_FEN, _("80 and over, or living alone"))
            )
        if resident.pk in severe:
            wants.append(
                (
                    EntitlementKind.CARE_HOURS,
                    RULE_CARE_HOURS,
                    RULE_CARE_UNIT_FEN,
                    _("disability of grade 1 or 2"),
                )
            )
        for kind, units, unit_fen, reason in wants:
            if (resident.pk, kind) in have:
                continue
            entitlement_grant(
                actor=actor,
                resident=resident,
                kind=kind,
                month=month,
                granted=units,
                unit_fen=unit_fen,
                reason=str(reason),
                by_rule=True,
                now=now,
            )
            count += 1
    return count


def _redeem(
    *,
    actor: User | None,
    entitlement: Entitlement,
    units: int,
    provider: Provider | None,
    order: Order | None = None,
    booking: MealBooking | None = None,
    visit: CareVisit | None = None,
    now: dt.datetime,
) -> Redemption:
    n = Entitlement.objects.filter(pk=entitlement.pk, used__lte=F("granted") - units).update(
        used=F("used") + units
    )
    if n != 1:
        raise DomainError("no_balance", _("The entitlement for this month is used up."), status=409)
    try:
        with transaction.atomic():
            redemption = Redemption.objects.create(
                entitlement=entitlement,
                units=units,
                amount_fen=units * entitlement.unit_fen,
                order=order,
                booking=booking,
                visit=visit,
                provider=provider,
                at=now,
                actor=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise DomainError(
            "already_redeemed", _("This service was already paid from the entitlement."), status=409
        ) from None
    record(
        actor=actor,
        action="services.entitlement.redeemed",
        obj=entitlement,
        area=entitlement.community,
        details={
            "code": entitlement.code,
            "units": units,
            "order": order.code if order else None,
            "booking": booking.code if booking else None,
            "visit": visit.pk if visit else None,
        },
        now=now,
    )
    return redemption


def redeem_for_order(*, actor: User | None, order: Order, now: dt.datetime) -> Redemption | None:
    """Pay a delivered order from the resident's entitlement when its service draws on one."""
    kind = order.service.entitlement_kind
    if not kind or order.resident_id is None:
        return None
    ent = Entitlement.objects.filter(
        resident_id=order.resident_id, kind=kind, month=month_of(_today(now))
    ).first()
    if ent is None or ent.balance < 1:
        return None
    redemption = _redeem(actor=actor, entitlement=ent, units=1, provider=order.provider, order=order, now=now)
    OrderEvent.objects.create(order=order, at=now, kind=EventKind.REDEEMED)
    return redemption


def redeem_for_visit(
    *, actor: User | None, plan: CarePlan, visit: CareVisit, now: dt.datetime
) -> Redemption | None:
    """Pay a home-care visit's hours from the resident's care hours of the visit's month, as far as
    the balance goes (the rest is not the government's to pay); nothing without an entitlement.
    Call inside the transaction that records the visit: the entitlement's row is locked, so two
    visits recorded at once cannot both take the last hour."""
    ent = (
        Entitlement.objects.select_for_update()
        .filter(
            resident_id=plan.resident_id,
            kind=EntitlementKind.CARE_HOURS,
            month=month_of(_today(visit.visited_at)),
        )
        .first()
    )
    units = min(visit.hours, ent.balance) if ent is not None else 0
    if ent is None or units < 1:
        return None
    return _redeem(actor=actor, entitlement=ent, units=units, provider=plan.provider, visit=visit, now=now)


# ---------------------------------------------------------------- meals


def meal_book(
    *,
    actor: User | None,
    point: Provider,
    resident: Resident,
    day: dt.date,
    pickup: str = Pickup.PICKUP,
    now: dt.datetime | None = None,
) -> MealBooking:
    """Book a meal at a meal point for a day: before the cut-off, within capacity, on an entitlement."""
    now = now or timezone.now()
    community = resident.community
    if actor is not None:
        own = resident.user_id == actor.pk
        if not own and not policy.can(actor, "services.create", community):
            raise NotFound()
    if point.kind != ProviderKind.MEAL_POINT or not point.is_active:
        raise field_error("not_a_meal_point", "point", _("Choose a meal point."))
    if pickup not in Pickup.values:
        raise field_error("bad_pickup", "pickup", _("Choose pick-up or delivery."))
    today = _today(now)
    if point.licence_expires and point.licence_expires < today:
        raise field_error(
            "licence_expired", "point", _("This meal point's licence has expired: it takes no bookings.")
        )
    if not point.service_areas.filter(pk__in=_ancestor_ids(community)).exists():
        raise field_error("point_elsewhere", "point", _("This meal point does not serve your community."))
    cutoff = dt.datetime.combine(day, point.meal_cutoff or dt.time(9, 30), tzinfo=calendar.TZ)
    if now >= cutoff:
        raise field_error(
            "past_cutoff",
            "day",
            _("Bookings for %(day)s closed at %(time)s.")
            % {"day": day.isoformat(), "time": cutoff.strftime("%H:%M")},
        )
    if day > today + dt.timedelta(days=14):
        raise field_error("too_far", "day", _("Book at most 14 days ahead."))
    ent = Entitlement.objects.filter(
        resident=resident, kind=EntitlementKind.MEALS, month=month_of(day)
    ).first()
    if ent is None:
        raise field_error(
            "no_entitlement", "resident", _("This resident has no meal entitlement for that month.")
        )
    with transaction.atomic():
        # The point's row lock serialises the capacity check of one point and day. FOR NO KEY
        # UPDATE, not FOR UPDATE: a redemption being written for this point (its foreign key takes
        # FOR KEY SHARE) must not wait on a booking that itself waits on that serve's booking row
        # (the same resident booked twice while being served deadlocked in bench/services.py).
        locked = Provider.objects.select_for_update(no_key=True).get(pk=point.pk)
        taken = (
            MealBooking.objects.filter(point=locked, day=day).exclude(status=BookingStatus.CANCELLED).count()
        )
        if taken >= locked.capacity_per_day:
            raise field_error("full", "day", _("The meal point is fully booked for that day."))
        pending = MealBooking.objects.filter(
            resident=resident, status=BookingStatus.BOOKED, day__gte=ent.month, day__lt=_next_month(ent.month)
        ).count()
        if pending + 1 > ent.balance:
            raise field_error("no_balance", "resident", _("The meal entitlement for that month is used up."))
        try:
            with transaction.atomic():
                booking = MealBooking.objects.create(
                    code=short_code("M", 8),
                    point=locked,
                    resident=resident,
                    community=community,
                    day=day,
                    pickup=pickup,
                    booked_at=now,
                    booked_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            raise field_error(
                "already_booked", "day", _("This resident already has a meal booked that day.")
            ) from None
        record(
            actor=actor,
            action="services.meal.booked",
            obj=booking,
            area=community,
            details={"code": booking.code, "point": point.code, "day": day.isoformat(), "pickup": pickup},
            now=now,
        )
    return booking


def meal_serve(*, actor: User | None, booking: MealBooking, now: dt.datetime | None = None) -> Redemption:
    """The meal point hands out (or delivers) a booked meal and redeems one unit of the entitlement."""
    now = now or timezone.now()
    if actor is not None and not acts_for(actor, booking.point_id):
        raise NotFound()
    with transaction.atomic():
        n = MealBooking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
            status=BookingStatus.SERVED
        )
        if n != 1:
            raise DomainError("not_booked", _("This booking was already served or cancelled."), status=409)
        ent = Entitlement.objects.filter(
            resident_id=booking.resident_id, kind=EntitlementKind.MEALS, month=month_of(booking.day)
        ).first()
        if ent is None:
            raise DomainError(
                "no_entitlement", _("This resident has no meal entitlement for that month."), status=409
            )
        booking.status = BookingStatus.SERVED
        return _redeem(
            actor=actor, entitlement=ent, units=1, provider=booking.point, booking=booking, now=now
        )


def meal_cancel(*, actor: User | None, booking: MealBooking, now: dt.datetime | None = None) -> MealBooking:
    """The resident (or an agent or worker for them) cancels a booking before the cut-off."""
    now = now or timezone.now()
    if actor is not None:
        own = booking.resident.user_id == actor.pk
        if not own and not policy.can(actor, "services.create", booking.community):
            raise NotFound()
    cutoff = dt.datetime.combine(booking.day, booking.point.meal_cutoff or dt.time(9, 30), tzinfo=calendar.TZ)
    if now >= cutoff:
        raise DomainError(
            "past_cutoff", _("It is past the cut-off: the meal can no longer be cancelled."), status=409
        )
    with transaction.atomic():
        n = MealBooking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
            status=BookingStatus.CANCELLED
        )
        if n != 1:
            raise DomainError("not_booked", _("This booking was already served or cancelled."), status=409)
        booking.status = BookingStatus.CANCELLED
        record(
            actor=actor,
            action="services.meal.cancelled",
            obj=booking,
            area=booking.community,
            details={"code": booking.code},
            now=now,
        )
    return booking


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _ancestor_ids(community: Area) -> list[int]:
    codes = [c for c in community.path.split("/") if c]
    return list(Area.objects.filter(code__in=codes).values_list("pk", flat=True))
