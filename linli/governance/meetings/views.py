"""Meeting and petition pages (GET) and one URL per action (POST)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.governance import rules
from linli.governance.lookups import _managed_or_404, managed_community
from linli.governance.meetings import actions, queries
from linli.governance.meetings import forms as f
from linli.governance.models import (
    Meeting,
    MeetingKind,
    Motion,
    MotionStatus,
    Petition,
)
from linli.governance.permissions import can_manage, own_records
from linli.governance.queries import petition_communities
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest

# ---------------------------------------------------------------------------------------------
# Meetings and petitions


@login_required
def meeting_new(request: AuthedHttpRequest) -> HttpResponse:
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
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            meeting = actions.meeting_convene(
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
        if outcome.ok:
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
        status=400 if form.errors else 200,
    )


def _page(request: HttpRequest, meeting: Meeting, **bound: Any) -> HttpResponse:
    """The meeting page; `bound` holds the one submitted form when an action was refused."""
    forms_ = {
        "attendance": f.AttendanceForm(),
        "motion_form": f.MotionForm(),
        "vote_form": f.VoteCountForm(),
        "minutes": f.MinutesForm(),
        "comment": f.CommentForm(),
        "response": f.ResponseForm(),
        "vote_pk": None,
        "refused": None,
    }
    forms_.update(bound)
    now = timezone.now()
    refused = any(isinstance(v, forms.Form) and v.is_bound and v.errors for v in bound.values())
    if bound:
        meeting.refresh_from_db()
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "manage": can_manage(request.user, meeting.community),
            "agenda": meeting.agenda.all(),
            "parties": meeting.parties.all(),
            "motions": meeting.motions.all(),
            "comments": meeting.comments.all(),
            **forms_,
            "comments_open": meeting.kind == MeetingKind.HEARING
            and meeting.comment_deadline is not None
            and now <= meeting.comment_deadline,
            "quorum_needed": rules.needed_more_than(meeting.members_total, "GOV_MEETING_QUORUM_SHARE"),
            "pending": MotionStatus.PENDING,
            "adopted": MotionStatus.ADOPTED,
            "now": now,
            "is_resident": bool(own_records(request.user, meeting.community)),
        },
        status=400 if refused else 200,
    )


@login_required
def meeting_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, queries.meeting_for(request.user, code))


def _managed_meeting(request: HttpRequest, code: str) -> Meeting:
    meeting = queries.meeting_for(request.user, code)
    if not can_manage(request.user, meeting.community):
        raise Http404
    return meeting


def _motion(meeting: Meeting, pk: int) -> Motion:
    motion = meeting.motions.filter(pk=pk).first()
    if motion is None:
        raise Http404
    return motion


def _meeting_step(
    request: HttpRequest,
    meeting: Meeting,
    form: forms.Form,
    slot: str,
    act: Callable[[dict[str, Any]], object],
    **page: Any,
) -> HttpResponse:
    """One posted step on a meeting: call `act` with the form's data and go back to the meeting;
    a refusal lands on the form, shown in its `slot` on the meeting page."""
    if form.is_valid():
        with onto_form(form) as outcome:
            act(form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect("governance:meeting", code=meeting.code)
    return _page(request, meeting, **{slot: form}, **page)


@require_POST
@login_required
def meeting_comment(request: AuthedHttpRequest, code: str) -> HttpResponse:
    meeting = queries.meeting_for(request.user, code)
    return _meeting_step(
        request,
        meeting,
        f.CommentForm(request.POST),
        "comment",
        lambda d: actions.comment_add(actor=request.user, meeting=meeting, text=d["text"], name=d["name"]),
    )


@require_POST
@login_required
def meeting_attendance(request: AuthedHttpRequest, code: str) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    return _meeting_step(
        request,
        meeting,
        f.AttendanceForm(request.POST),
        "attendance",
        lambda d: actions.meeting_attendance(
            actor=request.user, meeting=meeting, present=d["present"], attendees=d["attendees"]
        ),
    )


@require_POST
@login_required
def motion_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    return _meeting_step(
        request,
        meeting,
        f.MotionForm(request.POST),
        "motion_form",
        lambda d: actions.motion_add(actor=request.user, meeting=meeting, title=d["title"], text=d["text"]),
    )


@require_POST
@login_required
def motion_vote(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    motion = _motion(meeting, pk)
    return _meeting_step(
        request,
        meeting,
        f.VoteCountForm(request.POST),
        "vote_form",
        lambda d: actions.motion_vote(
            actor=request.user,
            motion=motion,
            votes_for=d["votes_for"],
            votes_against=d["votes_against"],
            abstentions=d["abstentions"],
        ),
        vote_pk=str(pk),
    )


@require_POST
@login_required
def decision_publish(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    motion = _motion(meeting, pk)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.decision_publish(actor=request.user, motion=motion)
    if not outcome.ok:
        return _page(request, meeting, refused=form)
    messages.success(request, _("The decision is published."))
    return redirect("governance:meeting", code=code)


@require_POST
@login_required
def meeting_close(request: AuthedHttpRequest, code: str) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    return _meeting_step(
        request,
        meeting,
        f.MinutesForm(request.POST),
        "minutes",
        lambda d: actions.meeting_close(actor=request.user, meeting=meeting, minutes=d["minutes"]),
    )


@require_POST
@login_required
def hearing_respond(request: AuthedHttpRequest, code: str) -> HttpResponse:
    meeting = _managed_meeting(request, code)
    return _meeting_step(
        request,
        meeting,
        f.ResponseForm(request.POST),
        "response",
        lambda d: actions.hearing_respond(actor=request.user, meeting=meeting, response=d["response"]),
    )


@login_required
def petition_new(request: AuthedHttpRequest) -> HttpResponse:
    communities = petition_communities(request.user)
    if not communities:
        raise Http404
    form = f.PetitionForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        community = next((c for c in communities if c.code == d["community"]), None)
        if community is None:
            raise Http404
        with onto_form(form) as outcome:
            petition = actions.petition_start(
                actor=request.user,
                community=community,
                subject=d["subject"],
                basis=d["basis"],
                groups_total=d["groups_total"] or 0,
            )
        if outcome.ok:
            messages.success(request, _("The petition is open for signatures."))
            return redirect("governance:petition", code=petition.code)
    return render(
        request,
        "governance/form_page.html",
        {"form": form, "title": _("Start a petition for a meeting")},
        status=400 if form.errors else 200,
    )


def _petition_page(request: HttpRequest, petition: Petition, **bound: Any) -> HttpResponse:
    groups = bound.get("groups") or f.GroupsForm()
    refused = bound.get("refused")
    mine = own_records(request.user, petition.community)
    context = {
        "petition": petition,
        "support": actions.petition_support(petition),
        "manage": can_manage(request.user, petition.community),
        "groups": groups,
        "refused": refused,
        "signed": bool(mine) and petition.signatures.filter(resident__in=mine).exists(),
        "can_sign": bool(mine) and petition.basis != "groups",
        "meeting": getattr(petition, "meeting", None),
    }
    status = 400 if groups.errors or (refused is not None and refused.errors) else 200
    return render(request, "governance/petition.html", context, status=status)


@login_required
def petition_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _petition_page(request, queries.petition_for(request.user, code))


@require_POST
@login_required
def petition_sign(request: AuthedHttpRequest, code: str) -> HttpResponse:
    petition = queries.petition_for(request.user, code)
    form = forms.Form(request.POST)
    with onto_form(form) as outcome:
        actions.petition_sign(actor=request.user, petition=petition)
    if not outcome.ok:
        return _petition_page(request, petition, refused=form)
    messages.success(request, _("Thank you for signing."))
    return redirect("governance:petition", code=code)


@require_POST
@login_required
def petition_groups(request: AuthedHttpRequest, code: str) -> HttpResponse:
    petition = queries.petition_for(request.user, code)
    if not can_manage(request.user, petition.community):
        raise Http404
    form = f.GroupsForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.petition_groups_record(
                actor=request.user,
                petition=petition,
                groups_supporting=form.cleaned_data["groups_supporting"],
            )
        if outcome.ok:
            return redirect("governance:petition", code=code)
    return _petition_page(request, petition, groups=form)
