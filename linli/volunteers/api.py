"""/api/v1/volunteers: the roll, teams, activities and sign-up, check-in, the hours ledger,
certificates (verified without login), the volunteer share and the export for the credit link.

ID numbers and phones are never sent whole (masked); minutes are integers; a row outside the
caller's reach is 404 like an absent one.
"""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.accounts import policy
from linli.areas.queries import area_for, community_for
from linli.common.errors import DomainError
from linli.common.masking import mask_id_number, mask_phone
from linli.common.schemas import BaseIn, DateTime, Id, Pagination, column
from linli.ui.http import ApiRequest
from linli.volunteers import actions, checkin_code, queries, share
from linli.volunteers.models import Activity, Certificate, Movement, Shift, SignUp, Team, Volunteer

router = Router(tags=["volunteers"])


def _now() -> dt.datetime:
    return timezone.now()


# --- the roll ------------------------------------------------------------------------------------


class VolunteerIn(BaseIn):
    community_code: str
    name: str = column(Volunteer, "name")
    id_number: str
    phone: str = ""
    skills: list[str] = []
    availability: list[str] = []
    background: str = ""


class JoinIn(BaseIn):
    phone: str = ""
    skills: list[str] = []
    availability: list[str] = []


class VolunteerOut(Schema):
    number: str
    name: str
    community_code: str
    id_number: str
    phone: str
    skills: list[str]
    availability: list[str]
    background: str
    status: str
    linked_to_registry: bool
    registered_at: dt.datetime

    @staticmethod
    def resolve_community_code(obj: Volunteer) -> str:
        return obj.community.code

    @staticmethod
    def resolve_id_number(obj: Volunteer) -> str:
        return mask_id_number(obj.id_number)

    @staticmethod
    def resolve_phone(obj: Volunteer) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_skills(obj: Volunteer) -> list[str]:
        return obj.skill_list()

    @staticmethod
    def resolve_availability(obj: Volunteer) -> list[str]:
        return obj.availability_list()

    @staticmethod
    def resolve_linked_to_registry(obj: Volunteer) -> bool:
        return obj.resident_id is not None


@router.get("/roll", response=list[VolunteerOut], summary="Volunteers in the caller's reach (?community=)")
@paginate(Pagination, page_size=50)
def list_volunteers(request: ApiRequest, community: str = "", skill: str = "") -> Any:
    qs = queries.volunteers_for(request.auth)
    if community:
        qs = qs.filter(community=community_for(request.auth, community, "volunteers.view"))
    if skill:
        qs = qs.filter(skills__contains=skill[:20])
    return qs.order_by("community__code", "name", "pk")


@router.post("/roll", response={201: VolunteerOut}, summary="Register a volunteer (community staff)")
def register_volunteer(request: ApiRequest, payload: VolunteerIn) -> Status[Volunteer]:
    community = community_for(request.auth, payload.community_code, "volunteers.view")
    values = payload.dict(exclude={"community_code"})
    return Status(201, actions.volunteer_register(actor=request.auth, community=community, **values))


@router.get("/roll/{number}", response=VolunteerOut, summary="One volunteer (staff, or themselves)")
def get_volunteer(request: ApiRequest, number: str) -> Volunteer:
    return queries.volunteer_for(request.auth, number)


@router.get("/me", response=VolunteerOut, summary="The caller's own volunteer record")
def get_me(request: ApiRequest) -> Volunteer:
    me = queries.volunteer_of(request.auth)
    if me is None:
        raise Http404
    return me


class VolunteerChangeIn(BaseIn):
    phone: str = ""
    skills: list[str] = []
    availability: list[str] = []
    background: str = ""


@router.put("/roll/{number}", response=VolunteerOut, summary="Change a volunteer's skills, availability …")
def change_volunteer(request: ApiRequest, number: str, payload: VolunteerChangeIn) -> Volunteer:
    volunteer = queries.volunteer_for(request.auth, number)
    return actions.volunteer_update(actor=request.auth, volunteer=volunteer, now=_now(), **payload.dict())


@router.post("/roll/{number}/leave", response=VolunteerOut, summary="Take a volunteer off the active roll")
def leave_roll(request: ApiRequest, number: str) -> Volunteer:
    volunteer = queries.volunteer_for(request.auth, number)
    return actions.volunteer_leave(actor=request.auth, volunteer=volunteer, now=_now())


@router.post("/me", response={201: VolunteerOut}, summary="Become a volunteer (resident, from their record)")
def join(request: ApiRequest, payload: JoinIn) -> Status[Volunteer]:
    record = queries.joinable_record(request.auth)
    if record is None:
        raise DomainError(
            "cannot_join", _("No registry record of yours to join from, or already a volunteer."), status=409
        )
    return Status(201, actions.volunteer_join(actor=request.auth, resident=record, **payload.dict()))


# --- teams ---------------------------------------------------------------------------------------


class TeamIn(BaseIn):
    area_code: str = ""
    name: str = column(Team, "name")
    purpose: str = column(Team, "purpose", "")
    # A team of a community social organization: held by the organization's community.
    organization_code: str = ""


class TeamChangeIn(BaseIn):
    name: str = column(Team, "name")
    purpose: str = column(Team, "purpose", "")
    organization_code: str = ""


class TeamOut(Schema):
    code: str
    name: str
    area_code: str
    organization_code: str
    organization_name: str
    purpose: str
    members: int

    @staticmethod
    def resolve_area_code(obj: Team) -> str:
        return obj.area.code

    @staticmethod
    def resolve_organization_code(obj: Team) -> str:
        return obj.organization.code if obj.organization else ""

    @staticmethod
    def resolve_organization_name(obj: Team) -> str:
        return obj.organization.name if obj.organization else ""

    @staticmethod
    def resolve_members(obj: Team) -> int:
        return obj.members.count()


@router.get("/teams", response=list[TeamOut], summary="Teams in the caller's reach (?organization=)")
@paginate(Pagination, page_size=50)
def list_teams(request: ApiRequest, organization: str = "") -> Any:
    qs = queries.teams_for(request.auth)
    if organization:
        qs = qs.filter(organization=queries.organization_for(request.auth, organization))
    return qs.order_by("area__code", "name")


@router.post(
    "/teams", response={201: TeamOut}, summary="Create a team of a community, street or organization"
)
def create_team(request: ApiRequest, payload: TeamIn) -> Status[Team]:
    organization = (
        queries.organization_for(request.auth, payload.organization_code)
        if payload.organization_code
        else None
    )
    area = area_for(request.auth, payload.area_code, "volunteers.view") if payload.area_code else None
    if area is None and organization is None:
        raise DomainError("area_required", _("Name the community or street, or the organization."))
    team = actions.team_create(
        actor=request.auth, area=area, organization=organization, name=payload.name, purpose=payload.purpose
    )
    return Status(201, team)


@router.get("/teams/{code}", response=TeamOut, summary="One team")
def get_team(request: ApiRequest, code: str) -> Team:
    return queries.team_for(request.auth, code)


@router.put("/teams/{code}", response=TeamOut, summary="Rename a team or change its organization")
def change_team(request: ApiRequest, code: str, payload: TeamChangeIn) -> Team:
    team = queries.team_for(request.auth, code)
    organization = (
        queries.organization_for(request.auth, payload.organization_code)
        if payload.organization_code
        else None
    )
    return actions.team_update(
        actor=request.auth, team=team, name=payload.name, purpose=payload.purpose, organization=organization
    )


class TeamMemberIn(BaseIn):
    number: str


class TeamMemberOut(Schema):
    number: str
    name: str


@router.get("/teams/{code}/members", response=list[TeamMemberOut], summary="A team's volunteers")
@paginate(Pagination, page_size=50)
def list_members(request: ApiRequest, code: str) -> Any:
    team = queries.team_for(request.auth, code)
    return queries.volunteers_for(request.auth).filter(teams=team).order_by("name", "pk")


@router.post("/teams/{code}/members", response={201: TeamOut}, summary="Add a volunteer to a team")
def add_member(request: ApiRequest, code: str, payload: TeamMemberIn) -> Status[Team]:
    team = queries.team_for(request.auth, code)
    volunteer = queries.volunteer_for(request.auth, payload.number)
    actions.team_member_add(actor=request.auth, team=team, volunteer=volunteer)
    return Status(201, team)


@router.delete(
    "/teams/{code}/members/{number}", response={204: None}, summary="Take a volunteer out of a team"
)
def remove_member(request: ApiRequest, code: str, number: str) -> Status[None]:
    team = queries.team_for(request.auth, code)
    volunteer = queries.volunteer_for(request.auth, number)
    actions.team_member_remove(actor=request.auth, team=team, volunteer=volunteer)
    return Status(204, None)


# --- activities ----------------------------------------------------------------------------------


class ShiftSchemaIn(BaseIn):
    starts_at: DateTime
    ends_at: DateTime
    capacity: int = column(Shift, "capacity")


class ActivityIn(BaseIn):
    area_code: str
    title: str = column(Activity, "title")
    place: str = column(Activity, "place")
    description: str = column(Activity, "description", "")
    starts_at: DateTime
    ends_at: DateTime
    capacity: int = column(Shift, "capacity")
    skills: list[str] = []
    team_code: str = ""
    shifts: list[ShiftSchemaIn] = []


class ShiftOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    confirmed: int


class ActivityOut(Schema):
    code: str
    title: str
    area_code: str
    place: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    skills: list[str]
    status: str
    shifts: list[ShiftOut]
    organization_code: str | None = None  # the organization whose activity this is, if any
    org_activity_id: int | None = None

    @staticmethod
    def resolve_area_code(obj: Activity) -> str:
        return obj.area.code

    @staticmethod
    def resolve_organization_code(obj: Activity) -> str | None:
        return obj.org_activity.organization.code if obj.org_activity is not None else None

    @staticmethod
    def resolve_skills(obj: Activity) -> list[str]:
        return obj.skill_list()

    @staticmethod
    def resolve_shifts(obj: Activity) -> list[Any]:
        return list(obj.shifts.all())


@router.get("/activities", response=list[ActivityOut], summary="Open activities the caller may join or runs")
@paginate(Pagination, page_size=50)
def list_activities(request: ApiRequest) -> Any:
    return queries.open_activities_for(request.auth, _now()).prefetch_related("shifts")


@router.post("/activities", response={201: ActivityOut}, summary="Create an activity (staff)")
def create_activity(request: ApiRequest, payload: ActivityIn) -> Status[Activity]:
    user = request.auth
    area = area_for(user, payload.area_code, "volunteers.view")
    team = None
    if payload.team_code:
        team = queries.team_for(user, payload.team_code)
    shifts = [actions.ShiftIn(s.starts_at, s.ends_at, s.capacity) for s in payload.shifts[:50]]
    activity = actions.activity_create(
        actor=user,
        area=area,
        title=payload.title,
        place=payload.place,
        description=payload.description,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        skills=payload.skills,
        team=team,
        shifts=shifts or None,
        now=_now(),
    )
    return Status(201, activity)


@router.get("/activities/{code}", response=ActivityOut, summary="One activity")
def get_activity(request: ApiRequest, code: str) -> Activity:
    return queries.activity_for(request.auth, code)


class ActivityChangeIn(BaseIn):
    title: str = column(Activity, "title")
    place: str = column(Activity, "place")
    description: str = column(Activity, "description", "")
    skills: list[str] = []
    team_code: str = ""


def _managed_activity(request: ApiRequest, code: str) -> Activity:
    activity = queries.activity_for(request.auth, code)
    if not policy.can(request.auth, "volunteers.view", activity.area):
        raise Http404  # a resident sees the activity but may not learn more by writing to it
    return activity


@router.put(
    "/activities/{code}", response=ActivityOut, summary="Change an activity's title, place, skills, team"
)
def change_activity(request: ApiRequest, code: str, payload: ActivityChangeIn) -> Activity:
    user = request.auth
    activity = _managed_activity(request, code)
    team = queries.team_for(user, payload.team_code) if payload.team_code else None
    return actions.activity_update(
        actor=user,
        activity=activity,
        title=payload.title,
        place=payload.place,
        description=payload.description,
        skills=payload.skills,
        team=team,
        now=_now(),
    )


@router.post("/activities/{code}/cancel", response=ActivityOut, summary="Cancel an activity")
def cancel_activity(request: ApiRequest, code: str) -> Activity:
    activity = _managed_activity(request, code)
    return actions.activity_cancel(actor=request.auth, activity=activity, now=_now())


class CodeOut(Schema):
    code: str
    valid_for_seconds: int
    checkin_url: str


def _shift(request: ApiRequest, code: str, shift_id: int) -> Shift:
    activity = queries.activity_for(request.auth, code)
    shift = activity.shifts.filter(pk=shift_id).first()
    if shift is None:
        raise Http404
    shift.activity = activity
    return shift


@router.get(
    "/activities/{code}/shifts/{shift_id}/code",
    response=CodeOut,
    summary="The rotating check-in code (organiser)",
)
def current_code(request: ApiRequest, code: str, shift_id: Id) -> dict[str, Any]:
    shift = _shift(request, code, shift_id)
    if not actions.organises(request.auth, shift.activity):
        raise Http404
    now = _now()
    from django.urls import reverse

    value = checkin_code.current(shift.activity.qr_key, shift.pk, now)
    url = reverse("volunteers:scan", args=[shift.activity.code, shift.pk]) + f"?c={value}"
    return {
        "code": value,
        "valid_for_seconds": checkin_code.STEP - int(now.timestamp()) % checkin_code.STEP,
        "checkin_url": url,
    }


class SignUpIn(BaseIn):
    number: str = ""  # staff sign someone up; empty: the caller themselves


class SignUpOut(Schema):
    id: int
    activity_code: str
    shift_id: int
    volunteer_number: str
    status: str
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    minutes: int | None
    signed_off_at: dt.datetime | None

    @staticmethod
    def resolve_activity_code(obj: SignUp) -> str:
        return obj.shift.activity.code

    @staticmethod
    def resolve_volunteer_number(obj: SignUp) -> str:
        return obj.volunteer.number


@router.post(
    "/activities/{code}/shifts/{shift_id}/signups", response={201: SignUpOut}, summary="Sign up for a shift"
)
def create_signup(request: ApiRequest, code: str, shift_id: Id, payload: SignUpIn) -> Status[SignUp]:
    shift = _shift(request, code, shift_id)
    volunteer = (
        queries.volunteer_for(request.auth, payload.number)
        if payload.number
        else queries.volunteer_of(request.auth)
    )
    if volunteer is None:
        raise DomainError("not_a_volunteer", _("Join as a volunteer first."), status=409)
    return Status(201, actions.signup(actor=request.auth, shift=shift, volunteer=volunteer, now=_now()))


@router.get("/signups", response=list[SignUpOut], summary="The caller's own sign-ups")
@paginate(Pagination, page_size=50)
def my_signups(request: ApiRequest) -> Any:
    return queries.my_signups(request.auth).select_related("volunteer")


@router.post("/signups/{signup_id}/cancel", response=SignUpOut, summary="Cancel a sign-up")
def cancel_signup(request: ApiRequest, signup_id: Id) -> SignUp:
    entry = queries.signup_for(request.auth, signup_id)
    return actions.signup_cancel(actor=request.auth, entry=entry, now=_now())


class CheckIn(BaseIn):
    code: str = ""


@router.post(
    "/signups/{signup_id}/check-in", response=SignUpOut, summary="Check in (code from the organiser's phone)"
)
def check_in(request: ApiRequest, signup_id: Id, payload: CheckIn) -> SignUp:
    entry = queries.signup_for(request.auth, signup_id)
    return actions.check_in(actor=request.auth, entry=entry, code=payload.code[:16], now=_now())


@router.post("/signups/{signup_id}/check-out", response=SignUpOut, summary="Check out")
def check_out(request: ApiRequest, signup_id: Id, payload: CheckIn) -> SignUp:
    entry = queries.signup_for(request.auth, signup_id)
    return actions.check_out(actor=request.auth, entry=entry, code=payload.code[:16], now=_now())


class SignOffIn(BaseIn):
    minutes: int | None = column(SignUp, "minutes", None)


@router.post("/signups/{signup_id}/sign-off", response=SignUpOut, summary="Sign off the hours (organiser)")
def sign_off(request: ApiRequest, signup_id: Id, payload: SignOffIn) -> SignUp:
    entry = queries.signup_for(request.auth, signup_id)
    return actions.sign_off(actor=request.auth, entry=entry, minutes=payload.minutes, now=_now())


# --- hours ---------------------------------------------------------------------------------------


class MovementOut(Schema):
    transfer: str
    kind: str
    at: dt.datetime
    minutes: int
    reason: str
    reverses: str | None

    @staticmethod
    def resolve_transfer(obj: Movement) -> str:
        return obj.transfer.code

    @staticmethod
    def resolve_kind(obj: Movement) -> str:
        return obj.transfer.kind

    @staticmethod
    def resolve_at(obj: Movement) -> dt.datetime:
        return obj.transfer.at

    @staticmethod
    def resolve_reason(obj: Movement) -> str:
        return obj.transfer.reason

    @staticmethod
    def resolve_reverses(obj: Movement) -> str | None:
        return obj.transfer.reverses.code if obj.transfer.reverses else None


class HoursOut(Schema):
    number: str
    balance_minutes: int
    credit_limit_minutes: int
    recorded_minutes: int
    stars: int
    movements: list[MovementOut]


def _hours(volunteer: Volunteer, viewer: Any) -> dict[str, Any]:
    from linli.volunteers.models import stars_for

    account = queries.account_for(viewer, volunteer)
    recorded = actions.recorded_minutes(volunteer)
    return {
        "number": volunteer.number,
        "balance_minutes": account.balance,
        "credit_limit_minutes": account.credit_limit,
        "recorded_minutes": recorded,
        "stars": stars_for(recorded),
        "movements": list(queries.statement(account)),
    }


@router.get("/roll/{number}/hours", response=HoursOut, summary="A volunteer's hours and statement")
def hours(request: ApiRequest, number: str) -> dict[str, Any]:
    return _hours(queries.volunteer_for(request.auth, number), request.auth)


class GiftIn(BaseIn):
    to_resident_id: Id
    minutes: int = column(Movement, "minutes")
    note: str = ""


class HoursTransferOut(Schema):
    code: str
    kind: str
    at: dt.datetime
    reason: str


@router.post("/me/gifts", response={201: HoursTransferOut}, summary="Give hours to family in the household")
def gift(request: ApiRequest, payload: GiftIn) -> Status[Any]:
    me = queries.volunteer_of(request.auth)
    if me is None:
        raise Http404
    to = next((r for r in actions.family_of(me) if r.pk == payload.to_resident_id), None)
    if to is None:
        raise DomainError("not_family", _("Hours can be given only to family in your household."), status=400)
    return Status(
        201,
        actions.hours_gift(
            actor=request.auth,
            volunteer=me,
            to=to,
            minutes=payload.minutes,
            reason=payload.note[:200],
            now=_now(),
        ),
    )


class RedeemIn(BaseIn):
    minutes: int = column(Movement, "minutes")
    service: str
    order_code: str = ""


@router.post(
    "/roll/{number}/redemptions", response={201: HoursTransferOut}, summary="Spend hours on a service"
)
def redeem(request: ApiRequest, number: str, payload: RedeemIn) -> Status[Any]:
    volunteer = queries.volunteer_for(request.auth, number)
    account = queries.account_for(request.auth, volunteer)
    return Status(
        201,
        actions.hours_redeem(
            actor=request.auth,
            account=account,
            minutes=payload.minutes,
            reason=payload.service[:200],
            order_code=payload.order_code[:12],
            now=_now(),
        ),
    )


class ReverseIn(BaseIn):
    reason: str


@router.post(
    "/transfers/{code}/reverse",
    response={201: HoursTransferOut},
    summary="Correct an entry (reversing entry)",
)
def reverse(request: ApiRequest, code: str, payload: ReverseIn) -> Status[Any]:
    transfer = queries.transfer_for(request.auth, code)
    return Status(
        201,
        actions.transfer_reverse(
            actor=request.auth, transfer=transfer, reason=payload.reason[:300], now=_now()
        ),
    )


# --- certificates --------------------------------------------------------------------------------


class CertificateOut(Schema):
    code: str
    name: str
    number: str
    hours: float
    activities: int
    stars: int
    issued_at: dt.datetime
    issuer: str

    @staticmethod
    def resolve_name(obj: Certificate) -> str:
        return obj.volunteer.name

    @staticmethod
    def resolve_number(obj: Certificate) -> str:
        return obj.volunteer.number

    @staticmethod
    def resolve_hours(obj: Certificate) -> float:
        return round(obj.minutes / 60, 1)

    @staticmethod
    def resolve_issuer(obj: Certificate) -> str:
        return obj.issuer_area.name


@router.post(
    "/roll/{number}/certificates", response={201: CertificateOut}, summary="Issue a certificate of service"
)
def issue_certificate(request: ApiRequest, number: str) -> Status[Certificate]:
    volunteer = queries.volunteer_for(request.auth, number)
    return Status(201, actions.certificate_issue(actor=request.auth, volunteer=volunteer, now=_now()))


@router.get(
    "/certificates/{code}", response=CertificateOut, auth=None, summary="Verify a certificate (no login)"
)
def verify_certificate(request: ApiRequest, code: str) -> Certificate:
    cert = queries.certificate_by_code(code[:20])
    if cert is None:
        raise Http404
    return cert


# --- targets and export --------------------------------------------------------------------------


class ShareOut(Schema):
    area_code: str
    area_name: str
    volunteers: int
    residents: int
    share: float | None
    communities: int
    communities_at_target: int


def _share_row(s: share.Share) -> dict[str, Any]:
    return {
        "area_code": s.area.code,
        "area_name": s.area.name,
        "volunteers": s.volunteers,
        "residents": s.residents,
        "share": round(s.share, 4) if s.share is not None else None,
        "communities": s.communities,
        "communities_at_target": s.at_target,
    }


class ShareReportOut(Schema):
    total: ShareOut
    below: list[ShareOut]
    target: float
    # Set when the stored figures were read (?stored=true): when they were last recounted.
    computed_at: dt.datetime | None = None


@router.get(
    "/share/{code}",
    response=ShareReportOut,
    summary="Volunteers per 常住人口, rolled up (target 15%; ?stored=true: the stored snapshot)",
)
def volunteer_share(request: ApiRequest, code: str, stored: bool = False) -> dict[str, Any]:
    area = area_for(request.auth, code, "volunteers.view")
    if stored:
        own, children = share.stored(area)
        if own is not None:
            rows = [
                share.Share(
                    area=r.area,
                    volunteers=r.volunteers,
                    residents=r.residents,
                    communities=r.communities,
                    at_target=r.at_target,
                )
                for r in [own, *children]
            ]
            return {
                "total": _share_row(rows[0]),
                "below": [_share_row(b) for b in rows[1:]],
                "target": share.TARGET,
                "computed_at": own.computed_at,
            }
    total, below = share.rolled_up(area, now=_now())
    return {"total": _share_row(total), "below": [_share_row(b) for b in below], "target": share.TARGET}


class ExportOut(Schema):
    number: str
    name: str
    id_number: str
    recorded_hours: float
    stars: int


@router.get(
    "/export/{code}", response=list[ExportOut], summary="Recorded hours per volunteer, for the credit link"
)
@paginate(Pagination, page_size=200)
def export(request: ApiRequest, code: str) -> Any:
    from linli.volunteers.credit import export_rows

    community = community_for(request.auth, code, "volunteers.manage")
    return export_rows(community)
