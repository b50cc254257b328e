"""/api/v1/publicservices/property: estates, owners' committees, property companies and contracts,
joint meetings with decisions and follow-ups, property complaints linked from tickets with their
three rates, and the satisfaction survey (residents answer; results per estate and company, the
public figures with small counts suppressed)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate

from linli.areas.queries import area_for, community_for
from linli.common.schemas import BaseIn, Pagination
from linli.publicservices.models.property import (
    Committee,
    Company,
    Contract,
    Decision,
    Estate,
    Meeting,
    Survey,
)
from linli.publicservices.permissions import VIEW
from linli.publicservices.property import actions, queries
from linli.registry.models import Building
from linli.ui.http import ApiRequest

router = Router(tags=["publicservices"])


# ---------------------------------------------------------------- estates and committees


class PropertyEstateIn(BaseIn):
    community: str = Field(max_length=20)
    name: str = Field(max_length=60)
    buildings: list[int] = Field(max_length=200)


class PropertyMemberSchema(Schema):
    name: str = Field(max_length=50)
    position: str = Field(max_length=16)
    dwelling: str = Field("", max_length=40)
    votes_owners: int = Field(ge=0, le=1_000_000)
    votes_area_m2: Decimal = Field(ge=0, max_digits=10, decimal_places=2)


class PropertyCommitteeOut(Schema):
    code: str
    elected_on: dt.date
    term_starts: dt.date
    term_ends: dt.date
    owners_total: int
    owners_voted: int
    area_total_m2: Decimal
    area_voted_m2: Decimal
    record: str
    filed_with_street_on: dt.date | None
    members: list[PropertyMemberSchema]

    @staticmethod
    def resolve_members(obj: Committee) -> list[Any]:
        return list(obj.members.all())


class PropertyEstateOut(Schema):
    code: str
    community: str
    name: str
    buildings: list[str]

    @staticmethod
    def resolve_community(obj: Estate) -> str:
        return obj.community.code

    @staticmethod
    def resolve_buildings(obj: Estate) -> list[str]:
        return [b.name for b in obj.buildings.all()]


@router.get("/estates", response=list[PropertyEstateOut], summary="Estates in reach")
@paginate(Pagination, page_size=50)
def list_estates(request: ApiRequest) -> Any:
    return queries.estates_for(request.auth).prefetch_related("buildings")


@router.post("/estates", response={201: PropertyEstateOut}, summary="Make an estate of buildings")
def create_estate(request: ApiRequest, payload: PropertyEstateIn) -> Any:
    community = community_for(request.auth, payload.community, VIEW)
    buildings = list(Building.objects.filter(pk__in=payload.buildings, community=community))
    if len(buildings) != len(set(payload.buildings)):
        raise Http404
    return Answer(
        201,
        actions.estate_create(
            actor=request.auth, community=community, name=payload.name, buildings=buildings
        ),
    )


class PropertyCommitteeIn(BaseIn):
    elected_on: dt.date
    term_years: int = Field(ge=1, le=10)
    owners_total: int = Field(ge=0, le=1_000_000)
    owners_voted: int = Field(ge=0, le=1_000_000)
    area_total_m2: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    area_voted_m2: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    record: str = Field(max_length=200)
    filed_with_street_on: dt.date | None = None
    members: list[PropertyMemberSchema] = Field(max_length=20)


@router.get(
    "/estates/{code}/committees", response=list[PropertyCommitteeOut], summary="An estate's committees"
)
def list_committees(request: ApiRequest, code: str) -> Any:
    estate = queries.estate_for(request.auth, code)
    return list(queries.committees_for(request.auth).filter(estate=estate).prefetch_related("members"))


@router.post(
    "/estates/{code}/committees",
    response={201: PropertyCommitteeOut},
    summary="Record an owners' committee and its election",
)
def record_committee(request: ApiRequest, code: str, payload: PropertyCommitteeIn) -> Any:
    estate = queries.estate_for(request.auth, code)
    return Answer(
        201,
        actions.committee_record(
            actor=request.auth,
            estate=estate,
            elected_on=payload.elected_on,
            term_years=payload.term_years,
            owners_total=payload.owners_total,
            owners_voted=payload.owners_voted,
            area_total_m2=payload.area_total_m2,
            area_voted_m2=payload.area_voted_m2,
            record_ref=payload.record,
            filed_with_street_on=payload.filed_with_street_on,
            members=[actions.MemberIn(**m.dict()) for m in payload.members],
        ),
    )


# ---------------------------------------------------------------- companies and contracts


class PropertyCompanyIn(BaseIn):
    area: str = Field(max_length=20)
    name: str = Field(max_length=100)
    credit_code: str = Field(max_length=30)
    scopes: list[str] = Field(max_length=20)
    contact: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)


class PropertyCompanyOut(Schema):
    code: str
    area: str
    name: str
    credit_code: str
    contact: str
    phone: str
    scopes: list[str]

    @staticmethod
    def resolve_area(obj: Company) -> str:
        return obj.area.code


@router.get("/companies", response=list[PropertyCompanyOut], summary="Property companies in reach")
@paginate(Pagination, page_size=50)
def list_companies(request: ApiRequest) -> Any:
    return queries.companies_for(request.auth)


@router.post("/companies", response={201: PropertyCompanyOut}, summary="Register a property company")
def register_company(request: ApiRequest, payload: PropertyCompanyIn) -> Any:
    area = area_for(request.auth, payload.area, VIEW)
    return Answer(
        201,
        actions.company_register(
            actor=request.auth,
            area=area,
            name=payload.name,
            credit_code=payload.credit_code,
            scopes=payload.scopes,
            contact=payload.contact,
            phone=payload.phone,
        ),
    )


class PropertyItemSchema(Schema):
    scope: str = Field(max_length=16)
    standard: str = Field(max_length=200)


class PropertyContractIn(BaseIn):
    company: str = Field(max_length=12)
    estate: str = Field(max_length=12)
    starts_on: dt.date
    ends_on: dt.date
    fee_fen_m2: int = Field(ge=0, le=1_000_000)
    items: list[PropertyItemSchema] = Field(max_length=20)


class PropertyContractOut(Schema):
    code: str
    company: str
    estate: str
    starts_on: dt.date
    ends_on: dt.date
    fee_fen_m2: int
    items: list[PropertyItemSchema]

    @staticmethod
    def resolve_company(obj: Contract) -> str:
        return obj.company.code

    @staticmethod
    def resolve_estate(obj: Contract) -> str:
        return obj.estate.code

    @staticmethod
    def resolve_items(obj: Contract) -> list[Any]:
        return list(obj.items.all())


@router.get("/contracts", response=list[PropertyContractOut], summary="Property contracts in reach")
@paginate(Pagination, page_size=50)
def list_contracts(request: ApiRequest) -> Any:
    return queries.contracts_for(request.auth)


@router.post("/contracts", response={201: PropertyContractOut}, summary="Record a property contract")
def create_contract(request: ApiRequest, payload: PropertyContractIn) -> Any:
    estate = queries.estate_for(request.auth, payload.estate)
    company = queries.company_for(request.auth, payload.company)
    return Answer(
        201,
        actions.contract_create(
            actor=request.auth,
            company=company,
            estate=estate,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            fee_fen_m2=payload.fee_fen_m2,
            items=[actions.ItemIn(scope=i.scope, standard=i.standard) for i in payload.items],
        ),
    )


# ---------------------------------------------------------------- joint meetings


class PropertyAttendeeSchema(Schema):
    party: str = Field(max_length=12)
    name: str = Field(max_length=50)


class PropertyDecisionIn(BaseIn):
    text: str = Field(max_length=500)
    owner_party: str = Field(max_length=12)
    owner_name: str = Field(max_length=50)
    due_on: dt.date


class PropertyFollowUpOut(Schema):
    at: dt.datetime
    note: str


class PropertyDecisionOut(Schema):
    code: str
    meeting: str
    text: str
    owner_party: str
    owner_name: str
    due_on: dt.date
    status: str
    done_on: dt.date | None
    follow_ups: list[PropertyFollowUpOut]

    @staticmethod
    def resolve_meeting(obj: Decision) -> str:
        return obj.meeting.code

    @staticmethod
    def resolve_follow_ups(obj: Decision) -> list[Any]:
        return list(obj.follow_ups.all())


class PropertyMeetingIn(BaseIn):
    estate: str = Field(max_length=12)
    held_at: dt.datetime
    place: str = Field("", max_length=100)
    topic: str = Field(max_length=200)
    minutes: str = Field(max_length=8000)
    attendees: list[PropertyAttendeeSchema] = Field(max_length=50)
    decisions: list[PropertyDecisionIn] = Field([], max_length=50)


class PropertyMeetingOut(Schema):
    code: str
    estate: str
    held_at: dt.datetime
    place: str
    topic: str
    minutes: str
    attendees: list[PropertyAttendeeSchema]
    decisions: list[PropertyDecisionOut]

    @staticmethod
    def resolve_estate(obj: Meeting) -> str:
        return obj.estate.code

    @staticmethod
    def resolve_attendees(obj: Meeting) -> list[Any]:
        return list(obj.attendees.all())

    @staticmethod
    def resolve_decisions(obj: Meeting) -> list[Any]:
        return list(obj.decisions.select_related("meeting").prefetch_related("follow_ups"))


@router.get("/meetings", response=list[PropertyMeetingOut], summary="Joint meetings in reach")
@paginate(Pagination, page_size=50)
def list_meetings(request: ApiRequest) -> Any:
    return queries.meetings_for(request.auth).prefetch_related("attendees")


@router.post("/meetings", response={201: PropertyMeetingOut}, summary="Record a joint meeting")
def record_meeting(request: ApiRequest, payload: PropertyMeetingIn) -> Any:
    estate = queries.estate_for(request.auth, payload.estate)
    return Answer(
        201,
        actions.meeting_record(
            actor=request.auth,
            estate=estate,
            held_at=payload.held_at,
            place=payload.place,
            topic=payload.topic,
            minutes=payload.minutes,
            attendees=[actions.AttendeeIn(party=a.party, name=a.name) for a in payload.attendees],
            decisions=[actions.DecisionIn(**d.dict()) for d in payload.decisions],
        ),
    )


@router.get("/meetings/{code}", response=PropertyMeetingOut, summary="One joint meeting")
def get_meeting(request: ApiRequest, code: str) -> Meeting:
    return queries.meeting_for(request.auth, code)


@router.post("/meetings/{code}/decisions", response={201: PropertyDecisionOut}, summary="Add a decision")
def add_decision(request: ApiRequest, code: str, payload: PropertyDecisionIn) -> Any:
    meeting = queries.meeting_for(request.auth, code)
    return Answer(
        201,
        actions.decision_add(
            actor=request.auth, meeting=meeting, decision=actions.DecisionIn(**payload.dict())
        ),
    )


@router.get("/decisions", response=list[PropertyDecisionOut], summary="Decisions in reach")
@paginate(Pagination, page_size=50)
def list_decisions(request: ApiRequest, status: str = "", overdue: bool = False) -> Any:
    qs = (
        queries.overdue_decisions(request.auth, timezone.now())
        if overdue
        else queries.decisions_for(request.auth)
    )
    qs = qs.prefetch_related("follow_ups")
    return qs.filter(status=status) if status else qs


class PropertyFollowUpIn(BaseIn):
    note: str = Field(max_length=500)
    done: bool = False


@router.post("/decisions/{code}/follow-ups", response=PropertyDecisionOut, summary="Follow a decision up")
def follow_up(request: ApiRequest, code: str, payload: PropertyFollowUpIn) -> Decision:
    decision = queries.decision_for(request.auth, code)
    return actions.decision_follow_up(
        actor=request.auth, decision=decision, note=payload.note, done=payload.done
    )


# ---------------------------------------------------------------- complaints


class PropertyComplaintIn(BaseIn):
    ticket: str = Field(max_length=20)
    estate: str = Field(max_length=12)


class PropertyComplaintOut(Schema):
    ticket: str
    title: str
    status: str
    submitted_at: dt.datetime
    estate: str
    company: str
    automatic: bool

    @staticmethod
    def resolve_ticket(obj: Any) -> str:
        return obj.ticket.code

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return obj.ticket.title

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return obj.ticket.status

    @staticmethod
    def resolve_submitted_at(obj: Any) -> dt.datetime:
        return obj.ticket.submitted_at

    @staticmethod
    def resolve_estate(obj: Any) -> str:
        return obj.estate.code

    @staticmethod
    def resolve_company(obj: Any) -> str:
        return obj.company.code

    @staticmethod
    def resolve_automatic(obj: Any) -> bool:
        return obj.linked_by_id is None


@router.get("/complaints", response=list[PropertyComplaintOut], summary="Property complaints in reach")
@paginate(Pagination, page_size=50)
def list_complaints(request: ApiRequest, company: str = "") -> Any:
    qs = queries.complaints_for(request.auth)
    return qs.filter(company__code=company.strip().upper()) if company else qs


@router.post(
    "/complaints", response={201: PropertyComplaintOut}, summary="Link a ticket as a property complaint"
)
def link_complaint(request: ApiRequest, payload: PropertyComplaintIn) -> Any:
    estate = queries.estate_for(request.auth, payload.estate)
    ticket = queries.tickets_in_reach(request.auth).filter(code=payload.ticket.strip().upper()).first()
    if ticket is None:
        raise Http404
    return Answer(201, actions.complaint_link(actor=request.auth, ticket=ticket, estate=estate))


class PropertyRatesOut(Schema):
    complaints: int
    responses: int
    responded: int
    evaluated: int
    resolved: int
    satisfied: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None


@router.get(
    "/companies/{code}/rates", response=PropertyRatesOut, summary="A company's complaints: three rates"
)
def company_rates(request: ApiRequest, code: str) -> Any:
    company = queries.company_for(request.auth, code)
    complaints = queries.complaints_for(request.auth).filter(company=company)
    rates = queries.complaint_rates(complaints, timezone.now())
    return {
        "complaints": complaints.count(),
        **{k: getattr(rates, k) for k in PropertyRatesOut.model_fields if k != "complaints"},
    }


# ---------------------------------------------------------------- survey


class PropertySurveyIn(BaseIn):
    estate: str = Field(max_length=12)
    title: str = Field(max_length=100)
    opens_on: dt.date
    closes_on: dt.date


class PropertySurveyOut(Schema):
    code: str
    estate: str
    company: str
    title: str
    opens_on: dt.date
    closes_on: dt.date

    @staticmethod
    def resolve_estate(obj: Survey) -> str:
        return obj.estate.code

    @staticmethod
    def resolve_company(obj: Survey) -> str:
        return obj.company.code


class PropertyAspectOut(Schema):
    aspect: str
    counts: dict[int, int | None]
    average: float | None
    satisfied_pct: float | None


class PropertyResultsOut(Schema):
    answers: int | None
    suppressed: bool
    aspects: list[PropertyAspectOut]


@router.get("/surveys", response=list[PropertySurveyOut], summary="Surveys in reach")
@paginate(Pagination, page_size=50)
def list_surveys(request: ApiRequest) -> Any:
    return queries.surveys_for(request.auth)


@router.post("/surveys", response={201: PropertySurveyOut}, summary="Open a satisfaction survey")
def open_survey(request: ApiRequest, payload: PropertySurveyIn) -> Any:
    estate = queries.estate_for(request.auth, payload.estate)
    return Answer(
        201,
        actions.survey_open(
            actor=request.auth,
            estate=estate,
            title=payload.title,
            opens_on=payload.opens_on,
            closes_on=payload.closes_on,
        ),
    )


@router.get("/surveys/{code}/results", response=PropertyResultsOut, summary="A survey's results")
def survey_results(request: ApiRequest, code: str) -> Any:
    return queries.results([queries.survey_for(request.auth, code)])


@router.get("/companies/{code}/results", response=PropertyResultsOut, summary="A company's survey results")
def company_results(request: ApiRequest, code: str) -> Any:
    company = queries.company_for(request.auth, code)
    return queries.results(queries.surveys_for(request.auth).filter(company=company))


@router.get(
    "/open-surveys", response=list[PropertySurveyOut], summary="Surveys the signed-in resident may answer"
)
def my_surveys(request: ApiRequest) -> Any:
    return [s for s, _ in queries.open_surveys_for_resident(request.auth)]


class PropertyAnswerIn(BaseIn):
    scores: dict[str, int]


@router.post("/open-surveys/{code}/answer", response={201: dict[str, bool]}, summary="Answer a survey once")
def answer_survey(request: ApiRequest, code: str, payload: PropertyAnswerIn) -> Any:
    mine = {s.code: (s, r) for s, r in queries.open_surveys_for_resident(request.auth)}
    if code.strip().upper() not in mine:
        raise Http404
    survey, resident = mine[code.strip().upper()]
    actions.survey_answer(actor=request.auth, survey=survey, resident=resident, scores=payload.scores)
    return Answer(201, {"answered": True})


class PropertyPublicRowOut(Schema):
    estate: str
    company: str
    survey: str
    closes_on: dt.date
    results: PropertyResultsOut


@router.get(
    "/results/{community_code}",
    auth=None,
    response=list[PropertyPublicRowOut],
    summary="A community's survey results (no sign-in; counts under 5 suppressed)",
)
def public_results(request: HttpRequest, community_code: str) -> Any:
    return queries.public_rows(community_for(None, community_code, None), timezone.now())
