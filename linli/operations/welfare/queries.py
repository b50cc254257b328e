"""Welfare-check reads, scoped through accounts.policy: the check list of a community and the live
board (checked, safe, needs help, unreached) per community, rolled up to the street and above."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.operations.common import VIEW
from linli.operations.models import CheckItem, CheckState, CheckTally, WelfareCheck
from linli.services.models import ServiceType

Viewer = User | AnonymousUser | None


def checks(viewer: Viewer) -> QuerySet[WelfareCheck]:
    """Checks built for an area the viewer sees, or for an area above one of their communities."""
    roots = policy.roots(viewer, VIEW)
    q = policy.area_q(viewer, VIEW, "area")
    for root in roots:
        q |= Q(area__path__in=[root.path[: i + 1] for i, ch in enumerate(root.path) if ch == "/"])
    return (
        WelfareCheck.objects.filter(q).select_related("area", "incident")
        if roots
        else WelfareCheck.objects.none()
    )


def check_for(viewer: Viewer, code: str) -> WelfareCheck:
    try:
        return checks(viewer).get(code=fold_code(code or ""))
    except WelfareCheck.DoesNotExist:
        from django.http import Http404

        raise Http404 from None


def items(
    viewer: Viewer, check: WelfareCheck, *, community: Area | None = None, mine: bool = False
) -> QuerySet[CheckItem]:
    qs = policy.scope(
        CheckItem.objects.filter(welfare_check=check).select_related("resident", "community", "worker"),
        viewer,
        VIEW,
        "community",
    )
    if community is not None:
        qs = qs.filter(community=community)
    if mine:
        qs = qs.filter(worker_id=getattr(viewer, "pk", None) or 0)
    return qs


def item_for(viewer: Viewer, pk: int) -> CheckItem:
    """A check item in the viewer's areas, or one handed to them as a volunteer; else 404."""
    qs = CheckItem.objects.select_related("community", "welfare_check", "volunteer")
    own = qs.filter(pk=pk, volunteer__user_id=getattr(viewer, "pk", None) or 0).first()
    if own is not None:
        return own
    return policy.get_or_404(qs, viewer, VIEW, "community", pk=pk)


def my_pending(viewer: Viewer) -> QuerySet[CheckItem]:
    """What is left for me to check: as the 包户 worker, or as the volunteer an overflow went to."""
    me = getattr(viewer, "pk", None) or 0
    return (
        CheckItem.objects.filter(Q(worker_id=me) | Q(volunteer__user_id=me), state=CheckState.PENDING)
        .select_related("resident", "community", "welfare_check")
        .order_by("-welfare_check__built_at", "community", "pk")
    )


@dataclass
class Row:
    area: Area
    total: int = 0
    pending: int = 0
    safe: int = 0
    needs_help: int = 0
    not_reached: int = 0
    escalated: int = 0

    @property
    def checked(self) -> int:
        return self.safe + self.needs_help + self.not_reached


FIELDS = ("total", "pending", "safe", "needs_help", "not_reached", "escalated")


def board(viewer: Viewer, check: WelfareCheck, root: Area) -> tuple[Row, list[Row]]:
    """Counts under `root`, a row per child area of root, from the check's tallies (one row per
    community, kept by the actions) of the viewer's communities under root."""
    tallies = CheckTally.objects.filter(
        welfare_check=check,
        community__path__startswith=root.path,
        community__in=Area.objects.filter(policy.area_q(viewer, VIEW, ""), level=AreaLevel.COMMUNITY),
    ).values("community__path", *FIELDS)
    below = {a.path: a for a in Area.objects.filter(parent=root)}
    depth = root.path.count("/")
    total = Row(root)
    rows: dict[str, Row] = {}
    for g in tallies:
        key = "/".join(g["community__path"].split("/")[: depth + 1]) + "/"
        targets = [total]
        if key in below:
            targets.append(rows.setdefault(key, Row(below[key])))
        for row in targets:
            for name in FIELDS:
                setattr(row, name, getattr(row, name) + g[name])
    return total, sorted(rows.values(), key=lambda r: r.area.code)


def station_services() -> QuerySet[ServiceType]:
    """The services' catalogue (not area data) for a needs-help follow-up."""
    return ServiceType.objects.filter(is_active=True).order_by("name")
