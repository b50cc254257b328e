"""Reads of 居务公开. Staff reads go through accounts.policy; public reads show only published notices."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from linli.accounts import policy
from linli.accounts.models import User
from linli.accounts.policy import Viewer
from linli.areas import queries as area_queries
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.disclosure.models import Item, ItemStatus, Question, Schedule
from linli.disclosure.schedules import Requirement, overdue

VIEW = "disclosure.view"


def communities_for(viewer: User | AnonymousUser) -> QuerySet[Area]:
    return policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True), viewer, VIEW, field=""
    ).order_by("code")


def community_for(viewer: User | AnonymousUser, code: str) -> Area:
    return area_queries.community_for(viewer, code, VIEW)


def items_for(
    viewer: User | AnonymousUser, community: Area | None = None, status: str = ""
) -> QuerySet[Item]:
    qs = policy.scope(Item.objects.all(), viewer, VIEW, field="community").select_related("community")
    if community is not None:
        qs = qs.filter(community=community)
    if status:
        qs = qs.filter(status=status)
    return qs


def item_for(viewer: User | AnonymousUser, code: str) -> Item:
    return policy.get_or_404(
        Item.objects.select_related("community", "created_by", "published_by"),
        viewer,
        VIEW,
        "community",
        code=code,
    )


def questions_of(item: Item) -> QuerySet[Question]:
    return item.questions.select_related("answered_by").order_by("asked_at", "id")


def question_for(viewer: User | AnonymousUser, pk: Any) -> Question:
    return policy.get_or_404(
        Question.objects.select_related("item__community"), viewer, VIEW, "item__community", pk=pk
    )


def overdue_for(
    viewer: User | AnonymousUser, today: dt.date, community: Area | None = None
) -> list[Requirement]:
    """Required disclosures past their due day in the viewer's reach (computed live)."""
    communities = [community] if community is not None else list(communities_for(viewer))
    return overdue(communities, today)


def schedules_for(viewer: User | AnonymousUser) -> QuerySet[Schedule]:
    """Rules set at areas in the viewer's reach or above it (those apply to their communities)."""
    roots = policy.roots(viewer, VIEW)
    ids = {a.pk for a in roots}
    for root in roots:
        ids.update(Area.objects.filter(code__in=root.ancestors_codes()).values_list("pk", flat=True))
    inside = policy.scope(Schedule.objects.all(), viewer, VIEW)
    return (inside | Schedule.objects.filter(area_id__in=ids)).select_related("area", "set_by").distinct()


# --- public -------------------------------------------------------------------------------------


def public_items(community: Area, category: str = "") -> QuerySet[Item]:
    qs = Item.objects.filter(community=community, status=ItemStatus.PUBLISHED).only(
        "code", "category", "title", "period_start", "period_end", "published_at", "community_id"
    )
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-published_at", "-id")


def public_item(community: Area, code: str) -> Item:
    from django.http import Http404

    item = (
        Item.objects.filter(community=community, status=ItemStatus.PUBLISHED, code=code)
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.filter(answered_at__isnull=False).order_by("asked_at", "id"),
                to_attr="answered",
            )
        )
        .first()
    )
    if item is None:
        raise Http404
    return item


def own_open_questions(user: Viewer, item: Item) -> list[Question]:
    if not isinstance(user, User):  # anonymous: no questions of their own
        return []
    return list(Question.objects.filter(item=item, asker=user, answered_at__isnull=True))
