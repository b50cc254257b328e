"""/api/v1/finance: funding by formula, ledgers, periods, budgets, donations. Money in integer fen."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from linli.accounts import policy
from linli.accounts.policy import Viewer
from linli.areas.queries import public_community
from linli.common.schemas import BaseIn, Id, Pagination, Year, column
from linli.finance import actions, queries
from linli.finance.funding import counted_kinds, explain
from linli.finance.models import Budget, ClosedPeriod, Donation, FundingParameters, FundingRun, LedgerEntry
from linli.ui.http import ApiRequest

router = Router(tags=["finance"])


class ParametersIn(BaseIn):
    office_per_household_fen: int = column(FundingParameters, "office_per_household_fen")
    welfare_base_fen: int = column(FundingParameters, "welfare_base_fen")
    welfare_threshold: int = column(FundingParameters, "welfare_threshold")
    welfare_per_extra_fen: int = column(FundingParameters, "welfare_per_extra_fen")
    count_registered: bool = True
    count_resident: bool = True
    count_floating: bool = False
    reference_date: dt.date | None = None


class ParametersOut(Schema):
    # Not ParametersIn: an answer is not checked like input (year 1900's reference day is in 1899).
    office_per_household_fen: int
    welfare_base_fen: int
    welfare_threshold: int
    welfare_per_extra_fen: int
    count_registered: bool
    count_resident: bool
    count_floating: bool
    reference_date: dt.date | None
    year: int
    computed: bool
    counted_kinds: list[str]
    reference_day: dt.date


class RunOut(Schema):
    id: int
    year: int
    computed_at: dt.datetime
    communities: int
    households: int
    office_fen: int
    welfare_fen: int
    total_fen: int
    office_per_household_fen: int
    welfare_base_fen: int
    welfare_threshold: int
    welfare_per_extra_fen: int
    counted_kinds: list[str]
    reference_date: dt.date | None
    previous_id: int | None

    @staticmethod
    def resolve_counted_kinds(obj: FundingRun) -> list[str]:
        return obj.kinds


class LineSnapshotOut(Schema):
    households: int
    households_by_kind: dict[str, int]
    office_fen: int
    welfare_fen: int
    total_fen: int


class ChangeOut(Schema):
    code: str
    name: str
    before: LineSnapshotOut | None
    after: LineSnapshotOut | None
    households_delta: int
    total_delta_fen: int


class RollupOut(Schema):
    code: str
    name: str
    level: str
    communities: int
    households: int
    office_fen: int
    welfare_fen: int
    total_fen: int
    calculation: list[str] = []


class FundingOut(Schema):
    run: RunOut
    area_code: str | None
    total: RollupOut | None
    rows: list[RollupOut]
    changes: list[ChangeOut]


def _params_out(p: FundingParameters) -> dict[str, Any]:
    return {
        "year": p.year,
        "office_per_household_fen": p.office_per_household_fen,
        "welfare_base_fen": p.welfare_base_fen,
        "welfare_threshold": p.welfare_threshold,
        "welfare_per_extra_fen": p.welfare_per_extra_fen,
        "count_registered": p.count_registered,
        "count_resident": p.count_resident,
        "count_floating": p.count_floating,
        "reference_date": p.reference_date,
        "counted_kinds": counted_kinds(p),
        "reference_day": p.reference_day,
        "computed": FundingRun.objects.filter(year=p.year).exists(),
    }


def _require_finance_viewer(user: Viewer) -> None:
    if not policy.roots(user, "finance.view"):
        from django.http import Http404

        raise Http404


@router.get("/parameters/{year}", response=ParametersOut, summary="The funding rates of a year")
def get_parameters(request: ApiRequest, year: Year) -> dict[str, Any]:
    _require_finance_viewer(request.auth)
    return _params_out(actions.parameters_for(year))


@router.put(
    "/parameters/{year}", response=ParametersOut, summary="Set a year's rates (city admin; not once computed)"
)
def put_parameters(request: ApiRequest, year: Year, payload: ParametersIn) -> dict[str, Any]:
    params = actions.funding_parameters_set(actor=request.auth, year=year, **payload.dict())
    return _params_out(params)


@router.post(
    "/funding/{year}/compute", response={201: RunOut}, summary="Compute a year's funding from the registry"
)
def compute_funding(request: ApiRequest, year: Year) -> Status[FundingRun]:
    return Status(201, actions.funding_compute(actor=request.auth, year=year))


@router.get("/funding/{year}/runs", response=list[RunOut], summary="Every run of a year, newest first")
def list_funding_runs(request: ApiRequest, year: Year) -> list[FundingRun]:
    _require_finance_viewer(request.auth)
    return queries.runs_of(year)


def _snapshot(line: Any) -> dict[str, Any] | None:
    if line is None:
        return None
    return {
        "households": line.households,
        "households_by_kind": line.households_by_kind,
        "office_fen": line.office_fen,
        "welfare_fen": line.welfare_fen,
        "total_fen": line.total_fen,
    }


@router.get(
    "/funding/{year}",
    response=FundingOut,
    summary="A year's funding rolled up (?area=code to drill down, ?run=id for an earlier run), "
    "with what changed since the run before",
)
def get_funding(request: ApiRequest, year: Year, area: str = "", run: Id | None = None) -> dict[str, Any]:
    user = request.auth
    _require_finance_viewer(user)
    chosen = queries.run_of(year, run)
    parent, level = queries.rollup_parent(user, area)

    def out(r: queries.RollupRow) -> dict[str, Any]:
        return {
            "code": r.area.code,
            "name": r.area.name,
            "level": r.area.level,
            "communities": r.communities,
            "households": r.households,
            "office_fen": r.office_fen,
            "welfare_fen": r.welfare_fen,
            "total_fen": r.total_fen,
            "calculation": explain(r.households, chosen) if r.area.level == "community" else [],
        }

    total = queries.funding_total(user, chosen, parent)
    return {
        "run": chosen,
        "area_code": parent.code if parent else None,
        "total": out(total) if total else None,
        "rows": [out(r) for r in queries.funding_rollup(user, chosen, level, parent)],
        "changes": [
            {
                "code": c.community.code,
                "name": c.community.name,
                "before": _snapshot(c.before),
                "after": _snapshot(c.after),
                "households_delta": c.households_delta,
                "total_delta_fen": c.total_delta_fen,
            }
            for c in queries.funding_changes(user, chosen, parent)
        ],
    }


# --- ledger -------------------------------------------------------------------------------------


class EntryIn(BaseIn):
    fund: str = column(LedgerEntry, "fund")
    direction: str = column(LedgerEntry, "direction")
    category: str = column(LedgerEntry, "category")
    amount_fen: int = column(LedgerEntry, "amount_fen")
    occurred_on: dt.date
    description: str = column(LedgerEntry, "description")
    project: str = column(LedgerEntry, "project", "")
    donation_code: str = ""


class LedgerEntryOut(Schema):
    code: str
    community_code: str
    fund: str
    direction: str
    category: str
    amount_fen: int
    occurred_on: dt.date
    description: str
    project: str
    status: str
    has_voucher: bool
    reverses: str | None
    donation_code: str | None
    entered_at: dt.datetime
    reviewed_at: dt.datetime | None
    approved_at: dt.datetime | None
    rejected_reason: str

    @staticmethod
    def resolve_community_code(obj: LedgerEntry) -> str:
        return obj.community.code

    @staticmethod
    def resolve_has_voucher(obj: LedgerEntry) -> bool:
        return bool(obj.voucher)

    @staticmethod
    def resolve_reverses(obj: LedgerEntry) -> str | None:
        return obj.reverses.code if obj.reverses else None

    @staticmethod
    def resolve_donation_code(obj: LedgerEntry) -> str | None:
        return obj.donation.code if obj.donation else None


class EntryReasonIn(BaseIn):
    reason: str
    occurred_on: dt.date | None = None


@router.get(
    "/communities/{code}/entries", response=list[LedgerEntryOut], summary="A community's ledger entries"
)
@paginate(Pagination, page_size=50)
def list_entries(request: ApiRequest, code: str, status: str = "", year: Year | None = None) -> Any:
    community = queries.community_for(request.auth, code)
    qs = queries.entries_for(request.auth, community, status).select_related("reverses")
    if year:
        qs = qs.filter(occurred_on__year=year)
    return qs


def _enter(request: ApiRequest, code: str, payload: EntryIn, voucher: UploadedFile | None) -> LedgerEntry:
    user = request.auth
    community = queries.community_for(user, code)
    donation = queries.donation_for(user, payload.donation_code) if payload.donation_code else None
    values = payload.dict()
    values.pop("donation_code")
    return actions.ledger_entry_create(
        actor=user, community=community, donation=donation, voucher=voucher, **values
    )


@router.post(
    "/communities/{code}/entries", response={201: LedgerEntryOut}, summary="Enter an income or expense"
)
def create_entry(request: ApiRequest, code: str, payload: EntryIn) -> Status[LedgerEntry]:
    return Status(201, _enter(request, code, payload, None))


@router.post(
    "/communities/{code}/entries/with-voucher",
    response={201: LedgerEntryOut},
    summary="Enter an income or expense with its voucher (multipart form)",
)
def create_entry_with_voucher(
    request: ApiRequest, code: str, payload: Form[EntryIn], voucher: File[UploadedFile]
) -> Status[LedgerEntry]:
    return Status(201, _enter(request, code, payload, voucher))


@router.get("/entries/{code}", response=LedgerEntryOut, summary="One ledger entry")
def get_entry(request: ApiRequest, code: str) -> LedgerEntry:
    return queries.entry_for(request.auth, code)


@router.post(
    "/entries/{code}/review", response=LedgerEntryOut, summary="Reviewed by the democratic finance group"
)
def review_entry(request: ApiRequest, code: str) -> LedgerEntry:
    return actions.ledger_entry_review(actor=request.auth, entry=queries.entry_for(request.auth, code))


@router.post("/entries/{code}/approve", response=LedgerEntryOut, summary="Approved by the director")
def approve_entry(request: ApiRequest, code: str) -> LedgerEntry:
    return actions.ledger_entry_approve(actor=request.auth, entry=queries.entry_for(request.auth, code))


@router.post(
    "/entries/{code}/reject", response=LedgerEntryOut, summary="Rejected by the reviewer or director"
)
def reject_entry(request: ApiRequest, code: str, payload: EntryReasonIn) -> LedgerEntry:
    return actions.ledger_entry_reject(
        actor=request.auth, entry=queries.entry_for(request.auth, code), reason=payload.reason
    )


@router.post(
    "/entries/{code}/reverse",
    response={201: LedgerEntryOut},
    summary="Correct an approved entry by reversing it",
)
def reverse_entry(request: ApiRequest, code: str, payload: EntryReasonIn) -> Status[LedgerEntry]:
    reversal = actions.ledger_entry_reverse(
        actor=request.auth,
        entry=queries.entry_for(request.auth, code),
        reason=payload.reason,
        occurred_on=payload.occurred_on,
    )
    return Status(201, reversal)


class FundOut(Schema):
    fund: str
    income_fen: int
    expense_fen: int
    balance_fen: int
    budget_fen: int | None


class SummaryOut(Schema):
    community_code: str
    year: int
    funds: list[FundOut]
    balances: dict[str, int]
    pending: dict[str, int]


@router.get(
    "/communities/{code}/summary", response=SummaryOut, summary="Budget versus actual per fund, balances"
)
def summary(request: ApiRequest, code: str, year: Year | None = None) -> dict[str, Any]:
    community = queries.community_for(request.auth, code)
    year = year or timezone.localdate().year
    start, end = queries.year_bounds(year)
    return {
        "community_code": community.code,
        "year": year,
        "funds": [
            {
                "fund": f.fund,
                "income_fen": f.income_fen,
                "expense_fen": f.expense_fen,
                "balance_fen": f.balance_fen,
                "budget_fen": f.budget_fen,
            }
            for f in queries.fund_totals(community, start, end, budget_year=year)
        ],
        "balances": queries.balances(community),
        "pending": queries.pending_counts(community),
    }


class PeriodIn(BaseIn):
    kind: str = column(ClosedPeriod, "kind")
    start: dt.date


class PeriodOut(Schema):
    kind: str
    start: dt.date
    end: dt.date
    closed_at: dt.datetime


@router.get("/communities/{code}/periods", response=list[PeriodOut], summary="Closed periods")
def list_periods(request: ApiRequest, code: str) -> Any:
    return list(queries.closed_periods(queries.community_for(request.auth, code)))


@router.post("/communities/{code}/periods", response={201: PeriodOut}, summary="Close a month or quarter")
def close_period(request: ApiRequest, code: str, payload: PeriodIn) -> Status[ClosedPeriod]:
    community = queries.community_for(request.auth, code)
    return Status(
        201,
        actions.period_close(actor=request.auth, community=community, kind=payload.kind, start=payload.start),
    )


class BudgetIn(BaseIn):
    amount_fen: int = column(Budget, "amount_fen")


class BudgetOut(Schema):
    year: int
    fund: str
    amount_fen: int


@router.put(
    "/communities/{code}/budgets/{year}/{fund}", response=BudgetOut, summary="Set a fund's budget for a year"
)
def put_budget(request: ApiRequest, code: str, year: Year, fund: str, payload: BudgetIn) -> Budget:
    community = queries.community_for(request.auth, code)
    return actions.budget_set(
        actor=request.auth, community=community, year=year, fund=fund, amount_fen=payload.amount_fen
    )


class DonationIn(BaseIn):
    receipt_number: str = column(Donation, "receipt_number")
    donor_kind: str = column(Donation, "donor_kind")
    donor_name: str = column(Donation, "donor_name")
    anonymous: bool = False
    kind: str = column(Donation, "kind")
    amount_fen: int = column(Donation, "amount_fen")
    goods: str = column(Donation, "goods", "")
    purpose: str = column(Donation, "purpose")
    received_on: dt.date


class UseOut(Schema):
    code: str
    occurred_on: dt.date
    amount_fen: int
    description: str
    status: str


class DonationOut(Schema):
    code: str
    receipt_number: str
    donor_kind: str
    donor_name: str
    anonymous: bool
    kind: str
    amount_fen: int
    goods: str
    purpose: str
    received_on: dt.date
    used_fen: int
    uses: list[UseOut]


def _donation_out(view: queries.DonationView) -> dict[str, Any]:
    d = view.donation
    return {
        "code": d.code,
        "receipt_number": d.receipt_number,
        "donor_kind": d.donor_kind,
        "donor_name": d.donor_name,
        "anonymous": d.anonymous,
        "kind": d.kind,
        "amount_fen": d.amount_fen,
        "goods": d.goods,
        "purpose": d.purpose,
        "received_on": d.received_on,
        "used_fen": view.used_fen,
        "uses": view.uses,
    }


@router.get("/communities/{code}/donations", response=list[DonationOut], summary="Donations with their uses")
def list_donations(request: ApiRequest, code: str) -> list[dict[str, Any]]:
    community = queries.community_for(request.auth, code)
    views = queries.donations_with_uses(
        queries.donations_for(request.auth, community)[:500], approved_only=False
    )
    return [_donation_out(v) for v in views]


@router.post("/communities/{code}/donations", response={201: DonationOut}, summary="Record a donation")
def create_donation(request: ApiRequest, code: str, payload: DonationIn) -> Status[dict[str, Any]]:
    community = queries.community_for(request.auth, code)
    donation = actions.donation_record(actor=request.auth, community=community, **payload.dict())
    return Status(201, _donation_out(queries.donations_with_uses(Donation.objects.filter(pk=donation.pk))[0]))


# --- public (no login) --------------------------------------------------------------------------


class PublicDonationOut(Schema):
    donor: str
    donor_kind: str
    kind: str
    amount_fen: int
    goods: str
    purpose: str
    received_on: dt.date
    used_fen: int
    uses: list[UseOut]


class PublicFinanceOut(Schema):
    community_code: str
    community_name: str
    year: int
    funding_households: int | None
    funding_office_fen: int | None
    funding_welfare_fen: int | None
    funds: list[FundOut]
    spent_by_category: list[dict[str, Any]]
    donations: list[PublicDonationOut]


@router.get(
    "/public/{code}", response=PublicFinanceOut, auth=None, summary="A community's public finances (no login)"
)
def public_finance(request: HttpRequest, code: str, year: Year | None = None) -> dict[str, Any]:
    community = public_community(code)
    year = year or timezone.localdate().year
    data = queries.public_finance(community, year, recent=0)
    donations = queries.public_donations(community, year)
    return {
        "community_code": community.code,
        "community_name": community.name,
        "year": year,
        "funding_households": data.funding.households if data.funding else None,
        "funding_office_fen": data.funding.office_fen if data.funding else None,
        "funding_welfare_fen": data.funding.welfare_fen if data.funding else None,
        "funds": [
            {
                "fund": f.fund,
                "income_fen": f.income_fen,
                "expense_fen": f.expense_fen,
                "balance_fen": f.balance_fen,
                "budget_fen": f.budget_fen,
            }
            for f in data.funds
        ],
        "spent_by_category": [
            {"fund": c.fund, "category": c.category, "amount_fen": c.amount_fen, "entries": c.entries}
            for c in data.expense_categories
        ],
        "donations": [
            {
                "donor": "" if v.donation.anonymous else v.donation.donor_name,
                "donor_kind": v.donation.donor_kind,
                "kind": v.donation.kind,
                "amount_fen": v.donation.amount_fen,
                "goods": v.donation.goods,
                "purpose": v.donation.purpose,
                "received_on": v.donation.received_on,
                "used_fen": v.used_fen,
                "uses": v.uses,
            }
            for v in donations
        ],
    }
