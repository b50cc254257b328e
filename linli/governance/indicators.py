"""Governance's indicators: direct election of the committee (3.1.(一)) and residents' meetings (3.1.(二))."""

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import timezone

from linli.common.indicators import Indicator, register
from linli.governance.models import Election, Meeting
from linli.governance.models.elections import Method
from linli.governance.models.meetings import MeetingStatus

Cells = dict[int, tuple[float, float | None]]


def direct_election(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """1 where the community's newest certified committee election (by the period's end) was direct."""
    qs = Election.objects.filter(
        body="", certified_at__isnull=False, certified_at__lte=now, election_day__lte=end
    )
    if communities is not None:
        qs = qs.filter(community_id__in=list(communities))
    newest: dict[int, str] = {}
    for cid, method in qs.order_by("community_id", "election_day", "id").values_list(
        "community_id", "method"
    ):
        newest[cid] = method
    return {cid: (1.0 if m == Method.DIRECT else 0.0, 1.0) for cid, m in newest.items()}


def meetings_held(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    tz = timezone.get_default_timezone()
    lo = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    hi = min(now, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))
    qs = Meeting.objects.filter(
        scheduled_at__gte=lo, scheduled_at__lt=hi, status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED]
    )
    if communities is not None:
        qs = qs.filter(community_id__in=list(communities))
    return {
        cid: (float(n), None) for cid, n in qs.values_list("community_id").annotate(n=Count("id")).order_by()
    }


INDICATORS = [
    Indicator(
        code="governance.direct_election",
        name_zh="居委会直接选举覆盖面",
        name_en="Committees elected directly",
        section="3.1.(一)",
        unit="percent",
        period="year",
        rollup="share",
        threshold=1.0,
        unit_own="yesno",
        target=100.0,
        deadline=dt.date(2010, 12, 31),
        source=direct_election,
        events=("governance.election.certified",),
        public=True,
        order=1,
        note_zh="不断扩大社区居委会直接选举的覆盖面",
        note_en="The plan asks to widen direct election of residents' committees.",
    ),
    Indicator(
        code="governance.meetings",
        name_zh="召开居民会议等民主决策会议次数",
        name_en="Residents' meetings held",
        section="3.1.(二)",
        unit="count",
        period="quarter",
        rollup="sum",
        source=meetings_held,
        events=("governance.meeting.attendance", "governance.meeting.closed"),
        public=True,
        order=2,
    ),
]


def register_all() -> None:
    register(*INDICATORS)
