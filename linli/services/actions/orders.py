"""Orders: placed, dispatched, accepted, on the way, done, rated; and their links with tickets."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.common.jobs import enqueue
from linli.common.phone import normalize_mobile
from linli.registry.models import Resident
from linli.services import eligibility, notify

# A broadcast goes to this many of the nearest eligible providers.
from linli.services.actions.common import BROADCAST_SIZE, MAX_ETA_HOURS, _text, _today, field_error
from linli.services.models import (
    OPEN_STATUSES,
    Channel,
    EventKind,
    Mode,
    Offer,
    OfferState,
    Order,
    OrderEvent,
    Provider,
    ServiceType,
    Status,
)
from linli.services.permissions import (
    acts_for,
    can_create_for,
    can_dispatch,
    can_order_as_resident,
    can_view_order,
    is_requester,
)
from linli.tickets import calendar

# ---------------------------------------------------------------- dispatch


def eligible_providers(order: Order, *, now: dt.datetime, limit: int = BROADCAST_SIZE) -> list[Provider]:
    """Providers that may take an order: active, licensed today, offering the service in an area
    that holds the order's community, with capacity left; the nearest area first, then the least
    loaded, then the best rated."""
    community = order.community
    codes = [c for c in community.path.split("/") if c]
    ancestors = list(Area.objects.filter(code__in=codes).values_list("pk", "path"))
    depth = {pk: path.count("/") for pk, path in ancestors}
    candidates = (
        Provider.objects.filter(
            Q(licence_expires__isnull=True) | Q(licence_expires__gte=_today(now)),
            is_active=True,
            services=order.service_id,
            service_areas__in=list(depth),
            open_orders__lt=F("capacity_per_day"),
        )
        .values_list("pk", "service_areas", "open_orders", "rating_sum", "rating_count")
        .distinct()
    )
    best: dict[int, tuple[int, int, float]] = {}
    for pk, area_id, load, rsum, rcount in candidates:
        if area_id not in depth:
            continue
        key = (-depth[area_id], load, -(rsum / rcount if rcount else 0.0))
        if pk not in best or key < best[pk]:
            best[pk] = key
    chosen = sorted(best, key=lambda pk: best[pk])[:limit]
    by_pk = Provider.objects.in_bulk(chosen)
    return [by_pk[pk] for pk in chosen]


def _locked(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("community", "service", "resident")
        .get(pk=order.pk)
    )


def _move(order: Order, was: str | tuple[str, ...], fields: dict[str, Any]) -> None:
    """Apply `fields` only if the status is still `was`: the loser of a race gets a clear refusal."""
    allowed = (was,) if isinstance(was, str) else was
    n = Order.objects.filter(pk=order.pk, status__in=allowed).update(**fields)
    if n != 1:
        raise DomainError(
            "conflict", _("Someone else changed this order just now. Reload it and try again."), status=409
        )
    for name, value in fields.items():
        if not hasattr(value, "resolve_expression"):
            setattr(order, name, value)


def _require_status(order: Order, *allowed: str) -> None:
    if order.status not in allowed:
        raise DomainError(
            "wrong_status",
            _("This cannot be done while the order is %(status)s.") % {"status": order.get_status_display()},
            status=409,
        )


def _step(
    order: Order,
    *,
    actor: User | None,
    kind: str,
    now: dt.datetime,
    note: str = "",
    details: dict[str, Any] | None = None,
    tell: bool = True,
) -> OrderEvent:
    """The timeline entry, the resident's message and the audit event of one step."""
    # By id: an API caller's user row (accounts.authcache.TokenUser) is then not loaded.
    event = OrderEvent.objects.create(
        order=order, at=now, actor_id=getattr(actor, "pk", None), kind=kind, note=note[:300]
    )
    if tell and order.contact_phone:
        enqueue(
            notify.send_message, order.contact_phone, notify.message_text(order.code, EventKind(kind).label)
        )
    record(
        actor=actor,
        action=f"services.order.{kind}",
        obj=order,
        area=order.community,
        details={"code": order.code, "status": order.status, **(details or {})},
        now=now,
    )
    return event


def order_create(
    *,
    actor: User | None,
    service: ServiceType,
    community: Area,
    description: str,
    address: str = "",
    contact_phone: str = "",
    resident: Resident | None = None,
    channel: str = Channel.PORTAL,
    wanted_on: dt.date | None = None,
    ticket: Any = None,
    now: dt.datetime | None = None,
) -> Order:
    """Order a service: a resident for themselves on the portal, a hotline agent for a caller, or a
    service station on a resident's behalf (代办). The time limits start now."""
    now = now or timezone.now()
    if community.level != AreaLevel.COMMUNITY:
        raise field_error("not_a_community", "community", _("Choose a community."))
    on_behalf = actor is not None and can_create_for(actor, community)
    if actor is not None and not on_behalf:
        if not can_order_as_resident(actor, community):
            raise NotFound()
        channel = Channel.PORTAL
        mine = Resident.objects.filter(user=actor, community=community, status="active").first()
        if resident is not None and (mine is None or resident.household_id != mine.household_id):
            raise NotFound()
        resident = resident or mine
    if resident is not None and resident.community_id != community.pk:
        raise field_error("resident_elsewhere", "resident", _("This resident lives in another community."))
    if not service.is_active:
        raise field_error("service_inactive", "service", _("This service is not offered at the moment."))
    if channel not in service.channel_list():
        raise field_error(
            "channel_not_offered", "service", _("This service cannot be ordered through this channel.")
        )
    problem = eligibility.problem(service, resident, community, _today(now))
    if problem:
        raise field_error("not_eligible", "service", problem)
    description = _text(description, "description", _("what is needed"), required=True, limit=1000)
    phone = ""
    if contact_phone.strip():
        phone = normalize_mobile(contact_phone)
        if not phone:
            raise field_error("bad_phone", "contact_phone", _("Enter an 11-digit mobile number."))
    elif resident is not None and resident.phone:
        phone = resident.phone
    with transaction.atomic():
        order = Order.objects.create(
            code=short_code("S", 8),
            service=service,
            community=community,
            channel=channel,
            requester_id=getattr(actor, "pk", None)
            if actor is not None and not on_behalf
            else (resident.user_id if resident else None),
            resident=resident,
            created_by_id=getattr(actor, "pk", None),
            description=description,
            address=address.strip()[:200],
            contact_phone=phone,
            wanted_on=wanted_on,
            price_fen=service.price_fen,
            subsidy_fen=service.subsidy_fen,
            created_at=now,
            respond_by=calendar.add_working_hours(now, service.response_hours),
            complete_by=calendar.add_working_days(now, service.completion_days),
            ticket=ticket,
        )
        order.new_events = [  # type: ignore[attr-defined]
            _step(
                order,
                actor=actor,
                kind=EventKind.CREATED,
                now=now,
                details={"service": service.code, "channel": channel},
            )
        ]
    return order


def order_dispatch(
    *,
    actor: User | None,
    order: Order,
    mode: str,
    provider: Provider | None = None,
    now: dt.datetime | None = None,
) -> Order:
    """Send an order to one provider (direct) or to the nearest eligible ones (broadcast)."""
    now = now or timezone.now()
    if actor is not None and not can_view_order(actor, order):
        raise NotFound()
    if actor is not None and not can_dispatch(actor, order):
        raise Forbidden(_("Only the service station dispatches orders."))
    if mode not in Mode.values:
        raise field_error("bad_mode", "mode", _("Choose how to dispatch."))
    with transaction.atomic():
        order = _locked(order)
        _require_status(order, Status.CREATED)
        eligible = eligible_providers(order, now=now, limit=10_000 if mode == Mode.DIRECT else BROADCAST_SIZE)
        if mode == Mode.DIRECT:
            if provider is None:
                raise field_error("provider_required", "provider", _("Choose a provider."))
            if provider.licence_expires and provider.licence_expires < _today(now):
                raise field_error(
                    "licence_expired",
                    "provider",
                    _("This provider's licence has expired: it receives no new orders."),
                )
            if provider.pk not in {p.pk for p in eligible}:
                raise field_error(
                    "provider_not_eligible",
                    "provider",
                    _("This provider does not offer this service here, or has no capacity left."),
                )
            targets = [provider]
        else:
            targets = eligible
            if not targets:
                raise DomainError(
                    "no_provider",
                    _("No provider offers this service here with capacity left. Turn it into a ticket."),
                    status=409,
                )
        Offer.objects.filter(order=order).delete()
        Offer.objects.bulk_create([Offer(order=order, provider=p, at=now) for p in targets])
        _move(
            order,
            Status.CREATED,
            {
                "status": Status.DISPATCHED,
                "mode": mode,
                "dispatched_at": now,
                "accept_by": now + dt.timedelta(minutes=order.service.accept_minutes),
                "escalated": False,
            },
        )
        _step(
            order,
            actor=actor,
            kind=EventKind.DISPATCHED,
            now=now,
            details={"mode": mode, "providers": [p.code for p in targets]},
        )
    return order


def order_accept(
    *, actor: User | None, order: Order, provider: Provider, eta: dt.datetime, now: dt.datetime | None = None
) -> Order:
    """A provider takes an order with an arrival time; the first to accept wins, the others lose."""
    now = now or timezone.now()
    if actor is not None and not acts_for(actor, provider):
        raise NotFound()
    if eta < now or eta > now + dt.timedelta(hours=MAX_ETA_HOURS):
        raise field_error(
            "bad_eta", "eta", _("Give an arrival time within the next %(n)d hours.") % {"n": MAX_ETA_HOURS}
        )
    with transaction.atomic():
        # The order first: two providers accepting at once queue on it, and the second then finds
        # its offer lost (locking the offers first deadlocked, each holding its own).
        order = _locked(order)
        offer = Offer.objects.select_for_update().filter(order=order, provider=provider).first()
        if offer is None:
            raise NotFound()
        if provider.licence_expires and provider.licence_expires < _today(now):
            raise DomainError(
                "licence_expired", _("Your licence has expired: renew it to take new orders."), status=409
            )
        if offer.state != OfferState.OPEN:
            raise DomainError("offer_closed", _("This order is no longer open to you."), status=409)
        _require_status(order, Status.DISPATCHED)
        _move(
            order,
            Status.DISPATCHED,
            {"status": Status.ACCEPTED, "provider": provider, "accepted_at": now, "eta": eta},
        )
        Offer.objects.filter(pk=offer.pk).update(state=OfferState.ACCEPTED)
        Offer.objects.filter(order=order, state=OfferState.OPEN).exclude(pk=offer.pk).update(
            state=OfferState.LOST
        )
        Provider.objects.filter(pk=provider.pk).update(open_orders=F("open_orders") + 1)
        _step(
            order,
            actor=actor,
            kind=EventKind.ACCEPTED,
            now=now,
            details={"provider": provider.code, "eta": eta.isoformat()},
        )
    return order


def order_decline(
    *, actor: User | None, order: Order, provider: Provider, reason: str = "", now: dt.datetime | None = None
) -> Order:
    """A provider turns an offer down; when nobody is left the order goes back to the station."""
    now = now or timezone.now()
    if actor is not None and not acts_for(actor, provider):
        raise NotFound()
    reason = _text(reason, "reason", _("the reason"), required=False, limit=300)
    with transaction.atomic():
        offer = Offer.objects.select_for_update().filter(order=order, provider=provider).first()
        if offer is None:
            raise NotFound()
        if offer.state != OfferState.OPEN:
            raise DomainError("offer_closed", _("This order is no longer open to you."), status=409)
        order = _locked(order)
        _require_status(order, Status.DISPATCHED)
        Offer.objects.filter(pk=offer.pk).update(state=OfferState.DECLINED)
        _step(
            order,
            actor=actor,
            kind=EventKind.DECLINED,
            now=now,
            note=reason,
            details={"provider": provider.code},
            tell=False,
        )
        if not Offer.objects.filter(order=order, state=OfferState.OPEN).exists():
            _move(order, Status.DISPATCHED, {"status": Status.CREATED, "escalated": True, "accept_by": None})
            _step(order, actor=None, kind=EventKind.ESCALATED, now=now, tell=False)
    return order


def _unload(provider_id: int | None) -> None:
    """One order fewer in the provider's hands (its load counts in dispatch)."""
    if provider_id is not None:
        Provider.objects.filter(pk=provider_id, open_orders__gt=0).update(open_orders=F("open_orders") - 1)


def _provider_step(actor: User | None, order: Order) -> None:
    if actor is not None and not can_view_order(actor, order):
        raise NotFound()
    if actor is not None and not acts_for(actor, order.provider_id):
        raise Forbidden(_("Only the provider of this order may do this."))


def order_on_the_way(*, actor: User | None, order: Order, now: dt.datetime | None = None) -> Order:
    """The provider's worker sets off."""
    now = now or timezone.now()
    with transaction.atomic():
        order = _locked(order)
        _provider_step(actor, order)
        _require_status(order, Status.ACCEPTED)
        _move(order, Status.ACCEPTED, {"status": Status.ON_THE_WAY})
        _step(order, actor=actor, kind=EventKind.ON_THE_WAY, now=now)
    return order


def order_complete(
    *, actor: User | None, order: Order, note: str = "", now: dt.datetime | None = None
) -> Order:
    """The service was delivered; a subsidised one is paid from the resident's entitlement."""
    from linli.services.care import redeem_for_order

    now = now or timezone.now()
    note = _text(note, "note", _("the note"), required=False, limit=300)
    with transaction.atomic():
        order = _locked(order)
        _provider_step(actor, order)
        _require_status(order, Status.ACCEPTED, Status.ON_THE_WAY)
        _move(order, (Status.ACCEPTED, Status.ON_THE_WAY), {"status": Status.DONE, "done_at": now})
        _unload(order.provider_id)
        _step(order, actor=actor, kind=EventKind.DONE, now=now, note=note)
        redeem_for_order(actor=actor, order=order, now=now)
    return order


def order_evaluate(
    *, actor: User | None, order: Order, rating: int, note: str = "", now: dt.datetime | None = None
) -> Order:
    """The resident rates the service (or the hotline records the caller's rating on a return call)."""
    now = now or timezone.now()
    if actor is not None and not can_view_order(actor, order):
        raise NotFound()
    if actor is not None and not (is_requester(actor, order) or can_create_for(actor, order.community)):
        raise Forbidden(_("Only the resident who ordered may rate the service."))
    if not 1 <= rating <= 5:
        raise field_error("bad_rating", "rating", _("Give 1 to 5 stars."))
    note = _text(note, "note", _("the comment"), required=False, limit=300)
    with transaction.atomic():
        order = _locked(order)
        _require_status(order, Status.DONE)
        _move(order, Status.DONE, {"status": Status.EVALUATED, "rating": rating, "rating_note": note})
        Provider.objects.filter(pk=order.provider_id or 0).update(
            rating_sum=F("rating_sum") + rating, rating_count=F("rating_count") + 1
        )
        _step(order, actor=actor, kind=EventKind.EVALUATED, now=now, details={"rating": rating}, tell=False)
    return order


def order_cancel(
    *, actor: User | None, order: Order, reason: str = "", now: dt.datetime | None = None
) -> Order:
    """The resident or the station cancels an open order."""
    now = now or timezone.now()
    if actor is not None and not can_view_order(actor, order):
        raise NotFound()
    if actor is not None and not (is_requester(actor, order) or can_dispatch(actor, order)):
        raise Forbidden(_("Only the resident or the service station may cancel an order."))
    reason = _text(reason, "reason", _("the reason"), required=False, limit=300)
    with transaction.atomic():
        order = _locked(order)
        _require_status(order, *OPEN_STATUSES)
        was = order.status
        _move(order, was, {"status": Status.CANCELLED})
        Offer.objects.filter(order=order, state=OfferState.OPEN).update(state=OfferState.EXPIRED)
        if was in (Status.ACCEPTED, Status.ON_THE_WAY):
            _unload(order.provider_id)
        _step(order, actor=actor, kind=EventKind.CANCELLED, now=now, note=reason)
    return order


def order_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Orders nobody accepted within the limit go back to the station, flagged (the sweep)."""
    now = now or timezone.now()
    count = 0
    late: QuerySet[Order] = Order.objects.filter(status=Status.DISPATCHED, accept_by__lt=now)
    for pk in late.values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            order = Order.objects.select_for_update().select_related("community").get(pk=pk)
            if order.status != Status.DISPATCHED or order.accept_by is None or order.accept_by >= now:
                continue
            Offer.objects.filter(order=order, state=OfferState.OPEN).update(state=OfferState.EXPIRED)
            _move(order, Status.DISPATCHED, {"status": Status.CREATED, "escalated": True, "accept_by": None})
            _step(order, actor=None, kind=EventKind.ESCALATED, now=now, tell=False)
            count += 1
    return count


# ---------------------------------------------------------------- orders and tickets


def order_to_ticket(
    *, actor: User | None, order: Order, category: Any, now: dt.datetime | None = None
) -> Any:
    """A service the community cannot provide becomes a ticket; the order is closed and linked to it."""
    from linli.tickets.actions import ticket_submit
    from linli.tickets.models import Channel as TicketChannel

    now = now or timezone.now()
    if actor is not None and not can_view_order(actor, order):
        raise NotFound()
    if actor is not None and not can_dispatch(actor, order):
        raise Forbidden(_("Only the service station dispatches orders."))
    with transaction.atomic():
        order = _locked(order)
        _require_status(order, Status.CREATED)
        ticket = ticket_submit(
            actor=actor,
            community=order.community,
            category=category,
            description=order.description,
            title=order.service.name,
            channel=TicketChannel.HOTLINE if order.channel == Channel.HOTLINE else TicketChannel.WALK_IN,
            address=order.address,
            contact_phone=order.contact_phone,
            resident=order.resident,
            now=now,
        )
        _move(order, Status.CREATED, {"status": Status.CANCELLED, "ticket": ticket})
        _step(order, actor=actor, kind=EventKind.TICKETED, now=now, details={"ticket": ticket.code})
    return ticket


def order_from_ticket(
    *, actor: User | None, ticket: Any, service: ServiceType, now: dt.datetime | None = None
) -> Order:
    """A ticket that a provider can answer becomes a service order, linked back to the ticket."""
    from linli.tickets.permissions import can_handle_ticket

    now = now or timezone.now()
    if actor is not None and not can_handle_ticket(actor, ticket):
        raise NotFound()
    if Order.objects.filter(ticket=ticket).exclude(status=Status.CANCELLED).exists():
        raise DomainError("already_ordered", _("This ticket already has a service order."), status=409)
    return order_create(
        actor=actor,
        service=service,
        community=ticket.community,
        description=ticket.description,
        address=ticket.address,
        contact_phone=ticket.contact_phone,
        resident=ticket.resident,
        channel=Channel.STATION,
        ticket=ticket,
        now=now,
    )
