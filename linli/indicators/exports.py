"""The dashboard as a table: CSV and Excel (openpyxl), cells made safe for spreadsheets."""

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from linli.areas.models import Area
from linli.common.spreadsheets import safe_row
from linli.indicators.queries import Row


def table(area: Area, rows: list[Row]) -> list[list[Any]]:
    head = [
        _("Area code"),
        _("Area"),
        _("Indicator code"),
        _("Indicator"),
        _("Plan section"),
        pgettext("indicator", "Period"),
        _("Value"),
        _("Unit"),
        _("Target"),
        _("Status"),
        _("Numerator"),
        _("Denominator"),
        _("Computed at"),
    ]
    out: list[list[Any]] = [head]
    for r in rows:
        out.append(
            [
                area.code,
                area.name,
                r.ind.code,
                r.name,
                r.ind.section,
                r.period_text,  # type: ignore[attr-defined]
                None if r.value is None else round(r.value, 4),
                r.unit_text,  # type: ignore[attr-defined]
                r.goal,
                r.status_text,  # type: ignore[attr-defined]
                r.numerator,
                r.denominator,
                r.computed_at.isoformat() if r.computed_at else "",
            ]
        )
    return out


def csv_response(rows: list[list[Any]], name: str) -> HttpResponse:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow(safe_row(row))
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def xlsx_response(rows: list[list[Any]], name: str) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Indicators")[:31])
    for row in rows:
        ws.append(safe_row(row))
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
