"""/api/v1/indicators: the indicators, their figures by area and period, the scorecard, and the
writes (a reported figure, a period's sign-off). Outside areas are 404 like absent ones; the same
queries as the pages, so the API serves the same figures."""

import datetime as dt
from typing import Any, cast

from django.utils import timezone
from ninja import Query, Router, Schema, Status

from linli.areas.models import Area
from linli.common.indicators import all_indicators
from linli.common.schemas import BaseIn, column
from linli.indicators import actions, queries
from linli.indicators.compute import unit_level
from linli.indicators.models import Entry
from linli.ui.http import ApiRequest

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name_zh: str
    name_en: str
    section: str
    unit: str
    period: str
    direction: str
    rollup: str
    factor: float
    target: float | None
    deadline: dt.date | None
    target_level: str
    threshold: float | None
    baseline_2005: float | None
    reported: bool
    report_level: str
    responsible: str
    unit_level: str
    public: bool


class IndicatorValueOut(Schema):
    indicator: str
    area_code: str
    area_name: str
    level: str
    period: str
    period_start: dt.date
    value: float | None
    numerator: float | None
    denominator: float | None
    units_met: int | None
    units: int | None
    target: float | None
    status: str
    rank: int | None = None
    computed_at: dt.datetime | None


class ScorecardRowOut(Schema):
    indicator: str
    period_start: dt.date
    value: float | None
    target: float | None
    status: str
    # level → [meeting, with a figure]
    levels: dict[str, list[int]]


class IndicatorFilters(Schema):
    area: str
    on: dt.date | None = None
    indicator: str | None = None


class FigureIn(BaseIn):
    area: str
    indicator: str
    on: dt.date
    numerator: float
    denominator: float | None = None
    note: str = column(Entry, "note", "")


class PeriodSignoffIn(BaseIn):
    area: str
    period: str
    on: dt.date


class PeriodSignoffOut(Schema):
    area_code: str
    period: str
    period_start: dt.date
    signed_at: dt.datetime


def _indicator(ind: Any) -> dict[str, Any]:
    return {
        **{k: getattr(ind, k) for k in IndicatorOut.model_fields if hasattr(ind, k)},
        "unit_level": unit_level(ind),
    }


def _value(r: queries.Row) -> dict[str, Any]:
    area = cast(Area, r.area)
    return {
        "indicator": r.ind.code,
        "area_code": area.code,
        "area_name": area.name,
        "level": area.level,
        "period": r.ind.period,
        "period_start": r.start,
        "value": r.value,
        "numerator": r.numerator,
        "denominator": r.denominator,
        "units_met": r.units_met,
        "units": r.units,
        "target": r.goal,
        "status": r.status,
        "rank": r.rank,
        "computed_at": r.computed_at,
    }


@router.get("/", response=list[IndicatorOut])
def list_indicators(request: ApiRequest) -> list[dict[str, Any]]:
    return [_indicator(i) for i in all_indicators()]


@router.get("/values", response=list[IndicatorValueOut])
def values(request: ApiRequest, filters: Query[IndicatorFilters]) -> list[dict[str, Any]]:
    """The area's figures (every indicator, or one with its ranking of the areas below)."""
    area = queries.area_for(request.user, filters.area)
    day = filters.on or timezone.localdate()
    if filters.indicator:
        ind = queries.indicator_or_404(filters.indicator)
        own = queries.dashboard(area, day, [ind])
        return [_value(r) for r in own + queries.ranking(ind, area, own[0].start)]
    return [_value(r) for r in queries.dashboard(area, day)]


@router.get("/scorecard", response=list[ScorecardRowOut])
def scorecard(request: ApiRequest, filters: Query[IndicatorFilters]) -> list[dict[str, Any]]:
    area = queries.area_for(request.user, filters.area)
    rows = queries.scorecard(area, filters.on or timezone.localdate())
    return [
        {
            "indicator": r.ind.code,
            "period_start": r.start,
            "value": r.value,
            "target": r.goal,
            "status": r.status,
            "levels": {lv: [c[0], c[1]] for lv, c in r.levels.items()},
        }
        for r in rows
    ]


@router.post("/entries", response={201: IndicatorValueOut})
def enter(request: ApiRequest, payload: FigureIn) -> Status:
    area = queries.area_for(request.user, payload.area)
    ind = queries.indicator_or_404(payload.indicator)
    actions.entry_record(
        actor=request.auth,
        indicator=ind,
        area=area,
        day=payload.on,
        numerator=payload.numerator,
        denominator=payload.denominator,
        note=payload.note,
    )
    return Status(201, _value(queries.dashboard(area, payload.on, [ind])[0]))


@router.post("/signoffs", response={201: PeriodSignoffOut})
def sign_off(request: ApiRequest, payload: PeriodSignoffIn) -> Status:
    area = queries.area_for(request.user, payload.area)
    s = actions.period_sign_off(actor=request.auth, area=area, period=payload.period, day=payload.on)
    return Status(
        201,
        {
            "area_code": area.code,
            "period": s.period,
            "period_start": s.period_start,
            "signed_at": s.signed_at,
        },
    )
