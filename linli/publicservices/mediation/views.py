"""Mediation pages: the case list, opening a case (walk-in, ticket or hotline), a case with its
sessions, agreement, referral and follow-up, the agreement printed for the parties to sign, the
mediators, and the monthly figures. Every POST has its own URL and calls one action inside
`onto_form`; a case outside the viewer's reach is 404."""

import datetime as dt
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.areas.queries import area_by_code
from linli.common.crypto import index_of
from linli.common.idnumber import normalize_id_number
from linli.publicservices.common import field_error
from linli.publicservices.mediation import actions, queries
from linli.publicservices.mediation.forms import (
    AgreementForm,
    CaseForm,
    FollowUpForm,
    MediatorForm,
    ReferForm,
    SessionForm,
)
from linli.publicservices.models.mediation import Case, CaseStatus
from linli.registry.models import Resident, ResidentStatus
from linli.ui.forms import onto_form, set_choices
from linli.ui.http import AuthedHttpRequest

MANAGE = "mediation.manage"


def _communities(user: Any, *, staff_only: bool = False) -> list[Area]:
    """Communities where the user may open cases (or, `staff_only`, add mediators)."""
    found = {a.pk: a for a in policy.roots(user, MANAGE) if a.level == Level.COMMUNITY}
    for root in policy.roots(user, MANAGE):
        if root.level != Level.COMMUNITY:
            for a in Area.objects.filter(path__startswith=root.path, level=Level.COMMUNITY, is_active=True):
                found[a.pk] = a
    if not staff_only:
        for a in Area.objects.filter(pk__in=queries.group_communities(user)):
            found[a.pk] = a
    return sorted(found.values(), key=lambda a: a.code)


def _community_choice(form: Any, communities: list[Area]) -> None:
    set_choices(form, "community", [(a.code, f"{a.name} ({a.code})") for a in communities])


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if not (policy.roots(user, "publicservices.view") or queries.group_communities(user)):
        raise Http404
    status = request.GET.get("status", "")
    cases = queries.cases_for(user).prefetch_related("parties")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    areas = [a for a in policy.roots(user, "publicservices.view")] or list(
        Area.objects.filter(pk__in=queries.group_communities(user))
    )
    return render(
        request,
        "publicservices/mediation_index.html",
        {
            "cases": list(cases[:100]),
            "statuses": CaseStatus.choices,
            "status": status,
            "may_open": bool(_communities(user)),
            "may_add_mediators": bool(_communities(user, staff_only=True)),
            "areas": areas[:20],
        },
    )


def _party_lines(text: str, side: str, community: Area | None) -> list[actions.PartyIn]:
    """One party a line: a name (someone from outside) or the ID number of a resident of the
    community (the party then comes from the registry)."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        number = normalize_id_number(line)
        if number and len(number) == 18 and number[:17].isdigit():
            resident = (
                Resident.objects.filter(
                    community=community,
                    status=ResidentStatus.ACTIVE,
                    id_index=index_of(Resident, "id_index", number),
                ).first()
                if community is not None
                else None
            )
            if resident is None:
                field = "applicants" if side == "applicant" else "respondents"
                raise field_error(
                    "party_not_found",
                    field,
                    _("No resident of this community has the ID number %(n)s.") % {"n": line},
                )
            out.append(actions.PartyIn(name=resident.name, side=side, resident=resident))
        else:
            out.append(actions.PartyIn(name=line, side=side))
    return out


@login_required
def case_new(request: AuthedHttpRequest) -> HttpResponse:
    communities = _communities(request.user)
    if not communities:
        raise Http404
    form = CaseForm(request.POST or None)
    _community_choice(form, communities)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        community = next((a for a in communities if a.code == d["community"]), None)
        with onto_form(form, elsewhere={"ticket_code": "ticket_code", "parties": "applicants"}) as outcome:
            parties = _party_lines(d["applicants"], "applicant", community) + _party_lines(
                d["respondents"], "respondent", community
            )
            if community is None:
                raise Http404
            case = actions.case_open(
                actor=request.user,
                community=community,
                source=d["source"],
                kind=d["kind"],
                summary=d["summary"],
                ticket_code=d["ticket_code"],
                parties=parties,
            )
        if outcome.ok:
            messages.success(request, _("The case was opened."))
            return redirect("publicservices:mediation_case", code=case.code)
    return render(
        request,
        "publicservices/mediation_case_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _session_form(user: Any, case: Case, data: Any = None) -> SessionForm:
    form = SessionForm(data)
    set_choices(
        form,
        "mediator",
        [(m.pk, m.name) for m in queries.mediators_for(user).filter(community=case.community)],
    )
    return form


def _case_page(request: AuthedHttpRequest, case: Case, status: int = 200, **forms: object) -> HttpResponse:
    user = request.user
    manage = queries.may_manage(user, case.community)
    is_open = case.status == CaseStatus.OPEN
    return render(
        request,
        "publicservices/mediation_case.html",
        {
            "case": case,
            "parties": list(case.parties.select_related("resident")),
            "sessions": list(case.sessions.select_related("mediator")),
            "may_manage": manage,
            "session_form": forms.get("session_form")
            or (_session_form(user, case) if manage and is_open else None),
            "agreement_form": forms.get("agreement_form")
            or (AgreementForm() if manage and is_open else None),
            "refer_form": forms.get("refer_form") or (ReferForm() if manage and is_open else None),
            "followup_form": forms.get("followup_form")
            or (FollowUpForm() if manage and case.status == CaseStatus.AGREED else None),
        },
        status=status,
    )


@login_required
def case_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _case_page(request, queries.case_for(request.user, code))


def _step(
    request: AuthedHttpRequest,
    code: str,
    make: Callable[[Case], Any],
    name: str,
    run: Callable[[Case, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    case = queries.case_for(request.user, code)
    form = make(case)
    if form.is_valid():
        with onto_form(form) as outcome:
            run(case, form.cleaned_data)
        if outcome.ok:
            messages.success(request, done)
            return redirect("publicservices:mediation_case", code=case.code)
    return _case_page(request, case, status=400, **{name: form})


@login_required
@require_POST
def session_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    def run(case: Case, d: dict[str, Any]) -> object:
        mediator = (
            queries.mediators_for(request.user).filter(pk=d["mediator"], community=case.community).first()
        )
        if mediator is None:
            raise field_error("mediator", "mediator", _("Choose a mediator of this community."))
        return actions.session_record(
            actor=request.user, case=case, mediator=mediator, held_at=d["held_at"], notes=d["notes"]
        )

    return _step(
        request,
        code,
        lambda case: _session_form(request.user, case, request.POST),
        "session_form",
        run,
        _("The session was recorded."),
    )


@login_required
@require_POST
def agreement_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        lambda case: AgreementForm(request.POST),
        "agreement_form",
        lambda case, d: actions.agreement_record(actor=request.user, case=case, agreement=d["agreement"]),
        _("The agreement was recorded. Print it for the parties to sign."),
    )


@login_required
@require_POST
def case_refer(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        lambda case: ReferForm(request.POST),
        "refer_form",
        lambda case, d: actions.case_refer(actor=request.user, case=case, to=d["to"], reason=d["reason"]),
        _("The case was referred on."),
    )


@login_required
@require_POST
def case_follow_up(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        lambda case: FollowUpForm(request.POST),
        "followup_form",
        lambda case, d: actions.case_follow_up(actor=request.user, case=case, kept=d["kept"]),
        _("The follow-up was recorded and the case closed."),
    )


@login_required
def agreement_print(request: AuthedHttpRequest, code: str) -> HttpResponse:
    case = queries.case_for(request.user, code)
    if not case.agreement:
        raise Http404
    return render(
        request,
        "publicservices/agreement_print.html",
        {
            "case": case,
            "parties": list(case.parties.all()),
            "sessions": list(case.sessions.select_related("mediator")),
        },
    )


@login_required
def mediators(request: AuthedHttpRequest) -> HttpResponse:
    communities = _communities(request.user, staff_only=True)
    if not communities:
        raise Http404
    form = MediatorForm(request.POST or None, initial={"in_group": True})
    _community_choice(form, communities)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        community = next(a for a in communities if a.code == d["community"])
        with onto_form(form) as outcome:
            actions.mediator_add(
                actor=request.user,
                community=community,
                name=d["name"],
                in_group=d["in_group"],
                user=actions.account(d["username"]),
            )
        if outcome.ok:
            messages.success(request, _("The mediator was added."))
            return redirect("publicservices:mediators")
    return render(
        request,
        "publicservices/mediators.html",
        {"form": form, "mediators": list(queries.mediators_for(request.user)[:200])},
        status=400 if request.method == "POST" else 200,
    )


def _months_back(end: dt.date, n: int) -> list[tuple[int, int]]:
    out = []
    y, m = end.year, end.month
    for _i in range(n):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out


@login_required
def figures(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = area_by_code(code)
    if area is None or not area.is_active or not queries.may_see(request.user, area):
        raise Http404
    end = timezone.localdate()
    with suppress(ValueError, TypeError):
        y, m = (int(x) for x in request.GET.get("until", "").split("-"))
        end = dt.date(min(max(y, 2000), 2100), m, 1)
    rows = [(y, m, queries.monthly(request.user, area, y, m)) for y, m in _months_back(end, 12)]
    return render(
        request, "publicservices/mediation_figures.html", {"area": area, "rows": rows, "until": end}
    )
