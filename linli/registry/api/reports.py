"""Transfers between communities and residents' self-service reports."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Status
from ninja.pagination import paginate

from linli.common.schemas import Id, Pagination
from linli.registry import actions, queries
from linli.registry.api.common import _household, _user, router
from linli.registry.api.households import _HouseholdOut
from linli.registry.api.schemas import DecideIn, ReportOut, ResidentReportIn, TransferOut
from linli.registry.models import (
    Household,
    TransferRequest,
)


@router.get("/transfers", response=list[TransferOut])
@paginate(Pagination, page_size=50)
def list_transfers(request: HttpRequest, pending: bool = False) -> Any:
    user = _user(request)
    return queries.transfers_to_decide(user) if pending else queries.transfers_for(user)


@router.post("/transfers/{pk}/decide", response=TransferOut)
def decide_transfer(request: HttpRequest, pk: Id, payload: DecideIn) -> TransferRequest:
    transfer = queries.transfer_for(_user(request), pk)
    dwelling = queries.dwelling_for(_user(request), payload.dwelling_id) if payload.dwelling_id else None
    return actions.transfer_decide(
        actor=_user(request),
        transfer=transfer,
        accept=payload.accept,
        reason=payload.reason,
        dwelling=dwelling,
        kind=payload.kind,
    )


@router.get("/me/household", response=_HouseholdOut, summary="Your own household (residents)")
def my_household(request: HttpRequest) -> Household:
    household = queries.household_of_user(_user(request))
    if household is None:
        raise Http404
    return _household(request, household.pk)


@router.get("/me/reports", response=list[ReportOut])
def my_reports(request: HttpRequest) -> Any:
    return list(queries.reports_of_user(_user(request)))


@router.post("/me/reports", response={201: ReportOut}, summary="Report a change in your household")
def submit_report(request: HttpRequest, payload: ResidentReportIn) -> Status[Any]:
    household = queries.household_of_user(_user(request))
    subject = (
        household.members.filter(pk=payload.subject_id).first() if household and payload.subject_id else None
    )
    report = actions.change_report_submit(
        actor=_user(request),
        kind=payload.kind,
        subject=subject,
        name=payload.name,
        id_number=payload.id_number,
        relation=payload.relation,
        phone=payload.phone,
        note=payload.note,
    )
    return Status(201, report)


@router.get("/reports", response=list[ReportOut])
@paginate(Pagination, page_size=50)
def list_reports(request: HttpRequest, status: str = "") -> Any:
    qs = queries.reports_for(_user(request))
    return qs.filter(status=status) if status else qs


@router.post("/reports/{pk}/decide", response=ReportOut)
def decide_report(request: HttpRequest, pk: Id, payload: DecideIn) -> Any:
    report = queries.report_for(_user(request), pk)
    return actions.change_report_decide(
        actor=_user(request), report=report, approve=payload.accept, reason=payload.reason
    )
