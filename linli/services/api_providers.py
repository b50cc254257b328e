"""/api/v1/services: grading (等级评定) a provider, its certificates, and what expires soon."""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status

from linli.common.schemas import BaseIn, Date, column
from linli.services import actions, queries
from linli.services.models import Certificate, Provider
from linli.services.permissions import can_manage_provider
from linli.ui.http import ApiRequest

router = Router(tags=["services"])


class ProviderGradeIn(BaseIn):
    grade: str | None = None
    licence_number: str | None = None
    licence_expires: Date | None = None
    capacity_per_day: int | None = None
    is_active: bool | None = None


class GradedOut(Schema):
    code: str
    grade: str
    licence_number: str
    licence_expires: dt.date | None
    capacity_per_day: int
    is_active: bool


def _managed(request: ApiRequest, code: str) -> Provider:
    provider = queries.provider_for(request.auth, code)
    if not can_manage_provider(request.auth, provider):
        raise Http404
    return provider


@router.post("/providers/{code}/grade", response=GradedOut, summary="Grade a provider, renew its licence")
def grade_provider(request: ApiRequest, code: str, payload: ProviderGradeIn) -> Provider:
    provider = _managed(request, code)
    return actions.provider_update(actor=request.auth, provider=provider, **payload.dict())


class CertificateIn(BaseIn):
    holder: str = column(Certificate, "holder")
    title: str = column(Certificate, "title")
    number: str = column(Certificate, "number")
    expires_on: Date


class ProviderCertificateOut(Schema):
    holder: str
    title: str
    number: str
    expires_on: dt.date


@router.post(
    "/providers/{code}/certificates",
    response={201: ProviderCertificateOut},
    summary="Add a certificate (持证上岗)",
)
def add_certificate(request: ApiRequest, code: str, payload: CertificateIn) -> Status[Certificate]:
    provider = _managed(request, code)
    return Status(201, actions.certificate_add(actor=request.auth, provider=provider, **payload.dict()))


class ExpiringOut(Schema):
    provider_code: str
    provider_name: str
    what: str
    title: str
    holder: str
    expires: dt.date
    expired: bool
    days_left: int


@router.get(
    "/providers-expiring", response=list[ExpiringOut], summary="Licences and certificates expiring soon"
)
def providers_expiring(request: ApiRequest, days: int = 30, on: Date | None = None) -> list[dict[str, Any]]:
    today = on or timezone.localdate()
    rows = queries.expiring(request.auth, today=today, days=max(0, min(days, 366)))
    return [
        {
            **r,
            "provider_code": r["provider"].code,
            "provider_name": r["provider"].name,
            "title": r["title"] or "",
        }
        for r in rows
    ]
