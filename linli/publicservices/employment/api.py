"""/api/v1/publicservices/employment: seekers, postings, matching both ways, referrals and
placements with follow-ups, courses, start-ups and the figures against the plan's targets."""

import datetime as dt
from typing import Annotated, Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate

from linli.accounts import policy
from linli.areas.models import Area
from linli.areas.queries import area_by_code
from linli.common.errors import DomainError
from linli.common.schemas import BaseIn, Date, Pagination, Year
from linli.publicservices.employment import actions, employers, queries
from linli.publicservices.models.employment import Placement, Posting, Seeker, SeekerStatus, Source
from linli.publicservices.permissions import VIEW, acts_for_employer
from linli.registry.models import Resident
from linli.ui.http import ApiRequest

router = Router(tags=["publicservices"])


def _area(request: ApiRequest, code: str, capability: str = VIEW) -> Area:
    area = area_by_code(code)
    if area is None or not area.is_active or not policy.can(request.auth, capability, area):
        raise Http404
    return area


def _resident(request: ApiRequest, pk: int) -> Resident:
    return policy.get_or_404(
        Resident.objects.select_related("community"), request.auth, VIEW, "community", pk=pk
    )


class JobSeekerIn(BaseIn):
    resident: int = Field(ge=1)
    skills: str = Field("", max_length=300)
    training_wanted: str = Field("", max_length=300)
    availability: str = Field("full_time", max_length=10)


class JobSeekerOut(Schema):
    code: str
    community: str
    name: str
    source: str
    skills: list[str]
    training_wanted: list[str]
    availability: str
    status: str

    @staticmethod
    def resolve_community(obj: Seeker) -> str:
        return obj.community.code

    @staticmethod
    def resolve_name(obj: Seeker) -> str:
        return obj.resident.name

    @staticmethod
    def resolve_skills(obj: Seeker) -> list[str]:
        return sorted(obj.skill_set())

    @staticmethod
    def resolve_training_wanted(obj: Seeker) -> list[str]:
        return [w for w in obj.training_wanted.split(",") if w]


@router.get("/seekers", response=list[JobSeekerOut], summary="Job seekers in reach")
@paginate(Pagination, page_size=50)
def list_seekers(request: ApiRequest, status: str = "seeking") -> Any:
    qs = queries.seekers_for(request.auth)
    return qs.filter(status=status) if status in SeekerStatus.values else qs


@router.post("/seekers", response={201: JobSeekerOut}, summary="Register a resident as a job seeker")
def register_seeker(request: ApiRequest, payload: JobSeekerIn) -> Any:
    resident = _resident(request, payload.resident)
    seeker = actions.seeker_register(
        actor=request.auth, source=Source.WORKER, resident=resident, **payload.dict(exclude={"resident"})
    )
    return Answer(201, seeker)


@router.post(
    "/seekers/from-registry/{community_code}",
    response=dict[str, int],
    summary="Register the registry's unemployed",
)
def seekers_from_registry(request: ApiRequest, community_code: str) -> dict[str, int]:
    community = _area(request, community_code)
    return {"added": actions.seekers_from_registry(actor=request.auth, community=community)}


@router.get("/seekers/{code}", response=JobSeekerOut, summary="One job seeker")
def get_seeker(request: ApiRequest, code: str) -> Seeker:
    return queries.seeker_for(request.auth, code)


class JobPostingIn(BaseIn):
    # An employer's staff name their employer instead of an area; staff may name both.
    area_code: str = Field("", max_length=20)
    employer_code: str = Field("", max_length=12)
    employer: str = Field("", max_length=100)
    title: str = Field(max_length=100)
    kind: str = Field(max_length=16)
    availability: str = Field(max_length=10)
    skills: str = Field("", max_length=300)
    openings: int = Field(1, ge=0, le=100_000)
    wage_fen: int = Field(0, ge=0)
    welfare_line: str = Field("", max_length=40)
    funding: str = Field("", max_length=100)
    monthly_subsidy_fen: int = Field(0, ge=0)


class JobPostingOut(Schema):
    code: str
    area: str
    employer: str
    employer_code: str
    title: str
    kind: str
    welfare_line: str
    funding: str
    monthly_subsidy_fen: int
    skills: list[str]
    availability: str
    openings: int
    wage_fen: int
    status: str

    @staticmethod
    def resolve_area(obj: Posting) -> str:
        return obj.area.code

    @staticmethod
    def resolve_employer_code(obj: Posting) -> str:
        return obj.unit.code if obj.unit_id and obj.unit else ""

    @staticmethod
    def resolve_skills(obj: Posting) -> list[str]:
        return sorted(obj.skill_set())


@router.get("/postings", response=list[JobPostingOut], summary="Job postings in reach")
@paginate(Pagination, page_size=50)
def list_postings(request: ApiRequest, kind: str = "") -> Any:
    qs = queries.postings_for(request.auth)
    return qs.filter(kind=kind) if kind else qs


@router.post("/postings", response={201: JobPostingOut}, summary="Take in a posting (incl. 公益性岗位)")
def create_posting(request: ApiRequest, payload: JobPostingIn) -> Any:
    unit = employers.employer_for(request.auth, payload.employer_code) if payload.employer_code else None
    if unit is not None and acts_for_employer(request.auth, unit.pk):
        area = unit.area
    else:
        area = _area(request, payload.area_code)
    data = payload.dict(exclude={"area_code", "employer_code"})
    if unit is not None:
        data["employer"] = data["employer"] or unit.name
    return Answer(201, actions.posting_create(actor=request.auth, area=area, unit=unit, **data))


class JobEmployerIn(BaseIn):
    area_code: str = Field(max_length=20)
    name: str = Field(max_length=100)
    # Sign-in names of accounts holding the employer role at the area.
    members: list[str] = Field([], max_length=50)


class JobEmployerOut(Schema):
    code: str
    area: str
    name: str
    is_active: bool

    @staticmethod
    def resolve_area(obj: Any) -> str:
        return obj.area.code


@router.get("/employers", response=list[JobEmployerOut], summary="Employers in reach (or one's own)")
@paginate(Pagination, page_size=50)
def list_employers(request: ApiRequest) -> Any:
    return employers.employers_for(request.auth)


@router.post("/employers", response={201: JobEmployerOut}, summary="Register an employer and its staff")
def create_employer(request: ApiRequest, payload: JobEmployerIn) -> Any:
    area = _area(request, payload.area_code)
    members = employers.accounts(payload.members, area)
    return Answer(
        201, employers.employer_register(actor=request.auth, area=area, name=payload.name, members=members)
    )


class JobSeekerMatchOut(Schema):
    seeker: JobSeekerOut
    score: int


class JobPostingMatchOut(Schema):
    posting: JobPostingOut
    score: int


@router.get(
    "/postings/{code}/matches", response=list[JobSeekerMatchOut], summary="Seekers matching a posting"
)
def posting_matches(request: ApiRequest, code: str, limit: Annotated[int, Field(ge=1, le=200)] = 50) -> Any:
    posting = queries.posting_for(request.auth, code)
    return [{"seeker": s, "score": n} for s, n in queries.seekers_matching(request.auth, posting, limit)]


@router.get(
    "/seekers/{code}/matches", response=list[JobPostingMatchOut], summary="Postings matching a seeker"
)
def seeker_matches(request: ApiRequest, code: str) -> Any:
    seeker = queries.seeker_for(request.auth, code)
    return [{"posting": p, "score": n} for p, n in queries.postings_matching(request.auth, seeker)]


class JobReferralIn(BaseIn):
    posting: str = Field(max_length=12)
    seeker: str = Field("", max_length=12)
    # Or the resident: refused with a clear message when they are not registered as a seeker.
    resident: int | None = Field(None, ge=1)


class JobPlacementOut(Schema):
    code: str
    seeker: str
    posting: str
    status: str
    interview_at: dt.datetime | None
    placed_on: dt.date | None
    followup_3_on: dt.date | None
    followup_3_in_job: bool | None
    followup_6_on: dt.date | None
    followup_6_in_job: bool | None

    @staticmethod
    def resolve_seeker(obj: Placement) -> str:
        return obj.seeker.code

    @staticmethod
    def resolve_posting(obj: Placement) -> str:
        return obj.posting.code


@router.post("/referrals", response={201: JobPlacementOut}, summary="Refer a seeker to a posting")
def refer(request: ApiRequest, payload: JobReferralIn) -> Any:
    posting = queries.posting_for(request.auth, payload.posting)
    if payload.seeker:
        seeker: Seeker | None = queries.seeker_for(request.auth, payload.seeker)
    elif payload.resident:
        resident = _resident(request, payload.resident)
        seeker = (
            queries.seekers_for(request.auth).filter(resident=resident, status=SeekerStatus.SEEKING).first()
        )
    else:
        message = _("Name the job seeker (or the resident) to refer.")
        raise DomainError("seeker_required", message, fields={"seeker": [message]})
    return Answer(201, actions.referral_create(actor=request.auth, seeker=seeker, posting=posting))


@router.get("/referrals", response=list[JobPlacementOut], summary="Referrals and placements in reach")
@paginate(Pagination, page_size=50)
def list_referrals(request: ApiRequest) -> Any:
    return queries.placements_for(request.auth)


class JobInterviewIn(BaseIn):
    at: dt.datetime


class JobDecideIn(BaseIn):
    hired: bool
    start: Date | None = None


class JobFollowupIn(BaseIn):
    months: int = Field(ge=0, le=12)
    in_job: bool


@router.post("/referrals/{code}/interview", response=JobPlacementOut, summary="Arrange the interview")
def interview(request: ApiRequest, code: str, payload: JobInterviewIn) -> Placement:
    return actions.placement_interview(
        actor=request.auth, placement=queries.placement_for(request.auth, code), at=payload.at
    )


@router.post("/referrals/{code}/decision", response=JobPlacementOut, summary="Hired (placed) or not")
def decide(request: ApiRequest, code: str, payload: JobDecideIn) -> Placement:
    return actions.placement_decide(
        actor=request.auth, placement=queries.placement_for(request.auth, code), **payload.dict()
    )


@router.post("/referrals/{code}/followup", response=JobPlacementOut, summary="3- or 6-month follow-up")
def followup(request: ApiRequest, code: str, payload: JobFollowupIn) -> Placement:
    return actions.followup_record(
        actor=request.auth, placement=queries.placement_for(request.auth, code), **payload.dict()
    )


class JobCourseIn(BaseIn):
    area_code: str = Field(max_length=20)
    title: str = Field(max_length=100)
    skill: str = Field(max_length=40)
    starts_on: Date
    ends_on: Date
    places: int = Field(ge=0, le=100_000)


class JobCourseOut(Schema):
    code: str
    title: str
    skill: str
    starts_on: dt.date
    ends_on: dt.date
    places: int
    enrolled: int
    completed: int

    @staticmethod
    def resolve_enrolled(obj: Any) -> int:
        return obj.enrolments.count()

    @staticmethod
    def resolve_completed(obj: Any) -> int:
        return obj.enrolments.filter(completed_on__isnull=False).count()


@router.post("/courses", response={201: JobCourseOut}, summary="Open a training course")
def create_course(request: ApiRequest, payload: JobCourseIn) -> Any:
    area = _area(request, payload.area_code)
    return Answer(
        201, actions.course_create(actor=request.auth, area=area, **payload.dict(exclude={"area_code"}))
    )


@router.get("/courses", response=list[JobCourseOut], summary="Training courses in reach")
@paginate(Pagination, page_size=50)
def list_courses(request: ApiRequest) -> Any:
    return queries.courses_for(request.auth)


class JobEnrolIn(BaseIn):
    seeker: str = Field(max_length=12)


class JobCompleteIn(BaseIn):
    seeker: str = Field(max_length=12)
    on: Date


@router.post("/courses/{code}/enrolments", response={201: JobCourseOut}, summary="Enrol a seeker")
def enrol(request: ApiRequest, code: str, payload: JobEnrolIn) -> Any:
    course = queries.course_for(request.auth, code)
    actions.enrolment_add(
        actor=request.auth, course=course, seeker=queries.seeker_for(request.auth, payload.seeker)
    )
    return Answer(201, course)


@router.post("/courses/{code}/completions", response=JobCourseOut, summary="A seeker completed the course")
def complete(request: ApiRequest, code: str, payload: JobCompleteIn) -> Any:
    course = queries.course_for(request.auth, code)
    seeker = queries.seeker_for(request.auth, payload.seeker)
    enrolment = course.enrolments.filter(seeker=seeker).first()
    if enrolment is None:
        raise Http404
    actions.enrolment_complete(actor=request.auth, enrolment=enrolment, on=payload.on)
    return course


class JobStartUpIn(BaseIn):
    founder: int = Field(ge=1)
    business: str = Field(max_length=100)
    support: str = Field("", max_length=200)
    started_on: Date
    jobs_created: int = Field(0, ge=0, le=100_000)


class JobStartUpOut(Schema):
    code: str
    community: str
    business: str
    support: str
    started_on: dt.date
    jobs_created: int

    @staticmethod
    def resolve_community(obj: Any) -> str:
        return obj.community.code


@router.post("/startups", response={201: JobStartUpOut}, summary="Record a start-up support case")
def create_startup(request: ApiRequest, payload: JobStartUpIn) -> Any:
    founder = _resident(request, payload.founder)
    return Answer(
        201, actions.startup_create(actor=request.auth, founder=founder, **payload.dict(exclude={"founder"}))
    )


@router.get("/startups", response=list[JobStartUpOut], summary="Start-up cases in reach")
@paginate(Pagination, page_size=50)
def list_startups(request: ApiRequest) -> Any:
    return queries.startups_for(request.auth)


class JobFiguresOut(Schema):
    area: str
    name: str
    seeking: int
    placed: int
    welfare_placed: int
    jobs_opened: int
    startups: int
    startup_jobs: int
    followup_6_done: int
    followup_6_kept: int


class JobFiguresPageOut(Schema):
    year: int
    plan_targets_city: dict[str, int]
    rows: list[JobFiguresOut]


@router.get(
    "/figures/{area_code}",
    response=JobFiguresPageOut,
    summary="Figures of an area against the plan's targets",
)
def figures(request: ApiRequest, area_code: str, year: Year) -> Any:
    area = _area(request, area_code)
    rows = [
        {
            **{k: getattr(f, k) for k in JobFiguresOut.model_fields if k not in ("area", "name")},
            "area": f.area.code,
            "name": f.area.name,
        }
        for f in queries.figures(request.auth, area, year)
    ]
    return {"year": year, "plan_targets_city": queries.PLAN_TARGETS, "rows": rows}
