"""Paying an order with time-bank hours (志愿时间银行): the resident's hours, spent through the
volunteers' own action `hours_redeem`, at most once per order."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError, NotFound
from linli.services.actions.orders import _locked
from linli.services.models import EventKind, Order, OrderEvent, Status
from linli.services.permissions import can_view_order
from linli.volunteers.actions import hours_redeem
from linli.volunteers.models import Account, AccountKind


def _refuse(code: str, message: str) -> DomainError:
    return DomainError(code, message, status=409)


def hours_account(order: Order) -> Account | None:
    """The account the order's resident spends from: their own as a volunteer, else the hours
    their family gave them."""
    if order.resident_id is None:
        return None
    accounts = Account.objects.filter(
        Q(kind=AccountKind.VOLUNTEER, volunteer__resident_id=order.resident_id)
        | Q(kind=AccountKind.FAMILY, resident_id=order.resident_id)
    ).select_related("volunteer", "resident", "area")
    return min(accounts, key=lambda a: a.kind != AccountKind.VOLUNTEER, default=None)


def order_pay_hours(*, actor: User | None, order: Order, now: dt.datetime | None = None) -> Order:
    """Pay the order with the minutes its service costs in hours. The order's row is locked first,
    so two payments of one order at once: one pays, the other is told it is paid."""
    now = now or timezone.now()
    if actor is not None and not can_view_order(actor, order):
        raise NotFound()
    with transaction.atomic():
        order = _locked(order)
        minutes = order.service.hours_minutes
        if not minutes:
            raise _refuse("not_payable_in_hours", _("This service cannot be paid with time-bank hours."))
        if order.status == Status.CANCELLED:
            raise _refuse("cancelled", _("A cancelled order is not paid."))
        if order.hours_transfer:
            raise _refuse("already_paid", _("This order has already been paid with hours."))
        account = hours_account(order)
        if account is None:
            raise _refuse("no_hours_account", _("The resident has no time-bank hours to pay with."))
        transfer = hours_redeem(
            actor=actor,
            account=account,
            minutes=minutes,
            reason=f"{order.service.name} {order.code}",
            order_code=order.code,
            now=now,
        )
        Order.objects.filter(pk=order.pk).update(paid_minutes=minutes, hours_transfer=transfer.code)
        order.paid_minutes, order.hours_transfer = minutes, transfer.code
        OrderEvent.objects.create(
            order=order,
            at=now,
            actor=actor,
            kind=EventKind.PAID_HOURS,
            note=_("%(h)s hours, entry %(code)s") % {"h": f"{minutes / 60:g}", "code": transfer.code},
        )
        record(
            actor=actor,
            action="services.order.paid_hours",
            obj=order,
            area=order.community,
            details={"code": order.code, "minutes": minutes, "transfer": transfer.code},
            now=now,
        )
    return order
