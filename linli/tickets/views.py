"""Pages: resident portal, handlers' lists and ticket page, hotline console, rates, configuration."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.accounts.policy import Viewer
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.areas.queries import area_for
from linli.common.dbrouter import replica_view
from linli.common.errors import DomainError
from linli.common.phone import normalize_mobile
from linli.common.spreadsheets import safe_row
from linli.tickets import actions, forms, permissions, queries, setup
from linli.tickets.models import (
    OPEN_STATUSES,
    Attachment,
    CalendarDay,
    Category,
    Department,
    ExtensionState,
    Level,
    Notification,
    Status,
    Ticket,
)
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest
from linli.ui.registries import CALLER_PANELS, TICKET_LINKS


def _is_staff(user: Viewer) -> bool:
    return bool(policy.roots(user, "tickets.view"))


@login_required
def ticket_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    if not _is_staff(user):
        tickets = queries.tickets_for(user).select_related("category", "community").order_by("-submitted_at")
        page = Paginator(tickets, 20).get_page(request.GET.get("page"))
        return render(request, "tickets/mine.html", {"page": page, "now": now})
    status = request.GET.get("status", "open")
    mine = request.GET.get("mine") == "1"
    overdue = request.GET.get("overdue") == "1"
    supervised = request.GET.get("supervised") == "1"
    near = request.GET.get("near") == "1"
    level = request.GET.get("level", "")
    called = request.GET.get("called") == "1"
    q = request.GET.get("q", "")
    qs = queries.worker_list(
        user,
        status=status,
        mine=mine,
        overdue=overdue,
        near=near,
        supervised=supervised,
        level=level,
        called=called,
        q=q,
        now=now,
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for t in page:
        t.late = queries.is_late(t, now)  # type: ignore[attr-defined]
        t.near = queries.near_deadline(t, now)  # type: ignore[attr-defined]
    return render(
        request,
        "tickets/list.html",
        {
            "page": page,
            "status": status,
            "mine": mine,
            "overdue": overdue,
            "supervised": supervised,
            "near": near,
            "level": level,
            "called": called,
            "q": q,
            "statuses": Status.choices,
            "can_create": bool(policy.roots(user, "tickets.create")),
        },
    )


def _submit_from_form(request: AuthedHttpRequest, form: forms.TicketForm, staff: bool) -> Ticket:
    data = form.cleaned_data
    ticket = actions.ticket_submit(
        actor=request.user,
        community=data["community"],
        category=data["category"],
        description=data["description"],
        kind=data["kind"],
        channel=data.get("channel") or "portal",
        address=data["address"],
        anonymous=data["anonymous"],
        contact_phone=data["contact_phone"],
        contact_name=data.get("contact_name", ""),
    )
    if data.get("photo"):
        # The ticket stands even if its photo is refused: the refusal becomes a message.
        with onto_messages(request):
            actions.attachment_add(actor=request.user, ticket=ticket, upload=data["photo"])
    return ticket


@login_required
def ticket_new(request: AuthedHttpRequest) -> HttpResponse:
    communities = queries.communities_for_submit(request.user)
    if not communities.exists():
        raise Http404
    staff = bool(policy.roots(request.user, "tickets.create"))
    form = forms.TicketForm(
        request.POST or None,
        request.FILES or None,
        communities=communities,
        categories=queries.leaf_categories(),
        staff=staff,
    )
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            ticket = _submit_from_form(request, form, staff)
        if outcome.ok:
            messages.success(
                request,
                _("Received. Your ticket number is %(code)s; we will reply in time.") % {"code": ticket.code},
            )
            return redirect("tickets:detail", code=ticket.code)
    return render(request, "tickets/new.html", {"form": form}, status=400 if form.errors else 200)


# ---------------------------------------------------------------- one ticket


def _step_forms(user: Viewer, ticket: Ticket, now: dt.datetime) -> dict[str, Any]:
    """The forms of the steps this user may take now (the actions check again on submit)."""
    handle = permissions.can_handle_ticket(user, ticket)
    out: dict[str, Any] = {}
    st = ticket.status
    if handle:
        if st == Status.SUBMITTED:
            out["accept"] = None
        if st == Status.ACCEPTED:
            out["start"] = forms.NoteForm()
        if st in (Status.ACCEPTED, Status.IN_PROGRESS):
            out["resolve"] = forms.ResolveForm()
        if st in (Status.SUBMITTED, Status.ACCEPTED):
            out["reject"] = forms.ReasonForm()
        if st in OPEN_STATUSES:
            if ticket.level == Level.COMMUNITY:
                out["escalate"] = forms.ReasonForm()
                out["transfer"] = forms.TransferForm(communities=queries.transfer_targets(ticket))
            else:
                out["call"] = forms.DepartmentCallForm(
                    departments=Department.objects.filter(
                        street_id=ticket.community.parent_id, is_active=True
                    )
                )
            out["extend"] = forms.ExtensionForm()
            out["link"] = forms.LinkForm()
    supervisable = st in OPEN_STATUSES or st == Status.RESOLVED
    if permissions.can_supervise_ticket(user, ticket) and supervisable and not ticket.supervised:
        out["supervise"] = forms.SuperviseForm()
    if permissions.is_requester(user, ticket):
        if st == Status.RESOLVED:
            out["evaluate"] = forms.EvaluationForm()
        within = ticket.closed_at is not None and now <= ticket.closed_at + dt.timedelta(
            days=actions.REOPEN_DAYS
        )
        unhappy = ticket.satisfaction == "dissatisfied" or ticket.resolved_rating is False
        if st == Status.CLOSED and within and unhappy:
            out["reopen"] = forms.ReasonForm()
    if (
        st == Status.RESOLVED
        and permissions.can_record_return_visit(user, ticket)
        and not permissions.is_requester(user, ticket)
    ):
        out["return_visit"] = forms.ReturnVisitForm()
    if permissions.is_requester(user, ticket) or policy.can(user, "tickets.handle", ticket.community):
        out["photo"] = forms.PhotoForm()
    return out


# The viewer's main next step stands open on the ticket as its primary button; the other steps
# fold under "More actions". It is the first of these that the viewer may take now.
MAIN_STEPS = ("accept", "resolve", "evaluate", "return_visit", "reopen", "supervise")


def _arrange_steps(steps: dict[str, Any]) -> dict[str, Any]:
    main = next((s for s in MAIN_STEPS if s in steps), None)
    more = {name: form for name, form in steps.items() if name != main}
    return {
        "main_step": main,
        "main_form": steps.get(main) if main else None,
        "more_steps": more,
        "more_open": any(form is not None and form.errors for form in more.values()),
    }


@login_required
def ticket_detail(
    request: HttpRequest, code: str, step_forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    ticket = queries.ticket_for(request.user, code)
    now = timezone.now()
    staff = policy.can(request.user, "tickets.view", ticket.community)
    events = ticket.events.select_related("actor")
    if not staff:
        events = events.filter(public=True)
    step_available = _step_forms(request.user, ticket, now)
    if step_forms:
        step_available.update(step_forms)
    ctx = {
        "ticket": ticket,
        "staff": staff,
        "events": events,
        "attachments": ticket.attachments.all(),
        "calls": ticket.department_calls.select_related("department"),
        "extensions": ticket.extensions.all() if staff else [],
        "pending_extension": ticket.extensions.filter(state=ExtensionState.PENDING).first()
        if staff and permissions.can_supervise_ticket(request.user, ticket)
        else None,
        "duplicates": ticket.duplicates.all() if staff else [],
        # Other apps' records about this ticket that the viewer may open (e.g. a property complaint).
        "linked": [(e.title, rows) for e in TICKET_LINKS if (rows := e.rows(request.user, ticket))]
        if staff
        else [],
        **_arrange_steps(step_available),
        "late": queries.is_late(ticket, now),
        "near": queries.near_deadline(ticket, now),
        "can_handle": permissions.can_handle_ticket(request.user, ticket),
    }
    return render(request, "tickets/detail.html", ctx, status=status)


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A photo, only for those who may see its ticket (404 otherwise, as for the ticket)."""
    att = Attachment.objects.filter(pk=pk).select_related("ticket").first()
    if att is None:
        raise Http404
    queries.ticket_for_pk(request.user, att.ticket_id)
    response = FileResponse(att.file.open("rb"), content_type=att.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def notifications(request: AuthedHttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user_id=request.user.pk or 0).select_related("ticket")[:50]
    rows = list(items)
    if request.method == "POST":
        actions.notifications_mark_read(actor=request.user)
        return redirect("tickets:notifications")
    return render(request, "tickets/notifications.html", {"items": rows})


# ---------------------------------------------------------------- hotline console


HOTLINE_PHONE = "tickets.hotline.phone"


@login_required
@require_POST
def hotline_lookup(request: AuthedHttpRequest) -> HttpResponse:
    """Look a caller up by the number typed (empty: the next caller); the console then shows them."""
    if not policy.roots(request.user, "tickets.create"):
        raise Http404
    phone = request.POST.get("phone", "").strip()
    if not phone:
        request.session.pop(HOTLINE_PHONE, None)
        return redirect("tickets:hotline")
    try:
        request.session[HOTLINE_PHONE] = normalize_mobile(phone)
    except ValidationError:
        return _hotline(request, phone, bound=False)  # the message, with the number as typed
    return redirect("tickets:hotline")


@login_required
def hotline(request: AuthedHttpRequest) -> HttpResponse:
    """Caller lookup by phone, their household and open tickets, a new ticket in a few keystrokes."""
    if not policy.roots(request.user, "tickets.create"):
        raise Http404
    # The number never goes in a URL (access logs keep URLs): it is posted, and kept in the
    # session while the agent deals with this caller.
    phone = request.POST.get("phone") or request.session.get(HOTLINE_PHONE, "")
    return _hotline(request, phone, bound=request.method == "POST")


def _hotline(request: AuthedHttpRequest, phone: str, *, bound: bool) -> HttpResponse:
    card = None
    lookup_error = ""
    if phone:
        try:
            card = queries.caller_lookup(request.user, phone)
        except ValidationError as exc:
            lookup_error = exc.messages[0]
    residents = card.residents if card else []
    communities = queries.communities_for_submit(request.user)
    form = forms.HotlineTicketForm(
        request.POST if bound else None,
        categories=queries.leaf_categories(),
        communities=communities,
        residents=residents,
        initial={
            "community": residents[0].community_id if residents else None,
            "resident": residents[0].pk if residents else "",
        },
    )
    if bound and form.is_valid():
        data = form.cleaned_data
        resident = next((r for r in residents if r.pk == data.get("resident")), None)
        community = resident.community if resident else data.get("community")
        with onto_form(form) as outcome:
            if community is None:
                raise DomainError(
                    "community_required",
                    _("Choose a community."),
                    fields={"community": [_("Choose a community.")]},
                )
            ticket = actions.ticket_submit(
                actor=request.user,
                community=community,
                category=data["category"],
                description=data["description"],
                kind=data["kind"],
                channel="hotline",
                address=data["address"],
                anonymous=data["anonymous"],
                contact_phone=card.phone if card else "",
                resident=None if data["anonymous"] else resident,
            )
        if outcome.ok:
            messages.success(request, _("Ticket %(code)s created for the caller.") % {"code": ticket.code})
            return redirect("tickets:hotline")
    return render(
        request,
        "tickets/hotline.html",
        {
            "phone": phone,
            "card": card,
            "form": form,
            "lookup_error": lookup_error,
            # What the caller has open in the other apps (their orders, ...), as the apps registered.
            "caller_panels": [(p.title, p.rows(request.user, residents)) for p in CALLER_PANELS]
            if residents
            else [],
        },
        status=400 if form.errors or lookup_error else 200,
    )


# ---------------------------------------------------------------- overview pages


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise Http404
    by = request.GET.get("by", "community")
    if by not in ("worker", "community", "street"):
        by = "community"
    return render(request, "tickets/overdue.html", {"groups": queries.overdue(request.user, by=by), "by": by})


def _month_param(request: HttpRequest) -> dt.date:
    raw = request.GET.get("month", "")
    try:
        return dt.date.fromisoformat(raw + "-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
@replica_view
def rates(request: HttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise Http404
    month = _month_param(request)
    data = queries.rates(request.user, month)
    tops = policy.roots(request.user, "tickets.view")
    area_code = request.GET.get("area") or (tops[0].code if tops else "")
    area = area_for(request.user, area_code, "tickets.view")
    months = queries.last_months(month, 6)
    trend = queries.trend(request.user, area, months)
    return render(
        request,
        "tickets/rates.html",
        {
            "month": month,
            "data": data,
            "community_ranking": queries.ranked(data["community"], all_areas=False),
            "street_ranking": queries.ranked(data["street"], all_areas=False),
            "district_ranking": queries.ranked(data["district"]),
            "area": area,
            "trend": trend,
            "chart": _trend_chart(trend),
        },
    )


def _trend_chart(trend: list[tuple[dt.date, queries.Rates]]) -> dict[str, Any]:
    """Polylines and dots for an inline SVG: x by month, y = 100 - rate (0-100 scale, 300x140 box)."""
    n = max(len(trend) - 1, 1)

    def x(i: int) -> str:
        return f"{30 + i * 240 / n:.0f}"

    lines, dots = {}, []
    for name in ("response_rate", "resolution_rate", "satisfaction_rate"):
        pts = []
        for i, (_m, r) in enumerate(trend):
            v = getattr(r, name)
            if v is not None:
                pts.append((x(i), f"{10 + (100 - v):.0f}"))
        lines[name] = " ".join(f"{a},{b}" for a, b in pts)
        dots += [(a, b, name) for a, b in pts]
    labels = [(x(i), m.strftime("%Y-%m")) for i, (m, _r) in enumerate(trend)]
    return {"lines": lines, "labels": labels, "dots": dots}


@login_required
@replica_view
def rates_xlsx(request: HttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise Http404
    from io import BytesIO

    from openpyxl import Workbook

    month = _month_param(request)
    data = queries.rates(request.user, month)
    book = Workbook()
    book.remove(book.active)
    titles = {"community": _("Communities"), "street": _("Streets"), "district": _("Districts")}
    for level, rows in data.items():
        sheet = book.create_sheet(str(titles[level]))
        sheet.append(
            [
                _("Rank"),
                pgettext("area", "Code"),
                _("Area name"),
                _("Responses due"),
                _("Responded in time"),
                _("Response rate %"),
                _("Evaluated"),
                _("Resolved"),
                _("Resolution rate %"),
                _("Satisfied"),
                _("Satisfaction rate %"),
            ]
        )
        for rank, r in queries.ranked(rows):
            sheet.append(
                safe_row(
                    [
                        rank,
                        r.area.code,
                        r.area.name,
                        r.responses,
                        r.responded,
                        r.response_rate,
                        r.evaluated,
                        r.resolved,
                        r.resolution_rate,
                        r.satisfied,
                        r.satisfaction_rate,
                    ]
                )
            )
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ticket-rates-{month:%Y-%m}.xlsx"'
    return response


@login_required
def hot_spots(request: HttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise Http404
    month = _month_param(request)
    return render(
        request, "tickets/hotspots.html", {"month": month, **queries.hot_spots(request.user, month=month)}
    )


# ---------------------------------------------------------------- configuration


@login_required
def categories(request: AuthedHttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise Http404
    can_edit = policy.can(request.user, "tickets.configure", None)
    edit = None
    if can_edit and request.GET.get("edit"):
        edit = Category.objects.filter(code=request.GET["edit"]).first()
    parents = Category.objects.filter(parent__isnull=True)
    initial: dict[str, Any] = {"is_active": True, "response_hours": 8, "handling_days": 5}
    if edit is not None:
        initial = {
            f: getattr(edit, f)
            for f in (
                "code",
                "name",
                "name_en",
                "response_hours",
                "round_the_clock",
                "handling_days",
                "default_level",
                "is_active",
            )
        }
        initial["parent"] = edit.parent_id or ""
    form = forms.CategoryForm(request.POST or None, parents=parents, initial=initial) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            with onto_form(form) as outcome:
                setup.category_save(actor=request.user, category=edit, **form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("Saved."))
                return redirect("tickets:categories")
    tree = Category.objects.select_related("parent").order_by("order", "code")
    return render(
        request,
        "tickets/categories.html",
        {"tree": tree, "form": form, "edit": edit},
        status=400 if form is not None and form.errors else 200,
    )


def _parse_notice(form: forms.NoticeForm) -> tuple[list[tuple[dt.date, dt.date, str]], list[dt.date]]:
    """The typed notice as ranges and dates; every bad line is reported by its number, nothing saved."""
    holidays, workdays = [], []
    bad: list[str] = []
    for n, line in enumerate(form.cleaned_data["holidays"].splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        try:
            first, last = dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[1])
        except (ValueError, IndexError):
            bad.append(_("Line %(n)d: write first day, last day, name.") % {"n": n})
            continue
        holidays.append((first, last, parts[2] if len(parts) > 2 else ""))
    if bad:
        raise DomainError("bad_lines", bad[0], fields={"holidays": bad})
    wrong = []
    for raw in form.cleaned_data["workdays"].replace("，", ",").replace("\n", ",").split(","):
        if raw.strip():
            try:
                workdays.append(dt.date.fromisoformat(raw.strip()))
            except ValueError:
                wrong.append(_("%(value)s is not a date like 2027-01-09.") % {"value": raw.strip()})
    if wrong:
        raise DomainError("bad_date", wrong[0], fields={"workdays": wrong})
    return holidays, workdays


@login_required
def calendar_page(request: AuthedHttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise Http404
    can_edit = policy.can(request.user, "tickets.configure", None)
    form = forms.NoticeForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            with onto_form(form) as outcome:
                holidays, workdays = _parse_notice(form)
                n = setup.calendar_notice_add(
                    actor=request.user, year=form.cleaned_data["year"], holidays=holidays, workdays=workdays
                )
            if outcome.ok:
                messages.success(request, _("%(n)d days saved.") % {"n": n})
                return redirect("tickets:calendar")
    days = CalendarDay.objects.order_by("-date")
    years: dict[int, list[CalendarDay]] = {}
    for d in days:
        years.setdefault(d.date.year, []).append(d)
    return render(
        request,
        "tickets/calendar.html",
        {
            "years": sorted(years.items(), reverse=True),
            "form": form,
            "notice_missing": queries.missing_notice_for(request.user, timezone.now()),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def departments(request: AuthedHttpRequest) -> HttpResponse:
    streets = Area.objects.filter(
        policy.area_q(request.user, "tickets.supervise", field=""), level=AreaLevel.STREET
    )
    if not streets.exists():
        raise Http404
    form = forms.DepartmentForm(request.POST or None, streets=streets)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            setup.department_create(
                actor=request.user, street=form.cleaned_data["street"], name=form.cleaned_data["name"]
            )
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect("tickets:departments")
    rows = Department.objects.filter(street__in=streets).select_related("street")
    return render(
        request, "tickets/departments.html", {"rows": rows, "form": form}, status=400 if form.errors else 200
    )
