"""Settlements: a provider's month of completed orders, served meals and paid home-care hours,
approved by the street.

The government's part of each service (the catalogue's subsidy on an order, the entitlement's value
of a served meal or of the care hours a visit drew) is what the street pays the provider. On
approval that part is posted, one entry per community whose residents received the services, to
the community's public-welfare fund as an expense for services to residents, through finance's own
action: the entry then takes the ledger's usual road (reviewed by the democratic finance group,
approved by the director).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.finance import actions as finance_actions
from linli.finance.models import Category as LedgerCategory
from linli.finance.models import Direction, Fund
from linli.services.actions.common import _today, field_error
from linli.services.models import (
    Order,
    Provider,
    Redemption,
    Settlement,
    SettlementLine,
    SettlementStatus,
    Status,
)
from linli.services.permissions import acts_for, can_manage_provider, can_view_provider
from linli.tickets import calendar


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month's first instant and the next month's, in Beijing time."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        dt.datetime.combine(first, dt.time(), tzinfo=calendar.TZ),
        dt.datetime.combine(following, dt.time(), tzinfo=calendar.TZ),
    )


def can_prepare(user: User | None, provider: Provider) -> bool:
    return (
        user is None
        or acts_for(user, provider)
        or can_manage_provider(user, provider)
        or policy.can(user, "services.settle", provider.area)
    )


def _totals(provider: Provider, month: dt.date) -> dict[int, dict[str, int]]:
    """Per community: orders completed, meals served, their value and the government's part."""
    start, end = month_bounds(month)
    lines: dict[int, dict[str, int]] = {}

    def line(pk: int) -> dict[str, int]:
        return lines.setdefault(
            pk, {"orders": 0, "meals": 0, "care_hours": 0, "amount_fen": 0, "subsidy_fen": 0}
        )

    done = (
        Order.objects.filter(
            provider=provider, status__in=(Status.DONE, Status.EVALUATED), done_at__gte=start, done_at__lt=end
        )
        .values("community_id")
        .annotate(n=Count("pk"), price=Sum("price_fen"), subsidy=Sum("subsidy_fen"))
    )
    for row in done:
        one = line(row["community_id"])
        one["orders"] += row["n"]
        one["amount_fen"] += row["price"] or 0
        one["subsidy_fen"] += row["subsidy"] or 0
    # A served meal is worth what the entitlement pays for it (the meal point's price is not kept).
    meals = (
        Redemption.objects.filter(provider=provider, booking__isnull=False, at__gte=start, at__lt=end)
        .values("entitlement__community_id")
        .annotate(n=Count("pk"), value=Sum("amount_fen"))
    )
    for meal in meals:
        one = line(meal["entitlement__community_id"])
        one["meals"] += meal["n"]
        one["amount_fen"] += meal["value"] or 0
        one["subsidy_fen"] += meal["value"] or 0
    # Home-care hours paid from residents' entitlements (the visit's redemption), likewise.
    visits = (
        Redemption.objects.filter(provider=provider, visit__isnull=False, at__gte=start, at__lt=end)
        .values("entitlement__community_id")
        .annotate(n=Sum("units"), value=Sum("amount_fen"))
    )
    for visit in visits:
        one = line(visit["entitlement__community_id"])
        one["care_hours"] += visit["n"] or 0
        one["amount_fen"] += visit["value"] or 0
        one["subsidy_fen"] += visit["value"] or 0
    return lines


def settlement_prepare(
    *, actor: User | None, provider: Provider, month: dt.date, now: dt.datetime | None = None
) -> Settlement:
    """Draw up (or draw up again, while not approved) a provider's statement for a past month."""
    now = now or timezone.now()
    if not can_prepare(actor, provider):
        if can_view_provider(actor, provider):
            raise Forbidden(_("Only the provider or the street draws up its statements."))
        raise NotFound()
    month = month.replace(day=1)
    if month >= _today(now).replace(day=1):
        raise field_error("month_not_over", "month", _("Only a month that is over can be settled."))
    totals = _totals(provider, month)
    with transaction.atomic():
        settlement = Settlement.objects.select_for_update().filter(provider=provider, month=month).first()
        if settlement is not None and settlement.status != SettlementStatus.DRAFT:
            raise DomainError(
                "already_approved", _("This month's statement is already approved."), status=409
            )
        if settlement is None:
            settlement = Settlement(code=short_code("J", 8), provider=provider, month=month)
        settlement.orders = sum(x["orders"] for x in totals.values())
        settlement.meals = sum(x["meals"] for x in totals.values())
        settlement.care_hours = sum(x["care_hours"] for x in totals.values())
        settlement.amount_fen = sum(x["amount_fen"] for x in totals.values())
        settlement.subsidy_fen = sum(x["subsidy_fen"] for x in totals.values())
        settlement.prepared_by = actor if getattr(actor, "pk", None) else None
        settlement.prepared_at = now
        settlement.save()
        settlement.lines.all().delete()
        SettlementLine.objects.bulk_create(
            SettlementLine(settlement=settlement, community_id=pk, **values) for pk, values in totals.items()
        )
        record(
            actor=actor,
            action="services.settlement.prepared",
            obj=settlement,
            area=provider.area,
            details={
                "code": settlement.code,
                "provider": provider.code,
                "month": month.isoformat(),
                "orders": settlement.orders,
                "meals": settlement.meals,
                "care_hours": settlement.care_hours,
                "subsidy_fen": settlement.subsidy_fen,
            },
            now=now,
        )
    return settlement


def settlement_approve(
    *, actor: User | None, settlement: Settlement, now: dt.datetime | None = None
) -> Settlement:
    """The street officer approves a statement; the government's part goes to each community's
    ledger (public-welfare fund, services to residents), awaiting the ledger's review."""
    now = now or timezone.now()
    with transaction.atomic():
        settlement = (
            Settlement.objects.select_for_update(of=("self",))
            .select_related("provider__area")
            .get(pk=settlement.pk)
        )
        provider = settlement.provider
        if actor is not None and not policy.can(actor, "services.settle", provider.area):
            if can_view_provider(actor, provider):
                raise Forbidden(_("Only the street's officers approve statements."))
            raise NotFound()
        if settlement.status != SettlementStatus.DRAFT:
            raise DomainError("already_approved", _("This statement is already approved."), status=409)
        if actor is not None and settlement.prepared_by_id == actor.pk:
            raise Forbidden(_("You cannot approve a statement you drew up yourself."))
        lines = list(settlement.lines.select_related("community"))
        if actor is not None and any(not policy.can(actor, "services.settle", x.community) for x in lines):
            raise Forbidden(_("Some of these services were delivered outside your street."))
        month = settlement.month.strftime("%Y-%m")
        for line in lines:
            if not line.subsidy_fen:
                continue
            # The system enters it (street officers keep no community's books); the audit event
            # below names the officer, and the community's finance group reviews the entry.
            entry = finance_actions.ledger_entry_create(
                actor=None,
                community=line.community,
                fund=Fund.WELFARE,
                direction=Direction.EXPENSE,
                category=LedgerCategory.SERVICES,
                amount_fen=line.subsidy_fen,
                occurred_on=_today(now),
                description=_("Services settlement %(code)s: %(provider)s, %(month)s")
                % {"code": settlement.code, "provider": provider.name, "month": month},
                now=now,
            )
            line.ledger_code = entry.code
            line.save(update_fields=["ledger_code"])
        settlement.status = SettlementStatus.APPROVED
        settlement.approved_by = actor if getattr(actor, "pk", None) else None
        settlement.approved_at = now
        settlement.save(update_fields=["status", "approved_by", "approved_at"])
        record(
            actor=actor,
            action="services.settlement.approved",
            obj=settlement,
            area=provider.area,
            details={
                "code": settlement.code,
                "subsidy_fen": settlement.subsidy_fen,
                "ledger": [x.ledger_code for x in lines if x.ledger_code],
            },
            now=now,
        )
    return settlement
