"""Employment pages: seekers and postings for staff, self-registration for residents, a posting's
matching seekers with referral, and the figures against the plan's targets."""

from contextlib import suppress
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.queries import area_by_code
from linli.common.crypto import index_of
from linli.common.idnumber import normalize_id_number
from linli.publicservices.employment import actions, employers, queries
from linli.publicservices.employment.forms import (
    DecideForm,
    EmployerForm,
    EmployerPostingForm,
    PostingForm,
    ReferForm,
    SeekerForm,
)
from linli.publicservices.models.employment import Posting, PostingKind, SeekerStatus, Source
from linli.publicservices.permissions import VIEW, acts_for_employer, employer_ids
from linli.registry.models import Resident, ResidentStatus
from linli.ui.forms import onto_form, set_choices
from linli.ui.http import AuthedHttpRequest


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    staff = bool(policy.roots(user, VIEW))
    return render(
        request,
        "publicservices/employment_index.html",
        {
            "staff": staff,
            "may_manage": bool(policy.roots(user, "employment.manage")),
            "seekers": list(
                queries.seekers_for(user).filter(status=SeekerStatus.SEEKING).order_by("-registered_at")[:50]
            )
            if staff
            else [],
            "postings": list(queries.postings_for(user).order_by("-created_at")[:50]) if staff else [],
            "mine": list(queries.own_seekers(user)),
            "may_seek": bool(policy.roots(user, "employment.seek")),
            "roots": policy.roots(user, VIEW),
            "manage_communities": [
                c for c in policy.roots(user, "employment.manage") if c.level == Level.COMMUNITY
            ],
            "units": list(employers.own_employers(user)),
            "unit_postings": list(
                queries.postings_for(user).filter(unit_id__in=employer_ids(user)).order_by("-created_at")[:50]
            ),
        },
    )


@login_required
def seeker_self(request: AuthedHttpRequest) -> HttpResponse:
    """A resident registers themselves as a job seeker (through their own registry record)."""
    me = (
        Resident.objects.select_related("community")
        .filter(user=request.user, status=ResidentStatus.ACTIVE)
        .first()
    )
    if me is None or not policy.can(request.user, "employment.seek", me.community):
        raise Http404
    form = SeekerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.seeker_register(actor=request.user, resident=me, source=Source.SELF, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("You are registered as a job seeker. The community will call you."))
            return redirect("publicservices:employment")
    return render(
        request,
        "publicservices/seeker_self.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _create_posting(request: AuthedHttpRequest, form: forms.Form, **fields: Any) -> HttpResponse | None:
    """The posting from the fields the two posting forms share (title, skills, availability,
    openings, wage) and the caller's own; its page, or None with the refusal on the form."""
    d = form.cleaned_data
    with onto_form(form, elsewhere={"wage_fen": "wage"}) as outcome:
        posting = actions.posting_create(
            actor=request.user,
            title=d["title"],
            skills=d["skills"],
            availability=d["availability"],
            openings=d["openings"],
            wage_fen=(d["wage"] or 0) * 100,
            **fields,
        )
    return redirect("publicservices:posting", code=posting.code) if outcome.ok else None


def _posting_form_page(request: AuthedHttpRequest, form: forms.Form) -> HttpResponse:
    return render(
        request,
        "publicservices/posting_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def posting_new(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "employment.manage"):
        raise Http404
    form = PostingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        area = area_by_code(d["area"])
        if area is None or not policy.can(request.user, VIEW, area):
            form.add_error("area", _("No community or street with this code in your reach."))
        else:
            created = _create_posting(
                request,
                form,
                area=area,
                employer=d["employer"],
                kind=d["kind"],
                welfare_line=d["welfare_line"],
                funding=d["funding"],
            )
            if created:
                return created
    return _posting_form_page(request, form)


@login_required
def employer_posting_new(request: AuthedHttpRequest) -> HttpResponse:
    """An employer's staff post a job for their employer."""
    units = list(employers.own_employers(request.user))
    if not units:
        raise Http404
    form = EmployerPostingForm(request.POST or None)
    set_choices(form, "unit", [(u.code, u.name) for u in units])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.code == d["unit"])
        created = _create_posting(
            request, form, area=unit.area, unit=unit, employer=unit.name, kind=PostingKind.MARKET
        )
        if created:
            return created
    return _posting_form_page(request, form)


@login_required
def employer_list(request: AuthedHttpRequest) -> HttpResponse:
    """Staff register employers and stationed units with the accounts of their staff."""
    if not policy.roots(request.user, "employment.manage"):
        raise Http404
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        area = area_by_code(d["area"])
        if area is None or not policy.can(request.user, VIEW, area):
            form.add_error("area", _("No community or street with this code in your reach."))
        else:
            with onto_form(form) as outcome:
                employers.employer_register(
                    actor=request.user,
                    area=area,
                    name=d["name"],
                    members=employers.accounts(d["members"].replace("，", ",").split(","), area),
                )
            if outcome.ok:
                messages.success(request, _("The employer was registered."))
                return redirect("publicservices:employers")
    return render(
        request,
        "publicservices/employers.html",
        {"form": form, "employers": list(employers.employers_for(request.user)[:200])},
        status=400 if request.method == "POST" else 200,
    )


def _posting_page(
    request: AuthedHttpRequest, posting: Posting, status: int = 200, **forms: object
) -> HttpResponse:
    return render(
        request,
        "publicservices/posting.html",
        {
            "p": posting,
            "matches": queries.seekers_matching(request.user, posting, 30),
            "referrals": list(posting.placements.select_related("seeker__resident")),
            "refer_form": forms.get("refer_form") or ReferForm(),
            "decide_form": DecideForm(),
            "may_manage": policy.can(request.user, "employment.manage", posting.area),
            "staff": bool(policy.roots(request.user, VIEW)),
            "may_decide": policy.can(request.user, "employment.manage", posting.area)
            or acts_for_employer(request.user, posting.unit_id),
        },
        status=status,
    )


@login_required
def posting_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _posting_page(request, queries.posting_for(request.user, code))


@login_required
@require_POST
def posting_refer(request: AuthedHttpRequest, code: str) -> HttpResponse:
    posting = queries.posting_for(request.user, code)
    form = ReferForm(request.POST)
    if form.is_valid():
        typed = form.cleaned_data["seeker"].strip()
        number = normalize_id_number(typed)
        if len(number) == 18 and number[:17].isdigit():
            # A resident's ID number: their seeking record, if they have one.
            seekers = queries.seekers_for(request.user).filter(
                resident__id_index=index_of(Resident, "id_index", number), status=SeekerStatus.SEEKING
            )
        else:
            seekers = queries.seekers_for(request.user).filter(code=typed.upper())
        seeker = seekers.first()
        with onto_form(form) as outcome:
            actions.referral_create(actor=request.user, seeker=seeker, posting=posting)
        if outcome.ok:
            messages.success(request, _("The seeker was referred."))
            return redirect("publicservices:posting", code=posting.code)
    return _posting_page(request, posting, status=400, refer_form=form)


@login_required
@require_POST
def referral_decide(request: AuthedHttpRequest, code: str) -> HttpResponse:
    placement = queries.placement_for(request.user, code)
    form = DecideForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.placement_decide(actor=request.user, placement=placement, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("The outcome was recorded."))
            return redirect("publicservices:posting", code=placement.posting.code)
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
    return redirect("publicservices:posting", code=placement.posting.code)


@login_required
def figures(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = area_by_code(code)
    if area is None or not area.is_active or not policy.can(request.user, VIEW, area):
        raise Http404
    year = timezone.localdate().year
    with suppress(ValueError):
        year = int(request.GET.get("year", year))
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "publicservices/figures.html",
        {
            "area": area,
            "year": year,
            "rows": queries.figures(request.user, area, year),
            "targets": queries.PLAN_TARGETS,
        },
    )
