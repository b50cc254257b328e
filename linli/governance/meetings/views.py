"""Meeting and petition pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.governance import rules
from linli.governance.lookups import managed_community
from linli.governance.meetings import actions, queries
from linli.governance.meetings import forms as f
from linli.governance.models import (
    MeetingKind,
    MotionStatus,
)
from linli.governance.permissions import can_manage, own_records
from linli.governance.queries import communities_managed
from linli.governance.views import _attempt, _do, _managed_or_404, _status

# ---------------------------------------------------------------------------------------------
# Meetings and petitions


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    communities = _managed_or_404(request)
    petition = None
    pcode = request.POST.get("petition") or request.GET.get("petition")
    if pcode:
        petition = queries.petition_for(request.user, pcode)
    initial = (
        {"petition": petition.code, "community": petition.community.code, "title": petition.subject}
        if petition
        else None
    )
    form = f.MeetingForm(request.POST or None, communities=communities, initial=initial)
    if request.method == "POST":

        def go() -> Any:
            d = form.cleaned_data
            return actions.meeting_convene(
                actor=request.user,
                community=managed_community(request.user, d["community"]),
                kind=d["kind"],
                title=d["title"],
                scheduled_at=d["scheduled_at"],
                place=d["place"],
                agenda=d["agenda"].splitlines(),
                members_total=d["members_total"],
                petition=petition,
                comment_deadline=d["comment_deadline"],
                parties=form.party_list(),
            )

        meeting = _attempt(form, go)
        if meeting:
            messages.success(request, _("The meeting is announced."))
            return redirect("governance:meeting", code=meeting.code)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": _("Convene a meeting"),
            "petition": petition,
            "notice_days": rules.rule("GOV_MEETING_NOTICE_DAYS"),
        },
        status=_status(form),
    )


@login_required
def meeting_detail(request: HttpRequest, code: str) -> HttpResponse:
    meeting = queries.meeting_for(request.user, code)
    manage = can_manage(request.user, meeting.community)
    do = request.POST.get("do")
    user = request.user
    attendance = f.AttendanceForm(request.POST if do == "attendance" else None)
    motion_form = f.MotionForm(request.POST if do == "motion" else None)
    vote_form = f.VoteCountForm(request.POST if do == "vote" else None)
    minutes = f.MinutesForm(request.POST if do == "close" else None)
    comment = f.CommentForm(request.POST if do == "comment" else None)
    response = f.ResponseForm(request.POST if do == "respond" else None)
    if request.method == "POST":
        ok: Any = None
        if do == "comment":
            ok = _attempt(
                comment,
                lambda: actions.comment_add(
                    actor=user,
                    meeting=meeting,
                    text=comment.cleaned_data["text"],
                    name=comment.cleaned_data["name"],
                ),
            )
        elif not manage:
            raise Http404
        elif do == "attendance":
            ok = _attempt(
                attendance,
                lambda: actions.meeting_attendance(
                    actor=user,
                    meeting=meeting,
                    present=attendance.cleaned_data["present"],
                    attendees=attendance.cleaned_data["attendees"],
                ),
            )
        elif do == "motion":
            ok = _attempt(
                motion_form,
                lambda: actions.motion_add(
                    actor=user,
                    meeting=meeting,
                    title=motion_form.cleaned_data["title"],
                    text=motion_form.cleaned_data["text"],
                ),
            )
        elif do == "vote":
            motion = _motion(meeting, request)
            ok = _attempt(
                vote_form,
                lambda: actions.motion_vote(
                    actor=user,
                    motion=motion,
                    votes_for=vote_form.cleaned_data["votes_for"],
                    votes_against=vote_form.cleaned_data["votes_against"],
                    abstentions=vote_form.cleaned_data["abstentions"],
                ),
            )
        elif do == "publish":
            motion = _motion(meeting, request)
            ok = _do(
                request,
                lambda: actions.decision_publish(actor=user, motion=motion),
                _("The decision is published."),
            )
        elif do == "close":
            ok = _attempt(
                minutes,
                lambda: actions.meeting_close(
                    actor=user, meeting=meeting, minutes=minutes.cleaned_data["minutes"]
                ),
            )
        elif do == "respond":
            ok = _attempt(
                response,
                lambda: actions.hearing_respond(
                    actor=user, meeting=meeting, response=response.cleaned_data["response"]
                ),
            )
        else:
            raise Http404
        if ok or do == "publish":
            if do != "publish":
                messages.success(request, _("Saved."))
            return redirect("governance:meeting", code=code)
        meeting.refresh_from_db()
    now = timezone.now()
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "manage": manage,
            "agenda": meeting.agenda.all(),
            "parties": meeting.parties.all(),
            "motions": meeting.motions.all(),
            "comments": meeting.comments.all(),
            "attendance": attendance,
            "motion_form": motion_form,
            "vote_form": vote_form,
            "vote_pk": request.POST.get("pk") if do == "vote" else None,
            "minutes": minutes,
            "comment": comment,
            "response": response,
            "comments_open": meeting.kind == MeetingKind.HEARING
            and meeting.comment_deadline is not None
            and now <= meeting.comment_deadline,
            "quorum_needed": rules.needed_more_than(meeting.members_total, "GOV_MEETING_QUORUM_SHARE"),
            "pending": MotionStatus.PENDING,
            "adopted": MotionStatus.ADOPTED,
            "now": now,
            "is_resident": bool(own_records(user, meeting.community)),
        },
        status=_status(attendance, motion_form, vote_form, minutes, comment, response),
    )


def _motion(meeting: Any, request: HttpRequest) -> Any:
    motion = (
        meeting.motions.filter(pk=request.POST.get("pk", "")).first()
        if str(request.POST.get("pk", "")).isdigit()
        else None
    )
    if motion is None:
        raise Http404
    return motion


@login_required
def petition_new(request: HttpRequest) -> HttpResponse:
    records = own_records(request.user)
    communities = list(communities_managed(request.user)) or [r.community for r in records]
    if not communities:
        raise Http404
    communities = list({c.pk: c for c in communities}.values())
    form = f.PetitionForm(request.POST or None, communities=communities)
    if request.method == "POST":

        def go() -> Any:
            d = form.cleaned_data
            community = next((c for c in communities if c.code == d["community"]), None)
            if community is None:
                raise Http404
            return actions.petition_start(
                actor=request.user,
                community=community,
                subject=d["subject"],
                basis=d["basis"],
                groups_total=d["groups_total"] or 0,
            )

        petition = _attempt(form, go)
        if petition:
            messages.success(request, _("The petition is open for signatures."))
            return redirect("governance:petition", code=petition.code)
    return render(
        request,
        "governance/form_page.html",
        {"form": form, "title": _("Start a petition for a meeting")},
        status=_status(form),
    )


@login_required
def petition_detail(request: HttpRequest, code: str) -> HttpResponse:
    petition = queries.petition_for(request.user, code)
    manage = can_manage(request.user, petition.community)
    do = request.POST.get("do")
    groups = f.GroupsForm(request.POST if do == "groups" else None)
    if request.method == "POST":
        if do == "sign":
            _do(
                request,
                lambda: actions.petition_sign(actor=request.user, petition=petition),
                _("Thank you for signing."),
            )
            return redirect("governance:petition", code=code)
        if do == "groups" and manage:
            if _attempt(
                groups,
                lambda: actions.petition_groups_record(
                    actor=request.user,
                    petition=petition,
                    groups_supporting=groups.cleaned_data["groups_supporting"],
                ),
            ):
                return redirect("governance:petition", code=code)
        else:
            raise Http404
    mine = own_records(request.user, petition.community)
    return render(
        request,
        "governance/petition.html",
        {
            "petition": petition,
            "support": actions.petition_support(petition),
            "manage": manage,
            "groups": groups,
            "signed": bool(mine) and petition.signatures.filter(resident__in=mine).exists(),
            "can_sign": bool(mine) and petition.basis != "groups",
            "meeting": getattr(petition, "meeting", None),
        },
        status=_status(groups),
    )
