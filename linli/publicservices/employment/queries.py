"""Reads of employment services, scoped through accounts.policy: seekers, referrals and start-ups
by their community, postings and courses by the area that took them in. Outside rows are 404."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.publicservices.models.employment import (
    Availability,
    Course,
    Placement,
    PlacementStatus,
    Posting,
    PostingKind,
    PostingStatus,
    Seeker,
    SeekerSkill,
    SeekerStatus,
    StartUp,
)
from linli.publicservices.permissions import VIEW, employer_ids

# The plan's yearly targets for the whole city (3.5.(一)), the reference for every area's figures.
PLAN_TARGETS = {
    "jobs_opened": 120_000,
    "placed": 100_000,
    "startups": 6_000,
    "startup_jobs": 40_000,
}


def seekers_for(viewer: policy.Viewer) -> QuerySet[Seeker]:
    return Seeker.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related(
        "resident", "community"
    )


def seeker_for(viewer: policy.Viewer, code: str) -> Seeker:
    try:
        return seekers_for(viewer).get(code=(code or "").strip().upper())
    except Seeker.DoesNotExist:
        raise Http404 from None


def own_seekers(user: Any) -> QuerySet[Seeker]:
    """A resident's own seeker records (through their registry record)."""
    pk = getattr(user, "pk", None)
    return (
        Seeker.objects.filter(resident__user_id=pk).select_related("community")
        if pk
        else Seeker.objects.none()
    )


def _covering_q(viewer: policy.Viewer) -> Q:
    """Areas in the viewer's reach, and the areas above it: a street's postings and courses are
    open to the seekers of its communities, so their workers see them too."""
    above = {
        root.path[: i + 1]
        for root in policy.roots(viewer, VIEW)
        for i, ch in enumerate(root.path)
        if ch == "/"
    }
    return policy.area_q(viewer, VIEW) | Q(area__path__in=sorted(above))


def covers(area: Area, community: Area) -> bool:
    return community.path.startswith(area.path)


def postings_for(viewer: policy.Viewer) -> QuerySet[Posting]:
    """Postings open to the viewer's communities, and an employer's own postings."""
    return Posting.objects.filter(_covering_q(viewer) | Q(unit_id__in=employer_ids(viewer))).select_related(
        "area"
    )


def posting_for(viewer: policy.Viewer, code: str) -> Posting:
    try:
        return postings_for(viewer).get(code=(code or "").strip().upper())
    except Posting.DoesNotExist:
        raise Http404 from None


def placements_for(viewer: policy.Viewer) -> QuerySet[Placement]:
    """Referrals in the viewer's communities, and those to an employer's own postings."""
    mine = Q(posting__unit_id__in=employer_ids(viewer))
    return Placement.objects.filter(policy.area_q(viewer, VIEW, "community") | mine).select_related(
        "seeker__resident", "posting"
    )


def placement_for(viewer: policy.Viewer, code: str) -> Placement:
    try:
        return placements_for(viewer).get(code=(code or "").strip().upper())
    except Placement.DoesNotExist:
        raise Http404 from None


def courses_for(viewer: policy.Viewer) -> QuerySet[Course]:
    return Course.objects.filter(_covering_q(viewer)).select_related("area")


def course_for(viewer: policy.Viewer, code: str) -> Course:
    try:
        return courses_for(viewer).get(code=(code or "").strip().upper())
    except Course.DoesNotExist:
        raise Http404 from None


def startups_for(viewer: policy.Viewer) -> QuerySet[StartUp]:
    return StartUp.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related(
        "founder", "community"
    )


def _hours(availability: str) -> list[str]:
    # Someone with flexible hours fits any post; a flexible post fits anyone.
    if availability == Availability.FLEXIBLE:
        return list(Availability.values)
    return [availability, Availability.FLEXIBLE]


@dataclass
class Match:
    seeker_id: int
    score: int


def seekers_matching(viewer: policy.Viewer, posting: Posting, limit: int = 50) -> list[tuple[Seeker, int]]:
    """Seekers for a posting: seeking, in the posting's area, hours that fit, ranked by how many of
    the posting's skills they have (then by who waited longest). One indexed query on the skill
    rows, one for the seekers shown."""
    base = Q(status=SeekerStatus.SEEKING, availability__in=_hours(posting.availability)) & Q(
        community__path__startswith=posting.area.path
    )
    base &= policy.area_q(viewer, VIEW, "community")
    skills = sorted(posting.skill_set())
    if skills:
        # Counted on the match keys alone (skill, availability, community, seeker: an index-only
        # scan of the rows of seeking seekers), so the seekers are read only for the ones shown.
        ranked = list(
            SeekerSkill.objects.filter(
                seeking=True,
                skill__in=skills,
                availability__in=_hours(posting.availability),
                community__path__startswith=posting.area.path,
            )
            .filter(policy.area_q(viewer, VIEW, "community"))
            .values("seeker_id")
            .annotate(score=Count("*"))
            .order_by("-score", "seeker_id")[:limit]
        )
        scores = {r["seeker_id"]: r["score"] for r in ranked}
    else:
        scores = {
            pk: 0
            for pk in Seeker.objects.filter(base)
            .order_by("registered_at")
            .values_list("pk", flat=True)[:limit]
        }
    found = {
        s.pk: s
        for s in Seeker.objects.filter(pk__in=scores, status=SeekerStatus.SEEKING).select_related(
            "resident", "community"
        )
    }
    return [(found[pk], score) for pk, score in scores.items() if pk in found]


def postings_matching(viewer: policy.Viewer, seeker: Seeker, limit: int = 50) -> list[tuple[Posting, int]]:
    """Open postings a seeker could take: in an area above or at their community, hours that fit,
    ranked by the skills they share."""
    ancestors = [seeker.community.path[: i + 1] for i, ch in enumerate(seeker.community.path) if ch == "/"]
    qs = (
        postings_for(viewer)
        .filter(
            status=PostingStatus.OPEN, area__path__in=ancestors, availability__in=_hours(seeker.availability)
        )
        .order_by("-created_at")[:500]
    )
    mine = seeker.skill_set()
    scored = [(p, len(mine & p.skill_set())) for p in qs]
    scored.sort(key=lambda x: -x[1])
    return scored[:limit]


@dataclass
class Figures:
    area: Area
    seeking: int
    placed: int
    welfare_placed: int
    jobs_opened: int
    startups: int
    startup_jobs: int
    followup_6_kept: int
    followup_6_done: int


def figures(viewer: policy.Viewer, area: Area, year: int) -> list[Figures]:
    """Each community's (or for a street or above, each child's) figures for the year, and the
    area's total last."""
    children = list(
        Area.objects.filter(parent=area, is_active=True).exclude(level=Level.GRID).order_by("code")
    )
    rows = [*children, area] if area.level != Level.COMMUNITY else [area]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = []
    for a in rows:
        inside = Q(community__path__startswith=a.path)
        placements = placements_for(viewer).filter(
            inside, status=PlacementStatus.PLACED, placed_on__range=(start, end)
        )
        startups = startups_for(viewer).filter(inside, started_on__range=(start, end))
        opened = (
            postings_for(viewer)
            .filter(area__path__startswith=a.path, created_at__year=year)
            .aggregate(n=Sum("openings"))["n"]
        )
        out.append(
            Figures(
                area=a,
                seeking=seekers_for(viewer).filter(inside, status=SeekerStatus.SEEKING).count(),
                placed=placements.count(),
                welfare_placed=placements.filter(posting__kind=PostingKind.PUBLIC_WELFARE).count(),
                jobs_opened=(opened or 0) + placements.count(),
                startups=startups.count(),
                startup_jobs=startups.aggregate(n=Sum("jobs_created"))["n"] or 0,
                followup_6_done=placements.filter(followup_6_on__isnull=False).count(),
                followup_6_kept=placements.filter(followup_6_in_job=True).count(),
            )
        )
    return out
