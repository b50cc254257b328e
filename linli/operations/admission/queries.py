"""Admission reads, scoped through accounts.policy (`operations.view`), and the public list.

The admission list is public: anyone may read a district's current or past version. Applications
are seen from their street up; tasks from their community up. Outside rows are 404.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.operations.models import (
    AdmissionItem,
    Application,
    ApplicationStatus,
    Holder,
    ListVersion,
    Task,
    TaskStatus,
)
from linli.tickets import calendar
from linli.tickets.models import Department

VIEW = "operations.view"
Viewer = User | AnonymousUser | None

# The published targets the 减负 dashboard holds communities against (issue 15): the city cut the
# forms a community fills to 7 and the certificates it issues to 4; Xicheng's lists hold 56 items
# for the committee and 47 for the service station.
TARGETS = {"forms": 7, "certificates": 4, "committee_items": 56, "station_items": 47}


# --- the public list ------------------------------------------------------------------------------


def public_district(code: str) -> Area:
    try:
        return Area.objects.get(code=fold_code(code or ""), level=Level.DISTRICT, is_active=True)
    except Area.DoesNotExist:
        raise Http404 from None


def current_version(district: Area) -> int:
    return ListVersion.objects.filter(district=district).aggregate(n=Max("number"))["n"] or 0


def versions(district: Area) -> QuerySet[ListVersion]:
    return ListVersion.objects.filter(district=district)


def items_in(district: Area, version: int | None = None) -> QuerySet[AdmissionItem]:
    """The items of one version of the list (the current one if none is named)."""
    qs = AdmissionItem.objects.filter(district=district).select_related("department")
    if version is None:
        return qs.filter(removed_in__isnull=True)
    return qs.filter(added_in__lte=version).filter(Q(removed_in__isnull=True) | Q(removed_in__gt=version))


def item_for(viewer: Viewer, code: str) -> AdmissionItem:
    return policy.get_or_404(
        AdmissionItem.objects.select_related("district", "department"), viewer, VIEW, "district", code=code
    )


def current_items_for(community: Area) -> QuerySet[AdmissionItem]:
    """What a community's district has admitted now (the choices when a task arrives)."""
    district_code = community.path.split("/")[1] if community.path.count("/") > 1 else ""
    return AdmissionItem.objects.filter(district__code=district_code, removed_in__isnull=True).select_related(
        "department"
    )


# --- applications ---------------------------------------------------------------------------------


def departments_for(viewer: Viewer, capability: str = "operations.apply") -> QuerySet[Department]:
    return policy.scope(
        Department.objects.filter(is_active=True).select_related("street"), viewer, capability, "street"
    ).order_by("street__code", "name")


def department_for(viewer: Viewer, pk: int, capability: str = "operations.apply") -> Department:
    return policy.get_or_404(
        Department.objects.select_related("street__parent"), viewer, capability, "street", pk=pk
    )


def departments_of(community: Area) -> QuerySet[Department]:
    """The departments that may hand a community work: its street's (the 吹哨报到 records)."""
    return Department.objects.filter(street_id=community.parent_id, is_active=True).order_by("name")


def applications(viewer: Viewer, *, status: str = "") -> QuerySet[Application]:
    qs = policy.scope(
        Application.objects.select_related("department", "street", "district"), viewer, VIEW, "street"
    )
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "code")


def waiting_for(viewer: Viewer) -> QuerySet[Application]:
    """Applications the viewer has to act on: the street's reviews and the district's decisions."""
    review = policy.area_q(viewer, "operations.review", "street") & Q(status=ApplicationStatus.SUBMITTED)
    decide = policy.area_q(viewer, "operations.approve", "district") & Q(status=ApplicationStatus.REVIEWED)
    return applications(viewer).filter(review | decide).order_by("decision_due", "code")


def application_for(viewer: Viewer, code: str) -> Application:
    return policy.get_or_404(
        Application.objects.select_related("department", "street", "district").prefetch_related(
            "communities"
        ),
        viewer,
        VIEW,
        "street",
        code=fold_code(code or ""),
    )


def working_days_left(due: dt.datetime, now: dt.datetime) -> int:
    if due <= now:
        return -calendar.working_days_between(due, now)
    return calendar.working_days_between(now, due)


# --- tasks ----------------------------------------------------------------------------------------


def tasks(viewer: Viewer, *, community: Area | None = None, status: str = "") -> QuerySet[Task]:
    qs = policy.scope(
        Task.objects.select_related("community", "department", "item", "ledger_entry"),
        viewer,
        VIEW,
        "community",
    )
    if community is not None:
        qs = qs.filter(community=community)
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    return qs


def task_for(viewer: Viewer, code: str) -> Task:
    return policy.get_or_404(
        Task.objects.select_related("community", "department", "item", "application", "ledger_entry"),
        viewer,
        VIEW,
        "community",
        code=fold_code(code or ""),
    )


# --- the burden (减负) dashboard ------------------------------------------------------------------


FIGURES = (
    "open",
    "done",
    "refused",
    "flagged",
    "outside_taken",
    "forms",
    "meetings",
    "certificates",
    "ledgers",
    "paid_fen",
)


@dataclass
class Burden:
    area: Area
    communities: int = 0
    committee_items: int = 0
    station_items: int = 0
    open: int = 0
    done: int = 0
    refused: int = 0
    flagged: int = 0
    outside_taken: int = 0
    forms: int = 0
    meetings: int = 0
    certificates: int = 0
    ledgers: int = 0
    paid_fen: int = 0
    over: list[str] = field(default_factory=list)

    def add(self, other: "Burden") -> None:
        for name in ("communities", *FIGURES):
            setattr(self, name, getattr(self, name) + getattr(other, name))


FIGURES = (
    "open",
    "done",
    "refused",
    "flagged",
    "outside_taken",
    "forms",
    "meetings",
    "certificates",
    "ledgers",
    "paid_fen",
)


def _judge(b: Burden) -> None:
    # Per community: the targets are per community; a rollup is judged on its average.
    n = max(b.communities, 1)
    b.over = [k for k in ("forms", "certificates") if getattr(b, k) / n > TARGETS[k]]
    b.over += [k for k in ("committee_items", "station_items") if getattr(b, k) > TARGETS[k]]


def burden(viewer: Viewer, root: Area, *, year: int) -> tuple[Burden, list[Burden]]:
    """The root's total and one row per child (community rows when root is a street or a community).

    One grouped query over the tasks and one over the lists, whatever the number of communities.
    """
    communities = policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True, path__startswith=root.path),
        viewer,
        VIEW,
        "",
    )
    per: dict[int, Burden] = {
        c.pk: Burden(c, communities=1) for c in communities.only("pk", "code", "name", "path")
    }
    live = ~Q(status=TaskStatus.REFUSED) & ~Q(status=TaskStatus.FLAGGED)
    rows = (
        Task.objects.filter(community_id__in=list(per), arrived_at__year=year)
        .values("community_id")
        .annotate(
            open=Count("pk", filter=Q(status=TaskStatus.OPEN)),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            refused=Count("pk", filter=Q(status=TaskStatus.REFUSED)),
            flagged=Count("pk", filter=Q(status=TaskStatus.FLAGGED)),
            outside_taken=Count("pk", filter=Q(admitted=False) & live),
            forms=Coalesce(Sum("forms", filter=live), 0),
            meetings=Coalesce(Sum("meetings", filter=live), 0),
            certificates=Coalesce(Sum("certificates", filter=live), 0),
            ledgers=Coalesce(Sum("ledgers", filter=live), 0),
            paid_fen=Coalesce(Sum("payment_fen", filter=Q(status=TaskStatus.DONE)), 0),
        )
    )
    for row in rows:
        b = per[row["community_id"]]
        for k in FIGURES:
            setattr(b, k, int(row[k]))  # type: ignore[literal-required]
    lists: dict[str, dict[str, int]] = {}
    listed = AdmissionItem.objects.filter(removed_in__isnull=True).values("district__code", "holder")
    for entry in listed.annotate(n=Count("pk")):
        lists.setdefault(entry["district__code"], {})[entry["holder"]] = entry["n"]
    total = Burden(root)
    below = {
        a.path: a
        for a in Area.objects.filter(parent=root, level__in=(Level.DISTRICT, Level.STREET, Level.COMMUNITY))
    }
    children: dict[str, Burden] = {}
    depth = root.path.count("/")
    for b in per.values():
        parts = b.area.path.split("/")
        counts = lists.get(parts[1] if len(parts) > 2 else "", {})
        b.committee_items, b.station_items = counts.get(Holder.COMMITTEE, 0), counts.get(Holder.STATION, 0)
        total.add(b)
        key = "/".join(parts[: depth + 1]) + "/"
        if key not in below:
            continue
        child = children.get(key)
        if child is None:
            child = children[key] = Burden(below[key])
        child.add(b)
        child.committee_items, child.station_items = b.committee_items, b.station_items
    if root.level in (Level.DISTRICT, Level.STREET, Level.COMMUNITY):
        counts = lists.get(root.path.split("/")[1], {})
        total.committee_items, total.station_items = (
            counts.get(Holder.COMMITTEE, 0),
            counts.get(Holder.STATION, 0),
        )
    for b in (total, *children.values()):
        _judge(b)
    return total, sorted(children.values(), key=lambda b: b.area.code)
