"""Services pages: thin wrappers that parse, call a query or an action, and render.

Every POST has its own URL and calls one action inside `onto_form` (a refusal lands on the form,
kept as typed; outside rows are 404).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.accounts.roles import Role
from linli.common.masking import mask_phone
from linli.registry.models import Resident, ResidentStatus
from linli.services import actions, care, queries
from linli.services.forms import (
    AcceptForm,
    DispatchForm,
    GrantForm,
    MealForm,
    MonthForm,
    NoteForm,
    OnBehalfForm,
    OrderForm,
    RateForm,
    ReasonForm,
    TicketForm,
)
from linli.services.models import EventKind, Order, Status
from linli.services.permissions import (
    acts_for,
    can_create_for,
    can_dispatch,
    can_manage_provider,
    is_requester,
)
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest


def _now() -> dt.datetime:
    return timezone.now()


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    own = queries.own_community(user)
    staff_communities = list(queries.communities_for(user)[:200])
    create_communities = list(queries.communities_for(user, "services.create")[:200])
    staff_orders = None
    status = request.GET.get("status", "")
    if status not in (*Status.values, "open"):
        status = ""
    escalated = request.GET.get("escalated") == "1"
    overdue = request.GET.get("overdue") == "1"
    if staff_communities:
        qs = queries.station_orders(
            user, status=status, escalated=escalated, overdue_at=_now() if overdue else None
        )
        staff_orders = Paginator(qs.order_by("-escalated", "-created_at"), 30).get_page(
            request.GET.get("page")
        )
    mine = queries.orders_for(user).filter(requester=user) | queries.orders_for(user).filter(
        resident__user=user
    )
    return render(
        request,
        "services/index.html",
        {
            "own": own,
            "catalogue": list(queries.service_types()) if own else [],
            "my_orders": list(mine.distinct()[:20]) if own else [],
            "staff_communities": staff_communities,
            "create_communities": create_communities,
            "staff_orders": staff_orders,
            "filtered": bool(status or escalated or overdue),
            "offers": list(queries.open_offers_for(user)[:50]),
            "my_providers": list(queries.my_providers(user)),
            "provider_orders": list(
                queries.orders_for(user)
                .filter(
                    provider__in=queries.my_providers(user), status__in=[Status.ACCEPTED, Status.ON_THE_WAY]
                )
                .order_by("eta")[:50]
            ),
            "counts": [(Status(k).label, n) for k, n in queries.counts_by_status(user).items()]
            if staff_communities
            else [],
        },
    )


# --- ordering ------------------------------------------------------------------------------------


def _orderable_community(request: AuthedHttpRequest, code: str) -> tuple[Any, bool]:
    area = queries.area_queries.area_by_code(code)
    if area is not None and can_create_for(request.user, area):
        return queries.community_for(request.user, code, "services.create"), True
    return queries.community_for(request.user, code, "services.order"), False


def _service_choices(on_behalf: bool) -> list[tuple[str, str]]:
    channel = "station" if on_behalf else "portal"
    return [(s.code, s.display_name) for s in queries.service_types() if channel in s.channel_list()]


def _residents_found(
    request: AuthedHttpRequest, community: Any, term: str, chosen: Any
) -> list[tuple[int, str]]:
    """Matches of the registry's search within the community (at most 20), and the chosen one."""
    from linli.registry.queries import Search, residents_search

    found = Resident.objects.none()
    if term.strip():
        found = residents_search(request.user, Search(q=term)).filter(community=community)[:20]
    rows = list(found)
    if chosen and str(chosen).isdigit() and not any(r.pk == int(chosen) for r in rows):
        rows += list(
            Resident.objects.filter(pk=int(chosen), community=community, status=ResidentStatus.ACTIVE)
        )
    return [(r.pk, f"{r.name} · {r.birth_date:%Y} · {mask_phone(r.phone) or '—'}") for r in rows]


@login_required
def order_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community, on_behalf = _orderable_community(request, code)
    searching = on_behalf and "find" in request.POST
    data = None if searching else request.POST or None
    initial = request.POST.dict() if searching else {"service": request.GET.get("service", "")}
    form: OrderForm
    if on_behalf:
        residents = _residents_found(
            request, community, request.POST.get("who", ""), request.POST.get("resident")
        )
        form = OnBehalfForm(data, services=_service_choices(True), residents=residents, initial=initial)
    else:
        form = OrderForm(data, services=_service_choices(False), initial=initial)
    if data is not None and form.is_valid():
        d = form.cleaned_data
        resident = queries.resident_for_order(request.user, d.get("resident")) if d.get("resident") else None
        with onto_form(form) as outcome:
            order = actions.order_create(
                actor=request.user,
                service=queries.service_type_for(d["service"]),
                community=community,
                description=d["description"],
                address=d["address"],
                contact_phone=d["contact_phone"],
                wanted_on=d["wanted_on"],
                resident=resident,
                channel="hotline" if policy.has_role_at(request.user, Role.AGENT, community) else "station",
            )
        if outcome.ok:
            messages.success(request, _("Order %(code)s was placed.") % {"code": order.code})
            return redirect("services:order", code=order.code)
    return render(
        request,
        "services/order_new.html",
        {"community": community, "form": form, "on_behalf": on_behalf},
        status=400 if form.errors else 200,
    )


def _detail(request: AuthedHttpRequest, order: Order, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    offer = queries.offer_of(user, order)
    may_dispatch = can_dispatch(user, order) and order.status == Status.CREATED
    providers = actions.eligible_providers(order, now=_now(), limit=20) if may_dispatch else []
    ctx: dict[str, Any] = {
        "order": order,
        "events": order.events.select_related("actor"),
        "offers": order.offers.select_related("provider") if can_dispatch(user, order) else [],
        "offer": offer,
        "is_provider": acts_for(user, order.provider_id),
        "may_dispatch": may_dispatch,
        "may_rate": order.status == Status.DONE
        and (is_requester(user, order) or can_create_for(user, order.community)),
        "may_cancel": order.is_open and (is_requester(user, order) or can_dispatch(user, order)),
        "may_pay_hours": bool(order.service.hours_minutes)
        and not order.hours_transfer
        and order.status != Status.CANCELLED
        and (is_requester(user, order) or can_create_for(user, order.community)),
        "dispatch_form": forms.get("dispatch_form")
        or DispatchForm(providers=[(p.code, f"{p.name} ★{p.rating or '—'}") for p in providers]),
        "accept_form": forms.get("accept_form")
        or AcceptForm(initial={"eta": _now() + dt.timedelta(hours=1)}),
        "decline_form": forms.get("decline_form") or ReasonForm(),
        "complete_form": forms.get("complete_form") or NoteForm(),
        "rate_form": forms.get("rate_form") or RateForm(),
        "cancel_form": forms.get("cancel_form") or ReasonForm(),
        "ticket_form": forms.get("ticket_form") or TicketForm(categories=_ticket_categories()),
        "StatusDone": Status.DONE,
        "ESCALATED": EventKind.ESCALATED,
    }
    return render(request, "services/order.html", ctx, status=status)


def _ticket_categories() -> list[tuple[str, str]]:
    from linli.tickets.models import Category

    return [(c.code, c.display_name) for c in Category.objects.filter(is_active=True, children__isnull=True)]


@login_required
def order_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _detail(request, queries.order_for(request.user, code))


def _after(request: HttpRequest, order: Order, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("services:order", code=order.code)


def _order_step(
    request: AuthedHttpRequest,
    order: Order,
    form: Form,
    form_name: str,
    run: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One step with a form: run it if the form is valid, else show the order with the form as typed."""
    if form.is_valid():
        with onto_form(form) as outcome:
            run(form.cleaned_data)
        if outcome.ok:
            return _after(request, order, done)
    return _detail(request, order, status=400, **{form_name: form})


@login_required
@require_POST
def order_dispatch(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    providers = {p.code: p for p in actions.eligible_providers(order, now=_now(), limit=10_000)}
    form = DispatchForm(request.POST, providers=[(c, p.name) for c, p in providers.items()])
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.order_dispatch(
                actor=request.user,
                order=order,
                mode=form.cleaned_data["mode"],
                provider=providers.get(form.cleaned_data["provider"]),
            )
        if outcome.ok:
            return _after(request, order, _("The order was sent."))
    return _detail(request, order, status=400, dispatch_form=form)


def _my_offer_provider(request: AuthedHttpRequest, order: Order) -> Any:
    offer = queries.offer_of(request.user, order)
    if offer is None:
        raise Http404
    return offer.provider


@login_required
@require_POST
def order_accept(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    form = AcceptForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.order_accept(
                actor=request.user,
                order=order,
                provider=_my_offer_provider(request, order),
                eta=form.cleaned_data["eta"],
            )
        if outcome.ok:
            return _after(request, order, _("You took the order."))
    return _detail(request, order, status=400, accept_form=form)


@login_required
@require_POST
def order_decline(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    form = ReasonForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.order_decline(
                actor=request.user,
                order=order,
                provider=_my_offer_provider(request, order),
                reason=form.cleaned_data["reason"],
            )
        if outcome.ok:
            return _after(request, order, _("You declined the order."))
    return _detail(request, order, status=400, decline_form=form)


@login_required
@require_POST
def order_on_the_way(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    form = NoteForm(request.POST)
    with onto_form(form) as outcome:
        actions.order_on_the_way(actor=request.user, order=order)
    if outcome.ok:
        return _after(request, order, _("The resident was told you are on the way."))
    return _detail(request, order, status=400, complete_form=form)


@login_required
@require_POST
def order_complete(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    return _order_step(
        request,
        order,
        NoteForm(request.POST),
        "complete_form",
        lambda d: actions.order_complete(actor=request.user, order=order, note=d["note"]),
        _("The service was recorded as done."),
    )


@login_required
@require_POST
def order_rate(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    return _order_step(
        request,
        order,
        RateForm(request.POST),
        "rate_form",
        lambda d: actions.order_evaluate(actor=request.user, order=order, rating=d["rating"], note=d["note"]),
        _("Thank you for rating the service."),
    )


@login_required
@require_POST
def order_cancel(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    return _order_step(
        request,
        order,
        ReasonForm(request.POST),
        "cancel_form",
        lambda d: actions.order_cancel(actor=request.user, order=order, reason=d["reason"]),
        _("The order was cancelled."),
    )


@login_required
@require_POST
def order_pay_hours(request: AuthedHttpRequest, code: str) -> HttpResponse:
    order = queries.order_for(request.user, code)
    with onto_messages(request) as outcome:
        actions.order_pay_hours(actor=request.user, order=order)
    if outcome.ok:
        messages.success(request, _("The order was paid with time-bank hours."))
    return redirect("services:order", code=order.code)


@login_required
@require_POST
def order_ticket(request: AuthedHttpRequest, code: str) -> HttpResponse:
    from linli.tickets.models import Category

    order = queries.order_for(request.user, code)
    form = TicketForm(request.POST, categories=_ticket_categories())
    if form.is_valid():
        with onto_form(form) as outcome:
            ticket = actions.order_to_ticket(
                actor=request.user,
                order=order,
                category=Category.objects.get(code=form.cleaned_data["category"]),
            )
        if outcome.ok:
            return _after(request, order, _("Ticket %(code)s was opened for it.") % {"code": ticket.code})
    return _detail(request, order, status=400, ticket_form=form)


# --- providers -----------------------------------------------------------------------------------


@login_required
def providers(request: AuthedHttpRequest) -> HttpResponse:
    rows = queries.providers_for(request.user, kind=request.GET.get("kind", ""))
    if not rows.exists() and not policy.roots(request.user, queries.VIEW):
        raise Http404
    page = Paginator(rows.prefetch_related("services").order_by("name"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "can_register": bool(policy.roots(request.user, "services.providers")),
    }
    return render(request, "services/providers.html", context)


@login_required
def provider_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    provider = queries.provider_for(request.user, code)
    return render(
        request,
        "services/provider.html",
        {
            "provider": provider,
            "certificates": provider.certificates.all(),
            "services": provider.services.all(),
            "areas": provider.service_areas.all(),
            "today": timezone.localdate(),
            "is_member": acts_for(request.user, provider),
            "can_manage": can_manage_provider(request.user, provider),
        },
    )


# --- meals ---------------------------------------------------------------------------------------


def _my_resident(request: AuthedHttpRequest) -> Resident:
    community = queries.own_community(request.user)
    resident = (
        Resident.objects.filter(user=request.user, community=community, status=ResidentStatus.ACTIVE).first()
        if community
        else None
    )
    if resident is None:
        raise Http404
    return resident


def _meal_form(request: AuthedHttpRequest, resident: Resident, data: Any = None) -> MealForm:
    points = queries.meal_points_for_community(resident.community)
    return MealForm(
        data,
        points=[(p.code, p.name) for p in points],
        initial={"day": timezone.localdate() + dt.timedelta(days=1)},
    )


def _meals_page(
    request: AuthedHttpRequest, resident: Resident, form: MealForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "services/meals.html",
        {
            "form": form,
            "bookings": queries.bookings_for(request.user).filter(resident=resident).order_by("-day")[:30],
            "entitlements": queries.entitlements_for(request.user).filter(resident=resident)[:6],
        },
        status=status,
    )


@login_required
def meals(request: AuthedHttpRequest) -> HttpResponse:
    resident = _my_resident(request)
    return _meals_page(request, resident, _meal_form(request, resident))


@login_required
@require_POST
def meal_book(request: AuthedHttpRequest) -> HttpResponse:
    resident = _my_resident(request)
    form = _meal_form(request, resident, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        point = queries.meal_points_for_community(resident.community).get(code=d["point"])
        with onto_form(form) as outcome:
            booking = care.meal_book(
                actor=request.user, point=point, resident=resident, day=d["day"], pickup=d["pickup"]
            )
        if outcome.ok:
            messages.success(request, _("Meal booked for %(day)s.") % {"day": booking.day.isoformat()})
            return redirect("services:meals")
    return _meals_page(request, resident, form, status=400)


@login_required
def meal_day(request: AuthedHttpRequest, code: str) -> HttpResponse:
    point = queries.provider_for(request.user, code)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    ctx = queries.day_list(request.user, point, day)
    return render(
        request,
        "services/meal_day.html",
        {**ctx, "point": point, "day": day, "may_serve": acts_for(request.user, point)},
    )


@login_required
@require_POST
def booking_serve(request: AuthedHttpRequest, code: str) -> HttpResponse:
    booking = queries.booking_for(request.user, code)
    form = ReasonForm(request.POST)
    with onto_form(form) as outcome:
        care.meal_serve(actor=request.user, booking=booking)
    if outcome.ok:
        messages.success(request, _("Served: one meal redeemed."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect(f"{_url('services:meal_day', booking.point.code)}?day={booking.day.isoformat()}")


@login_required
@require_POST
def booking_cancel(request: AuthedHttpRequest, code: str) -> HttpResponse:
    booking = queries.booking_for(request.user, code)
    form = ReasonForm(request.POST)
    with onto_form(form) as outcome:
        care.meal_cancel(actor=request.user, booking=booking)
    if outcome.ok:
        messages.success(request, _("The booking was cancelled."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect("services:meals" if booking.resident.user_id == request.user.pk else "services:index")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# --- entitlements --------------------------------------------------------------------------------


def _grant_form(community: Any, data: Any = None) -> GrantForm:
    residents = Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE).order_by("name")[
        :500
    ]
    return GrantForm(
        data,
        residents=[(str(r.pk), f"{r.name} ({r.birth_date.year})") for r in residents],
        initial={"month": timezone.localdate().replace(day=1)},
    )


def _entitlements_page(
    request: AuthedHttpRequest, community: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    return render(
        request,
        "services/entitlements.html",
        {
            "community": community,
            "rows": queries.entitlements_for(request.user, community=community)[:300],
            "may_grant": policy.can(request.user, "services.entitle", community),
            "grant_form": forms.get("grant_form") or _grant_form(community),
            "rule_form": forms.get("rule_form") or MonthForm(initial={"month": timezone.localdate()}),
        },
        status=status,
    )


@login_required
def entitlements(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _entitlements_page(request, queries.community_for(request.user, code))


@login_required
@require_POST
def entitlement_grant(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    form = _grant_form(community, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        resident = Resident.objects.get(pk=d["resident"], community=community)
        with onto_form(form) as outcome:
            care.entitlement_grant(
                actor=request.user,
                resident=resident,
                kind=d["kind"],
                month=d["month"],
                granted=d["granted"],
                reason=d["reason"],
            )
        if outcome.ok:
            messages.success(request, _("The entitlement was granted."))
            return redirect("services:entitlements", code=community.code)
    return _entitlements_page(request, community, status=400, grant_form=form)


@login_required
@require_POST
def entitlement_rules(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    form = MonthForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            n = care.entitlements_grant_by_rule(
                actor=request.user, community=community, month=form.cleaned_data["month"]
            )
        if outcome.ok:
            messages.success(request, _("%(n)d entitlements were granted by rule.") % {"n": n})
            return redirect("services:entitlements", code=community.code)
    return _entitlements_page(request, community, status=400, rule_form=form)
