"""Public reads (no sign-in) of a community's self-government: only what is published."""

from typing import Any

from linli.areas import queries as area_queries
from linli.areas.models import Area
from linli.governance.elections.queries import elected
from linli.governance.evaluation.queries import evaluation_results
from linli.governance.models import (
    Campaign,
    CampaignStatus,
    Document,
    Election,
    Meeting,
    MeetingKind,
    Motion,
    MotionStatus,
    Round,
    RoundStatus,
    Stage,
)

# Public (no sign-in): only what is published.


def public_community(code: str) -> Area:
    return area_queries.public_community(code)


def public_page(community: Area) -> dict[str, Any]:
    elections = list(
        Election.objects.filter(community=community, body="", stage=Stage.CERTIFIED).order_by(
            "-election_day"
        )[:5]
    )
    return {
        "community": community,
        "elections": [(e, elected(e)) for e in elections],
        "decisions": list(
            Motion.objects.filter(
                meeting__community=community, status=MotionStatus.ADOPTED, published_at__isnull=False
            )
            .select_related("meeting")
            .order_by("-published_at")[:20]
        ),
        "hearings": list(
            Meeting.objects.filter(community=community, kind=MeetingKind.HEARING)
            .prefetch_related("agenda")
            .order_by("-scheduled_at")[:10]
        ),
        "documents": [
            (d, d.versions.order_by("-number").first())
            for d in Document.objects.filter(community=community, versions__isnull=False).distinct()
        ],
        "campaigns": [
            (c, evaluation_results(c))
            for c in Campaign.objects.filter(community=community, status=CampaignStatus.PUBLISHED).order_by(
                "-published_at"
            )[:5]
        ],
        "boards": list(
            Round.objects.filter(
                election__community=community, status__in=[RoundStatus.CLOSED, RoundStatus.COUNTED]
            )
            .select_related("election")
            .order_by("-closed_at")[:10]
        ),
    }


def published_items(community: Area) -> list[dict[str, Any]]:
    """What self-government publishes, for the disclosure app (居务公开) to list."""
    items: list[dict[str, Any]] = []
    # The residents' committee's elections; an organization's officers are its own affair.
    for e in Election.objects.filter(community=community, body="", stage=Stage.CERTIFIED):
        items.append({"kind": "election_result", "title": e.title, "at": e.certified_at, "code": e.code})
    for m in Motion.objects.filter(meeting__community=community, published_at__isnull=False).select_related(
        "meeting"
    ):
        items.append({"kind": "decision", "title": m.title, "at": m.published_at, "code": m.meeting.code})
    for c in Campaign.objects.filter(community=community, status=CampaignStatus.PUBLISHED):
        items.append({"kind": "evaluation", "title": c.title, "at": c.published_at, "code": c.code})
    return sorted(items, key=lambda i: i["at"], reverse=True)
