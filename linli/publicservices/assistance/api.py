"""/api/v1/publicservices/assistance: applications, their steps, documents, objections, payments,
reviews and the public notice. Amounts in integer fen; the applicant's ID number never leaves."""

import base64
import binascii
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate

from linli.accounts import policy
from linli.areas.queries import community_for
from linli.common.errors import DomainError
from linli.common.schemas import BaseIn, Date, Pagination
from linli.publicservices.assistance import actions, queries
from linli.publicservices.models.assistance import Application, Status
from linli.registry.models import Household, Resident
from linli.ui.http import ApiRequest

router = Router(tags=["publicservices"])


class AssistanceDocumentIn(Schema):
    kind: str = Field(max_length=16)
    filename: str = Field("", max_length=120)
    content_type: str = Field(max_length=40)
    # base64 of the file; 5 MB of file is under 7 MB of base64.
    content: str = Field(max_length=7_000_000)


class AssistanceApplicationIn(BaseIn):
    household: str = Field(max_length=20)
    applicant: int = Field(ge=1)
    kind: str = Field(max_length=12)
    members: int = Field(ge=0, le=1000)
    monthly_income_fen: int = Field(ge=0)
    assets_fen: int = Field(ge=0)
    reason: str = Field(max_length=1000)
    requested_fen: int = Field(0, ge=0)
    documents: list[AssistanceDocumentIn] = Field(default_factory=list, max_length=20)


class AssistanceDocumentOut(Schema):
    id: int
    kind: str
    filename: str
    content_type: str
    size: int


class AssistanceApplicationOut(Schema):
    code: str
    community: str
    household: str
    applicant: str
    kind: str
    status: str
    members: int
    monthly_income_fen: int
    assets_fen: int
    requested_fen: int
    amount_fen: int
    created_at: dt.datetime
    check_due: dt.datetime
    review_due: dt.datetime | None
    notice_until: dt.datetime | None
    approve_due: dt.datetime | None
    decided_at: dt.datetime | None
    refusal: str
    next_review_on: dt.date | None
    review_flagged_on: dt.date | None

    @staticmethod
    def resolve_community(obj: Application) -> str:
        return obj.community.code

    @staticmethod
    def resolve_household(obj: Application) -> str:
        return obj.household.code

    @staticmethod
    def resolve_applicant(obj: Application) -> str:
        return obj.applicant.name


class AssistanceApplicationDetailOut(AssistanceApplicationOut):
    reason: str
    check_report: str
    documents: list[AssistanceDocumentOut]
    objections: list[str]

    @staticmethod
    def resolve_documents(obj: Application) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_objections(obj: Application) -> list[str]:
        return [o.text for o in obj.objections.all()]


def _uploads(documents: list[AssistanceDocumentIn]) -> list[actions.Upload]:
    out = []
    for d in documents:
        try:
            data = base64.b64decode(d.content, validate=True)
        except (binascii.Error, ValueError):
            raise DomainError(
                "document_encoding",
                _("Send each document's content in base64."),
                fields={"documents": [_("Send each document's content in base64.")]},
            ) from None
        out.append(actions.Upload(kind=d.kind, filename=d.filename, content_type=d.content_type, data=data))
    return out


@router.get(
    "/applications", response=list[AssistanceApplicationOut], summary="Assistance applications in reach"
)
@paginate(Pagination, page_size=50)
def list_applications(request: ApiRequest, status: str = "", step: str = "") -> Any:
    if step in queries.STEP_QUEUES:
        return queries.queue(request.auth, step)
    qs = queries.applications_for(request.auth)
    return qs.filter(status=status) if status in Status.values else qs


@router.post(
    "/applications",
    response={201: AssistanceApplicationDetailOut},
    summary="Submit an application with its documents",
)
def submit(request: ApiRequest, payload: AssistanceApplicationIn) -> Any:
    household = policy.get_or_404(
        Household.objects.select_related("community"),
        request.auth,
        "publicservices.view",
        "community",
        code=payload.household.strip().upper(),
    )
    try:
        applicant = Resident.objects.get(pk=payload.applicant, household=household)
    except Resident.DoesNotExist:
        raise DomainError(
            "applicant_not_member",
            _("The applicant must live in this household."),
            fields={"applicant": [_("The applicant must live in this household.")]},
        ) from None
    application = actions.application_submit(
        actor=request.auth,
        household=household,
        applicant=applicant,
        kind=payload.kind,
        members=payload.members,
        monthly_income_fen=payload.monthly_income_fen,
        assets_fen=payload.assets_fen,
        reason=payload.reason,
        requested_fen=payload.requested_fen,
        documents=_uploads(payload.documents),
    )
    return Answer(201, application)


@router.get("/applications/{code}", response=AssistanceApplicationDetailOut, summary="One application")
def get_application(request: ApiRequest, code: str) -> Application:
    return queries.application_for(request.auth, code)


class AssistanceCheckIn(BaseIn):
    passed: bool
    report: str = Field(max_length=2000)
    amount_fen: int = Field(0, ge=0)


class AssistanceDecisionIn(BaseIn):
    passed: bool
    reason: str = Field("", max_length=300)


@router.post(
    "/applications/{code}/check", response=AssistanceApplicationDetailOut, summary="Home visit (入户核查)"
)
def check(request: ApiRequest, code: str, payload: AssistanceCheckIn) -> Application:
    application = queries.application_for(request.auth, code)
    return actions.application_check(actor=request.auth, application=application, **payload.dict())


@router.post(
    "/applications/{code}/review", response=AssistanceApplicationDetailOut, summary="The street's review"
)
def review(request: ApiRequest, code: str, payload: AssistanceDecisionIn) -> Application:
    application = queries.application_for(request.auth, code)
    return actions.application_review(actor=request.auth, application=application, **payload.dict())


@router.post(
    "/applications/{code}/approve", response=AssistanceApplicationDetailOut, summary="The district's approval"
)
def approve(request: ApiRequest, code: str, payload: AssistanceDecisionIn) -> Application:
    application = queries.application_for(request.auth, code)
    return actions.application_approve(actor=request.auth, application=application, **payload.dict())


class AssistancePaymentIn(BaseIn):
    month: Date
    amount_fen: int = Field(ge=0)
    paid_on: Date


class AssistancePaymentOut(Schema):
    month: dt.date
    amount_fen: int
    paid_on: dt.date


@router.post(
    "/applications/{code}/payments", response={201: AssistancePaymentOut}, summary="Record a payment"
)
def pay(request: ApiRequest, code: str, payload: AssistancePaymentIn) -> Any:
    application = queries.application_for(request.auth, code)
    return Answer(201, actions.payment_record(actor=request.auth, application=application, **payload.dict()))


@router.get(
    "/applications/{code}/payments", response=list[AssistancePaymentOut], summary="Payments of an application"
)
def payments(request: ApiRequest, code: str) -> Any:
    return list(queries.application_for(request.auth, code).payments.all())


class AssistanceReviewIn(BaseIn):
    keep: bool
    note: str = Field(max_length=1000)
    amount_fen: int | None = Field(None, ge=0)


@router.post(
    "/applications/{code}/recipient-review",
    response=AssistanceApplicationDetailOut,
    summary="Periodic review of a recipient",
)
def recipient_review(request: ApiRequest, code: str, payload: AssistanceReviewIn) -> Application:
    application = queries.application_for(request.auth, code)
    return actions.recipient_review(actor=request.auth, application=application, **payload.dict())


@router.get("/reviews-due", response=list[AssistanceApplicationOut], summary="Recipients whose review is due")
@paginate(Pagination, page_size=50)
def reviews_due(request: ApiRequest) -> Any:
    return queries.reviews_due(request.auth)


class AssistanceObjectionIn(BaseIn):
    text: str = Field(max_length=1000)


@router.post(
    "/notices/{code}/objections", response={201: dict[str, str]}, summary="Object to a public notice"
)
def object_to(request: ApiRequest, code: str, payload: AssistanceObjectionIn) -> Any:
    application = queries.notice_for_objection(request.auth, code)
    actions.objection_file(actor=request.auth, application=application, text_=payload.text)
    return Answer(201, {"code": application.code})


class AssistanceNoticeRowOut(Schema):
    code: str
    name: str
    kind: str
    amount_fen: int
    notice_until: dt.datetime | None


class AssistanceNoticeOut(Schema):
    notices: list[AssistanceNoticeRowOut]
    recipients: list[AssistanceNoticeRowOut]


@router.get(
    "/notice/{community_code}",
    auth=None,
    response=AssistanceNoticeOut,
    summary="A community's assistance notice (no sign-in)",
)
def notice(request: HttpRequest, community_code: str) -> Any:
    community = community_for(None, community_code, None)
    return queries.notice_rows(community, timezone.now())
