"""The tickets' indicators: the three rates of residents' requests (响应率 解决率 满意率) and how
many requests came in, counted exactly as the rates pages count them (`queries._community_counts`).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count
from django.urls import reverse

from linli.accounts import policy
from linli.areas.models import Area
from linli.common.indicators import Indicator, memo, register
from linli.tickets.calendar import TZ
from linli.tickets.models import Ticket
from linli.tickets.queries import VIEW, Rates, _community_counts

EVENTS = (
    "tickets.ticket.accepted",
    "tickets.ticket.rejected",
    "tickets.ticket.evaluated",
    "tickets.ticket.submitted",
)

Cells = dict[int, tuple[float, float | None]]


def _rates(pick: Callable[[Rates], tuple[int, int]]) -> Callable[..., Cells]:
    def source(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
        if communities is None:
            # The three rates read one count of the city per recompute.
            counts = memo(("tickets.rates", start, now), lambda: _community_counts(start, None, now))
        else:
            counts = _community_counts(start, Area.objects.filter(pk__in=list(communities)), now)
        return {cid: (float(pick(r)[0]), float(pick(r)[1])) for cid, r in counts.items()}

    return source


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=TZ),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=TZ),
    )


def received(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    lo, hi = _bounds(start, end)
    qs = Ticket.objects.filter(submitted_at__gte=lo, submitted_at__lt=min(hi, now))
    if communities is not None:
        qs = qs.filter(community_id__in=list(communities))
    rows = qs.values_list("community_id").annotate(n=Count("id")).order_by()
    return {cid: (float(n), None) for cid, n in rows}


def records(
    viewer: Any, community: Area, start: dt.date, end: dt.date, now: dt.datetime
) -> list[dict[str, Any]]:
    """The requests received in the period (within the viewer's reach), newest first."""
    lo, hi = _bounds(start, end)
    qs = policy.scope(Ticket.objects.filter(community=community), viewer, VIEW, field="community")
    qs = (
        qs.filter(submitted_at__gte=lo, submitted_at__lt=hi)
        .select_related("category")
        .order_by("-submitted_at")
    )
    return [
        {
            "code": t.code,
            "url": reverse("tickets:detail", args=[t.code]),
            "when": t.submitted_at,
            "what": str(t.category) if t.category_id else "",
            "status": t.get_status_display(),
        }
        for t in qs[:200]
    ]


COMMON: dict[str, Any] = {
    "section": "3.4.(二)",
    "unit": "percent",
    "rollup": "ratio",
    "factor": 100,
    "events": EVENTS,
    "records": records,
    "public": True,
}

INDICATORS = [
    Indicator(
        code="tickets.response_rate",
        name_zh="诉求响应率",
        name_en="Requests answered in time",
        source=_rates(lambda r: (r.responded, r.responses)),
        order=1,
        **COMMON,
    ),
    Indicator(
        code="tickets.resolution_rate",
        name_zh="诉求解决率",
        name_en="Requests resolved",
        source=_rates(lambda r: (r.resolved, r.evaluated)),
        order=2,
        **COMMON,
    ),
    Indicator(
        code="tickets.satisfaction_rate",
        name_zh="诉求满意率",
        name_en="Residents satisfied",
        source=_rates(lambda r: (r.satisfied, r.evaluated)),
        target=80.0,
        deadline=dt.date(2010, 12, 31),
        order=3,
        note_zh="目标参照第三部分五(六)社区群众满意率80%以上",
        note_en="Target taken from the plan's 80% satisfaction with public safety (3.5.(六)).",
        **COMMON,
    ),
    Indicator(
        code="tickets.received",
        name_zh="受理居民诉求件数",
        name_en="Requests received",
        section="3.4.(二)",
        unit="count",
        rollup="sum",
        source=received,
        events=("tickets.ticket.submitted",),
        records=records,
        order=4,
    ),
]


def register_all() -> None:
    register(*INDICATORS)
