"""Reads of self-government, scoped to the viewer: staff by area (accounts.policy), residents by
their own community. Public reads (the community page, the board) show only what is published."""

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.governance import rules, tally
from linli.governance.models import (
    POSITION_ORDER,
    Ballot,
    Campaign,
    CampaignStatus,
    Candidate,
    CandidateStatus,
    Document,
    DocumentVersion,
    Election,
    Meeting,
    MeetingKind,
    Motion,
    MotionStatus,
    Petition,
    Rating,
    Result,
    Round,
    RoundStatus,
    Stage,
    StationCount,
    VoterEntry,
)
from linli.governance.permissions import VIEW, can_view, resident_community_ids


def _visible(user: Any, field: str = "community") -> Q:
    return policy.area_q(user, VIEW, field) | Q(**{f"{field}_id__in": resident_community_ids(user)})


def elections_for(user: Any) -> QuerySet[Election]:
    return Election.objects.filter(_visible(user)).select_related("community")


def election_for(user: Any, code: str) -> Election:
    election = Election.objects.select_related("community").filter(code=code).first()
    if election is None or not can_view(user, election.community):
        raise Http404
    return election


def meetings_for(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_visible(user)).select_related("community")


def meeting_for(user: Any, code: str) -> Meeting:
    meeting = Meeting.objects.select_related("community", "petition").filter(code=code).first()
    if meeting is None or not can_view(user, meeting.community):
        raise Http404
    return meeting


def petitions_for(user: Any) -> QuerySet[Petition]:
    return Petition.objects.filter(_visible(user)).select_related("community")


def petition_for(user: Any, code: str) -> Petition:
    petition = Petition.objects.select_related("community").filter(code=code).first()
    if petition is None or not can_view(user, petition.community):
        raise Http404
    return petition


def documents_for(user: Any) -> QuerySet[Document]:
    return Document.objects.filter(_visible(user)).select_related("community")


def document_for(user: Any, code: str) -> Document:
    doc = Document.objects.select_related("community").filter(code=code).first()
    if doc is None or not can_view(user, doc.community):
        raise Http404
    return doc


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(_visible(user)).select_related("community")


def campaign_for(user: Any, code: str) -> Campaign:
    campaign = Campaign.objects.select_related("community").filter(code=code).first()
    if campaign is None or not can_view(user, campaign.community):
        raise Http404
    return campaign


def motion_for(user: Any, pk: Any) -> Motion:
    motion = Motion.objects.select_related("meeting__community").filter(pk=pk).first()
    if motion is None or not can_view(user, motion.meeting.community):
        raise Http404
    return motion


def communities_managed(user: Any) -> QuerySet[Area]:
    return policy.scope(Area.objects.filter(level=Level.COMMUNITY), user, "governance.manage", field="")


def register(election: Election) -> QuerySet[VoterEntry]:
    return election.register.select_related("resident").order_by("-is_listed", "name", "pk")


def by_position(rows: Any) -> list[Any]:
    """Director first, then deputies, then members (the database orders positions by name)."""
    order = {p: i for i, p in enumerate(POSITION_ORDER)}
    return sorted(rows, key=lambda x: order.get(x.position, 9))


def official_candidates(election: Election) -> list[Candidate]:
    return by_position(election.candidates.filter(status=CandidateStatus.OFFICIAL))


def current_round(election: Election) -> Round | None:
    return election.rounds.order_by("-number").first()


def round_of(election: Election, number: int) -> Round:
    r = election.rounds.filter(number=number).first()
    if r is None:
        raise Http404
    return r


@dataclass
class PositionResult:
    position: str
    label: str
    seats: int
    rows: list[Result]


def results(r: Round) -> list[PositionResult]:
    rows = list(r.results.select_related("candidate"))
    out = []
    for position, seats in r.seats.items():
        from linli.governance.models import Position

        out.append(
            PositionResult(
                position=position,
                label=str(Position(position).label),
                seats=int(seats),
                rows=[x for x in rows if x.position == position],
            )
        )
    order = {p: i for i, p in enumerate(["director", "deputy", "member"])}
    return sorted(out, key=lambda p: order.get(p.position, 9))


def elected(election: Election) -> list[Result]:
    return list(
        Result.objects.filter(round__election=election, elected=True)
        .select_related("candidate", "round")
        .order_by("position", "-votes")
    )


def board_rows(r: Round) -> QuerySet[Ballot]:
    """The published board of a closed round, in chain order."""
    if r.status == RoundStatus.OPEN:
        raise Http404
    return Ballot.objects.filter(round=r).order_by("seq")


def board_export(r: Round) -> dict[str, Any]:
    """Everything needed to check a round without trusting the server's count (JSON)."""
    return {
        "election": r.election.code,
        "round": r.number,
        "round_key": f"{r.election.code}/{r.number}",
        "seats": r.seats,
        "runoff": r.is_runoff,
        "voters_registered": r.voters_registered,
        "voters_voted": r.voters_voted,
        "board_head": r.board_head,
        "candidates": {f"c{c.pk}": {"name": c.name, "position": c.position} for c in r.candidates.all()},
        "ballots": [
            list(row)
            for row in board_rows(r).values_list("seq", "tracking_code", "choices", "prev_hash", "hash")
        ],
        "stations": [
            {
                "station": sc.station.name,
                "ballots_returned": sc.ballots_returned,
                "ballots_invalid": sc.ballots_invalid,
                "votes": sc.votes,
                "tellers": [sc.teller_1, sc.teller_2],
            }
            for sc in StationCount.objects.filter(round=r, confirmed_by__isnull=False).select_related(
                "station"
            )
        ],
    }


def describe_choices(choices: str, names: dict[str, str]) -> list[str]:
    out = []
    for token in choices.split(" ") if choices else []:
        out.append(
            names.get(token, token[1:].split(":", 1)[-1] + "*")
            if token.startswith("c")
            else token.split(":", 1)[-1] + "*"
        )
    return out


def is_on_board(r: Round, tracking_code: str) -> Ballot | None:
    code = fold_code(tracking_code)
    return Ballot.objects.filter(round=r, tracking_code=code).exclude(round__status=RoundStatus.OPEN).first()


def check_round(r: Round) -> tally.ChainCheck:
    rows = (
        board_rows(r)
        .values_list("seq", "tracking_code", "choices", "prev_hash", "hash")
        .iterator(chunk_size=5000)
    )
    return tally.check_board(f"{r.election.code}/{r.number}", rows)


def evaluation_results(campaign: Campaign) -> list[dict[str, Any]] | None:
    """Counts per person, or None while too few answered (or answers still come in)."""
    least = rules.rule("GOV_EVALUATION_MIN_ANSWERS")
    if campaign.status == CampaignStatus.OPEN or campaign.answers < least:
        return None
    out = []
    for subject in campaign.subjects.prefetch_related("counts"):
        counts = {c.rating: c.count for c in subject.counts.all()}
        total = sum(counts.values())
        good = counts.get(Rating.SATISFIED, 0) + counts.get(Rating.FAIR, 0)
        bars = [
            {
                "label": str(label),
                "n": counts.get(value, 0),
                "y": 28 * i,
                "width": round(150 * counts.get(value, 0) / total) if total else 0,
            }
            for i, (value, label) in enumerate(Rating.choices)
        ]
        out.append(
            {
                "subject": subject,
                "bars": bars,
                "total": total,
                "satisfaction": round(100 * good / total) if total else 0,
            }
        )
    return out


@dataclass
class DiffLine:
    op: str  # "same", "added", "removed"
    text: str


def version_diff(old: DocumentVersion | None, new: DocumentVersion) -> list[DiffLine]:
    """Line differences between two versions, ready for the template (no HTML from difflib)."""
    before = old.text.splitlines() if old else []
    after = new.text.splitlines()
    out = []
    for line in difflib.ndiff(before, after):
        tag, text = line[:2], line[2:]
        if tag == "? ":
            continue
        out.append(DiffLine({"  ": "same", "+ ": "added", "- ": "removed"}[tag], text))
    return out


# Public (no sign-in): only what is published.


def public_community(code: str) -> Area:
    area = Area.objects.filter(code=code, level=Level.COMMUNITY, is_active=True).first()
    if area is None:
        raise Http404
    return area


def public_page(community: Area) -> dict[str, Any]:
    elections = list(
        Election.objects.filter(community=community, stage=Stage.CERTIFIED).order_by("-election_day")[:5]
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
    for e in Election.objects.filter(community=community, stage=Stage.CERTIFIED):
        items.append({"kind": "election_result", "title": e.title, "at": e.certified_at, "code": e.code})
    for m in Motion.objects.filter(meeting__community=community, published_at__isnull=False).select_related(
        "meeting"
    ):
        items.append({"kind": "decision", "title": m.title, "at": m.published_at, "code": m.meeting.code})
    for c in Campaign.objects.filter(community=community, status=CampaignStatus.PUBLISHED):
        items.append({"kind": "evaluation", "title": c.title, "at": c.published_at, "code": c.code})
    return sorted(items, key=lambda i: i["at"], reverse=True)
