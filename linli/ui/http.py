"""Request types for views and API handlers that only run for a signed-in user.

Typing only: at run time these are the ordinary Django request; the login middleware and the API's
authentication make sure `user` / `auth` is a `User` before a handler runs. ui imports no app
above it, so `User` is named for the type checker only.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from linli.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A page request from a signed-in user."""

    user: "User"


class ApiRequest(HttpRequest):
    """An API request that passed authentication: `auth` is the caller."""

    auth: "User"


def absolute_url(request: HttpRequest, path: str) -> str:
    """The full address of `path` as people outside reach it: LINLI_PUBLIC_URL when set (the
    server may sit behind a proxy or be reached by another name inside the office), else the
    address this request came to."""
    if settings.LINLI_PUBLIC_URL:
        return settings.LINLI_PUBLIC_URL + path
    return request.build_absolute_uri(path)
