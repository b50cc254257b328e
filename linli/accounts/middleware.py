"""Sign-in steps still owed: the second factor (staff) and replacing a temporary password.

One rule, deny by default: while a step is owed, a signed-in user reaches only the views named in
`SIGN_IN_VIEWS` and `PUBLIC_VIEWS`; every other view of the URLconf is refused, whatever its
method: a page redirects to the step, the API answers in its error shape (401 before the second
factor, 403 before the new password). A view added later is refused until it is named here.
`accounts/tests/test_sign_in_steps.py` walks the whole URLconf to hold this.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.accounts.roles import STAFF_ROLES

# Views that finish the sign-in or leave it; they see the signed-in user.
SIGN_IN_VIEWS = frozenset({"accounts:two_factor", "accounts:password_change", "accounts:logout"})

# Views open to anyone without signing in. While a step is owed they see an anonymous visitor, so
# they cannot show more than the public sees. (Static files never reach Django's URLconf.)
PUBLIC_VIEWS = frozenset(
    {
        "accounts:login",
        "healthz",
        "set_language",
        "web:text_size",
        "public:index",
        "public:finance",
        "public:donations",
        "public:item",
        "public:print",
        # Anyone checks a volunteer certificate's code (the certificate shows only itself).
        "volunteers:verify",
        "volunteers:verify_code",
        # Open311 reads are public without an api_key; a POST is authorised by its api_key alone.
        "open311:discovery",
        "open311:services",
        "open311:service",
        "open311:requests",
        "open311:request",
        "open311:token",
    }
)

API_PREFIX = "/api/"


def needs_second_factor(user: policy.Viewer) -> bool:
    return bool(settings.LINLI_REQUIRE_2FA) and bool(policy.roles(user) & STAFF_ROLES)


def second_factor_missing(user: policy.Viewer) -> bool:
    """A staff member signed in with a password only (django-otp's is_verified is False)."""
    verified = getattr(user, "is_verified", None)
    return needs_second_factor(user) and not (verified and verified())


def step_owed(user: User | AnonymousUser) -> str:
    """The sign-in step `user` still owes: "second_factor", "password" or "" (none)."""
    if not user.is_authenticated:
        return ""
    if second_factor_missing(user):
        return "second_factor"
    if getattr(user, "must_change_password", False):
        return "password"
    return ""


def _anonymous() -> AnonymousUser:
    visitor = AnonymousUser()
    visitor.otp_device = None  # type: ignore[attr-defined]  # as django-otp's middleware sets it
    visitor.is_verified = lambda: False  # type: ignore[attr-defined]
    return visitor


def _refusal(request: HttpRequest, step: str) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        if step == "second_factor":
            status, code = 401, "second_factor_required"
            message = _("Finish signing in with the code from your authenticator first.")
        else:
            status, code = 403, "password_change_required"
            message = _("Choose your own password first.")
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    return redirect("accounts:two_factor" if step == "second_factor" else "accounts:password_change")


class RequireTwoFactorMiddleware:
    """Staff who signed in with a password must add their authenticator code before going on;
    anyone given a temporary password must then choose their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        step = step_owed(request.user)
        if not step:
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in SIGN_IN_VIEWS:
            return None
        if name in PUBLIC_VIEWS:
            request.user = _anonymous()
            return None
        return _refusal(request, step)
