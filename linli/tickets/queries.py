"""Reads of tickets, always scoped to the viewer (accounts.policy) — outside rows are 404."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from linli.accounts import policy
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.common.crypto import index_of
from linli.common.identifiers import fold_code
from linli.common.phone import normalize_mobile
from linli.tickets import calendar
from linli.tickets.calendar import TZ
from linli.tickets.models import (
    OPEN_STATUSES,
    Category,
    DepartmentCall,
    EventKind,
    Extension,
    Level,
    Notification,
    Rating,
    Satisfaction,
    Ticket,
)

if TYPE_CHECKING:
    from linli.accounts.models import User

VIEW = "tickets.view"
Child = TypeVar("Child", Extension, DepartmentCall)
# A ticket whose handling deadline is this close shows a warning.
WARN_WITHIN = dt.timedelta(hours=24)


def _reach(viewer: "User | AnonymousUser") -> QuerySet[Area]:
    return Area.objects.filter(policy.area_q(viewer, VIEW, field=""))


def public_tickets() -> QuerySet[Ticket]:
    """Every request, for the public Open311 view, which shows no personal data (open311._public_row)."""
    return Ticket.objects.all()


def community_ids(viewer: "User | AnonymousUser") -> list[int] | None:
    """The viewer's reach as community ids, when it is exactly that (staff, not everywhere).

    None for residents (whose own requests count too), for a reach over everything and for
    viewers with no reach.
    """
    from linli.accounts.roles import Role

    roots = policy.roots(viewer, VIEW)
    if not roots or any(r.parent_id is None for r in roots) or Role.RESIDENT in policy.roles(viewer):
        return None
    return _ids_of(roots)


def _ids_of(roots: list[Area]) -> list[int]:
    # The reach as a list of community ids: the planner then walks (community, submitted_at)
    # directly. A worker's reach is their community itself: no query needed.
    if all(r.level == AreaLevel.COMMUNITY for r in roots):
        return [r.pk for r in roots]
    reach = Area.objects.filter(policy.areas_q(roots, field=""), level=AreaLevel.COMMUNITY)
    return list(reach.values_list("pk", flat=True))


def tickets_for(viewer: "User | AnonymousUser") -> QuerySet[Ticket]:
    """Tickets in the viewer's areas, plus their own requests (residents see only those)."""
    from linli.accounts.roles import Role

    own = Q(requester_id=viewer.pk) if getattr(viewer, "pk", None) else Q(pk__in=[])
    if not policy.roots(viewer, VIEW):
        return Ticket.objects.filter(own)
    if policy.reaches_everything(viewer, VIEW):
        return Ticket.objects.all()
    q = Q(community_id__in=_ids_of(policy.roots(viewer, VIEW)))
    if Role.RESIDENT in policy.roles(viewer):
        q |= own
    return Ticket.objects.filter(q)


def ticket_for(viewer: "User | AnonymousUser", code: str) -> Ticket:
    return policy_get(
        tickets_for(viewer).select_related("community", "category", "assignee", "requester"),
        code=fold_code(code),
    )


def ticket_for_pk(viewer: "User | AnonymousUser", pk: Any) -> Ticket:
    return policy_get(tickets_for(viewer).select_related("community"), pk=pk)


def extension_for(viewer: "User | AnonymousUser", pk: Any, *, ticket: Ticket | None = None) -> Extension:
    """An extension request on a ticket the viewer may see (on `ticket`, when given); else 404."""
    return _child_for(Extension.objects.select_related("ticket__community"), viewer, pk, ticket)


def department_call_for(
    viewer: "User | AnonymousUser", pk: Any, *, ticket: Ticket | None = None
) -> DepartmentCall:
    """A department call on a ticket the viewer may see (on `ticket`, when given); else 404."""
    return _child_for(
        DepartmentCall.objects.select_related("ticket__community", "department"), viewer, pk, ticket
    )


def _child_for(qs: QuerySet[Child], viewer: "User | AnonymousUser", pk: Any, ticket: Ticket | None) -> Child:
    from django.http import Http404

    qs = qs.filter(ticket__in=tickets_for(viewer))
    if ticket is not None:
        qs = qs.filter(ticket=ticket)
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def policy_get(qs: QuerySet[Ticket], **lookup: Any) -> Ticket:
    from django.http import Http404

    try:
        return qs.get(**lookup)
    except (Ticket.DoesNotExist, ValueError):
        raise Http404 from None


def worker_list(
    viewer: "User",
    *,
    status: str = "",
    mine: bool = False,
    overdue: bool = False,
    near: bool = False,
    supervised: bool = False,
    level: str = "",
    called: bool = False,
    q: str = "",
    now: dt.datetime | None = None,
) -> QuerySet[Ticket]:
    """The staff list; `near`: open and due within WARN_WITHIN; `called`: a department called in
    has not reported back yet."""
    qs = tickets_for(viewer).select_related("category", "community", "assignee").defer("description")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assignee=viewer)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=now or timezone.now())
    if near:
        start = now or timezone.now()
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__gte=start, due_at__lte=start + WARN_WITHIN)
    if supervised:
        qs = qs.filter(supervised=True)
    if level in Level.values:
        qs = qs.filter(level=level)
    if called:
        qs = qs.filter(Exists(DepartmentCall.objects.filter(ticket=OuterRef("pk"), reported_at__isnull=True)))
    if q:
        qs = qs.filter(Q(code=fold_code(q)) | Q(title__icontains=q.strip()))
    return qs.order_by("-submitted_at")


def unread_replies(user: "User | AnonymousUser") -> QuerySet[Notification]:
    """The user's own messages not yet read, but the receipt of what they submitted themselves:
    the new replies to their requests."""
    return Notification.objects.filter(user_id=user.pk or 0, read_at__isnull=True).exclude(
        kind=EventKind.SUBMITTED
    )


def missing_notice_for(viewer: "User | AnonymousUser", now: dt.datetime) -> int | None:
    """The year whose holiday notice the viewer should enter now (city administrators only)."""
    if not policy.can(viewer, "tickets.configure", None):
        return None
    return calendar.current().missing_notice(now)


def near_deadline(ticket: Ticket, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return ticket.is_open and now <= ticket.due_at <= now + WARN_WITHIN


def is_late(ticket: Ticket, now: dt.datetime | None = None) -> bool:
    return ticket.is_open and ticket.due_at < (now or timezone.now())


# ---------------------------------------------------------------- overdue lists


@dataclass
class OverdueGroup:
    key: str
    label: str
    count: int
    tickets: list[Ticket] = field(default_factory=list)


def overdue(
    viewer: "User | AnonymousUser", *, by: str, now: dt.datetime | None = None, limit: int = 200
) -> list[OverdueGroup]:
    """Open tickets past their handling deadline, grouped by worker, community or street."""
    now = now or timezone.now()
    qs = tickets_for(viewer).filter(status__in=OPEN_STATUSES, due_at__lt=now)
    keys = {"worker": "assignee_id", "community": "community_id", "street": "community__parent_id"}
    key = keys[by]
    groups = {row[key]: row["n"] for row in qs.values(key).annotate(n=Count("id")).order_by()}
    labels: dict[Any, str] = {}
    if by == "worker":
        from linli.accounts.models import User

        labels = {u.pk: str(u) for u in User.objects.filter(pk__in=[k for k in groups if k])}
    else:
        labels = {a.pk: a.name for a in Area.objects.filter(pk__in=[k for k in groups if k])}
    result = []
    sample = qs.select_related("category", "community", "assignee").order_by("due_at")[:limit]
    by_key: dict[Any, list[Ticket]] = defaultdict(list)
    for t in sample:
        k = (
            t.assignee_id
            if by == "worker"
            else t.community_id
            if by == "community"
            else t.community.parent_id
        )
        by_key[k].append(t)
    for k, n in sorted(groups.items(), key=lambda kv: -kv[1]):
        label = labels.get(k, "") if k else ""
        result.append(OverdueGroup(key=str(k or ""), label=label, count=n, tickets=by_key.get(k, [])))
    return result


# ---------------------------------------------------------------- three rates


@dataclass
class Rates:
    """One area's three rates for one month (definitions: docs/tickets.md, "The three rates").

    `responses` counts the tickets whose response was settled in the month: answered within the
    limit (`responded`), or the limit ran out unanswered. `evaluated` counts the ratings given in
    the month, of which `resolved` said resolved and `satisfied` satisfied or basically satisfied.
    """

    area: Area
    responses: int = 0
    responded: int = 0
    evaluated: int = 0
    resolved: int = 0
    satisfied: int = 0

    @staticmethod
    def _pct(a: int, b: int) -> float | None:
        return round(100.0 * a / b, 1) if b else None

    @property
    def response_rate(self) -> float | None:
        return self._pct(self.responded, self.responses)

    @property
    def resolution_rate(self) -> float | None:
        return self._pct(self.resolved, self.evaluated)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._pct(self.satisfied, self.evaluated)

    @property
    def volume(self) -> int:
        """How many events the month's rates rest on (responses settled + ratings given)."""
        return self.responses + self.evaluated

    def rank_key(self) -> tuple[float, float, float, int, str]:
        """Better first: satisfaction, then resolution, then response (a missing rate is last),
        then the larger volume, then the code."""

        def worst_last(rate: float | None) -> float:
            return -rate if rate is not None else 1.0

        return (
            worst_last(self.satisfaction_rate),
            worst_last(self.resolution_rate),
            worst_last(self.response_rate),
            -self.volume,
            self.area.code,
        )

    def add(self, other: "Rates") -> None:
        self.responses += other.responses
        self.responded += other.responded
        self.evaluated += other.evaluated
        self.resolved += other.resolved
        self.satisfied += other.satisfied


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=TZ)
    end = dt.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=TZ)
    return start, end


# Answered (accepted, or rejected with a reason) no later than the response limit.
ANSWERED_IN_TIME = Q(accepted_at__isnull=False, accepted_at__lte=F("response_due"))


def _community_counts(
    month: dt.date, communities: QuerySet[Area] | None, now: dt.datetime
) -> dict[int, Rates]:
    """The month's counts per community id, from what happened in the month up to `now`.

    Every count rests on a moment that never moves once it has passed (the time of an in-time
    answer, a response limit, a rating), so a month that has ended keeps its figures whatever
    happens to its tickets later. A ticket still inside its response limit counts nowhere yet.
    """
    start, end = month_bounds(month)
    as_of = min(end, now)
    # COUNT(*) or of a covered column, not COUNT(id): the covering indexes (tickets_rates_*, tickets_rating_at_cov) then
    # answer each query by index only, whatever the number of older months.
    out: dict[int, Rates] = {}
    if as_of <= start:
        return out
    tickets = Ticket.objects.all()
    ratings = Rating.objects.all()
    if communities is not None:
        tickets = tickets.filter(community__in=communities.values("pk"))
        ratings = ratings.filter(community__in=communities.values("pk"))

    def rates_of(community_id: int) -> Rates:
        return out.setdefault(community_id, Rates(area=None))  # type: ignore[arg-type]

    answered = tickets.filter(ANSWERED_IN_TIME, accepted_at__gte=start, accepted_at__lt=as_of)
    for cid, n in answered.values_list("community_id").annotate(n=Count("*")).order_by():
        r = rates_of(cid)
        r.responses += n
        r.responded += n
    missed = tickets.filter(response_due__gte=start, response_due__lt=as_of).exclude(ANSWERED_IN_TIME)
    for cid, n in missed.values_list("community_id").annotate(n=Count("*")).order_by():
        rates_of(cid).responses += n
    given = (
        ratings.filter(at__gte=start, at__lt=as_of)
        .values_list("community_id")
        .annotate(
            n=Count("*"),
            res=Count("community", filter=Q(resolved=True)),
            sat=Count("community", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
        )
        .order_by()
    )
    for cid, n, res, sat in given:
        r = rates_of(cid)
        r.evaluated, r.resolved, r.satisfied = n, res, sat
    return out


def _viewer_reach(viewer: "User | AnonymousUser | None") -> QuerySet[Area] | None:
    return None if viewer is None or policy.reaches_everything(viewer, VIEW) else _reach(viewer)


LEVELS = ("community", "street", "district")


def rates(
    viewer: "User | AnonymousUser | None",
    month: dt.date,
    *,
    now: dt.datetime | None = None,
    levels: tuple[str, ...] = LEVELS,
) -> dict[str, list[Rates]]:
    """{"community": [...], "street": [...], "district": [...]} for one month, in the viewer's reach
    (viewer None: the whole city, for exports and benchmarks). Pages, the export and the API all
    read this. `levels` limits which lists are made (a home tile needs one): the tree is walked as
    (id, parent) pairs and only those levels' areas are loaded as objects."""
    reach = _viewer_reach(viewer)
    counts = _community_counts(month, reach, now or timezone.now())
    areas_qs = Area.objects.filter(level__in=list(LEVELS))
    if reach is not None:
        roots = policy.roots(viewer, VIEW)
        # Streets and districts above the viewer's reach are shown only when wholly inside it.
        areas_qs = areas_qs.filter(policy.areas_q(roots, field=""))
    tree = {pk: (parent, level) for pk, parent, level in areas_qs.values_list("pk", "parent_id", "level")}
    shown = {a.pk: a for a in areas_qs.filter(level__in=list(levels))}
    by_level: dict[str, dict[int, Rates]] = {level: {} for level in levels}
    for a in shown.values():
        by_level[a.level][a.pk] = Rates(area=a)
    for cid, r in counts.items():
        pk: int | None = cid if cid in tree and tree[cid][1] == "community" else None
        while pk is not None:  # the community, its street, its district (when in reach)
            parent, level = tree[pk]
            if level in by_level:
                by_level[level][pk].add(r)
            pk = parent if parent in tree else None
    return {level: sorted(rows.values(), key=lambda r: r.area.code) for level, rows in by_level.items()}


def ranking(rows: list[Rates]) -> list[Rates]:
    """The areas with anything to rank, best performance first (`Rates.rank_key`)."""
    return sorted((r for r in rows if r.volume), key=Rates.rank_key)


def ranked(rows: list[Rates], *, all_areas: bool = True) -> list[tuple[int | None, Rates]]:
    """(rank, rates) pairs: the ranked areas best first, numbered 1, 2, ...; then (with `all_areas`)
    the areas with nothing to rank, in code order and without a number. Pages, the export and the
    API number their rows from this, so no list in code order reads as a ranking."""
    out: list[tuple[int | None, Rates]] = list(enumerate(ranking(rows), 1))
    if all_areas:
        out += [(None, r) for r in rows if not r.volume]
    return out


def trend(
    viewer: "User | AnonymousUser", area: Area, months: list[dt.date], *, now: dt.datetime | None = None
) -> list[tuple[dt.date, Rates]]:
    """One area's rates over several months, counted as `rates` counts them (the viewer's reach)."""
    now = now or timezone.now()
    communities = Area.objects.filter(path__startswith=area.path, level=AreaLevel.COMMUNITY)
    reach = _viewer_reach(viewer)
    if reach is not None:
        communities = communities.filter(pk__in=reach.values("pk"))
    out = []
    for month in months:
        total = Rates(area=area)
        for r in _community_counts(month, communities, now).values():
            total.add(r)
        out.append((month, total))
    return out


def last_months(today: dt.date, n: int) -> list[dt.date]:
    months = []
    y, m = today.year, today.month
    for _ in range(n):
        months.append(dt.date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(months))


# ---------------------------------------------------------------- hot spots and the hotline


def hot_spots(
    viewer: "User | AnonymousUser", *, month: dt.date, threshold: int = 3
) -> dict[str, list[dict[str, Any]]]:
    start, end = month_bounds(month)
    qs = tickets_for(viewer).filter(submitted_at__gte=start, submitted_at__lt=end)
    by_category = (
        qs.values("category__name", "category__name_en", "category__code", "community__name")
        .annotate(n=Count("id"))
        .filter(n__gte=threshold)
        .order_by("-n")[:30]
    )
    by_building = (
        qs.filter(building__isnull=False)
        .values("building__name", "community__name", "building_id")
        .annotate(n=Count("id"))
        .filter(n__gte=threshold)
        .order_by("-n")[:30]
    )
    categories: list[dict[str, Any]] = [dict(row) for row in by_category]
    buildings: list[dict[str, Any]] = [dict(row) for row in by_building]
    return {"categories": categories, "buildings": buildings}


# A caller who rang about the same thing within this long is probably calling again about it.
RECENT_CALL = dt.timedelta(hours=1)


@dataclass
class CallerCard:
    residents: list[Any]
    tickets: list[Ticket]
    phone: str
    # The caller's tickets submitted within RECENT_CALL before `now`, newest first.
    recent: list[Ticket] = field(default_factory=list)


def caller_lookup(
    viewer: "User | AnonymousUser", phone: str, *, now: dt.datetime | None = None
) -> CallerCard:
    """The hotline console: who calls from this number, their households and care tags, their
    tickets, and those of the last hour (the same request may have been taken already)."""
    from linli.registry.models import SENSITIVE_TAGS
    from linli.registry.queries import residents_by_phone, tag_choices_for, tags_of, with_visible_tags

    now = now or timezone.now()
    phone = normalize_mobile(phone)
    # Only where the viewer may reveal the number (`residents_by_phone`); tags as the registry
    # shows them to this viewer (`with_visible_tags`: sensitive ones only with the grant).
    residents = list(
        with_visible_tags(
            residents_by_phone(viewer, phone).select_related(
                "household", "community", "household__dwelling__building"
            ),
            viewer,
        )
    )
    labels = dict(tag_choices_for(viewer))
    today = timezone.localdate(now)
    for r in residents:
        # The care tags the agent may see, as (label, sensitive): an 80-year-old living alone is
        # on the line, say.
        r.caller_tags = [  # type: ignore[attr-defined]
            (labels.get(code, code), code in SENSITIVE_TAGS) for code in tags_of(r, today)
        ]
    index = index_of(Ticket, "contact_phone_index", phone)
    # Only where the viewer may reveal the number: elsewhere a hit would confirm a guess at the
    # four digits a masked phone hides (docs/architecture.md, personal data).
    tickets = list(
        tickets_for(viewer)
        .filter(policy.area_q(viewer, "pii.reveal", "community"))
        .filter(Q(contact_phone_index=index) | Q(resident__in=[r.pk for r in residents]))
        .select_related("category", "community")
        .order_by("-submitted_at")[:20]
    )
    recent = [t for t in tickets if now - RECENT_CALL <= t.submitted_at <= now]
    return CallerCard(residents=residents, tickets=tickets, phone=phone, recent=recent)


def leaf_categories() -> QuerySet[Category]:
    return (
        Category.objects.filter(is_active=True, children__isnull=True)
        .select_related("parent")
        .order_by("parent__order", "order")
    )


def communities_for_submit(viewer: "User | AnonymousUser") -> QuerySet[Area]:
    """Communities where the viewer may create tickets (staff) or lives (resident)."""
    from linli.accounts.roles import Role

    staff = policy.area_q(viewer, "tickets.create", field="")
    resident_roots = [a for r, a in policy.grants(viewer) if r == Role.RESIDENT]
    q = staff | policy.areas_q(resident_roots, field="")
    return Area.objects.filter(q, level=AreaLevel.COMMUNITY).order_by("code")


def transfer_targets(ticket: Ticket) -> QuerySet[Area]:
    """Where a ticket can be transferred: the other active communities of its street."""
    return Area.objects.filter(
        level=AreaLevel.COMMUNITY, parent_id=ticket.community.parent_id, is_active=True
    ).exclude(pk=ticket.community_id)
