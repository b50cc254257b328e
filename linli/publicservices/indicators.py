"""The public services' indicators: employment (plan 3.5.(一): community jobs, people placed,
start-ups and the jobs they made) and the minimum living allowance (低保) recipients (3.5.(二)),
per community from the records, rolled up as sums.

- Jobs: the openings of the postings made in the period at a community (those still open plus those
  filled by a placement; a hire takes an opening off its posting). Postings made at a street belong
  to no single community and are not counted here.
- Placed: placements that started work in the period. Start-ups: cases started in the period.
- 低保: the people of the households receiving it on the period's last day (granted by then, not
  ended before).
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from linli.common.indicators import Indicator, register
from linli.publicservices.models import Application, Placement, Posting, StartUp
from linli.publicservices.models.assistance import Kind, Status
from linli.publicservices.models.employment import PlacementStatus

Cells = dict[int, tuple[float, float | None]]
Y2010 = dt.date(2010, 12, 31)
CITY: dict[str, Any] = {"rollup": "sum", "period": "year", "target_level": "city"}


def _bounds(start: dt.date, end: dt.date, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    lo = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    return lo, min(now, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))


def _last_day(end: dt.date, now: dt.datetime) -> dt.date:
    return min(end, timezone.localtime(now).date())


def _within(qs: Any, field: str, communities: Any) -> Any:
    return qs if communities is None else qs.filter(**{f"{field}__in": list(communities)})


def jobs(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    lo, hi = _bounds(start, end, now)
    postings = _within(
        Posting.objects.filter(created_at__gte=lo, created_at__lt=hi, area__level="community"),
        "area_id",
        communities,
    )
    # Two queries: a join of postings with their placements would count each opening once per hire.
    out = {
        c: float(n or 0) for c, n in postings.values_list("area_id").annotate(n=Sum("openings")).order_by()
    }
    filled = Placement.objects.filter(status=PlacementStatus.PLACED, posting__in=postings.values("pk"))
    for c, n in filled.values_list("posting__area_id").annotate(n=Count("pk")).order_by():
        out[c] = out.get(c, 0.0) + n
    return {c: (n, None) for c, n in out.items()}


def placed(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    qs = Placement.objects.filter(
        status=PlacementStatus.PLACED, placed_on__gte=start, placed_on__lte=_last_day(end, now)
    )
    rows = _within(qs, "community_id", communities).values_list("community_id").annotate(n=Count("pk"))
    return {c: (float(n), None) for c, n in rows.order_by()}


def _startups(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Any:
    qs = StartUp.objects.filter(started_on__gte=start, started_on__lte=_last_day(end, now))
    return _within(qs, "community_id", communities).values_list("community_id")


def startups(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    rows = _startups(start, end, now, communities).annotate(n=Count("pk")).order_by()
    return {c: (float(n), None) for c, n in rows}


def startup_jobs(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    rows = _startups(start, end, now, communities).annotate(n=Sum("jobs_created")).order_by()
    return {c: (float(n or 0), None) for c, n in rows}


def dibao(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """People in households receiving 低保 on the period's last day (the running day for now)."""
    _lo, hi = _bounds(start, end, now)
    qs = Application.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=hi),
        kind=Kind.DIBAO,
        status__in=(Status.GRANTED, Status.ENDED),
        decided_at__lt=hi,
    )
    rows = _within(qs, "community_id", communities).values_list("community_id").annotate(n=Sum("members"))
    return {c: (float(n or 0), None) for c, n in rows.order_by()}


def dibao_placed(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """低保与就业联动: people placed in work in the period whose household had a 低保 grant then
    (granted before the placement started, not ended before it)."""
    receiving = Application.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__date__gte=OuterRef("placed_on")),
        kind=Kind.DIBAO,
        status__in=(Status.GRANTED, Status.ENDED),
        household_id=OuterRef("seeker__resident__household_id"),
        decided_at__date__lte=OuterRef("placed_on"),
    )
    qs = Placement.objects.filter(
        Exists(receiving),
        status=PlacementStatus.PLACED,
        placed_on__gte=start,
        placed_on__lte=_last_day(end, now),
    )
    rows = _within(qs, "community_id", communities).values_list("community_id").annotate(n=Count("pk"))
    return {c: (float(n), None) for c, n in rows.order_by()}


EMPLOYMENT = (
    "publicservices.posting.created",
    "publicservices.placement.placed",
    "publicservices.startup.created",
)

INDICATORS = [
    Indicator(
        code="publicservices.jobs",
        name_zh="开发社区就业岗位",
        name_en="Community jobs created",
        section="3.5.(一)",
        unit="count",
        target=120000,
        deadline=Y2010,
        baseline_2005=92300,
        source=jobs,
        events=EMPLOYMENT,
        order=1,
        note_zh="社区发布的岗位(含已招满的);街道发布的岗位不计入社区",
        note_en="Openings posted by communities (filled ones included); a street's postings are not counted.",
        **CITY,
    ),
    Indicator(
        code="publicservices.placements",
        name_zh="安置失业人员",
        name_en="Unemployed people placed",
        section="3.5.(一)",
        unit="persons",
        target=100000,
        deadline=Y2010,
        baseline_2005=71800,
        source=placed,
        events=EMPLOYMENT,
        order=2,
        **CITY,
    ),
    Indicator(
        code="publicservices.startups",
        name_zh="帮助实现创业人数",
        name_en="People helped to start a business",
        section="3.5.(一)",
        unit="persons",
        target=6000,
        deadline=Y2010,
        source=startups,
        events=EMPLOYMENT,
        order=3,
        **CITY,
    ),
    Indicator(
        code="publicservices.startup_jobs",
        name_zh="创业带动就业人数",
        name_en="Jobs created by start-ups",
        section="3.5.(一)",
        unit="persons",
        target=40000,
        deadline=Y2010,
        source=startup_jobs,
        events=EMPLOYMENT,
        order=4,
        **CITY,
    ),
    Indicator(
        code="publicservices.dibao_placed",
        name_zh="低保人员实现就业",
        name_en="低保 recipients placed in work",
        section="3.5.(一)",
        unit="persons",
        source=dibao_placed,
        events=("publicservices.placement.placed",),
        order=6,
        note_zh="低保与就业联动:家庭在保期间经推荐上岗的人数;本规划未设数量目标",
        note_en="The link of 低保 and employment: people of households receiving it who were placed; "
        "the plan sets no number.",
        **CITY,
    ),
    Indicator(
        code="publicservices.dibao_people",
        name_zh="享受城市最低生活保障人数",
        name_en="People receiving the minimum living allowance (低保)",
        section="3.5.(二)",
        unit="persons",
        rollup="sum",
        period="month",
        source=dibao,
        events=("publicservices.application.granted", "publicservices.recipient.ended"),
        order=1,
        note_zh="期末在保家庭的人数;本规划未设目标",
        note_en="People in the households receiving it at the period's end; the plan sets no target.",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
