"""Imports (as jobs) and exports of residents."""

from typing import Literal

from django.http import HttpResponse
from ninja import Field, File, Form, Status
from ninja.files import UploadedFile

from linli.common.schemas import BaseIn, Id
from linli.registry import actions, queries
from linli.registry.api.common import _community, router
from linli.registry.api.schemas import ImportJobOut
from linli.registry.jobs import import_job_create
from linli.registry.models import (
    ImportJob,
)
from linli.ui.http import ApiRequest


@router.post(
    "/imports", response={202: ImportJobOut}, summary="Upload a CSV/XLSX import (dry_run: preview only)"
)
def create_import(
    request: ApiRequest, community: Form[str], file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[ImportJob]:
    if not file.name or not file.name.lower().endswith((".csv", ".xlsx")):
        from linli.common.errors import DomainError

        raise DomainError("bad_file", "Upload a .csv or .xlsx file.", fields={"file": ["csv/xlsx"]})
    job = import_job_create(
        actor=request.auth, community=_community(request, community), upload=file, dry_run=dry_run
    )
    job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{code}", response=ImportJobOut, summary="An import's progress and result")
def get_import(request: ApiRequest, code: str) -> ImportJob:
    return queries.import_job_for(request.auth, code)


@router.post(
    "/imports/{code}/again",
    response={202: ImportJobOut},
    summary="Start again an import that stopped without finishing (stopped: true), from its kept upload",
)
def start_import_again(request: ApiRequest, code: str) -> Status[ImportJob]:
    from linli.registry.jobs import import_job_start_again

    job = import_job_start_again(actor=request.auth, job=queries.import_job_for(request.auth, code))
    job.refresh_from_db()
    return Status(202, job)


class ExportIn(BaseIn):
    format: Literal["csv", "xlsx"] = "csv"
    q: str = Field("", max_length=100)
    building: Id | None = None
    tag: str = Field("", max_length=40)
    kind: str = Field("", max_length=40)
    reveal: bool = False  # ID and mobile numbers in full: needs `reason`, writes an audit event
    reason: str = Field("", max_length=500)


@router.post(
    "/export",
    summary="Residents as CSV/XLSX (masked unless reveal with a reason); a POST, so a link cannot start it",
)
def export(request: ApiRequest, payload: ExportIn) -> HttpResponse:
    from linli.registry.views import export_response

    user = request.auth
    search = queries.Search(q=payload.q, building=payload.building, tag=payload.tag, kind=payload.kind)
    if payload.reveal:
        actions.export_reveal_allow(actor=user, reason=payload.reason, search=search)
    return export_response(user, search, fmt=payload.format, reveal=payload.reveal)  # type: ignore[return-value]
