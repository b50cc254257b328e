"""The services' indicators: orders served (3.6) and how residents rated them."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from linli.accounts import policy
from linli.areas.models import Area
from linli.common.indicators import Indicator, register
from linli.services.models import Order

Cells = dict[int, tuple[float, float | None]]


def _done_in(start: dt.date, end: dt.date, now: dt.datetime) -> Q:
    tz = timezone.get_default_timezone()
    lo = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    hi = min(now, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))
    return Q(done_at__gte=lo, done_at__lt=hi)


def _orders(communities: Any) -> Any:
    qs = Order.objects.all()
    return qs if communities is None else qs.filter(community_id__in=list(communities))


def served(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    rows = _orders(communities).filter(_done_in(start, end, now)).values_list("community_id")
    return {cid: (float(n), None) for cid, n in rows.annotate(n=Count("id")).order_by()}


def satisfied(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Orders done in the period and rated: rated 4 or 5 of all rated."""
    rows = (
        _orders(communities)
        .filter(_done_in(start, end, now), rating__isnull=False)
        .values_list("community_id")
        .annotate(n=Count("id"), good=Count("id", filter=Q(rating__gte=4)))
        .order_by()
    )
    return {cid: (float(good), float(n)) for cid, n, good in rows}


def records(
    viewer: Any, community: Area, start: dt.date, end: dt.date, now: dt.datetime
) -> list[dict[str, Any]]:
    qs = policy.scope(Order.objects.filter(community=community), viewer, "services.view", field="community")
    qs = qs.filter(_done_in(start, end, now)).select_related("service").order_by("-done_at")
    return [
        {
            "code": o.code,
            "url": reverse("services:order", args=[o.code]),
            "when": o.done_at,
            "what": str(o.service),
            "status": o.get_status_display(),
        }
        for o in qs[:200]
    ]


INDICATORS = [
    Indicator(
        code="services.orders_served",
        name_zh="社区服务完成单数",
        name_en="Service orders completed",
        section="3.6.(一)",
        unit="count",
        rollup="sum",
        source=served,
        records=records,
        events=("services.order.done",),
        public=True,
        order=1,
    ),
    Indicator(
        code="services.satisfaction",
        name_zh="社区服务满意率",
        name_en="Services rated good",
        section="3.6.(二)",
        unit="percent",
        rollup="ratio",
        factor=100,
        target=80.0,
        source=satisfied,
        records=records,
        events=("services.order.evaluated",),
        public=True,
        order=2,
        note_zh="评价4星及以上的比例;目标为本系统设定",
        note_en="Share rated 4 or 5 stars; the target is linli's, the plan gives none.",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
