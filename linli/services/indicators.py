"""The services' indicators: orders served (3.6) and how residents rated them; meals served at the
meal points (助餐点), the residents served, and the communities a meal point serves."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from linli.accounts import policy
from linli.areas.models import Area
from linli.common.indicators import Indicator, register
from linli.services.models import BookingStatus, MealBooking, Order, Provider, ProviderKind

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


def meals(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Meals handed out or delivered on the period's days (up to today)."""
    last = min(end, timezone.localtime(now).date())
    qs = MealBooking.objects.filter(status=BookingStatus.SERVED, day__gte=start, day__lte=last)
    if communities is not None:
        qs = qs.filter(community_id__in=list(communities))
    return {c: (float(n), None) for c, n in qs.values_list("community_id").annotate(n=Count("pk")).order_by()}


def people_served(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Residents given a completed order or a meal in the period, each counted once per community."""
    last = min(end, timezone.localtime(now).date())
    seen: dict[int, set[int]] = {}
    orders = _orders(communities).filter(_done_in(start, end, now), resident__isnull=False)
    meals_ = MealBooking.objects.filter(status=BookingStatus.SERVED, day__gte=start, day__lte=last)
    if communities is not None:
        meals_ = meals_.filter(community_id__in=list(communities))
    for qs in (orders, meals_):
        for c, r in qs.values_list("community_id", "resident_id").distinct().order_by():
            seen.setdefault(c, set()).add(r)
    return {c: (float(len(rs)), None) for c, rs in seen.items()}


def meal_coverage(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """1 for a community an active meal point serves (named itself, or its whole street), else 0."""
    served = set(
        Provider.objects.filter(kind=ProviderKind.MEAL_POINT, is_active=True)
        .values_list("service_areas", flat=True)
        .distinct()
    )
    qs = Area.objects.filter(level="community", is_active=True)
    if communities is not None:
        qs = qs.filter(pk__in=list(communities))
    return {
        pk: (float(pk in served or parent in served), None)
        for pk, parent in qs.values_list("pk", "parent_id")
    }


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


INDICATORS += [
    Indicator(
        code="services.meals_served",
        name_zh="社区助餐点供餐份数",
        name_en="Meals served at meal points",
        section="3.6.(一)",
        unit="count",
        rollup="sum",
        source=meals,
        events=("services.entitlement.redeemed",),
        public=True,
        order=3,
    ),
    Indicator(
        code="services.people_served",
        name_zh="接受社区服务的居民人数",
        name_en="Residents served",
        section="3.6.(一)",
        unit="persons",
        rollup="sum",
        source=people_served,
        events=("services.order.done", "services.entitlement.redeemed"),
        order=4,
        note_zh="当期完成服务单或用餐的居民,每人计一次",
        note_en="Residents given a completed order or a meal in the period, each counted once.",
    ),
    Indicator(
        code="services.meal_coverage",
        name_zh="有助餐点服务的社区比例",
        name_en="Communities served by a meal point",
        section="3.6.(一)",
        unit="percent",
        rollup="share",
        unit_own="yesno",
        threshold=1.0,
        period="quarter",
        source=meal_coverage,
        events=("services.provider.registered", "services.provider.changed"),
        order=5,
        note_zh="助餐点服务本社区或其所在街道;本规划未设目标",
        note_en="A meal point serves the community or its whole street; the plan sets no target.",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
