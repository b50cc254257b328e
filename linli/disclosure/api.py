"""/api/v1/disclosure: notices, schedules, overdue disclosures, questions; public reads need no login."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.accounts import policy
from linli.areas.queries import area_for, public_community
from linli.common.schemas import BaseIn, Id, Pagination, column
from linli.disclosure import actions, queries
from linli.disclosure.models import Item, Question, Schedule
from linli.disclosure.schedules import Requirement
from linli.ui.http import ApiRequest

router = Router(tags=["disclosure"])


class ItemIn(BaseIn):
    category: str = column(Item, "category")
    title: str = column(Item, "title")
    body: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class ItemUpdateIn(BaseIn):
    title: str = column(Item, "title")
    body: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class ItemOut(Schema):
    code: str
    community_code: str
    category: str
    title: str
    body: str
    period_start: dt.date | None
    period_end: dt.date | None
    status: str
    published_at: dt.datetime | None
    withdrawn_reason: str

    @staticmethod
    def resolve_community_code(obj: Item) -> str:
        return obj.community.code


class WithdrawalIn(BaseIn):
    reason: str


class QuestionIn(BaseIn):
    text: str = column(Question, "text")


class QuestionAnswerIn(BaseIn):
    answer: str


class QuestionOut(Schema):
    id: int
    text: str
    asked_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None


class OverdueOut(Schema):
    community_code: str
    community_name: str
    category: str
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    days_late: int


class ScheduleIn(BaseIn):
    area_code: str
    category: str = column(Schedule, "category")
    frequency: str = column(Schedule, "frequency")
    grace_days: int = column(Schedule, "grace_days")
    effective_from: dt.date


class ScheduleOut(Schema):
    area_code: str
    category: str
    frequency: str
    grace_days: int
    effective_from: dt.date

    @staticmethod
    def resolve_area_code(obj: Schedule) -> str:
        return obj.area.code


def _overdue_out(rows: list[Requirement], today: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "community_code": r.community.code,
            "community_name": r.community.name,
            "category": r.category,
            "period_start": r.start,
            "period_end": r.end,
            "due_on": r.due_on,
            "days_late": r.days_late(today),
        }
        for r in rows
    ]


@router.get("/communities/{code}/items", response=list[ItemOut], summary="A community's notices (all states)")
@paginate(Pagination, page_size=50)
def list_items(request: ApiRequest, code: str, status: str = "") -> Any:
    community = queries.community_for(request.auth, code)
    return queries.items_for(request.auth, community, status)


@router.post("/communities/{code}/items", response={201: ItemOut}, summary="Write a draft notice")
def create_item(request: ApiRequest, code: str, payload: ItemIn) -> Status[Item]:
    community = queries.community_for(request.auth, code)
    return Status(201, actions.item_create(actor=request.auth, community=community, **payload.dict()))


@router.get("/items/{code}", response=ItemOut, summary="One notice")
def get_item(request: ApiRequest, code: str) -> Item:
    return queries.item_for(request.auth, code)


@router.put("/items/{code}", response=ItemOut, summary="Change a draft")
def update_item(request: ApiRequest, code: str, payload: ItemUpdateIn) -> Item:
    return actions.item_update(
        actor=request.auth, item=queries.item_for(request.auth, code), **payload.dict()
    )


@router.post("/items/{code}/publish", response=ItemOut, summary="Publish a draft on the public board")
def publish_item(request: ApiRequest, code: str) -> Item:
    return actions.item_publish(actor=request.auth, item=queries.item_for(request.auth, code))


@router.post("/items/{code}/withdraw", response=ItemOut, summary="Withdraw a published notice")
def withdraw_item(request: ApiRequest, code: str, payload: WithdrawalIn) -> Item:
    return actions.item_withdraw(
        actor=request.auth, item=queries.item_for(request.auth, code), reason=payload.reason
    )


@router.get("/items/{code}/questions", response=list[QuestionOut], summary="Residents' questions on a notice")
def list_questions(request: ApiRequest, code: str) -> Any:
    return list(queries.questions_of(queries.item_for(request.auth, code)))


@router.post("/questions/{pk}/answer", response=QuestionOut, summary="Answer a resident's question")
def answer_question(request: ApiRequest, pk: Id, payload: QuestionAnswerIn) -> Question:
    question = queries.question_for(request.auth, pk)
    return actions.question_answer(actor=request.auth, question=question, answer=payload.answer)


@router.get(
    "/overdue", response=list[OverdueOut], summary="Overdue disclosures in your reach (?community=code)"
)
def list_overdue(
    request: ApiRequest, community: str = "", day: dt.date | None = None
) -> list[dict[str, Any]]:
    user = request.auth
    if not policy.roots(user, "disclosure.view"):
        raise Http404
    today = day or timezone.localdate()
    area = queries.community_for(user, community) if community else None
    return _overdue_out(queries.overdue_for(user, today, area), today)


@router.get("/schedules", response=list[ScheduleOut], summary="Schedule rules that apply in your reach")
def list_schedules(request: ApiRequest) -> Any:
    if not policy.roots(request.auth, "disclosure.view"):
        raise Http404
    return list(queries.schedules_for(request.auth))


@router.put("/schedules", response=ScheduleOut, summary="Set a category's schedule for an area")
def put_schedule(request: ApiRequest, payload: ScheduleIn) -> Schedule:
    user = request.auth
    area = area_for(user, payload.area_code, "disclosure.view")
    data = payload.dict()
    data.pop("area_code")
    return actions.schedule_set(actor=user, area=area, **data)


# --- public -------------------------------------------------------------------------------------


class PublicItemOut(Schema):
    code: str
    category: str
    title: str
    body: str
    period_start: dt.date | None
    period_end: dt.date | None
    published_at: dt.datetime | None


class PublicQuestionOut(Schema):
    text: str
    answer: str
    answered_at: dt.datetime | None


class PublicItemDetailOut(PublicItemOut):
    questions: list[PublicQuestionOut]

    @staticmethod
    def resolve_questions(obj: Item) -> list[Question]:
        return list(getattr(obj, "answered", []))


@router.get(
    "/public/{code}/items", response=list[PublicItemOut], auth=None, summary="Published notices (no login)"
)
@paginate(Pagination, page_size=50)
def public_items(request: HttpRequest, code: str, category: str = "") -> Any:
    return queries.public_items(public_community(code), category).only(
        "code", "category", "title", "body", "period_start", "period_end", "published_at"
    )


@router.get(
    "/public/{code}/items/{item}",
    response=PublicItemDetailOut,
    auth=None,
    summary="One published notice (no login)",
)
def public_item(request: HttpRequest, code: str, item: str) -> Item:
    return queries.public_item(public_community(code), item)


@router.post(
    "/public/{code}/items/{item}/questions",
    response={201: QuestionOut},
    summary="A resident asks about a notice",
)
def ask(request: ApiRequest, code: str, item: str, payload: QuestionIn) -> Status[Question]:
    obj = queries.public_item(public_community(code), item)
    return Status(201, actions.question_ask(actor=request.auth, item=obj, text=payload.text))
