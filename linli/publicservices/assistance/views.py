"""Assistance pages: thin wrappers that parse, call a query or an action, and render.

Every POST has its own URL and calls one action inside `onto_form`; an application the viewer
may not see (outside their areas, or without the sensitive grant) is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.publicservices.assistance import actions, queries
from linli.publicservices.assistance.forms import (
    DOCUMENT_FIELDS,
    ApplicationForm,
    CheckForm,
    DecisionForm,
    ObjectionForm,
    PaymentForm,
    ReasonForm,
    RecipientReviewForm,
)
from linli.publicservices.models.assistance import Application, Status
from linli.publicservices.permissions import may
from linli.registry.models import Household
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest

YUAN = 100


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", "")
    qs = queries.applications_for(user)
    if status in Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "publicservices/assistance_index.html",
        {
            "page": Paginator(qs.order_by("-created_at"), 30).get_page(request.GET.get("page")),
            "status": status,
            "statuses": Status.choices,
            "queues": [
                (_("Home visits to make"), queries.queue(user, "check")[:50]),
                (_("Waiting for the street's review"), queries.queue(user, "review")[:50]),
                (_("Waiting for the district's approval"), queries.queue(user, "approve")[:50]),
                (_("Recipients due for review"), queries.reviews_due(user)[:50]),
            ],
            "may_apply": bool(policy.roots(user, "assistance.apply")),
            "apply_communities": [
                c
                for c in policy.roots(user, "assistance.apply")
                if c.level == Level.COMMUNITY and may(user, "assistance.apply", c)
            ],
            "now": timezone.now(),
        },
    )


def _uploads(request: HttpRequest) -> list[actions.Upload]:
    out = []
    for kind in DOCUMENT_FIELDS:
        f = request.FILES.get(f"doc_{kind}")
        if f is not None:
            # Read one byte past the limit: the action refuses what is too big.
            data = f.read(actions.MAX_DOCUMENT_BYTES + 1)
            out.append(
                actions.Upload(kind=kind, filename=f.name or "", content_type=f.content_type or "", data=data)
            )
    return out


@login_required
def application_new(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "assistance.apply"):
        raise Http404
    form = ApplicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            household = (
                Household.objects.select_related("community", "head")
                .filter(policy.area_q(request.user, "assistance.apply", "community"))
                .filter(code=d["household"].strip().upper(), is_active=True)
                .first()
            )
            if household is None or household.head is None:
                form.add_error("household", _("No household with this code in your community."))
            else:
                with onto_form(form) as outcome:
                    application = actions.application_submit(
                        actor=request.user,
                        household=household,
                        applicant=household.head,
                        kind=d["kind"],
                        members=d["members"],
                        monthly_income_fen=d["monthly_income"] * YUAN,
                        assets_fen=d["assets"] * YUAN,
                        requested_fen=(d["requested"] or 0) * YUAN,
                        reason=d["reason"],
                        documents=_uploads(request),
                    )
                if outcome.ok:
                    messages.success(request, _("The application was submitted."))
                    return redirect("publicservices:application", code=application.code)
    return render(request, "publicservices/application_new.html", {"form": form}, status=status)


def _detail(
    request: AuthedHttpRequest, application: Application, status: int = 200, **forms: object
) -> HttpResponse:
    user = request.user
    c = application.community
    context = {
        "a": application,
        "documents": list(application.documents.all()),
        "objections": list(application.objections.all()),
        "payments": list(application.payments.all()[:24]),
        "check_form": forms.get("check_form") or (CheckForm() if may(user, "assistance.check", c) else None),
        "review_form": forms.get("review_form")
        or (DecisionForm() if may(user, "assistance.review", c) else None),
        "approve_form": forms.get("approve_form")
        or (DecisionForm() if may(user, "assistance.approve", c) else None),
        "pay_form": forms.get("pay_form") or (PaymentForm() if may(user, "assistance.pay", c) else None),
        "recipient_form": forms.get("recipient_form")
        or (RecipientReviewForm() if may(user, "assistance.check", c) else None),
        "reason_form": forms.get("reason_form") or ReasonForm(),
    }
    return render(request, "publicservices/application.html", context, status=status)


@login_required
def application_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _detail(request, queries.application_for(request.user, code))


def _step(
    request: AuthedHttpRequest, code: str, form_class: type, name: str, run: object, done: str
) -> HttpResponse:
    application = queries.application_for(request.user, code)
    form = form_class(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            run(application, form.cleaned_data)  # type: ignore[operator]
        if outcome.ok:
            messages.success(request, done)
            return redirect("publicservices:application", code=application.code)
    return _detail(request, application, status=400, **{name: form})


def _fen(value: int | None) -> int:
    return (value or 0) * YUAN


@login_required
@require_POST
def application_check(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        CheckForm,
        "check_form",
        lambda a, d: actions.application_check(
            actor=request.user,
            application=a,
            passed=d["passed"],
            report=d["report"],
            amount_fen=_fen(d["amount"]),
        ),
        _("The home visit was recorded."),
    )


@login_required
@require_POST
def application_review(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        DecisionForm,
        "review_form",
        lambda a, d: actions.application_review(
            actor=request.user, application=a, passed=d["passed"], reason=d["reason"]
        ),
        _("The street's review was recorded."),
    )


@login_required
@require_POST
def application_approve(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        DecisionForm,
        "approve_form",
        lambda a, d: actions.application_approve(
            actor=request.user, application=a, passed=d["passed"], reason=d["reason"]
        ),
        _("The district's decision was recorded."),
    )


@login_required
@require_POST
def payment_record(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        PaymentForm,
        "pay_form",
        lambda a, d: actions.payment_record(
            actor=request.user,
            application=a,
            month=d["month"],
            amount_fen=_fen(d["amount"]),
            paid_on=d["paid_on"],
        ),
        _("The payment was recorded."),
    )


@login_required
@require_POST
def recipient_review(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _step(
        request,
        code,
        RecipientReviewForm,
        "recipient_form",
        lambda a, d: actions.recipient_review(
            actor=request.user,
            application=a,
            keep=d["keep"],
            note=d["note"],
            amount_fen=None if d["amount"] is None else _fen(d["amount"]),
        ),
        _("The review was recorded."),
    )


@login_required
@require_POST
def document_open(request: AuthedHttpRequest, code: str, pk: int) -> HttpResponse:
    application = queries.application_for(request.user, code)
    document = queries.document_for(request.user, application, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            data = actions.document_open(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        if outcome.ok:
            response = HttpResponse(data, content_type=document.content_type)
            response["Content-Disposition"] = (
                f'attachment; filename="{application.code}-{document.kind}.{actions.DOCUMENT_TYPES[document.content_type]}"'
            )
            response["Cache-Control"] = "no-store"
            return response
    return _detail(request, application, status=400, reason_form=form)


def notice_page(request: HttpRequest, community: Area) -> HttpResponse:
    """The community board's assistance notice (no sign-in): masked names and amounts."""
    now = timezone.now()
    rows = queries.notice_rows(community, now)
    return render(
        request,
        "publicservices/notice.html",
        {
            "community": community,
            **rows,
            "may_object": policy.can(request.user, "assistance.object", community),
        },
    )


@login_required
def objection_new(request: AuthedHttpRequest, code: str) -> HttpResponse:
    application = queries.notice_for_objection(request.user, code)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.objection_file(
                actor=request.user, application=application, text_=form.cleaned_data["text"]
            )
        if outcome.ok:
            messages.success(request, _("Your objection was filed; the district sees it before deciding."))
            return redirect("public:assistance", code=application.community.code)
    return render(
        request,
        "publicservices/objection.html",
        {"a": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )
