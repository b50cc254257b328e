"""Petitions, meetings, motions, decisions and hearings: permitted, validated, saved and audited."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import Forbidden, NotFound
from linli.governance import rules
from linli.governance.checks import _community, _err, _now, _own_or_manage, _today
from linli.governance.eligibility import latest_birth_date
from linli.governance.models import (
    AgendaItem,
    Comment,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Motion,
    MotionStatus,
    Party,
    PartyKind,
    Petition,
    PetitionBasis,
    Signature,
)
from linli.governance.permissions import (
    can_manage,
    own_records,
    require_manage,
    require_view,
)
from linli.registry.models import Household, Resident, ResidentStatus

# ---------------------------------------------------------------------------------------------
# Petitions and meetings


def adults_count(community: Area, day: dt.date) -> int:
    return Resident.objects.filter(
        community=community, status=ResidentStatus.ACTIVE, birth_date__lte=latest_birth_date(day)
    ).count()


def households_count(community: Area) -> int:
    return Household.objects.filter(community=community, is_active=True).count()


def petition_start(
    *,
    actor: User | None,
    community: Area,
    subject: str,
    basis: str,
    groups_total: int = 0,
    now: dt.datetime | None = None,
) -> Petition:
    """Residents start a petition for a meeting; a resident who starts it signs it."""
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_view(actor, community)
        mine = own_records(actor, community)
        if not mine and actor is not None and not can_manage(actor, community):
            raise Forbidden()
        subject = subject.strip()
        if not subject:
            raise _err("subject_required", _("Say what the meeting should decide."), "subject")
        if basis not in PetitionBasis.values:
            raise _err("invalid_basis", _("Choose how support is counted."), "basis")
        if basis == PetitionBasis.GROUPS and groups_total <= 0:
            raise _err(
                "groups_total", _("Enter how many residents' groups the community has."), "groups_total"
            )
        petition = Petition.objects.create(
            code=short_code("P", 6),
            community=community,
            subject=subject,
            basis=basis,
            groups_total=max(groups_total, 0),
            created_at=now,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        record(actor=actor, action="governance.petition.started", obj=petition, area=community, now=now)
        if mine and basis != PetitionBasis.GROUPS:
            Signature.objects.create(petition=petition, resident=mine[0], household_id=mine[0].household_id)
    return petition


def petition_sign(
    *,
    actor: User | None,
    petition: Petition,
    resident: Resident | None = None,
    now: dt.datetime | None = None,
) -> Signature:
    """A resident signs (or staff record a signature given on paper)."""
    now = _now(now)
    with transaction.atomic():
        require_view(actor, petition.community)
        if resident is None:
            mine = own_records(actor, petition.community)
            if not mine:
                raise Forbidden(_("Only residents of the community can sign."))
            resident = mine[0]
        else:
            _own_or_manage(actor, resident, petition.community)
        if resident.community_id != petition.community_id or resident.status != ResidentStatus.ACTIVE:
            raise _err("not_here", _("Only residents of the community can sign."), "resident", 403)
        if petition.basis == PetitionBasis.GROUPS:
            raise _err("groups", _("This petition counts residents' groups, not signatures."), status=409)
        if hasattr(petition, "meeting"):
            raise _err("used", _("The meeting has already been convened."), status=409)
        if resident.birth_date > latest_birth_date(_today(now)):
            raise _err("too_young", _("Only residents aged 18 or older can sign."), "resident", 403)
        try:
            with transaction.atomic():
                sig = Signature.objects.create(
                    petition=petition, resident=resident, household_id=resident.household_id
                )
        except IntegrityError:
            raise _err("already_signed", _("Already signed."), status=409) from None
        record(
            actor=actor, action="governance.petition.signed", obj=petition, area=petition.community, now=now
        )
    return sig


def petition_groups_record(
    *, actor: User | None, petition: Petition, groups_supporting: int, now: dt.datetime | None = None
) -> Petition:
    """Staff record how many residents' groups support the petition (decided in the groups)."""
    with transaction.atomic():
        require_manage(actor, petition.community)
        if petition.basis != PetitionBasis.GROUPS:
            raise _err("not_groups", _("This petition counts signatures."), status=409)
        if not 0 <= groups_supporting <= petition.groups_total:
            raise _err("out_of_range", _("Between 0 and the number of groups."), "groups_supporting")
        petition.groups_supporting = groups_supporting
        petition.save(update_fields=["groups_supporting"])
        record(
            actor=actor,
            action="governance.petition.groups_recorded",
            obj=petition,
            area=petition.community,
            details={"groups": groups_supporting},
            now=_now(now),
        )
    return petition


def petition_support(petition: Petition, now: dt.datetime | None = None) -> dict[str, Any]:
    """How much support a petition has, out of how many, and whether it reaches the legal share."""
    today = _today(_now(now))
    if petition.basis == PetitionBasis.GROUPS:
        have, whole, name = petition.groups_supporting, petition.groups_total, "GOV_PETITION_GROUPS_SHARE"
    elif petition.basis == PetitionBasis.HOUSEHOLDS:
        active = Household.objects.filter(community=petition.community, is_active=True).values("pk")
        have = petition.signatures.filter(household_id__in=active).values("household_id").distinct().count()
        whole, name = households_count(petition.community), "GOV_PETITION_HOUSEHOLDS_SHARE"
    else:
        have = petition.signatures.filter(
            resident__status=ResidentStatus.ACTIVE,
            resident__community=petition.community,
            resident__birth_date__lte=latest_birth_date(today),
        ).count()
        whole, name = adults_count(petition.community, today), "GOV_PETITION_RESIDENTS_SHARE"
    return {
        "have": have,
        "whole": whole,
        "needed": rules.needed_at_least(whole, name),
        "met": rules.at_least(have, whole, name),
    }


DECIDING = (MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES)


def meeting_convene(
    *,
    actor: User | None,
    community: Area,
    kind: str,
    title: str,
    scheduled_at: dt.datetime,
    place: str,
    agenda: list[str],
    members_total: int | None = None,
    petition: Petition | None = None,
    comment_deadline: dt.datetime | None = None,
    parties: list[tuple[str, str]] | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Convene a meeting with its notice, agenda and members, by the committee or on a petition."""
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if kind not in MeetingKind.values:
            raise _err("invalid_kind", _("Choose the kind of meeting."), "kind")
        title, place = title.strip(), place.strip()
        if not title:
            raise _err("title_required", _("Enter a title."), "title")
        if not place:
            raise _err("place_required", _("Say where the meeting is held."), "place")
        days = rules.rule("GOV_MEETING_NOTICE_DAYS")
        if scheduled_at < now + dt.timedelta(days=days):
            raise _err(
                "short_notice",
                _("Meetings are announced at least %(n)d days ahead.") % {"n": days},
                "scheduled_at",
            )
        items = [a.strip() for a in agenda if a.strip()]
        if not items:
            raise _err("agenda_required", _("Put at least one item on the agenda."), "agenda")
        if petition is not None:
            if petition.community_id != community.pk:
                raise NotFound()
            if hasattr(petition, "meeting"):
                raise _err("used", _("A meeting was already convened on this petition."), "petition", 409)
            if not petition_support(petition, now)["met"]:
                raise _err(
                    "petition_short", _("The petition has not reached the legal share."), "petition", 409
                )
        if kind == MeetingKind.HEARING and (comment_deadline is None or comment_deadline <= now):
            raise _err("deadline_required", _("Set until when comments are taken."), "comment_deadline")
        if members_total is None:
            if kind == MeetingKind.RESIDENTS:
                members_total = adults_count(community, timezone.localtime(scheduled_at).date())
            elif kind == MeetingKind.CONSULTATION:
                members_total = len(parties or [])
            else:
                members_total = 0
        if kind in DECIDING and members_total <= 0:
            raise _err("members_required", _("Enter how many members the meeting has."), "members_total")
        meeting = Meeting.objects.create(
            code=short_code("M", 6),
            community=community,
            kind=kind,
            title=title,
            petition=petition,
            scheduled_at=scheduled_at,
            place=place,
            noticed_at=now,
            members_total=members_total,
            status=MeetingStatus.NOTICED,
            comment_deadline=comment_deadline if kind == MeetingKind.HEARING else None,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=meeting, order=i, title=t[:200]) for i, t in enumerate(items, start=1)]
        )
        Party.objects.bulk_create(
            [
                Party(
                    meeting=meeting,
                    kind=k if k in PartyKind.values else PartyKind.OTHER,
                    name=n.strip()[:100],
                )
                for k, n in parties or []
                if n.strip()
            ]
        )
        record(
            actor=actor,
            action="governance.meeting.convened",
            obj=meeting,
            area=community,
            details={"kind": kind, "petition": petition.code if petition else None, "members": members_total},
            now=now,
        )
    return meeting


def meeting_attendance(
    *, actor: User | None, meeting: Meeting, present: int, attendees: str = "", now: dt.datetime | None = None
) -> Meeting:
    """Record who came; a residents' or representatives' meeting without quorum cannot decide."""
    now = _now(now)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
        require_manage(actor, meeting.community)
        if meeting.status not in (MeetingStatus.NOTICED, MeetingStatus.HELD, MeetingStatus.INQUORATE):
            raise _err("closed", _("The meeting is closed."), status=409)
        if now < meeting.scheduled_at:
            raise _err("not_yet", _("The meeting has not started yet."), status=409)
        if present < 0 or (meeting.members_total and present > meeting.members_total):
            raise _err("present_range", _("Present must be between 0 and the number of members."), "present")
        meeting.present, meeting.attendees = present, attendees.strip()
        quorate = meeting.kind not in DECIDING or rules.more_than(
            present, meeting.members_total, "GOV_MEETING_QUORUM_SHARE"
        )
        meeting.status = MeetingStatus.HELD if quorate else MeetingStatus.INQUORATE
        meeting.save(update_fields=["present", "attendees", "status"])
        record(
            actor=actor,
            action="governance.meeting.attendance",
            obj=meeting,
            area=meeting.community,
            details={"present": present, "members": meeting.members_total, "quorum": quorate},
            now=now,
        )
    return meeting


def motion_add(*, actor: User | None, meeting: Meeting, title: str, text: str = "") -> Motion:
    with transaction.atomic():
        require_manage(actor, meeting.community)
        if meeting.status == MeetingStatus.CLOSED:
            raise _err("closed", _("The meeting is closed."), status=409)
        if not title.strip():
            raise _err("title_required", _("Enter the motion."), "title")
        motion = Motion.objects.create(meeting=meeting, title=title.strip()[:200], text=text.strip())
        record(actor=actor, action="governance.motion.added", obj=motion, area=meeting.community)
    return motion


def motion_vote(
    *,
    actor: User | None,
    motion: Motion,
    votes_for: int,
    votes_against: int,
    abstentions: int = 0,
    now: dt.datetime | None = None,
) -> Motion:
    """Record the vote of the members present; adopted with more than half of those present."""
    now = _now(now)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().select_related("meeting__community").get(pk=motion.pk)
        meeting = motion.meeting
        require_manage(actor, meeting.community)
        if meeting.status != MeetingStatus.HELD:
            raise _err(
                "no_quorum" if meeting.status == MeetingStatus.INQUORATE else "not_in_session",
                _("Without a quorum the meeting cannot decide.")
                if meeting.status == MeetingStatus.INQUORATE
                else _("Record attendance first."),
                status=409,
            )
        if motion.status != MotionStatus.PENDING:
            raise _err("voted", _("This motion has been voted on."), status=409)
        present = meeting.present or 0
        if (
            min(votes_for, votes_against, abstentions) < 0
            or votes_for + votes_against + abstentions > present
        ):
            raise _err(
                "votes_range",
                _("For, against and abstentions add up to at most the %(n)d present.") % {"n": present},
                "votes_for",
            )
        adopted = rules.more_than(votes_for, present, "GOV_MEETING_MAJORITY_SHARE")
        motion.votes_for, motion.votes_against, motion.abstentions = votes_for, votes_against, abstentions
        motion.status = MotionStatus.ADOPTED if adopted else MotionStatus.REJECTED
        motion.decided_at = now
        motion.save(update_fields=["votes_for", "votes_against", "abstentions", "status", "decided_at"])
        record(
            actor=actor,
            action="governance.motion.voted",
            obj=motion,
            area=meeting.community,
            details={"for": votes_for, "against": votes_against, "abstain": abstentions, "present": present},
            now=now,
        )
    return motion


def decision_publish(*, actor: User | None, motion: Motion, now: dt.datetime | None = None) -> Motion:
    """Publish an adopted motion as the meeting's decision (public page, disclosure)."""
    now = _now(now)
    with transaction.atomic():
        motion = Motion.objects.select_for_update().select_related("meeting__community").get(pk=motion.pk)
        require_manage(actor, motion.meeting.community)
        if motion.status != MotionStatus.ADOPTED:
            raise _err("not_adopted", _("Only an adopted motion is a decision."), status=409)
        if motion.published_at is None:
            motion.published_at = now
            motion.save(update_fields=["published_at"])
            record(
                actor=actor,
                action="governance.decision.published",
                obj=motion,
                area=motion.meeting.community,
                now=now,
            )
    return motion


def meeting_close(
    *, actor: User | None, meeting: Meeting, minutes: str, now: dt.datetime | None = None
) -> Meeting:
    """Close the meeting with its minutes."""
    now = _now(now)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
        require_manage(actor, meeting.community)
        if meeting.status == MeetingStatus.CLOSED:
            raise _err("closed", _("The meeting is closed."), status=409)
        if meeting.present is None:
            raise _err("no_attendance", _("Record attendance first."), status=409)
        if not minutes.strip():
            raise _err("minutes_required", _("Write the minutes."), "minutes")
        meeting.minutes, meeting.status = minutes.strip(), MeetingStatus.CLOSED
        meeting.save(update_fields=["minutes", "status"])
        record(actor=actor, action="governance.meeting.closed", obj=meeting, area=meeting.community, now=now)
    return meeting


def comment_add(
    *, actor: User | None, meeting: Meeting, text: str, name: str = "", now: dt.datetime | None = None
) -> Comment:
    """A comment on a hearing, until its deadline: from a resident of the community, or entered by staff."""
    now = _now(now)
    with transaction.atomic():
        require_view(actor, meeting.community)
        if meeting.kind != MeetingKind.HEARING:
            raise NotFound()
        if meeting.comment_deadline is None or now > meeting.comment_deadline:
            raise _err("too_late", _("Comments on this hearing are closed."), status=409)
        mine = own_records(actor, meeting.community)
        if not mine and actor is not None and not can_manage(actor, meeting.community):
            raise Forbidden()
        name = (name or (mine[0].name if mine else "")).strip()
        if not name:
            raise _err("name_required", _("Give the commenter's name."), "name")
        if not text.strip():
            raise _err("text_required", _("Write the comment."), "text")
        comment = Comment.objects.create(
            meeting=meeting,
            name=name[:50],
            text=text.strip(),
            created_at=now,
            author=actor if getattr(actor, "pk", None) else None,
        )
        record(actor=actor, action="governance.comment.added", obj=meeting, area=meeting.community, now=now)
    return comment


def hearing_respond(
    *, actor: User | None, meeting: Meeting, response: str, now: dt.datetime | None = None
) -> Meeting:
    """After the comment deadline, publish the committee's response to the comments."""
    now = _now(now)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
        require_manage(actor, meeting.community)
        if meeting.kind != MeetingKind.HEARING:
            raise _err("not_hearing", _("Only a hearing takes comments."), status=409)
        if meeting.comment_deadline and now <= meeting.comment_deadline:
            raise _err("comments_open", _("Comments are still being taken."), status=409)
        if not response.strip():
            raise _err("response_required", _("Write the response."), "response")
        meeting.response, meeting.response_published_at = response.strip(), now
        meeting.save(update_fields=["response", "response_published_at"])
        record(
            actor=actor, action="governance.hearing.responded", obj=meeting, area=meeting.community, now=now
        )
    return meeting
