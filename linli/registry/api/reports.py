"""Transfers between communities and residents' self-service reports."""

from typing import Any

from django.http import Http404
from ninja import Status
from ninja.pagination import paginate

from linli.common.schemas import Id, Pagination
from linli.registry import actions, queries
from linli.registry.api.common import _household, router
from linli.registry.api.households import _HouseholdOut
from linli.registry.api.schemas import DecideIn, ReportOut, ResidentReportIn, TransferOut
from linli.registry.models import (
    Household,
    TransferRequest,
)
from linli.ui.http import ApiRequest


@router.get("/transfers", response=list[TransferOut])
@paginate(Pagination, page_size=50)
def list_transfers(request: ApiRequest, pending: bool = False) -> Any:
    user = request.auth
    return queries.transfers_to_decide(user) if pending else queries.transfers_for(user)


@router.post("/transfers/{pk}/decide", response=TransferOut)
def decide_transfer(request: ApiRequest, pk: Id, payload: DecideIn) -> TransferRequest:
    transfer = queries.transfer_for(request.auth, pk)
    dwelling = queries.dwelling_for(request.auth, payload.dwelling_id) if payload.dwelling_id else None
    return actions.transfer_decide(
        actor=request.auth,
        transfer=transfer,
        accept=payload.accept,
        reason=payload.reason,
        dwelling=dwelling,
    )


@router.get("/me/household", response=_HouseholdOut, summary="Your own household (residents)")
def my_household(request: ApiRequest) -> Household:
    household = queries.household_of_user(request.auth)
    if household is None:
        raise Http404
    return _household(request, household.pk)


@router.get("/me/reports", response=list[ReportOut])
def my_reports(request: ApiRequest) -> Any:
    return list(queries.reports_of_user(request.auth))


@router.post("/me/reports", response={201: ReportOut}, summary="Report a change in your household")
def submit_report(request: ApiRequest, payload: ResidentReportIn) -> Status[Any]:
    household = queries.household_of_user(request.auth)
    subject = (
        household.members.filter(pk=payload.subject_id).first() if household and payload.subject_id else None
    )
    report = actions.change_report_submit(
        actor=request.auth,
        kind=payload.kind,
        subject=subject,
        name=payload.name,
        id_number=payload.id_number,
        relation=payload.relation,
        phone=payload.phone,
        note=payload.note,
        lives_where=payload.lives_where,
        lives_address=payload.lives_address,
        lives_since=payload.lives_since,
    )
    return Status(201, report)


@router.get("/reports", response=list[ReportOut])
@paginate(Pagination, page_size=50)
def list_reports(request: ApiRequest, status: str = "") -> Any:
    qs = queries.reports_for(request.auth)
    return qs.filter(status=status) if status else qs


@router.post("/reports/{pk}/decide", response=ReportOut)
def decide_report(request: ApiRequest, pk: Id, payload: DecideIn) -> Any:
    report = queries.report_for(request.auth, pk)
    return actions.change_report_decide(
        actor=request.auth, report=report, approve=payload.accept, reason=payload.reason
    )
