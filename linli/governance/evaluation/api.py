"""Democratic evaluation API under /api/v1/governance/evaluations."""

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status

from linli.accounts.policy import Viewer
from linli.common.schemas import BaseIn, column
from linli.governance.evaluation import actions, queries
from linli.governance.lookups import managed_community
from linli.governance.models import (
    Campaign,
    Subject,
)
from linli.governance.permissions import can_manage
from linli.ui.http import ApiRequest

router = Router(tags=["governance"])


class SubjectIn(BaseIn):
    group: str = column(Subject, "group")
    name: str = column(Subject, "name")
    role: str = column(Subject, "role", "")


class CampaignIn(BaseIn):
    community_code: str
    title: str = column(Campaign, "title")
    closes_at: dt.datetime
    subjects: list[SubjectIn]


class SubjectOut(Schema):
    id: int
    group: str
    name: str
    role: str


class CampaignOut(Schema):
    code: str
    title: str
    status: str
    closes_at: dt.datetime
    answers: int
    subjects: list[SubjectOut]
    results: list[dict[str, Any]] | None


def _campaign_out(user: Viewer, campaign: Campaign) -> dict[str, Any]:
    """Results only above the anonymity threshold, and to residents only once published."""
    rows = None
    if campaign.status == "published" or can_manage(user, campaign.community):
        rows = queries.evaluation_results(campaign)
    return {
        "code": campaign.code,
        "title": campaign.title,
        "status": campaign.status,
        "closes_at": campaign.closes_at,
        "answers": campaign.answers,
        "subjects": list(campaign.subjects.all()),
        "results": None
        if rows is None
        else [
            {
                "subject_id": r["subject"].pk,
                "counts": {b["label"]: b["n"] for b in r["bars"]},
                "satisfaction": r["satisfaction"],
            }
            for r in rows
        ],
    }


class EvaluationAnswerIn(BaseIn):
    ratings: dict[int, str]


# Democratic evaluation


@router.get("/evaluations", response=list[CampaignOut], summary="Evaluations you can see")
def list_campaigns(request: ApiRequest) -> Any:
    user = request.auth
    return [_campaign_out(user, c) for c in queries.campaigns_for(user).prefetch_related("subjects")[:100]]


@router.post("/evaluations", response={201: CampaignOut}, summary="Open an evaluation")
def open_campaign(request: ApiRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    community = managed_community(request.auth, payload.community_code)
    campaign = actions.campaign_open(
        actor=request.auth,
        community=community,
        title=payload.title,
        closes_at=payload.closes_at,
        subjects=[(s.group, s.name, s.role) for s in payload.subjects],
    )
    return Status(201, _campaign_out(request.auth, campaign))


@router.get(
    "/evaluations/{code}", response=CampaignOut, summary="One evaluation (results only above the threshold)"
)
def get_campaign(request: ApiRequest, code: str) -> dict[str, Any]:
    return _campaign_out(request.auth, queries.campaign_for(request.auth, code))


@router.post(
    "/evaluations/{code}/answers", response={201: dict[str, bool]}, summary="Answer once, anonymously"
)
def answer(request: ApiRequest, code: str, payload: EvaluationAnswerIn) -> Status[dict[str, bool]]:
    campaign = queries.campaign_for(request.auth, code)
    actions.evaluation_answer(actor=request.auth, campaign=campaign, ratings=payload.ratings)
    return Status(201, {"counted": True})


@router.post("/evaluations/{code}/close", response=CampaignOut, summary="Close an evaluation")
def close_campaign(request: ApiRequest, code: str) -> dict[str, Any]:
    campaign = actions.campaign_close(actor=request.auth, campaign=queries.campaign_for(request.auth, code))
    return _campaign_out(request.auth, campaign)


@router.post("/evaluations/{code}/publish", response=CampaignOut, summary="Publish the results")
def publish_campaign(request: ApiRequest, code: str) -> dict[str, Any]:
    campaign = actions.campaign_publish(actor=request.auth, campaign=queries.campaign_for(request.auth, code))
    return _campaign_out(request.auth, campaign)
