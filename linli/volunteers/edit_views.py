"""Volunteer pages that change what was entered: a volunteer's skills, availability and teams,
teams (of a community, a street or an organization) and their members, and an activity's
details or its cancellation. Each POST calls one action; anything outside reach is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.queries import area_for
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest
from linli.volunteers import actions, queries
from linli.volunteers.forms import ActivityEditForm, MemberForm, TeamForm, VolunteerEditForm
from linli.volunteers.models import ActivityStatus, Team, Volunteer


def _teams_near(request: AuthedHttpRequest, volunteer: Volunteer) -> list[Team]:
    """Teams in reach that the volunteer may join: of their community or an area above it."""
    codes = [*volunteer.community.ancestors_codes(), volunteer.community.code]
    return list(queries.teams_for(request.user).filter(area__code__in=codes).order_by("area__code", "name"))


@login_required
def volunteer_edit(request: AuthedHttpRequest, number: str) -> HttpResponse:
    volunteer = queries.volunteer_for(request.user, number)
    staff = policy.can(request.user, "volunteers.manage", volunteer.community)
    if not staff and volunteer.user_id != request.user.pk:
        raise Http404
    near = _teams_near(request, volunteer) if staff else []
    current = set(volunteer.teams.values_list("code", flat=True))
    initial = {
        "skills": volunteer.skill_list(),
        "availability": volunteer.availability_list(),
        "background": volunteer.background,
        "teams": sorted(current),
    }
    form = VolunteerEditForm(
        request.POST or None,
        initial=initial,
        teams=[(t.code, f"{t.name} ({t.area.name})") for t in near],
        staff=staff,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        now = timezone.now()
        with onto_form(form) as outcome:
            actions.volunteer_update(
                actor=request.user,
                volunteer=volunteer,
                phone=d["phone"] or volunteer.phone,
                skills=d["skills"],
                availability=d["availability"],
                background=d.get("background", volunteer.background),
                now=now,
            )
            if staff:
                wanted = set(d["teams"])
                for team in near:
                    if team.code in wanted and team.code not in current:
                        actions.team_member_add(actor=request.user, team=team, volunteer=volunteer, now=now)
                    elif team.code in current and team.code not in wanted:
                        actions.team_member_remove(
                            actor=request.user, team=team, volunteer=volunteer, now=now
                        )
        if outcome.ok:
            messages.success(request, _("The volunteer's details were saved."))
            if staff:
                return redirect("volunteers:roll", code=volunteer.community.code)
            return redirect("volunteers:mine")
    return render(
        request,
        "volunteers/volunteer_edit.html",
        {"volunteer": volunteer, "form": form, "staff": staff},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def volunteer_leave(request: AuthedHttpRequest, number: str) -> HttpResponse:
    volunteer = queries.volunteer_for(request.user, number)
    with onto_messages(request) as outcome:
        actions.volunteer_leave(actor=request.user, volunteer=volunteer, now=timezone.now())
    if outcome.ok:
        messages.success(request, _("%(n)s is off the active roll.") % {"n": volunteer.number})
    if policy.can(request.user, "volunteers.view", volunteer.community):
        return redirect("volunteers:roll", code=volunteer.community.code)
    return redirect("volunteers:index")


def _organizations(request: AuthedHttpRequest) -> list[tuple[str, str]]:
    orgs = queries.organizations_for(request.user, "volunteers.manage")[:500]
    return [(o.code, f"{o.name} ({o.community.name})") for o in orgs]


def _organization_in_reach(request: AuthedHttpRequest) -> None:
    """An organization named in the form but outside the manager's reach is 404, like an absent one."""
    code = request.POST.get("organization", "")
    if code:
        queries.organization_for(request.user, code)


@login_required
def teams(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    rows = list(queries.teams_for(user).order_by("area__code", "name")[:500])
    areas = list(queries.staff_areas(user))
    if not rows and not areas:
        raise Http404
    form = TeamForm(
        request.POST or None, areas=[(a.code, a.name) for a in areas], organizations=_organizations(request)
    )
    if request.method == "POST":
        if not areas:
            raise Http404
        _organization_in_reach(request)
        if form.is_valid():
            d = form.cleaned_data
            area = area_for(user, d["area"], "volunteers.manage") if d["area"] else None
            org = queries.organization_for(user, d["organization"]) if d["organization"] else None
            with onto_form(form) as outcome:
                if area is None and org is None:
                    form.add_error("area", _("Name the community or street, or the organization."))
                    outcome.ok = False
                else:
                    team = actions.team_create(
                        actor=user, area=area, organization=org, name=d["name"], purpose=d["purpose"]
                    )
            if outcome.ok:
                messages.success(request, _("Team %(code)s was created.") % {"code": team.code})
                return redirect("volunteers:team", code=team.code)
    return render(
        request,
        "volunteers/teams.html",
        {"teams": rows, "form": form if areas else None},
        status=400 if form.errors else 200,
    )


@login_required
def team(request: AuthedHttpRequest, code: str) -> HttpResponse:
    user = request.user
    t = queries.team_for(user, code)
    may_manage = policy.can(user, "volunteers.manage", t.area)
    form = TeamForm(
        request.POST or None,
        areas=None,
        organizations=_organizations(request),
        initial={
            "name": t.name,
            "purpose": t.purpose,
            "organization": t.organization.code if t.organization else "",
        },
    )
    if request.method == "POST":
        if not may_manage:
            raise Http404
        _organization_in_reach(request)
        if form.is_valid():
            d = form.cleaned_data
            org = queries.organization_for(user, d["organization"]) if d["organization"] else None
            with onto_form(form) as outcome:
                actions.team_update(
                    actor=user, team=t, name=d["name"], purpose=d["purpose"], organization=org
                )
            if outcome.ok:
                messages.success(request, _("The team was saved."))
                return redirect("volunteers:team", code=t.code)
    members = queries.volunteers_for(user).filter(teams=t).order_by("name", "pk")[:500]
    return render(
        request,
        "volunteers/team.html",
        {
            "team": t,
            "members": members,
            "form": form if may_manage else None,
            "member_form": MemberForm() if may_manage else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def team_member(request: AuthedHttpRequest, code: str, step: str) -> HttpResponse:
    t = queries.team_for(request.user, code)
    form = MemberForm(request.POST)
    if step not in ("add", "remove") or not form.is_valid():
        raise Http404
    volunteer = queries.volunteer_for(request.user, form.cleaned_data["number"].strip().upper())
    with onto_messages(request) as outcome:
        if step == "add":
            actions.team_member_add(actor=request.user, team=t, volunteer=volunteer)
        else:
            actions.team_member_remove(actor=request.user, team=t, volunteer=volunteer)
    if outcome.ok:
        messages.success(request, _("The team's members were changed."))
    return redirect("volunteers:team", code=t.code)


@login_required
def activity_edit(request: AuthedHttpRequest, code: str) -> HttpResponse:
    user = request.user
    act = queries.activity_for(user, code)
    if not policy.can(user, "volunteers.manage", act.area) or act.status == ActivityStatus.CANCELLED:
        raise Http404
    codes = [*act.area.ancestors_codes(), act.area.code]
    near = queries.teams_for(user).filter(area__path__startswith=act.area.path) | queries.teams_for(
        user
    ).filter(area__code__in=codes)
    form = ActivityEditForm(
        request.POST or None,
        teams=[(t.code, t.name) for t in near.order_by("name")[:500]],
        initial={
            "title": act.title,
            "place": act.place,
            "skills": act.skill_list(),
            "team": act.team.code if act.team else "",
            "description": act.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        team_ = queries.team_for(user, d["team"]) if d["team"] else None
        with onto_form(form) as outcome:
            actions.activity_update(
                actor=user,
                activity=act,
                title=d["title"],
                place=d["place"],
                description=d["description"],
                skills=d["skills"],
                team=team_,
                now=timezone.now(),
            )
        if outcome.ok:
            messages.success(request, _("The activity was saved."))
            return redirect("volunteers:activity", code=act.code)
    return render(
        request,
        "volunteers/activity_edit.html",
        {"activity": act, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def activity_cancel(request: AuthedHttpRequest, code: str) -> HttpResponse:
    act = queries.activity_for(request.user, code)
    if not policy.can(request.user, "volunteers.view", act.area):
        raise Http404
    with onto_messages(request) as outcome:
        actions.activity_cancel(actor=request.user, activity=act, now=timezone.now())
    if outcome.ok:
        messages.success(request, _("The activity was cancelled."))
    return redirect("volunteers:activity", code=act.code)
