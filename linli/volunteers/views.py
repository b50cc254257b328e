"""Volunteer pages: thin wrappers that parse, call a query or an action, and render.

Residents find activities, sign up, check in by the code on the organiser's phone, see their
hours and print their certificate; organisers show the rotating code and sign off hours; staff
keep the roll and see the volunteer share. Every POST has its own URL and calls one action.
"""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.queries import area_for, community_for
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest
from linli.ui.qr import qr_svg
from linli.volunteers import actions, checkin_code, queries, share
from linli.volunteers.forms import (
    ActivityForm,
    CodeForm,
    GiftForm,
    JoinForm,
    MinutesForm,
    VerifyForm,
    VolunteerForm,
)
from linli.volunteers.models import Shift, SignUpStatus, stars_for


def _now() -> dt.datetime:
    return timezone.now()


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    now = _now()
    me = queries.volunteer_of(user)
    record = queries.joinable_record(user) if me is None else None
    staff = list(queries.staff_communities(user)[:200])
    mine = {s.shift_id: s for s in queries.my_signups(user).exclude(status=SignUpStatus.CANCELLED)}
    activities = list(queries.open_activities_for(user, now).prefetch_related("shifts")[:50])
    return render(
        request,
        "volunteers/index.html",
        {
            "me": me,
            "join_form": JoinForm() if record else None,
            "record": record,
            "activities": activities,
            "mine": mine,
            "staff": staff,
            "manage_areas": list(queries.staff_areas(user)[:200]),
            "to_sign_off": list(queries.to_sign_off(user, now)[:100]),
        },
    )


@login_required
@require_POST
def join(request: AuthedHttpRequest) -> HttpResponse:
    record = queries.joinable_record(request.user)
    if record is None:
        raise Http404
    form = JoinForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            me = actions.volunteer_join(
                actor=request.user,
                resident=record,
                phone=d["phone"],
                skills=d["skills"],
                availability=d["availability"],
            )
        if outcome.ok:
            messages.success(request, _("Welcome! Your volunteer number is %(n)s.") % {"n": me.number})
            return redirect("volunteers:index")
    return render(request, "volunteers/index.html", {"join_form": form, "record": record}, status=400)


@login_required
def activity(request: AuthedHttpRequest, code: str) -> HttpResponse:
    act = queries.activity_for(request.user, code)
    organiser = actions.organises(request.user, act)
    shifts = list(act.shifts.all())
    mine = {s.shift_id: s for s in queries.my_signups(request.user).filter(shift__activity=act)}
    roster = (
        list(queries.roster(act))
        if organiser or policy.can(request.user, "volunteers.view", act.area)
        else []
    )
    return render(
        request,
        "volunteers/activity.html",
        {
            "activity": act,
            "shifts": [(s, mine.get(s.pk)) for s in shifts],
            "organiser": organiser,
            "roster": roster,
            "may_manage": policy.can(request.user, "volunteers.manage", act.area),
            # The team's page is for those who may see the community's volunteers (a resident is not).
            "team_link": policy.can(request.user, "volunteers.view", act.area),
            "me": queries.volunteer_of(request.user),
        },
    )


@login_required
def activity_new(request: AuthedHttpRequest) -> HttpResponse:
    areas = list(queries.staff_areas(request.user))
    if not areas:
        raise Http404
    form = ActivityForm(request.POST or None, areas=[(a.code, a.name) for a in areas])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        area = area_for(request.user, d["area"], "volunteers.manage")
        with onto_form(form) as outcome:
            act = actions.activity_create(
                actor=request.user,
                area=area,
                title=d["title"],
                place=d["place"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                capacity=d["capacity"],
                skills=d["skills"],
                description=d["description"],
                now=_now(),
            )
        if outcome.ok:
            messages.success(request, _("Activity %(code)s was created.") % {"code": act.code})
            return redirect("volunteers:activity", code=act.code)
    return render(request, "volunteers/activity_new.html", {"form": form}, status=400 if form.errors else 200)


def _shift(request: AuthedHttpRequest, code: str, shift_id: int) -> Shift:
    act = queries.activity_for(request.user, code)
    shift = act.shifts.filter(pk=shift_id).first()
    if shift is None:
        raise Http404
    shift.activity = act
    return shift


@login_required
@require_POST
def signup(request: AuthedHttpRequest, code: str, shift_id: int) -> HttpResponse:
    shift = _shift(request, code, shift_id)
    me = queries.volunteer_of(request.user)
    if me is None:
        raise Http404
    with onto_messages(request) as outcome:
        entry = actions.signup(actor=request.user, shift=shift, volunteer=me, now=_now())
    if outcome.ok:
        messages.success(
            request,
            _("Your place is confirmed.")
            if entry.status == SignUpStatus.CONFIRMED
            else _("You are on the wait list."),
        )
    return redirect("volunteers:activity", code=code)


@login_required
@require_POST
def signup_cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.signup_for(request.user, pk)
    with onto_messages(request) as outcome:
        actions.signup_cancel(actor=request.user, entry=entry, now=_now())
    if outcome.ok:
        messages.success(request, _("Sign-up cancelled."))
    return redirect("volunteers:activity", code=entry.shift.activity.code)


@login_required
def code_screen(request: AuthedHttpRequest, code: str, shift_id: int) -> HttpResponse:
    """The organiser's phone: the rotating code as a QR (the page reloads itself each half minute)."""
    shift = _shift(request, code, shift_id)
    if not actions.organises(request.user, shift.activity):
        raise Http404
    value = checkin_code.current(shift.activity.qr_key, shift.pk, _now())
    url = request.build_absolute_uri(reverse("volunteers:scan", args=[code, shift.pk])) + f"?c={value}"
    return render(
        request,
        "volunteers/code.html",
        {
            "shift": shift,
            "activity": shift.activity,
            "value": value,
            "qr": qr_svg(url, title=_("Check-in code"), scale=6),
        },
    )


@login_required
def scan(request: AuthedHttpRequest, code: str, shift_id: int) -> HttpResponse:
    """Where the QR leads: a confirmation button (GET never writes), the code carried in the form."""
    shift = _shift(request, code, shift_id)
    me = queries.volunteer_of(request.user)
    entry = shift.signups.filter(volunteer=me).first() if me else None
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("c", "")[:16]})
    if request.method == "POST" and form.is_valid():
        if entry is None:
            raise Http404
        out = request.POST.get("out") == "1"
        with onto_form(form) as outcome:
            do = actions.check_out if out else actions.check_in
            do(actor=request.user, entry=entry, code=form.cleaned_data["code"], now=_now())
        if outcome.ok:
            messages.success(request, _("Checked out. Thank you!") if out else _("Checked in. Thank you!"))
            return redirect("volunteers:activity", code=code)
    return render(
        request,
        "volunteers/scan.html",
        {"shift": shift, "activity": shift.activity, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def organiser_check(request: AuthedHttpRequest, pk: int, step: str) -> HttpResponse:
    entry = queries.signup_for(request.user, pk)
    if not actions.organises(request.user, entry.shift.activity):
        raise Http404
    with onto_messages(request) as outcome:
        (actions.check_out if step == "out" else actions.check_in)(
            actor=request.user, entry=entry, now=_now()
        )
    if outcome.ok:
        messages.success(request, _("Recorded."))
    return redirect("volunteers:activity", code=entry.shift.activity.code)


@login_required
@require_POST
def sign_off(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = queries.signup_for(request.user, pk)
    form = MinutesForm(request.POST)
    minutes = form.cleaned_data["minutes"] if form.is_valid() else None
    with onto_messages(request) as outcome:
        actions.sign_off(actor=request.user, entry=entry, minutes=minutes, now=_now())
    if outcome.ok:
        messages.success(request, _("Hours signed off."))
    return redirect("volunteers:activity", code=entry.shift.activity.code)


@login_required
def mine(request: AuthedHttpRequest) -> HttpResponse:
    me = queries.volunteer_of(request.user)
    if me is None:
        return redirect("volunteers:index")
    account = queries.account_for(request.user, me)
    recorded = actions.recorded_minutes(me)
    family = actions.family_of(me)
    return render(
        request,
        "volunteers/mine.html",
        {
            "me": me,
            "account": account,
            "recorded_hours": round(recorded / 60, 1),
            "stars": stars_for(recorded),
            "balance_hours": round(account.balance / 60, 1),
            "movements": list(queries.statement(account)),
            "signups": list(queries.my_signups(request.user)[:50]),
            "gift_form": GiftForm(family=[(str(r.pk), r.name) for r in family]) if family else None,
            "certificates": list(me.certificates.all()[:10]),
        },
    )


@login_required
@require_POST
def gift(request: AuthedHttpRequest) -> HttpResponse:
    me = queries.volunteer_of(request.user)
    if me is None:
        raise Http404
    family = actions.family_of(me)
    form = GiftForm(request.POST, family=[(str(r.pk), r.name) for r in family])
    if form.is_valid():
        to = next(r for r in family if str(r.pk) == form.cleaned_data["to"])
        minutes = int(form.cleaned_data["hours"] * Decimal(60))
        with onto_form(form) as outcome:
            actions.hours_gift(
                actor=request.user, volunteer=me, to=to, minutes=minutes, reason=form.cleaned_data["note"]
            )
        if outcome.ok:
            messages.success(request, _("Hours given."))
            return redirect("volunteers:mine")
    for errs in form.errors.values():
        for e in errs:
            messages.error(request, str(e))
    return redirect("volunteers:mine")


@login_required
@require_POST
def certificate_issue(request: AuthedHttpRequest, number: str) -> HttpResponse:
    volunteer = queries.volunteer_for(request.user, number)
    with onto_messages(request) as outcome:
        cert = actions.certificate_issue(actor=request.user, volunteer=volunteer, now=_now())
    if outcome.ok:
        return redirect("volunteers:certificate", code=cert.code)
    return redirect("volunteers:mine" if volunteer.user_id == request.user.pk else "volunteers:index")


@login_required
def certificate(request: AuthedHttpRequest, code: str) -> HttpResponse:
    cert = queries.certificate_by_code(code)
    if cert is None or not (
        cert.volunteer.user_id == request.user.pk
        or policy.can(request.user, "volunteers.view", cert.volunteer.community)
    ):
        raise Http404
    verify = request.build_absolute_uri(reverse("volunteers:verify_code", args=[cert.code]))
    return render(
        request,
        "volunteers/certificate.html",
        {
            "cert": cert,
            "hours": round(cert.minutes / 60, 1),
            "verify_url": verify,
            "qr": qr_svg(verify, title=_("Verification code"), scale=3),
        },
    )


def verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone checks a certificate's code (name, number, hours, issuer; nothing else)."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("volunteers:verify_code", code=form.cleaned_data["code"].strip()[:20])
    return render(request, "volunteers/verify.html", {"form": form, "cert": None, "asked": False})


def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    cert = queries.certificate_by_code(code[:20])
    return render(
        request,
        "volunteers/verify.html",
        {
            "form": VerifyForm(initial={"code": code[:20]}),
            "cert": cert,
            "asked": True,
            "hours": round(cert.minutes / 60, 1) if cert else None,
        },
        status=200 if cert else 404,
    )


@login_required
def roll(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = community_for(request.user, code, "volunteers.view")
    qs = queries.volunteers_for(request.user).filter(community=community).order_by("name", "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    form = VolunteerForm(request.POST or None)
    may_manage = policy.can(request.user, "volunteers.manage", community)
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            with onto_form(form) as outcome:
                v = actions.volunteer_register(
                    actor=request.user,
                    community=community,
                    name=d["name"],
                    id_number=d["id_number"],
                    phone=d["phone"],
                    skills=d["skills"],
                    availability=d["availability"],
                    background=d["background"],
                )
            if outcome.ok:
                messages.success(request, _("Registered: volunteer number %(n)s.") % {"n": v.number})
                return redirect("volunteers:roll", code=code)
    return render(
        request,
        "volunteers/roll.html",
        {
            "community": community,
            "page": page,
            "form": form if may_manage else None,
            "may_manage": may_manage,
        },
        status=400 if form.errors else 200,
    )


@login_required
def share_report(request: AuthedHttpRequest, code: str = "") -> HttpResponse:
    roots = policy.roots(request.user, "volunteers.view")
    if not code:
        if not roots:
            raise Http404
        return redirect("volunteers:share", code=roots[0].code)
    area = area_for(request.user, code, "volunteers.view")
    now = _now()
    total, below = share.rolled_up(area, now=now)
    return render(
        request,
        "volunteers/share.html",
        {
            "area": area,
            "total": total,
            "below": below,
            "target": int(share.TARGET * 100),
            "trend": share.monthly(area, months=12, now=now),
        },
    )


@login_required
def roll_import(request: AuthedHttpRequest, code: str) -> HttpResponse:
    from linli.volunteers.forms import ImportForm
    from linli.volunteers.importing import roster_import, save_upload

    community = community_for(request.user, code, "volunteers.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with onto_form(form) as outcome:
            path = save_upload(upload)
            try:
                report = roster_import(actor=request.user, community=community, path=path, name=upload.name)
            finally:
                path.unlink(missing_ok=True)
        if outcome.ok and report is not None and not report.errors:
            messages.success(request, _("%(n)d volunteers imported.") % {"n": report.created})
            return redirect("volunteers:roll", code=code)
    bad = bool(form.errors) or bool(report and report.errors)
    return render(
        request,
        "volunteers/import.html",
        {"community": community, "form": form, "report": report},
        status=400 if bad else 200,
    )
