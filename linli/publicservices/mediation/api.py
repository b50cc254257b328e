"""/api/v1/publicservices/mediation: mediators, cases with parties and sessions, agreement,
referral, follow-up and the monthly figures."""

import datetime as dt
from typing import Annotated, Any

from django.http import Http404
from ninja import Field, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate

from linli.areas.models import Area
from linli.areas.queries import area_by_code, community_for
from linli.common.schemas import BaseIn, Pagination, Year
from linli.publicservices.mediation import actions, queries
from linli.publicservices.models.mediation import Case
from linli.publicservices.permissions import VIEW
from linli.registry.models import Resident
from linli.ui.http import ApiRequest

router = Router(tags=["publicservices"])


def _community(request: ApiRequest, code: str) -> Area:
    """A community of the viewer's reach, or one whose mediation group they sit in."""
    area = community_for(request.auth, code, None)
    if not queries.may_see(request.auth, area):
        raise Http404
    return area


class MediationMediatorIn(BaseIn):
    community: str = Field(max_length=20)
    name: str = Field(max_length=50)
    in_group: bool = True
    # The sign-in name of an account holding the mediator role in the community (optional).
    username: str = Field("", max_length=150)


class MediationMediatorOut(Schema):
    id: int
    name: str
    in_group: bool


@router.get("/mediators", response=list[MediationMediatorOut], summary="Mediators in reach")
def list_mediators(request: ApiRequest) -> Any:
    return list(queries.mediators_for(request.auth)[:500])


@router.post("/mediators", response={201: MediationMediatorOut}, summary="Add a mediator")
def add_mediator(request: ApiRequest, payload: MediationMediatorIn) -> Any:
    community = community_for(request.auth, payload.community, VIEW)
    return Answer(
        201,
        actions.mediator_add(
            actor=request.auth,
            community=community,
            name=payload.name,
            in_group=payload.in_group,
            user=actions.account(payload.username),
        ),
    )


class MediationPartySchema(Schema):
    name: str = Field(max_length=50)
    side: str = Field(max_length=12)
    resident: int | None = Field(None, ge=1)


class MediationCaseIn(BaseIn):
    community: str = Field(max_length=20)
    source: str = Field(max_length=10)
    kind: str = Field(max_length=12)
    summary: str = Field(max_length=2000)
    ticket_code: str = Field("", max_length=20)
    parties: list[MediationPartySchema] = Field(max_length=20)


class MediationSessionOut(Schema):
    held_at: dt.datetime
    mediator: str
    notes: str

    @staticmethod
    def resolve_mediator(obj: Any) -> str:
        return obj.mediator.name


class MediationCaseOut(Schema):
    code: str
    community: str
    source: str
    ticket_code: str
    kind: str
    status: str
    summary: str
    opened_at: dt.datetime
    agreed_at: dt.datetime | None
    agreement: str
    referred_to: str
    followed_up_on: dt.date | None
    agreement_kept: bool | None
    parties: list[MediationPartySchema]
    sessions: list[MediationSessionOut]

    @staticmethod
    def resolve_community(obj: Case) -> str:
        return obj.community.code

    @staticmethod
    def resolve_parties(obj: Case) -> list[dict[str, Any]]:
        return [{"name": p.name, "side": p.side, "resident": p.resident_id} for p in obj.parties.all()]

    @staticmethod
    def resolve_sessions(obj: Case) -> list[Any]:
        return list(obj.sessions.select_related("mediator"))


@router.get("/cases", response=list[MediationCaseOut], summary="Mediation cases in reach")
@paginate(Pagination, page_size=50)
def list_cases(request: ApiRequest, status: str = "") -> Any:
    qs = queries.cases_for(request.auth).prefetch_related("parties")
    return qs.filter(status=status) if status else qs


@router.post("/cases", response={201: MediationCaseOut}, summary="Open a case")
def open_case(request: ApiRequest, payload: MediationCaseIn) -> Any:
    community = _community(request, payload.community)
    parties = []
    for p in payload.parties:
        resident = None
        if p.resident:
            resident = Resident.objects.filter(pk=p.resident, community=community).first()
            if resident is None:
                raise Http404
        parties.append(actions.PartyIn(name=p.name, side=p.side, resident=resident))
    case = actions.case_open(
        actor=request.auth,
        community=community,
        source=payload.source,
        kind=payload.kind,
        summary=payload.summary,
        ticket_code=payload.ticket_code,
        parties=parties,
    )
    return Answer(201, case)


@router.get("/cases/{code}", response=MediationCaseOut, summary="One case")
def get_case(request: ApiRequest, code: str) -> Case:
    return queries.case_for(request.auth, code)


class MediationSessionIn(BaseIn):
    mediator: int = Field(ge=1)
    held_at: dt.datetime
    notes: str = Field(max_length=4000)


@router.post("/cases/{code}/sessions", response={201: MediationCaseOut}, summary="Record a session")
def add_session(request: ApiRequest, code: str, payload: MediationSessionIn) -> Any:
    case = queries.case_for(request.auth, code)
    mediator = queries.mediator_for(request.auth, payload.mediator)
    actions.session_record(
        actor=request.auth, case=case, mediator=mediator, held_at=payload.held_at, notes=payload.notes
    )
    return Answer(201, case)


class MediationAgreementIn(BaseIn):
    agreement: str = Field(max_length=4000)


class MediationReferIn(BaseIn):
    to: str = Field(max_length=10)
    reason: str = Field(max_length=500)


class MediationFollowUpIn(BaseIn):
    kept: bool


@router.post("/cases/{code}/agreement", response=MediationCaseOut, summary="Record the agreement")
def agree(request: ApiRequest, code: str, payload: MediationAgreementIn) -> Case:
    return actions.agreement_record(
        actor=request.auth, case=queries.case_for(request.auth, code), agreement=payload.agreement
    )


@router.post("/cases/{code}/referral", response=MediationCaseOut, summary="Refer to the street or a court")
def refer(request: ApiRequest, code: str, payload: MediationReferIn) -> Case:
    return actions.case_refer(
        actor=request.auth, case=queries.case_for(request.auth, code), to=payload.to, reason=payload.reason
    )


@router.post("/cases/{code}/follow-up", response=MediationCaseOut, summary="Follow up the agreement")
def follow_up(request: ApiRequest, code: str, payload: MediationFollowUpIn) -> Case:
    return actions.case_follow_up(
        actor=request.auth, case=queries.case_for(request.auth, code), kept=payload.kept
    )


class MediationMonthOut(Schema):
    cases: int
    agreed: int
    referred: int
    success_rate: float | None
    median_days_to_agreement: float | None


@router.get("/figures/{area_code}", response=MediationMonthOut, summary="A month's mediation figures")
def figures(
    request: ApiRequest, area_code: str, year: Year, month: Annotated[int, Field(ge=1, le=12)]
) -> Any:
    area = area_by_code(area_code)
    if area is None or not queries.may_see(request.auth, area):
        raise Http404
    return queries.monthly(request.auth, area, year, month)
