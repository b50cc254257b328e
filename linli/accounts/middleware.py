from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from linli.accounts import policy
from linli.accounts.roles import STAFF_ROLES

# Paths a signed-in staff member may use before the second factor.
OPEN_PREFIXES = ("/account/", "/i18n/", "/static/", "/healthz", "/api/", "/text-size/")


def needs_second_factor(user: object) -> bool:
    return bool(settings.LINLI_REQUIRE_2FA) and bool(policy.roles(user) & STAFF_ROLES)


def second_factor_missing(user: object) -> bool:
    """A staff member signed in with a password only (django-otp's is_verified is False)."""
    verified = getattr(user, "is_verified", None)
    return needs_second_factor(user) and not (verified and verified())


# Paths open to someone who must replace a temporary password first: the same, but of /account/
# only the pages that lead there.
PASSWORD_OPEN_PREFIXES = (
    "/account/password/",
    "/account/logout/",
    "/account/two-factor/",
    *(prefix for prefix in OPEN_PREFIXES if prefix != "/account/"),
)


class RequireTwoFactorMiddleware:
    """Staff who signed in with a password must add their authenticator code before going on;
    anyone given a temporary password must then choose their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and second_factor_missing(user)
        ):
            return redirect("accounts:two_factor")
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(PASSWORD_OPEN_PREFIXES)
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)
