"""Charter and conventions API under /api/v1/governance/documents."""

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status

from linli.common.schemas import BaseIn, Id, column
from linli.governance.charter import actions, queries
from linli.governance.lookups import managed_community
from linli.governance.meetings.queries import motion_for
from linli.governance.models import (
    Document,
)
from linli.ui.http import ApiRequest

router = Router(tags=["governance"])


class DocumentIn(BaseIn):
    community_code: str
    kind: str = column(Document, "kind")
    title: str = column(Document, "title")


class VersionOut(Schema):
    number: int
    text: str
    motion_id: int
    adopted_at: dt.datetime


class DocumentOut(Schema):
    code: str
    kind: str
    title: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj: Document) -> list[Any]:
        return list(obj.versions.all())


class AdoptIn(BaseIn):
    text: str
    motion_id: int


class DiffLineOut(Schema):
    op: str
    text: str


# Charter and conventions


@router.get("/documents", response=list[DocumentOut], summary="Charters and conventions you can see")
def list_documents(request: ApiRequest) -> Any:
    return list(queries.documents_for(request.auth).prefetch_related("versions")[:100])


@router.post("/documents", response={201: DocumentOut}, summary="Create a charter or convention")
def create_document(request: ApiRequest, payload: DocumentIn) -> Status[Document]:
    community = managed_community(request.auth, payload.community_code)
    return Status(
        201,
        actions.document_create(
            actor=request.auth, community=community, kind=payload.kind, title=payload.title
        ),
    )


@router.get("/documents/{code}", response=DocumentOut, summary="One document with its versions")
def get_document(request: ApiRequest, code: str) -> Document:
    return queries.document_for(request.auth, code)


@router.post(
    "/documents/{code}/versions", response={201: VersionOut}, summary="Adopt a version by a meeting decision"
)
def adopt(request: ApiRequest, code: str, payload: AdoptIn) -> Status[Any]:
    doc = queries.document_for(request.auth, code)
    motion = motion_for(request.auth, payload.motion_id)
    return Status(
        201, actions.document_adopt(actor=request.auth, document=doc, text=payload.text, motion=motion)
    )


@router.get(
    "/documents/{code}/versions/{number}/diff",
    response=list[DiffLineOut],
    summary="Changes from the previous version",
)
def diff(request: ApiRequest, code: str, number: Id) -> Any:
    doc = queries.document_for(request.auth, code)
    version = doc.versions.filter(number=number).first()
    if version is None:
        raise Http404
    previous = doc.versions.filter(number__lt=number).order_by("-number").first()
    return queries.version_diff(previous, version)
