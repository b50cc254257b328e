"""The operations' indicators: the community's burden (减负), counted as the burden page counts it
(`admission.queries.burden`): the government tasks that arrived in the period from the admission
list (准入事项), those the community refused, and whether the residents' committee's list stays
within the 56 items of the reference list (each community carries its district's list).
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from linli.areas.models import Area
from linli.common.indicators import Indicator, register
from linli.operations.admission.queries import TARGETS
from linli.operations.models import AdmissionItem, Holder, Task, TaskStatus

Cells = dict[int, tuple[float, float | None]]
TASK_EVENTS = (
    "operations.task.arrived",
    "operations.task.flagged",
    "operations.task.refused",
    "operations.task.taken",
    "operations.application.approved",  # a district's approval gives its communities their tasks
)
LIST_EVENTS = ("operations.application.approved", "operations.item.revoked")  # a district's list


def _in(start: dt.date, end: dt.date, now: dt.datetime) -> Q:
    tz = timezone.get_default_timezone()
    lo = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    hi = min(now, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))
    return Q(arrived_at__gte=lo, arrived_at__lt=hi)


def _tasks(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Any:
    qs = Task.objects.filter(_in(start, end, now))
    return qs if communities is None else qs.filter(community_id__in=list(communities))


def admitted(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    rows = _tasks(start, end, now, communities).filter(admitted=True).values_list("community_id")
    return {c: (float(n), None) for c, n in rows.annotate(n=Count("pk")).order_by()}


def refused(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """Tasks the community refused, of those that arrived (admitted or not)."""
    rows = (
        _tasks(start, end, now, communities)
        .values_list("community_id")
        .annotate(n=Count("pk"), no=Count("pk", filter=Q(status=TaskStatus.REFUSED)))
        .order_by()
    )
    return {c: (float(no), float(n)) for c, n, no in rows}


def list_items(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """The residents' committee's items on the community's district list now (one figure per
    community, compared with 56)."""
    per_district = dict(
        AdmissionItem.objects.filter(removed_in__isnull=True, holder=Holder.COMMITTEE)
        .values_list("district_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    qs = Area.objects.filter(level="community", is_active=True)
    if communities is not None:
        qs = qs.filter(pk__in=list(communities))
    districts = dict(Area.objects.filter(level="district").values_list("code", "pk"))
    out: Cells = {}
    for pk, path in qs.values_list("pk", "path"):
        parts = [p for p in path.split("/") if p]
        if len(parts) >= 2:
            out[pk] = (float(per_district.get(districts.get(parts[1], 0), 0)), None)
    return out


INDICATORS = [
    Indicator(
        code="operations.tasks_admitted",
        name_zh="社区承接的准入事项任务数",
        name_en="Tasks from the admission list",
        section="3.3.(三)",
        unit="count",
        rollup="sum",
        source=admitted,
        events=TASK_EVENTS,
        order=10,
        note_zh="政府部门依准入清单交给社区的工作任务",
        note_en="Tasks government departments gave the community from the admission list.",
    ),
    Indicator(
        code="operations.tasks_refused",
        name_zh="社区拒绝的工作任务比例",
        name_en="Tasks the community refused",
        section="3.3.(三)",
        unit="percent",
        rollup="ratio",
        factor=100,
        source=refused,
        events=TASK_EVENTS,
        order=11,
        note_zh="拒绝的任务/到达的任务(含清单外任务);本规划未设目标",
        note_en="Refused / arrived (tasks outside the list included); the plan sets no target.",
    ),
    Indicator(
        code="operations.list_within_56",
        name_zh="居委会准入事项不超过56项的社区比例",
        name_en="Communities whose committee list stays within 56 items",
        section="3.3.(三)",
        unit="percent",
        rollup="share",
        unit_own="count",
        direction="down",
        threshold=float(TARGETS["committee_items"]),
        target=100.0,
        period="year",
        source=list_items,
        events=LIST_EVENTS,
        order=12,
        note_zh="社区的数字为其所在区的居委会准入事项数",
        note_en="A community's figure is the number of committee items on its district's list.",
    ),
]


def register_all() -> None:
    register(*INDICATORS)
