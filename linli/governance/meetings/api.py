"""Meetings, motions, hearings and petitions API under /api/v1/governance/."""

import datetime as dt
from typing import Annotated, Any

from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from linli.common.schemas import BaseIn, Id, Pagination, column
from linli.governance.lookups import _get, managed_community
from linli.governance.meetings import actions, queries
from linli.governance.models import (
    Comment,
    Meeting,
    Motion,
    Petition,
)
from linli.registry.models import Resident
from linli.ui.http import ApiRequest

router = Router(tags=["governance"])


class MeetingOut(Schema):
    code: str
    community_code: str
    kind: str
    title: str
    scheduled_at: dt.datetime
    place: str
    status: str
    members_total: int
    present: int | None
    comment_deadline: dt.datetime | None
    minutes: str
    response: str
    agenda: list[str]

    @staticmethod
    def resolve_community_code(obj: Meeting) -> str:
        return obj.community.code

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[str]:
        return [a.title for a in obj.agenda.all()]


class MeetingIn(BaseIn):
    community_code: str
    kind: str = column(Meeting, "kind")
    title: str = column(Meeting, "title")
    scheduled_at: dt.datetime
    place: str = column(Meeting, "place")
    agenda: list[str]
    members_total: int | None = column(Meeting, "members_total", None)
    petition_code: str | None = None
    comment_deadline: dt.datetime | None = None
    # (party, position) pairs; spelled as 2-item arrays, not a tuple schema (prefixItems), which the
    # fuzzer and many OpenAPI clients cannot read.
    parties: Annotated[
        list[tuple[str, str]],
        WithJsonSchema(
            {
                "type": "array",
                "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string"}},
            }
        ),
    ] = []


class AttendanceIn(BaseIn):
    present: int = column(Meeting, "present")
    attendees: str = ""


class MotionIn(BaseIn):
    title: str = column(Motion, "title")
    text: str = ""


class MotionOut(Schema):
    id: int
    title: str
    text: str
    votes_for: int
    votes_against: int
    abstentions: int
    status: str
    published_at: dt.datetime | None


class VoteIn(BaseIn):
    votes_for: int = column(Motion, "votes_for")
    votes_against: int = column(Motion, "votes_against")
    abstentions: int = column(Motion, "abstentions", 0)


class TextIn(BaseIn):
    text: str
    name: str = column(Comment, "name", "")


class PetitionIn(BaseIn):
    community_code: str
    subject: str = column(Petition, "subject")
    basis: str = column(Petition, "basis")
    groups_total: int = column(Petition, "groups_total", 0)


class PetitionOut(Schema):
    code: str
    subject: str
    basis: str
    support: dict[str, Any]

    @staticmethod
    def resolve_support(obj: Petition) -> dict[str, Any]:
        return actions.petition_support(obj)


class SignIn(BaseIn):
    resident_id: int | None = None


# Meetings, petitions, decisions


@router.get("/meetings", response=list[MeetingOut], summary="Meetings you can see")
@paginate(Pagination, page_size=50)
def list_meetings(request: ApiRequest) -> Any:
    return queries.meetings_for(request.auth).prefetch_related("agenda")


@router.post("/meetings", response={201: MeetingOut}, summary="Convene a meeting")
def create_meeting(request: ApiRequest, payload: MeetingIn) -> Status[Meeting]:
    petition = queries.petition_for(request.auth, payload.petition_code) if payload.petition_code else None
    meeting = actions.meeting_convene(
        actor=request.auth,
        community=managed_community(request.auth, payload.community_code),
        kind=payload.kind,
        title=payload.title,
        scheduled_at=payload.scheduled_at,
        place=payload.place,
        agenda=payload.agenda,
        members_total=payload.members_total,
        petition=petition,
        comment_deadline=payload.comment_deadline,
        parties=payload.parties,
    )
    return Status(201, meeting)


@router.get("/meetings/{code}", response=MeetingOut, summary="One meeting")
def get_meeting(request: ApiRequest, code: str) -> Meeting:
    return queries.meeting_for(request.auth, code)


@router.post("/meetings/{code}/attendance", response=MeetingOut, summary="Record attendance (quorum)")
def attendance(request: ApiRequest, code: str, payload: AttendanceIn) -> Meeting:
    meeting = queries.meeting_for(request.auth, code)
    return actions.meeting_attendance(
        actor=request.auth, meeting=meeting, present=payload.present, attendees=payload.attendees
    )


@router.get("/meetings/{code}/motions", response=list[MotionOut], summary="Motions of a meeting")
def list_motions(request: ApiRequest, code: str) -> Any:
    return queries.meeting_for(request.auth, code).motions.all()


@router.post("/meetings/{code}/motions", response={201: MotionOut}, summary="Add a motion")
def add_motion(request: ApiRequest, code: str, payload: MotionIn) -> Status[Motion]:
    meeting = queries.meeting_for(request.auth, code)
    return Status(
        201, actions.motion_add(actor=request.auth, meeting=meeting, title=payload.title, text=payload.text)
    )


@router.post(
    "/motions/{motion_id}/vote", response=MotionOut, summary="Record the vote of the members present"
)
def vote_motion(request: ApiRequest, motion_id: Id, payload: VoteIn) -> Motion:
    motion = queries.motion_for(request.auth, motion_id)
    return actions.motion_vote(
        actor=request.auth,
        motion=motion,
        votes_for=payload.votes_for,
        votes_against=payload.votes_against,
        abstentions=payload.abstentions,
    )


@router.post(
    "/motions/{motion_id}/publish", response=MotionOut, summary="Publish an adopted motion as a decision"
)
def publish_decision(request: ApiRequest, motion_id: Id) -> Motion:
    return actions.decision_publish(actor=request.auth, motion=queries.motion_for(request.auth, motion_id))


class CommentOut(Schema):
    id: int
    name: str
    text: str
    created_at: dt.datetime


@router.get("/meetings/{code}/comments", response=list[CommentOut], summary="A hearing's public comments")
def list_comments(request: ApiRequest, code: str) -> Any:
    return queries.meeting_for(request.auth, code).comments.all()


@router.post("/meetings/{code}/comments", response={201: dict[str, Any]}, summary="Comment on a hearing")
def comment(request: ApiRequest, code: str, payload: TextIn) -> Status[dict[str, Any]]:
    meeting = queries.meeting_for(request.auth, code)
    c = actions.comment_add(actor=request.auth, meeting=meeting, text=payload.text, name=payload.name)
    return Status(201, {"id": c.pk, "name": c.name})


@router.post(
    "/meetings/{code}/response", response=MeetingOut, summary="Publish the response to a hearing's comments"
)
def respond(request: ApiRequest, code: str, payload: TextIn) -> Meeting:
    return actions.hearing_respond(
        actor=request.auth, meeting=queries.meeting_for(request.auth, code), response=payload.text
    )


@router.post("/meetings/{code}/close", response=MeetingOut, summary="Close with minutes")
def close_meeting(request: ApiRequest, code: str, payload: TextIn) -> Meeting:
    return actions.meeting_close(
        actor=request.auth, meeting=queries.meeting_for(request.auth, code), minutes=payload.text
    )


@router.get("/petitions", response=list[PetitionOut], summary="Petitions you can see")
def list_petitions(request: ApiRequest) -> Any:
    return list(queries.petitions_for(request.auth)[:100])


@router.post("/petitions", response={201: PetitionOut}, summary="Start a petition for a meeting")
def start_petition(request: ApiRequest, payload: PetitionIn) -> Status[Petition]:
    from linli.areas.models import Area

    area = _get(Area, code=payload.community_code)
    return Status(
        201,
        actions.petition_start(
            actor=request.auth,
            community=area,
            subject=payload.subject,
            basis=payload.basis,
            groups_total=payload.groups_total,
        ),
    )


@router.get("/petitions/{code}", response=PetitionOut, summary="One petition and its support")
def get_petition(request: ApiRequest, code: str) -> Petition:
    return queries.petition_for(request.auth, code)


@router.post(
    "/petitions/{code}/signatures", response={201: PetitionOut}, summary="Sign (or record a paper signature)"
)
def sign(request: ApiRequest, code: str, payload: SignIn) -> Status[Petition]:
    petition = queries.petition_for(request.auth, code)
    resident = (
        _get(Resident, pk=payload.resident_id, community=petition.community) if payload.resident_id else None
    )
    actions.petition_sign(actor=request.auth, petition=petition, resident=resident)
    return Status(201, petition)
