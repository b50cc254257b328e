"""Request types for views and API handlers that only run for a signed-in user.

Typing only: at run time these are the ordinary Django request; the login middleware and the API's
authentication make sure `user` / `auth` is a `User` before a handler runs. ui imports no app
above it, so `User` is named for the type checker only.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from linli.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A page request from a signed-in user."""

    user: "User"


class ApiRequest(HttpRequest):
    """An API request that passed authentication: `auth` is the caller."""

    auth: "User"
