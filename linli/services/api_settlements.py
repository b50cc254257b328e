"""/api/v1/services: settlement statements (drawn up, approved) and the Excel exports."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.accounts import policy
from linli.common.schemas import BaseIn, Date, Pagination
from linli.services import actions, exports, queries
from linli.services.models import Settlement
from linli.ui.http import ApiRequest

router = Router(tags=["services"])


# --- settlements ---------------------------------------------------------------------------------


class SettlementIn(BaseIn):
    provider: str
    month: Date


class SettlementLineOut(Schema):
    community_code: str
    orders: int
    meals: int
    care_hours: int
    amount_fen: int
    subsidy_fen: int
    ledger_code: str

    @staticmethod
    def resolve_community_code(obj: Any) -> str:
        return str(obj.community.code)


class SettlementOut(Schema):
    code: str
    provider_code: str
    month: dt.date
    status: str
    orders: int
    meals: int
    care_hours: int
    amount_fen: int
    subsidy_fen: int
    prepared_at: dt.datetime
    approved_at: dt.datetime | None

    @staticmethod
    def resolve_provider_code(obj: Settlement) -> str:
        return obj.provider.code


class SettlementDetailOut(SettlementOut):
    lines: list[SettlementLineOut]

    @staticmethod
    def resolve_lines(obj: Settlement) -> list[Any]:
        return list(queries.settlement_lines(obj))


@router.get("/settlements", response=list[SettlementOut], summary="Providers' monthly statements in reach")
@paginate(Pagination, page_size=50)
def list_settlements(request: ApiRequest, status: str = "") -> Any:
    return queries.settlements_for(request.auth, status=status)


@router.post(
    "/settlements",
    response={201: SettlementDetailOut},
    summary="Draw up a provider's statement for a past month (provider, street)",
)
def create_settlement(request: ApiRequest, payload: SettlementIn) -> Status[Settlement]:
    provider = queries.provider_for(request.auth, payload.provider)
    return Status(201, actions.settlement_prepare(actor=request.auth, provider=provider, month=payload.month))


@router.get("/settlements/{code}", response=SettlementDetailOut, summary="One statement with its communities")
def get_settlement(request: ApiRequest, code: str) -> Settlement:
    return queries.settlement_for(request.auth, code)


@router.post(
    "/settlements/{code}/approve",
    response=SettlementDetailOut,
    summary="Approve a statement: the subsidy goes to each community's ledger (street officer)",
)
def approve_settlement(request: ApiRequest, code: str) -> Settlement:
    settlement = queries.settlement_for(request.auth, code)
    return actions.settlement_approve(actor=request.auth, settlement=settlement)


# --- Excel exports (POST: each export is an audit event) ------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/exports/orders", summary="The orders in reach as an Excel workbook (phones masked)")
def export_orders(request: ApiRequest, status: str = "") -> HttpResponse:
    if not policy.roots(request.auth, queries.VIEW):
        raise Http404
    rows = queries.orders_for(request.auth, status=status)
    return HttpResponse(exports.orders_xlsx(actor=request.auth, orders=rows), content_type=XLSX)


@router.post("/exports/settlements", summary="The statements in reach as an Excel workbook")
def export_settlements(request: ApiRequest, status: str = "") -> HttpResponse:
    rows = queries.settlements_for(request.auth, status=status)
    return HttpResponse(exports.settlements_xlsx(actor=request.auth, settlements=rows), content_type=XLSX)
