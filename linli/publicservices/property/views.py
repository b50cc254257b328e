"""Committee-owners-property pages: the staff overview, an estate (committee, contracts, meetings,
complaints, surveys), a company (contracts, complaints with the three rates, survey results), a
joint meeting with its decisions and follow-ups, the resident's survey, and the board's figures."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.models import Area
from linli.areas.queries import area_for, community_for
from linli.publicservices.models.property import Estate, Meeting
from linli.publicservices.permissions import VIEW
from linli.publicservices.property import actions, queries
from linli.publicservices.property.forms import (
    AnswerForm,
    CommitteeForm,
    CompanyForm,
    ComplaintForm,
    ContractForm,
    DecisionForm,
    EstateForm,
    FollowUpForm,
    MeetingForm,
    SurveyForm,
)
from linli.registry.models import Building
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    staff = bool(policy.roots(user, VIEW))
    now = timezone.now()
    return render(
        request,
        "publicservices/property_index.html",
        {
            "staff": staff,
            "may_manage": bool(policy.roots(user, actions.MANAGE)),
            "estates": list(queries.estates_for(user)[:200]) if staff else [],
            "companies": queries.company_table(user, now) if staff else [],
            "overdue": list(queries.overdue_decisions(user, now)[:50]) if staff else [],
            "surveys": queries.open_surveys_for_resident(user, now),
        },
    )


@login_required
def estate_new(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, actions.MANAGE):
        raise Http404
    form = EstateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = community_for(request.user, form.cleaned_data["community"], VIEW)
        names = form.building_names()
        buildings = list(Building.objects.filter(community=community, name__in=names))
        missing = sorted(set(names) - {b.name for b in buildings})
        if missing:
            form.add_error("buildings", _("No such building here: %(b)s") % {"b": "、".join(missing)})
        else:
            with onto_form(form) as outcome:
                estate = actions.estate_create(
                    actor=request.user,
                    community=community,
                    name=form.cleaned_data["name"],
                    buildings=buildings,
                )
            if outcome.ok:
                return redirect("publicservices:property_estate", code=estate.code)
    return render(
        request,
        "publicservices/property_form.html",
        {"form": form, "title": _("New estate")},
        status=_status(request),
    )


def _estate_page(request: AuthedHttpRequest, estate: Estate, status: int = 200, **forms: Any) -> HttpResponse:
    viewer = request.user
    surveys = list(queries.surveys_for(viewer).filter(estate=estate))
    return render(
        request,
        "publicservices/property_estate.html",
        {
            "estate": estate,
            "buildings": list(estate.buildings.all()),
            "committees": list(
                queries.committees_for(viewer).filter(estate=estate).prefetch_related("members")
            ),
            "contracts": list(queries.contracts_for(viewer).filter(estate=estate)),
            "meetings": list(queries.meetings_for(viewer).filter(estate=estate)[:50]),
            "complaints": list(queries.complaints_for(viewer).filter(estate=estate)[:100]),
            "surveys": [(s, queries.results([s])) for s in surveys],
            "may_manage": policy.can(viewer, actions.MANAGE, estate.community),
            "contract_form": forms.get("contract_form") or ContractForm(),
            "complaint_form": forms.get("complaint_form") or ComplaintForm(),
            "survey_form": forms.get("survey_form") or SurveyForm(),
        },
        status=status,
    )


@login_required
def estate_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _estate_page(request, queries.estate_for(request.user, code))


@login_required
def committee_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    estate = queries.estate_for(request.user, code)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.committee_record(actor=request.user, estate=estate, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The owners' committee was recorded."))
            return redirect("publicservices:property_estate", code=estate.code)
    return render(
        request,
        "publicservices/property_form.html",
        {"form": form, "title": _("Owners' committee of %(e)s") % {"e": estate.name}, "back": estate},
        status=_status(request),
    )


@login_required
@require_POST
def contract_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    estate = queries.estate_for(request.user, code)
    form = ContractForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        company = queries.companies_for(request.user).filter(code=d["company"].strip().upper()).first()
        if company is None:
            form.add_error("company", _("No property company with this number in your reach."))
        else:
            with onto_form(form, elsewhere={"fee_fen_m2": "fee", "items": "company"}) as outcome:
                actions.contract_create(
                    actor=request.user,
                    company=company,
                    estate=estate,
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    fee_fen_m2=int(d["fee"] * 100),
                    items=[actions.ItemIn(scope=s, standard=t) for s, t in form.items()],
                )
            if outcome.ok:
                messages.success(request, _("The contract was recorded."))
                return redirect("publicservices:property_estate", code=estate.code)
    return _estate_page(request, estate, status=400, contract_form=form)


@login_required
@require_POST
def complaint_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    estate = queries.estate_for(request.user, code)
    form = ComplaintForm(request.POST)
    if form.is_valid():
        ticket = (
            queries.tickets_in_reach(request.user)
            .filter(code=form.cleaned_data["ticket"].strip().upper())
            .first()
        )
        if ticket is None:
            form.add_error("ticket", _("No ticket with this number in your reach."))
        else:
            with onto_form(form, elsewhere={"estate": "ticket"}) as outcome:
                actions.complaint_link(actor=request.user, ticket=ticket, estate=estate)
            if outcome.ok:
                messages.success(request, _("The ticket was linked as a property complaint."))
                return redirect("publicservices:property_estate", code=estate.code)
    return _estate_page(request, estate, status=400, complaint_form=form)


@login_required
@require_POST
def survey_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    estate = queries.estate_for(request.user, code)
    form = SurveyForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.survey_open(actor=request.user, estate=estate, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The survey is open."))
            return redirect("publicservices:property_estate", code=estate.code)
    return _estate_page(request, estate, status=400, survey_form=form)


@login_required
def company_new(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, actions.MANAGE):
        raise Http404
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        area: Area = area_for(request.user, d.pop("area"), VIEW)
        with onto_form(form) as outcome:
            company = actions.company_register(actor=request.user, area=area, **d)
        if outcome.ok:
            return redirect("publicservices:property_company", code=company.code)
    return render(
        request,
        "publicservices/property_form.html",
        {"form": form, "title": _("New property company")},
        status=_status(request),
    )


@login_required
def company_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    viewer = request.user
    company = queries.company_for(viewer, code)
    complaints = queries.complaints_for(viewer).filter(company=company)
    return render(
        request,
        "publicservices/property_company.html",
        {
            "company": company,
            "contracts": list(queries.contracts_for(viewer).filter(company=company)),
            "complaints": list(complaints[:200]),
            "rates": queries.complaint_rates(complaints, timezone.now()),
            "results": queries.results(queries.surveys_for(viewer).filter(company=company)),
        },
    )


@login_required
def meeting_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    estate = queries.estate_for(request.user, code)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form, elsewhere={"attendees": "residents"}) as outcome:
            meeting = actions.meeting_record(
                actor=request.user,
                estate=estate,
                held_at=d["held_at"],
                place=d["place"],
                topic=d["topic"],
                minutes=d["minutes"],
                attendees=[actions.AttendeeIn(party=p, name=n) for p, n in form.attendees()],
            )
        if outcome.ok:
            return redirect("publicservices:property_meeting", code=meeting.code)
    return render(
        request,
        "publicservices/property_form.html",
        {"form": form, "title": _("Joint meeting of %(e)s") % {"e": estate.name}, "back": estate},
        status=_status(request),
    )


def _meeting_page(
    request: AuthedHttpRequest, meeting: Meeting, status: int = 200, **forms: Any
) -> HttpResponse:
    return render(
        request,
        "publicservices/property_meeting.html",
        {
            "meeting": meeting,
            "attendees": list(meeting.attendees.all()),
            "decisions": list(meeting.decisions.prefetch_related("follow_ups")),
            "today": timezone.localdate(),
            "may_manage": policy.can(request.user, actions.MANAGE, meeting.community),
            "decision_form": forms.get("decision_form") or DecisionForm(),
            "follow_up_form": FollowUpForm(),
        },
        status=status,
    )


@login_required
def meeting_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _meeting_page(request, queries.meeting_for(request.user, code))


@login_required
@require_POST
def decision_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    meeting = queries.meeting_for(request.user, code)
    form = DecisionForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.decision_add(
                actor=request.user, meeting=meeting, decision=actions.DecisionIn(**form.cleaned_data)
            )
        if outcome.ok:
            return redirect("publicservices:property_meeting", code=meeting.code)
    return _meeting_page(request, meeting, status=400, decision_form=form)


@login_required
@require_POST
def decision_follow_up(request: AuthedHttpRequest, code: str) -> HttpResponse:
    decision = queries.decision_for(request.user, code)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.decision_follow_up(actor=request.user, decision=decision, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The follow-up was recorded."))
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, str(e))
    return redirect("publicservices:property_meeting", code=decision.meeting.code)


@login_required
def survey_answer(request: AuthedHttpRequest, code: str) -> HttpResponse:
    """A resident of the estate answers an open survey once."""
    mine = {s.code: (s, r) for s, r in queries.open_surveys_for_resident(request.user)}
    if code not in mine:
        raise Http404
    survey, resident = mine[code]
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.survey_answer(
                actor=request.user, survey=survey, resident=resident, scores=form.cleaned_data
            )
        if outcome.ok:
            messages.success(request, _("Thank you. Your answer was recorded."))
            return redirect("publicservices:property")
    return render(
        request,
        "publicservices/property_answer.html",
        {"survey": survey, "form": form},
        status=_status(request),
    )


def board_page(request: HttpRequest, community: Area) -> HttpResponse:
    """The community board's property satisfaction figures (no sign-in): counts under 5 suppressed."""
    return render(
        request,
        "publicservices/property_board.html",
        {"community": community, "rows": queries.public_rows(community, timezone.now())},
    )
