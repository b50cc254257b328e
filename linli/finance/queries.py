"""Reads of community money. Staff reads are scoped through accounts.policy; `public_*` reads
show only what a community discloses to everyone (approved figures, no personal data)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet, Sum

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas import queries as area_queries
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.finance import totals
from linli.finance.models import (
    Budget,
    Category,
    ClosedPeriod,
    Direction,
    Donation,
    DonationKind,
    EntryStatus,
    Fund,
    FundingLine,
    FundingRun,
    LedgerEntry,
    LedgerMonth,
)

VIEW = "finance.view"


def communities_for(viewer: User | AnonymousUser, capability: str = VIEW) -> QuerySet[Area]:
    return policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True), viewer, capability, field=""
    ).order_by("code")


def community_for(viewer: User | AnonymousUser, code: str) -> Area:
    return area_queries.community_for(viewer, code, VIEW)


def entries_for(
    viewer: User | AnonymousUser, community: Area | None = None, status: str = ""
) -> QuerySet[LedgerEntry]:
    qs = policy.scope(LedgerEntry.objects.all(), viewer, VIEW, field="community")
    if community is not None:
        qs = qs.filter(community=community)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("community", "entered_by", "donation")


def entry_for(viewer: User | AnonymousUser, code: str) -> LedgerEntry:
    return policy.get_or_404(
        LedgerEntry.objects.select_related(
            "community", "entered_by", "reviewed_by", "approved_by", "reverses", "donation"
        ),
        viewer,
        VIEW,
        "community",
        code=code,
    )


def reversal_of(entry: LedgerEntry) -> LedgerEntry | None:
    """The reversal that stands (a rejected one does not)."""
    return LedgerEntry.objects.filter(reverses=entry).exclude(status=EntryStatus.REJECTED).first()


def donations_for(viewer: User | AnonymousUser, community: Area) -> QuerySet[Donation]:
    return policy.scope(Donation.objects.filter(community=community), viewer, VIEW, field="community")


def donation_for(viewer: User | AnonymousUser, code: str) -> Donation:
    return policy.get_or_404(
        Donation.objects.select_related("community"), viewer, VIEW, "community", code=code
    )


def closed_periods(community: Area) -> QuerySet[ClosedPeriod]:
    return ClosedPeriod.objects.filter(community=community).select_related("closed_by")


def is_closed(community: Area, day: dt.date) -> bool:
    return ClosedPeriod.objects.filter(community=community, start__lte=day, end__gte=day).exists()


# --- sums ---------------------------------------------------------------------------------------


@dataclass
class FundTotals:
    fund: str
    income_fen: int = 0
    expense_fen: int = 0
    budget_fen: int | None = None

    @property
    def label(self) -> str:
        return str(Fund(self.fund).label)

    @property
    def balance_fen(self) -> int:
        return self.income_fen - self.expense_fen

    @property
    def budget_left_fen(self) -> int | None:
        return None if self.budget_fen is None else self.budget_fen - self.expense_fen

    @property
    def budget_used_percent(self) -> int | None:
        if not self.budget_fen:
            return None
        return round(self.expense_fen * 100 / self.budget_fen)

    @property
    def budget_left_percent(self) -> int | None:
        """The share of the budget still to spend (negative once overspent)."""
        if not self.budget_fen:
            return None
        return round(self.budget_left_fen * 100 / self.budget_fen)  # type: ignore[operator]


def _approved(
    community: Area, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(community=community, status=EntryStatus.APPROVED)
    if start is not None:
        qs = qs.filter(occurred_on__gte=start)
    if end is not None:
        qs = qs.filter(occurred_on__lte=end)
    return qs


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def fund_totals(
    community: Area, start: dt.date | None = None, end: dt.date | None = None, budget_year: int | None = None
) -> list[FundTotals]:
    """Approved income, expense and balance of each fund (plus its budget for `budget_year`)."""
    return totals_from(by_category(community, start, end), community, budget_year)


def totals_from(
    rows: "list[CategoryRow]", community: Area, budget_year: int | None = None
) -> list[FundTotals]:
    """Fund totals summed from per-category rows: one aggregate query serves both views."""
    totals = {f: FundTotals(f) for f in Fund.values}
    for row in rows:
        t = totals[row.fund]
        if row.direction == Direction.INCOME:
            t.income_fen += row.amount_fen
        else:
            t.expense_fen += row.amount_fen
    if budget_year is not None:
        for b in Budget.objects.filter(community=community, year=budget_year):
            totals[b.fund].budget_fen = b.amount_fen
    return list(totals.values())


def balances(community: Area) -> dict[str, int]:
    """Each fund's balance over all approved entries, ever."""
    return {t.fund: t.balance_fen for t in fund_totals(community)}


@dataclass
class CategoryRow:
    fund: str
    category: str
    direction: str
    amount_fen: int
    entries: int

    @property
    def fund_label(self) -> str:
        return str(Fund(self.fund).label)

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)


def by_category(
    community: Area, start: dt.date | None = None, end: dt.date | None = None
) -> list[CategoryRow]:
    """Approved sums per fund, category and direction; from the monthly totals for whole months."""
    if totals.aligned(start, end):
        qs: QuerySet[Any] = LedgerMonth.objects.filter(community=community)
        if start is not None:
            qs = qs.filter(month__gte=start)
        if end is not None:
            qs = qs.filter(month__lte=end)
        rows = qs.values("fund", "category", "direction").annotate(s=Sum("amount_fen"), n=Sum("entries"))
    else:
        rows = (
            _approved(community, start, end)
            .values("fund", "category", "direction")
            .annotate(s=Sum("amount_fen"), n=Count("id"))
        )
    return [
        CategoryRow(r["fund"], r["category"], r["direction"], r["s"] or 0, r["n"])
        for r in rows.order_by("direction", "fund", "category")
        if r["s"]
    ]


def pending_counts(community: Area) -> dict[str, int]:
    rows = (
        LedgerEntry.objects.filter(
            community=community, status__in=[EntryStatus.ENTERED, EntryStatus.REVIEWED]
        )
        .values("status")
        .annotate(n=Count("id"))
    )
    return {r["status"]: r["n"] for r in rows}


# --- donations ----------------------------------------------------------------------------------


@dataclass
class DonationView:
    donation: Donation
    uses: list[LedgerEntry] = field(default_factory=list)
    # (category label, fen, entries) when the uses are summed rather than listed
    categories: list[tuple[str, int, int]] = field(default_factory=list)
    summed_fen: int | None = None

    @property
    def used_fen(self) -> int:
        return self.summed_fen if self.summed_fen is not None else sum(u.amount_fen for u in self.uses)

    @property
    def left_fen(self) -> int:
        return self.donation.amount_fen - self.used_fen if self.donation.kind == DonationKind.MONEY else 0


def _uses(items: list[Donation], approved_only: bool) -> QuerySet[LedgerEntry]:
    uses = LedgerEntry.objects.filter(donation__in=items, direction=Direction.EXPENSE)
    return (
        uses.filter(status=EntryStatus.APPROVED)
        if approved_only
        else uses.exclude(status=EntryStatus.REJECTED)
    )


def donations_with_uses(donations: QuerySet[Donation], approved_only: bool = True) -> list[DonationView]:
    """Each donation with the expenses that used it (approved ones only, unless told otherwise)."""
    items = list(donations)
    uses = _uses(items, approved_only).only(
        "code", "donation_id", "occurred_on", "amount_fen", "description", "status"
    )
    by_donation: dict[int, list[LedgerEntry]] = defaultdict(list)
    for use in uses.order_by("occurred_on", "id"):
        by_donation[use.donation_id].append(use)  # type: ignore[index]
    return [DonationView(d, by_donation.get(d.pk, [])) for d in items]


def donations_summed(donations: QuerySet[Donation]) -> list[DonationView]:
    """Each donation with its approved uses summed per category: one row per donation and category."""
    items = list(donations)
    labels = {c.value: str(c.label) for c in Category}
    sums: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    rows = (
        _uses(items, True)
        .values("donation_id", "category")
        .annotate(s=Sum("amount_fen"), n=Count("id"))
        .order_by("donation_id", "category")
    )
    for r in rows:
        if r["s"]:
            sums[r["donation_id"]].append((labels.get(r["category"], r["category"]), r["s"], r["n"]))
    return [
        DonationView(d, categories=sums.get(d.pk, []), summed_fen=sum(s for _, s, _ in sums.get(d.pk, [])))
        for d in items
    ]


# --- funding ------------------------------------------------------------------------------------


def latest_run(year: int) -> FundingRun | None:
    return FundingRun.objects.filter(year=year).order_by("-computed_at", "-id").first()


def runs_of(year: int) -> list[FundingRun]:
    """Every run of a year, newest first (each keeps its snapshot; the newest counts)."""
    return list(
        FundingRun.objects.filter(year=year).select_related("computed_by").order_by("-computed_at", "-id")
    )


def run_of(year: int, run_id: Any = None) -> FundingRun:
    """The year's run `run_id`, or its newest run; 404 when there is none."""
    from django.http import Http404

    runs = FundingRun.objects.filter(year=year).order_by("-computed_at", "-id")
    try:
        run = runs.filter(pk=int(run_id)).first() if run_id not in (None, "") else runs.first()
    except (TypeError, ValueError):
        run = None
    if run is None:
        raise Http404
    return run


def kind_counts(by_kind: dict[str, int]) -> list[tuple[str, str, int]]:
    """A snapshot's households as (groups, label, n), in the registry's order."""
    return [(k, _groups_label(k), by_kind[k]) for k in sorted(by_kind, key=_group_order)]


def _group_order(key: str) -> tuple[int, ...]:
    from linli.finance.funding import KINDS

    return tuple(KINDS.index(g) if g in KINDS else len(KINDS) for g in key.split("+"))


def _groups_label(key: str) -> str:
    from django.utils.translation import gettext as _

    labels = {
        "registered": _("registered here (户籍)"),
        "resident": _("living here six months or more (常住)"),
        "floating": _("floating (流动)"),
        "none": _("no member placed"),
    }
    return " + ".join(str(labels.get(g, g)) for g in key.split("+"))


def basis_label(run: FundingRun) -> str:
    """Which households a run counted, on which day, as people read it."""
    from django.utils.translation import gettext as _

    if not run.kinds:
        return _("every active household when computed (recorded before the basis was)")
    return _("%(kinds)s households active on %(day)s") % {
        "kinds": " / ".join(_groups_label(k) for k in run.kinds),
        "day": run.reference_date.isoformat() if run.reference_date else "",
    }


@dataclass
class LineChange:
    """One community whose funding differs between a run and the run before it."""

    community: Area
    before: FundingLine | None
    after: FundingLine | None

    @property
    def households_delta(self) -> int:
        return (self.after.households if self.after else 0) - (self.before.households if self.before else 0)

    @property
    def total_delta_fen(self) -> int:
        return (self.after.total_fen if self.after else 0) - (self.before.total_fen if self.before else 0)


def funding_changes(
    viewer: User | AnonymousUser, run: FundingRun, parent: Area | None = None
) -> list[LineChange]:
    """What a re-run changed against the run before it, per community in the viewer's reach."""
    if run.previous_id is None:
        return []
    lines = policy.scope(
        FundingLine.objects.filter(run_id__in=[run.pk, run.previous_id]), viewer, VIEW, field="community"
    ).select_related("community")
    if parent is not None:
        lines = lines.filter(community__path__startswith=parent.path)
    pairs: dict[int, list[FundingLine | None]] = {}
    for line in lines:
        pair = pairs.setdefault(line.community_id, [None, None])
        pair[1 if line.run_id == run.pk else 0] = line

    def same(a: FundingLine | None, b: FundingLine | None) -> bool:
        if a is None or b is None:
            return a is b
        return (a.households, a.households_by_kind, a.office_fen, a.welfare_fen) == (
            b.households,
            b.households_by_kind,
            b.office_fen,
            b.welfare_fen,
        )

    changes = [
        LineChange((after or before).community, before, after)  # type: ignore[union-attr]
        for before, after in pairs.values()
        if not same(before, after)
    ]
    return sorted(changes, key=lambda c: c.community.code)


def funding_years() -> list[int]:
    return sorted(set(FundingRun.objects.values_list("year", flat=True)), reverse=True)


@dataclass
class RollupRow:
    area: Area
    communities: int
    households: int
    office_fen: int
    welfare_fen: int

    @property
    def total_fen(self) -> int:
        return self.office_fen + self.welfare_fen


def funding_rollup(
    viewer: User | AnonymousUser, run: FundingRun, level: str, parent: Area | None = None
) -> list[RollupRow]:
    """A run's totals per district, street or community inside the viewer's reach."""
    column = {"district": "district", "street": "street", "community": "community"}[level]
    lines = policy.scope(FundingLine.objects.filter(run=run), viewer, VIEW, field="community")
    if parent is not None:
        lines = lines.filter(community__path__startswith=parent.path)
    rows = list(
        lines.values(column)
        .annotate(n=Count("id"), h=Sum("households"), o=Sum("office_fen"), w=Sum("welfare_fen"))
        .order_by(column)
    )
    areas = Area.objects.in_bulk([r[column] for r in rows if r[column]])
    return [
        RollupRow(areas[r[column]], r["n"], r["h"] or 0, r["o"] or 0, r["w"] or 0)
        for r in rows
        if r[column] in areas
    ]


def rollup_parent(viewer: User | AnonymousUser, code: str = "") -> tuple[Area | None, str]:
    """The area to roll up below (asked for, or the viewer's one root) and the level of its rows."""
    if code:
        parent: Area | None = area_queries.area_for(viewer, code, VIEW)
    else:
        roots = policy.roots(viewer, VIEW)
        parent = roots[0] if len(roots) == 1 else None
    level = {None: "district", "city": "district", "district": "street", "street": "community"}.get(
        parent.level if parent else None, "community"
    )
    return parent, level


def rollup_up(viewer: User | AnonymousUser, parent: Area | None) -> Area | None:
    """The area one level above `parent`, when the viewer may roll up there too (the check
    `rollup_parent` makes when that area is asked for)."""
    up = parent.parent if parent is not None else None
    return up if up is not None and policy.can(viewer, VIEW, up) else None


def funding_total(
    viewer: User | AnonymousUser, run: FundingRun, parent: Area | None = None
) -> RollupRow | None:
    lines = policy.scope(FundingLine.objects.filter(run=run), viewer, VIEW, field="community")
    if parent is not None:
        lines = lines.filter(community__path__startswith=parent.path)
    agg = lines.aggregate(n=Count("id"), h=Sum("households"), o=Sum("office_fen"), w=Sum("welfare_fen"))
    if not agg["n"]:
        return None
    return RollupRow(parent or Area(name=""), agg["n"], agg["h"] or 0, agg["o"] or 0, agg["w"] or 0)


def latest_line(year: int, community: Area) -> FundingLine | None:
    """A community's line of the year's newest run (with the run), in one query."""
    return (
        FundingLine.objects.filter(run__year=year, community=community)
        .select_related("run")
        .order_by("-run__computed_at", "-run_id")
        .first()
    )


def funding_line(run: FundingRun | None, community: Area) -> FundingLine | None:
    if run is None:
        return None
    return FundingLine.objects.filter(run=run, community=community).first()


# --- the public finance page --------------------------------------------------------------------


@dataclass
class PublicFinance:
    community: Area
    year: int
    funding: FundingLine | None
    run: FundingRun | None
    funds: list[FundTotals]
    categories: list[CategoryRow]
    donations: list[DonationView]  # the latest few; the donations page lists them all
    donation_count: int
    donation_money_fen: int
    donation_goods_fen: int
    recent: list[LedgerEntry]

    @property
    def income_fen(self) -> int:
        return sum(f.income_fen for f in self.funds)

    @property
    def expense_fen(self) -> int:
        return sum(f.expense_fen for f in self.funds)

    @property
    def expense_categories(self) -> list[CategoryRow]:
        return [c for c in self.categories if c.direction == Direction.EXPENSE]


def public_donations(community: Area, year: int) -> list[DonationView]:
    """A year's donations with every approved use listed (the public donations page)."""
    start, end = year_bounds(year)
    return donations_with_uses(Donation.objects.filter(community=community, received_on__range=(start, end)))


def public_finance(community: Area, year: int, recent: int = 30, latest_donations: int = 5) -> PublicFinance:
    """What everyone may see of a community's money in a year: approved figures only."""
    start, end = year_bounds(year)
    line = latest_line(year, community)
    donations = Donation.objects.filter(community=community, received_on__range=(start, end))
    categories = by_category(community, start, end)
    received = {
        r["kind"]: (r["n"], r["s"] or 0)
        for r in donations.values("kind").annotate(n=Count("id"), s=Sum("amount_fen"))
    }
    recent_entries = list(
        _approved(community, start, end)
        .only(
            "code", "fund", "direction", "category", "amount_fen", "occurred_on", "description", "reverses_id"
        )
        .order_by("-occurred_on", "-id")[:recent]
    )
    return PublicFinance(
        community=community,
        year=year,
        funding=line,
        run=line.run if line else None,
        funds=totals_from(categories, community, budget_year=year),
        categories=categories,
        donations=donations_summed(donations.order_by("-received_on", "-id")[:latest_donations]),
        donation_count=sum(n for n, _ in received.values()),
        donation_money_fen=received.get(DonationKind.MONEY, (0, 0))[1],
        donation_goods_fen=received.get(DonationKind.GOODS, (0, 0))[1],
        recent=recent_entries,
    )


def period_summary(community: Area, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Approved figures of a period, for a finance disclosure notice."""
    categories = by_category(community, start, end)
    return {
        "funds": totals_from(categories, community),
        "categories": categories,
        "donations": donations_summed(
            Donation.objects.filter(community=community, received_on__range=(start, end))
        ),
    }


def pending_q() -> Q:
    return Q(status__in=[EntryStatus.ENTERED, EntryStatus.REVIEWED])
