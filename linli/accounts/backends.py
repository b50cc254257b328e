from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from linli.accounts.models import User
from linli.common.crypto import index_of
from linli.common.phone import looks_like_mobile, normalize_mobile


def find_login(login: str) -> User | None:
    """The user a login name means: a mobile number (residents) or a username (staff)."""
    login = (login or "").strip()
    if looks_like_mobile(login):  # full-width digits and spaces too: normalize_mobile folds them
        return User.objects.filter(phone_index=index_of(User, "phone_index", normalize_mobile(login))).first()
    # Usernames are stored NFKC-normalised (Django's normalize_username); typed ones must match.
    return User.objects.filter(username=User.normalize_username(login)).first()


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
