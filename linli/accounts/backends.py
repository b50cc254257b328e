import unicodedata
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from linli.accounts.models import User
from linli.common.crypto import index_of
from linli.common.phone import looks_like_mobile, normalize_mobile


def normalized_login(login: str | None) -> str:
    """What a typed login name means: NFKC and trimmed; a mobile number as its 11 digits (no
    spaces, dashes or +86). Usernames keep their case: they are matched exactly."""
    login = unicodedata.normalize("NFKC", login or "").strip()
    return normalize_mobile(login) if looks_like_mobile(login) else login


def find_login(login: str | None) -> User | None:
    """The user a login name means: a mobile number (residents) or a username (staff)."""
    login = normalized_login(login)
    if looks_like_mobile(login):
        return User.objects.filter(phone_index=index_of(User, "phone_index", login)).first()
    return User.objects.filter(username=login).first()


def lockout_key_of(user: User) -> str:
    """The key django-axes counts an account's failed sign-ins under, however it was typed."""
    return f"user:{user.pk}"


def lockout_key(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account a login attempt is for, not the text typed, so that
    "138 0000 0001", "+86 138 0000 0001" and the user's username share one count.

    Unknown names are counted too (normalised; a mobile number by its blind index, so the lockout
    table holds no number in clear).
    """
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "data", request.POST if request is not None else {}).get("username")
    if typed is None:
        return None
    # axes asks several times per attempt: look the account up once per request.
    memo: dict[str, str] = request.__dict__.setdefault("_linli_lockout_keys", {}) if request else {}
    if typed not in memo:
        user = find_login(typed)
        login = normalized_login(typed)
        if user is not None:
            memo[typed] = lockout_key_of(user)
        elif looks_like_mobile(login):
            memo[typed] = "phone:" + index_of(User, "phone_index", login)
        else:
            memo[typed] = "name:" + login
    return memo[typed]


class PhoneOrUsernameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = find_login(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
