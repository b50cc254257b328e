"""Indicator pages: the dashboard of the viewer's area, an indicator's ranking and drill-down, the
scorecard, exports (CSV, Excel, print) and the open data. Thin: parse, query or act, render."""

import csv
import datetime as dt
import hashlib
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.areas.models import Area
from linli.common.dbrouter import replica_view
from linli.common.periods import label as period_label
from linli.common.spreadsheets import safe_row
from linli.indicators import actions, charts, exports, queries
from linli.indicators.forms import EntryForm, SignoffForm
from linli.indicators.permissions import can_report, can_sign_off
from linli.indicators.units import STATUS_LABELS, fmt, goal_text, shown_unit, unit_label
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest

ROWS_SECONDS = 600  # the version key moves with the figures; this bounds memory and any miss


def _day(request: HttpRequest) -> dt.date:
    raw = (request.GET.get("on") or "").strip()
    for fmt_ in ("%Y-%m-%d", "%Y-%m"):
        try:
            return dt.datetime.strptime(raw, fmt_).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
    return timezone.localdate()


def decorate(rows: list[queries.Row]) -> list[queries.Row]:
    """Text the templates show: the figure with its unit, the goal, the trend, the period."""
    for r in rows:
        unit = shown_unit(r.ind, share_level=r.share_of_units)
        r.value_text = fmt(r.value, unit)  # type: ignore[attr-defined]
        r.goal_text = goal_text(r.goal, unit)  # type: ignore[attr-defined]
        r.unit_text = unit_label(r.ind, share_level=r.share_of_units)  # type: ignore[attr-defined]
        r.status_text = STATUS_LABELS.get(r.status, _("figures hidden"))  # type: ignore[attr-defined]
        r.period_text = period_label(r.ind.period, r.start)  # type: ignore[attr-defined]
        if r.trend:
            r.chart = charts.sparkline(r.trend, goal=r.goal, title=r.name)  # type: ignore[attr-defined]
    return rows


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    area = queries.home_area(request.user)
    if area is None:
        raise Http404
    return redirect("indicators:dashboard", code=area.code)


def area_html(area: Area, day: dt.date) -> dict[str, SafeString]:
    """What the dashboard shows the same to every viewer of the area — the indicator list (56 rows
    with their SVG trends), the areas below and the sign-offs — rendered once per version of the
    area's figures and sign-offs and language (every compute, refresh and sign-off moves the
    version): one query per page when cached."""
    version = hashlib.blake2b(queries.figures_version(area).encode(), digest_size=12).hexdigest()
    key = f"indicators:area:{area.pk}:{day.isoformat()}:{get_language()}:{version}"
    parts = cache.get(key)
    if parts is None:
        context = {
            "area": area,
            "day": day,
            "rows": decorate(queries.dashboard(area, day)),
            "children": queries.children(area),
            "signoffs": queries.signoffs(area),
        }
        parts = {
            part: render_to_string(f"indicators/_{part}.html", context)
            for part in ("rows", "children", "signoffs")
        }
        cache.set(key, parts, ROWS_SECONDS)
    return {part: mark_safe(html) for part, html in parts.items()}  # our own templates' output


def signoff_form_html(day: dt.date, form: SignoffForm | None = None) -> SafeString:
    """The sign-off form's fields (the CSRF token stays outside): the same for every signer on a
    day, so rendered once per day and language unless it comes back with errors."""
    if form is not None:
        return mark_safe(render_to_string("partials/form.html", {"form": form}))  # our own template's
    key = f"indicators:signoff-form:{day.isoformat()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "partials/form.html", {"form": SignoffForm(initial={"period": "month", "day": day})}
        )
        cache.set(key, html, ROWS_SECONDS)
    return mark_safe(html)  # our own template's output


def _dashboard_context(request: AuthedHttpRequest, code: str, *, rows: bool = False) -> dict[str, Any]:
    area = queries.area_for(request.user, code, versioned=not rows)
    day = _day(request)
    context: dict[str, Any] = {
        "area": area,
        "day": day,
        "may_sign_off": can_sign_off(request.user, area),
        "parent": area.parent
        if area.parent and queries.policy.can(request.user, "indicators.view", area.parent)
        else None,
    }
    if context["may_sign_off"]:
        context["signoff_form_html"] = signoff_form_html(day)
    if rows:  # the print view: the rows as a table
        context["rows"] = decorate(queries.dashboard(area, day))
    else:
        context["parts"] = area_html(area, day)
    return context


@login_required
@replica_view  # dashboards tolerate a little lag (common.dbrouter)
def dashboard(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return render(request, "indicators/dashboard.html", _dashboard_context(request, code))


@login_required
@replica_view  # dashboards tolerate a little lag (common.dbrouter)
def dashboard_print(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return render(request, "indicators/print.html", _dashboard_context(request, code, rows=True))


@login_required
@replica_view  # dashboards tolerate a little lag (common.dbrouter)
def export(request: AuthedHttpRequest, code: str, fmt_: str) -> HttpResponse:
    area = queries.area_for(request.user, code)
    day = _day(request)
    rows = decorate(queries.dashboard(area, day))
    table = exports.table(area, rows)
    name = f"indicators-{area.code}-{day:%Y%m}"
    if fmt_ == "xlsx":
        return exports.xlsx_response(table, name)
    return exports.csv_response(table, name)


@login_required
def indicator(request: AuthedHttpRequest, code: str, ind: str) -> HttpResponse:
    area = queries.area_for(request.user, code)
    spec = queries.indicator_or_404(ind)
    return _indicator_page(request, area, spec, EntryForm())


def _indicator_page(request: AuthedHttpRequest, area: Any, spec: Any, form: EntryForm) -> HttpResponse:
    day = _day(request)
    row = decorate(queries.dashboard(area, day, [spec]))[0]
    ranking = decorate(queries.ranking(spec, area, row.start))
    return render(
        request,
        "indicators/indicator.html",
        {
            "area": area,
            "day": day,
            "row": row,
            "note": queries.note(spec),
            "ranking": ranking,
            "records": queries.records(request.user, spec, area, row.start, timezone.now()),
            "may_report": can_report(request.user, spec, area),
            "form": form,
            "signed_off": queries.is_signed_off(area, spec.period, row.start),
        },
    )


@login_required
@require_POST
def entry(request: AuthedHttpRequest, code: str, ind: str) -> HttpResponse:
    area = queries.area_for(request.user, code)
    spec = queries.indicator_or_404(ind)
    form = EntryForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.entry_record(
                actor=request.user,
                indicator=spec,
                area=area,
                day=_day(request),
                numerator=form.cleaned_data["numerator"],
                denominator=form.cleaned_data["denominator"],
                note=form.cleaned_data["note"],
            )
        if outcome.ok:
            messages.success(request, _("Figure saved."))
            return redirect(request.get_full_path().replace("/enter/", "/"))
    return _indicator_page(request, area, spec, form)


@login_required
@require_POST
def signoff(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = queries.area_for(request.user, code)
    form = SignoffForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.period_sign_off(
                actor=request.user,
                area=area,
                period=form.cleaned_data["period"],
                day=form.cleaned_data["day"],
            )
        if outcome.ok:
            messages.success(request, _("Period signed off."))
            return redirect("indicators:dashboard", code=area.code)
    context = _dashboard_context(request, code)
    context["signoff_form_html"] = signoff_form_html(context["day"], form)
    return render(request, "indicators/dashboard.html", context, status=400)


@login_required
@replica_view  # dashboards tolerate a little lag (common.dbrouter)
def scorecard(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = queries.area_for(request.user, code)
    day = _day(request)
    rows = queries.scorecard(area, day)
    for r in rows:
        unit = shown_unit(r.ind, share_level=area.level != queries.unit_level(r.ind))
        r.value_text = fmt(r.value, unit)  # type: ignore[attr-defined]
        r.goal_text = goal_text(r.goal, unit)  # type: ignore[attr-defined]
        r.status_text = STATUS_LABELS.get(r.status, "")  # type: ignore[attr-defined]
        r.period_text = period_label(r.ind.period, r.start)  # type: ignore[attr-defined]
    levels = list(rows[0].levels) if rows else []
    return render(
        request, "indicators/scorecard.html", {"area": area, "day": day, "rows": rows, "levels": levels}
    )


# ---------------------------------------------------------------- open data (no sign-in)


@replica_view
def open_data(request: HttpRequest, fmt_: str) -> HttpResponse:
    rows = queries.open_data(_day(request))
    if fmt_ == "json":
        return HttpResponse(
            json.dumps({"indicators": rows}, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    buf = io.StringIO()
    keys = list(rows[0]) if rows else ["area_code", "indicator", "period_start", "value"]
    writer = csv.writer(buf)
    writer.writerow(keys)
    for r in rows:
        writer.writerow(safe_row(r[k] for k in keys))
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="linli-indicators.csv"'
    return response
