"""Excel exports of orders and settlement statements: the rows the viewer may see, masked as on
the pages (phones), formula-safe cells, bounded in size, each export an audit event."""

import datetime as dt
import io
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.common.masking import mask_phone
from linli.common.spreadsheets import safe_row
from linli.services.models import Order, Settlement
from linli.tickets import calendar

MAX_ROWS = 20_000


def _yuan(fen: int) -> float:
    return round(fen / 100, 2)


def _local(at: dt.datetime | None) -> dt.datetime | None:
    return at.astimezone(calendar.TZ).replace(tzinfo=None) if at else None


def _bounded(qs: QuerySet[Any]) -> list[Any]:
    rows = list(qs[: MAX_ROWS + 1])
    if len(rows) > MAX_ROWS:
        raise DomainError(
            "too_many_rows",
            _("More than %(n)d rows: narrow the list before exporting.") % {"n": MAX_ROWS},
            status=400,
        )
    return rows


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def orders_xlsx(*, actor: User, orders: QuerySet[Order], now: dt.datetime | None = None) -> bytes:
    """The orders (already scoped to `actor`) as a workbook."""
    now = now or timezone.now()
    rows = _bounded(orders.select_related("service", "community", "provider", "resident"))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Service orders"))
    ws.append(
        [
            _("Order number"),
            _("Service"),
            _("Community"),
            _("Channel"),
            _("Status"),
            _("Provider"),
            _("For resident"),
            _("Contact number"),
            _("Ordered"),
            _("Done at"),
            _("Price (yuan)"),
            _("Subsidy (yuan)"),
            _("Rating"),
        ]
    )
    for o in rows:
        ws.append(
            safe_row(
                [
                    o.code,
                    o.service.display_name,
                    o.community.name,
                    o.get_channel_display(),
                    o.get_status_display(),
                    o.provider.name if o.provider else "",
                    o.resident.name if o.resident else "",
                    mask_phone(o.contact_phone),
                    _local(o.created_at),
                    _local(o.done_at),
                    _yuan(o.price_fen),
                    _yuan(o.subsidy_fen),
                    o.rating,
                ]
            )
        )
    record(actor=actor, action="services.orders.exported", details={"rows": len(rows)}, now=now)
    return _save(wb)


def settlements_xlsx(
    *, actor: User, settlements: QuerySet[Settlement], now: dt.datetime | None = None
) -> bytes:
    """The statements (already scoped to `actor`) and their communities' lines, two sheets."""
    now = now or timezone.now()
    rows = _bounded(settlements.select_related("provider").prefetch_related("lines__community"))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Settlement statements"))
    lines = wb.create_sheet(_("By community"))
    ws.append(
        [
            _("Statement"),
            _("Provider"),
            _("Month"),
            _("Status"),
            _("Orders"),
            _("Meals"),
            _("Care hours"),
            _("Value (yuan)"),
            _("Government part (yuan)"),
        ]
    )
    lines.append(
        [
            _("Statement"),
            _("Community"),
            _("Orders"),
            _("Meals"),
            _("Care hours"),
            _("Value (yuan)"),
            _("Government part (yuan)"),
            _("Ledger entry"),
        ]
    )
    for s in rows:
        month = s.month.strftime("%Y-%m")
        ws.append(
            safe_row(
                [
                    s.code,
                    s.provider.name,
                    month,
                    s.get_status_display(),
                    s.orders,
                    s.meals,
                    s.care_hours,
                    _yuan(s.amount_fen),
                    _yuan(s.subsidy_fen),
                ]
            )
        )
        for x in s.lines.all():
            lines.append(
                safe_row(
                    [
                        s.code,
                        x.community.name,
                        x.orders,
                        x.meals,
                        x.care_hours,
                        _yuan(x.amount_fen),
                        _yuan(x.subsidy_fen),
                        x.ledger_code,
                    ]
                )
            )
    record(actor=actor, action="services.settlements.exported", details={"rows": len(rows)}, now=now)
    return _save(wb)
