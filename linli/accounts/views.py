import base64
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from linli.accounts import actions, policy, queries
from linli.accounts.forms import (
    ApiTokenForm,
    DeactivateForm,
    GrantForm,
    LoginForm,
    PasswordChangeForm,
    RevealForm,
    TokenForm,
    UserCreateForm,
)
from linli.accounts.models import ApiToken, RoleGrant, User
from linli.accounts.reveal import pii_reveal, revealable_row
from linli.areas.models import Area
from linli.areas.queries import area_for
from linli.ui.forms import onto_form, onto_messages
from linli.ui.http import AuthedHttpRequest
from linli.ui.qr import qr_svg


class LinliLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LinliLogoutView(LogoutView):
    http_method_names = ["post", "options"]


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def two_factor(request: AuthedHttpRequest) -> HttpResponse:
    """Verify with an authenticator code, or enrol one first (shown as a QR code)."""
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]  # set by django_otp.middleware.OTPMiddleware
        return redirect(_next_url(request))
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    form = TokenForm(request.POST or None)
    if has_device:
        if request.method == "POST" and form.is_valid():
            device = match_token(user, form.cleaned_data["token"].strip())
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error(
                "token", _("The code is not correct. Enter the 6 digits your authenticator shows now.")
            )
        return render(request, "accounts/two_factor_verify.html", {"form": form})

    device = actions.totp_start(actor=user)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.totp_confirm(actor=user, device=device, token=form.cleaned_data["token"])
        if outcome.ok:
            otp_login(request, device)
            messages.success(request, _("Your authenticator is set up."))
            return redirect(_next_url(request))
    qr = qr_svg(device.config_url, title=_("QR code for your authenticator app"))
    key = base64.b32encode(device.bin_key).decode()
    secret = " ".join(key[i : i + 4] for i in range(0, len(key), 4))  # read and typed in groups of 4
    return render(request, "accounts/two_factor_setup.html", {"form": form, "qr": qr, "secret": secret})


@login_required
def password_change_view(request: AuthedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with onto_form(form) as outcome:
            actions.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        if outcome.ok:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password was changed."))
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "grants": policy.grants(user),
            "tokens": queries.tokens_of(user),
            "token_form": ApiTokenForm(),
            "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
    )


@login_required
@require_POST
def token_create_view(request: AuthedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            token, key = actions.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        if outcome.ok:
            return render(request, "accounts/token_created.html", {"token": token, "key": key})
    return render(
        request,
        "accounts/profile.html",
        {
            "grants": policy.grants(request.user),
            "tokens": queries.tokens_of(request.user),
            "token_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def token_revoke_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    actions.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


@login_required
def users(request: HttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "accounts.view_users"):
        raise Http404
    search = request.GET.get("q", "").strip()
    page = Paginator(queries.users_for(request.user, search=search), 30).get_page(request.GET.get("page"))
    can_create = bool(policy.roots(request.user, "accounts.manage_grants"))
    return render(request, "accounts/users.html", {"page": page, "q": search, "can_create": can_create})


def _area_in_reach(request: HttpRequest, code: str) -> Area | None:
    try:
        return area_for(request.user, code, "accounts.manage_grants")
    except Http404:
        return None


@login_required
def user_create_view(request: AuthedHttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "accounts.manage_grants"):
        raise Http404
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = _area_in_reach(request, data["area_code"])
        if area is None:
            form.add_error("area_code", _("No area with this code in your reach."))
        else:
            with onto_form(form) as outcome:
                user = actions.user_create(
                    actor=request.user,
                    display_name=data["display_name"],
                    username=data["username"],
                    phone=data["phone"],
                    password=data["password"],
                    role=data["role"],
                    area=area,
                )
            if outcome.ok:
                messages.success(request, _("The account was created."))
                return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = queries.user_for(request.user, pk)
    return _user_page(request, person)


def _user_page(
    request: HttpRequest,
    person: User,
    *,
    grant_form: GrantForm | None = None,
    deactivate_form: DeactivateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = request.user
    grants = list(person.grants.all())
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "grants": [(g, policy.can(viewer, "accounts.manage_grants", g.area)) for g in grants],
            "grant_form": grant_form or GrantForm(),
            "can_grant": bool(policy.roots(viewer, "accounts.manage_grants")),
            "can_manage": queries.may_manage_account(viewer, person),
            "is_self": person.pk == viewer.pk,
            "has_totp": TOTPDevice.objects.filter(user=person).exists(),
            "deactivate_form": deactivate_form or DeactivateForm(),
        },
        status=status,
    )


def _account_action(
    request: HttpRequest, person: User, run: Callable[[User], object], done: str
) -> HttpResponse:
    """POST-only account steps on the person page: a refusal is shown there as a message; outside
    the viewer's reach, 404."""
    with onto_messages(request) as outcome:
        run(person)
    if outcome.ok:
        messages.success(request, done)
    return redirect("accounts:user_detail", pk=person.pk)


@login_required
@require_POST
def grant_revoke_view(request: AuthedHttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    person = queries.user_for(request.user, pk)
    grant = get_object_or_404(RoleGrant, pk=grant_pk, user=person)
    return _account_action(
        request,
        person,
        lambda _p: actions.role_revoke(actor=request.user, grant=grant),
        _("The role was removed."),
    )


@login_required
@require_POST
def totp_reset_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        queries.user_for(request.user, pk),
        lambda p: actions.totp_reset(actor=request.user, user=p),
        _("The authenticator was removed: they set up a new one at their next sign-in."),
    )


@login_required
@require_POST
def reactivate_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        queries.user_for(request.user, pk),
        lambda p: actions.user_set_active(actor=request.user, user=p, active=True),
        _("The account can be used again."),
    )


@login_required
@require_POST
def deactivate_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = queries.user_for(request.user, pk)
    form = DeactivateForm(request.POST)
    if form.is_valid():
        with onto_form(form) as outcome:
            actions.user_set_active(
                actor=request.user,
                user=person,
                active=False,
                reason=form.cleaned_data["reason"],
            )
        if outcome.ok:
            messages.success(request, _("The account was deactivated."))
            return redirect("accounts:user_detail", pk=person.pk)
    return _user_page(request, person, deactivate_form=form, status=400)


@login_required
@require_POST
def password_reset_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = queries.user_for(request.user, pk)
    with onto_messages(request) as outcome:
        password = actions.password_reset(actor=request.user, user=person)
    if not outcome.ok:
        return redirect("accounts:user_detail", pk=person.pk)
    response = render(request, "accounts/password_reset_done.html", {"person": person, "password": password})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def grant_create_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    if not policy.roots(request.user, "accounts.manage_grants"):
        raise Http404
    person = queries.user_for(request.user, pk)
    form = GrantForm(request.POST)
    if form.is_valid():
        area = _area_in_reach(request, form.cleaned_data["area_code"])
        if area is None:
            form.add_error("area_code", _("No area with this code in your reach."))
        else:
            with onto_form(form) as outcome:
                actions.role_grant(actor=request.user, user=person, role=form.cleaned_data["role"], area=area)
            if outcome.ok:
                messages.success(request, _("The role was given."))
                return redirect("accounts:user_detail", pk=person.pk)
    return _user_page(request, person, grant_form=form, status=400)


@login_required
def reveal(request: AuthedHttpRequest, kind: str, pk: str) -> HttpResponse:
    """Ask for a reason, then show one personal-data value in full (and log it)."""
    if revealable_row(request.user, kind, pk) is None:
        raise Http404
    form = RevealForm(request.POST or None)
    back = request.POST.get("back") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    ctx = {"form": form, "kind": kind, "pk": pk, "value": None, "back": back}
    if request.method == "POST" and form.is_valid():
        with onto_form(form):
            ctx["value"] = pii_reveal(
                actor=request.user, kind=kind, pk=pk, reason=form.cleaned_data["reason"]
            )
    if request.htmx:  # type: ignore[attr-defined]
        # htmx does not swap in 4xx answers, so the "give a reason" error must come back as 200.
        return render(request, "accounts/_reveal.html", ctx)
    return render(request, "accounts/reveal.html", ctx, status=400 if form.errors else 200)
