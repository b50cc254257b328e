"""Meeting, petition and motion reads, scoped to the viewer."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from linli.accounts.policy import Viewer
from linli.governance.models import (
    Meeting,
    Motion,
    Petition,
)
from linli.governance.permissions import can_view
from linli.governance.queries import _visible


def meetings_for(user: Viewer) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_visible(user)).select_related("community")


def meeting_for(user: Viewer, code: str) -> Meeting:
    meeting = Meeting.objects.select_related("community", "petition").filter(code=code).first()
    if meeting is None or not can_view(user, meeting.community):
        raise Http404
    return meeting


def petitions_for(user: Viewer) -> QuerySet[Petition]:
    return Petition.objects.filter(_visible(user)).select_related("community")


def petition_for(user: Viewer, code: str) -> Petition:
    petition = Petition.objects.select_related("community").filter(code=code).first()
    if petition is None or not can_view(user, petition.community):
        raise Http404
    return petition


def motion_for(user: Viewer, pk: Any) -> Motion:
    motion = Motion.objects.select_related("meeting__community").filter(pk=pk).first()
    if motion is None or not can_view(user, motion.meeting.community):
        raise Http404
    return motion
