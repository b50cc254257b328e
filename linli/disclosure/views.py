"""Disclosure pages: staff pages (login) and the public board of each community (no login)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.areas.models import Area
from linli.areas.queries import area_for
from linli.disclosure import actions, queries
from linli.disclosure.forms import AnswerForm, ItemForm, QuestionForm, ScheduleForm, WithdrawForm
from linli.disclosure.models import Category, Frequency, ItemStatus, Question
from linli.disclosure.schedules import DEFAULTS, default_from, overdue
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest
from linli.ui.registries import BOARD_FIGURES


@login_required
def index(request: HttpRequest) -> HttpResponse:
    communities = list(queries.communities_for(request.user)[:300])
    if not communities:
        raise Http404
    if len(communities) == 1:
        return redirect("disclosure:community", code=communities[0].code)
    late = queries.overdue_for(request.user, timezone.localdate())
    counts: dict[int, int] = {}
    for r in late:
        counts[r.community.pk] = counts.get(r.community.pk, 0) + 1
    return render(
        request,
        "disclosure/index.html",
        {
            "communities": [(c, counts.get(c.pk, 0)) for c in communities],
            "late_total": len(late),
            "may_configure": bool(policy.roots(request.user, "disclosure.configure")),
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A resident's way to their community's public board."""
    roots = policy.roots(request.user, "disclosure.ask")
    if not roots:
        raise Http404
    return redirect("public:index", code=roots[0].code)


@login_required
def community(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = queries.community_for(request.user, code)
    may_manage = policy.can(request.user, "disclosure.manage", area)
    form = ItemForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            with onto_form(form) as outcome:
                item = actions.item_create(
                    actor=request.user,
                    community=area,
                    category=d["category"],
                    title=d["title"],
                    body=d["body"],
                    period_start=d["period_start"],
                    period_end=d["period_end"],
                )
            if outcome.ok:
                messages.success(request, _("The draft was saved. Check it, then publish it."))
                return redirect("disclosure:item", code=item.code)
    page = Paginator(queries.items_for(request.user, area), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "disclosure/community.html",
        {
            "community": area,
            "page": page,
            "late": queries.overdue_for(request.user, today, area),
            "today": today,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def item(request: AuthedHttpRequest, code: str) -> HttpResponse:
    obj = queries.item_for(request.user, code)
    may_manage = policy.can(request.user, "disclosure.manage", obj.community)
    edit_form = None
    if may_manage and obj.status == ItemStatus.DRAFT:
        edit_form = ItemForm(
            request.POST if request.POST.get("step") == "edit" else None,
            fixed_category=True,
            initial={
                "title": obj.title,
                "body": obj.body,
                "period_start": obj.period_start,
                "period_end": obj.period_end,
            },
        )
    withdraw_form = WithdrawForm(request.POST if request.POST.get("step") == "withdraw" else None)
    if request.method == "POST":
        if not may_manage:
            raise Http404
        step = request.POST.get("step")
        # A refusal lands on the step's own form (edit, withdraw), else in an error message.
        step_form = edit_form if step == "edit" else withdraw_form if step == "withdraw" else None
        with onto_form(step_form) if step_form is not None else onto_messages(request):
            if step == "edit" and edit_form is not None and edit_form.is_valid():
                d = edit_form.cleaned_data
                actions.item_update(
                    actor=request.user,
                    item=obj,
                    title=d["title"],
                    body=d["body"],
                    period_start=d["period_start"],
                    period_end=d["period_end"],
                )
                messages.success(request, _("The draft was saved."))
                return redirect("disclosure:item", code=code)
            if step == "publish":
                actions.item_publish(actor=request.user, item=obj)
                messages.success(request, _("The notice is published."))
                return redirect("disclosure:item", code=code)
            if step == "withdraw" and withdraw_form.is_valid():
                actions.item_withdraw(
                    actor=request.user, item=obj, reason=withdraw_form.cleaned_data["reason"]
                )
                messages.success(request, _("The notice was withdrawn."))
                return redirect("disclosure:item", code=code)
            if step == "answer":
                question = Question.objects.filter(item=obj, pk=request.POST.get("question") or 0).first()
                if question is None:
                    raise Http404
                actions.question_answer(
                    actor=request.user, question=question, answer=request.POST.get("answer", "")
                )
                messages.success(request, _("The answer is published under the notice."))
                return redirect("disclosure:item", code=code)
    return render(
        request,
        "disclosure/item.html",
        {
            "item": obj,
            "questions": queries.questions_of(obj),
            "may_manage": may_manage,
            "edit_form": edit_form,
            "withdraw_form": withdraw_form,
            "answer_form": AnswerForm(),
        },
        status=400 if (edit_form and edit_form.errors) or withdraw_form.errors else 200,
    )


@login_required
def schedules(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "disclosure.view"):
        raise Http404
    roots = policy.roots(request.user, "disclosure.configure")
    areas: list[tuple[str, str]] = []
    for root in roots:
        areas.append((root.code, root.name))
        areas += [(a.code, f"— {a.name}") for a in Area.objects.filter(parent=root, is_active=True)[:200]]
    form = (
        ScheduleForm(request.POST or None, areas=areas, initial={"effective_from": default_from()})
        if roots
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            area = area_for(request.user, d["area"], "disclosure.configure")
            with onto_form(form) as outcome:
                actions.schedule_set(
                    actor=request.user,
                    area=area,
                    category=d["category"],
                    frequency=d["frequency"],
                    grace_days=d["grace_days"],
                    effective_from=d["effective_from"],
                )
            if outcome.ok:
                messages.success(request, _("The schedule was saved."))
                return redirect("disclosure:schedules")
    defaults = [(Category(c).label, f, Frequency(f).label, g) for c, (f, g) in DEFAULTS.items()]
    return render(
        request,
        "disclosure/schedules.html",
        {
            "rules": queries.schedules_for(request.user),
            "defaults": defaults,
            "form": form,
            "since": default_from(),
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- public (no login) --------------------------------------------------------------------------


def public_index(request: HttpRequest, area: Area) -> HttpResponse:
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    page = Paginator(queries.public_items(area, category), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "disclosure/public_index.html",
        {
            "community": area,
            "page": page,
            "category": category,
            "categories": Category.choices,
            "late": overdue([area], today),
            "today": today,
        },
    )


def public_item(request: AuthedHttpRequest, area: Area, item: str) -> HttpResponse:
    obj = queries.public_item(area, item)
    may_ask = policy.can(request.user, "disclosure.ask", area)
    form = QuestionForm(request.POST or None) if may_ask else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            with onto_form(form) as outcome:
                actions.question_ask(actor=request.user, item=obj, text=form.cleaned_data["text"])
            if outcome.ok:
                messages.success(request, _("Your question was sent. The answer will appear here."))
                return redirect("public:item", code=area.code, item=item)
    return render(
        request,
        "disclosure/public_item.html",
        {
            "community": area,
            "item": obj,
            "form": form,
            "mine": queries.own_open_questions(request.user, obj),
            "finance": _finance_summary(obj),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _finance_summary(item: Any) -> dict[str, Any] | None:
    """A finance notice with a period carries the approved figures of that period (from the app
    that registered figures for the finance category)."""
    figures = BOARD_FIGURES.get(Category.FINANCE)
    if item.category != Category.FINANCE or not item.period_start or not item.period_end or not figures:
        return None
    return figures(item.community, item.period_start, item.period_end)


def public_print(request: HttpRequest, area: Area, item: str) -> HttpResponse:
    """The notice for the bulletin board: A4, print CSS, date and seal line."""
    obj = queries.public_item(area, item)
    return render(
        request,
        "disclosure/print.html",
        {
            "community": area,
            "item": obj,
            "finance": _finance_summary(obj),
            "printed_on": timezone.localdate(),
        },
    )
