"""Bearer-token authentication served from Django's cache (Redis in production).

The API's busiest reads paid two queries before doing any work: the token with its user, then
the user's role grants. Both now live in the cache for `LINLI_AUTH_CACHE_SECONDS`:

- ``linli:auth:tok:<sha256 of the key>`` → (token id, user id, last used at) of a live token;
- ``linli:auth:user:<user id>`` → (is_active, [(role, area fields), ...]).

Invalidation is explicit, through model signals (so it holds for actions, the admin and tests
alike): saving or deleting an ApiToken drops its entry (revocation), saving or deleting a User
or a RoleGrant drops the user's entry (deactivation, grant, revoke). Each drop happens at once
and again when the transaction commits, so a request that read the old rows in between cannot
leave a stale entry behind. Writes that bypass signals (`QuerySet.update`, `bulk_create`) on
these models must call `forget_user` / `forget_token` themselves.

Every process must see every drop, so the cache must be shared by all of them (Redis). Without
Redis, `LINLI_AUTH_CACHE_SECONDS` defaults to 0 and nothing is cached: each request reads the
token and the grants from the database (two queries, what the API paid before this cache), so a
revocation, deactivation or grant removal counts at once in every process there too. Turning the
cache on over a per-process cache (the local-memory default) would let other processes serve a
revoked token until the entry expires: `manage.py check --deploy` refuses that outside DEBUG and
the demo (accounts.checks). Area paths never change (an area is never moved), so cached paths
stay true.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.functional import SimpleLazyObject

from linli.areas.models import Area

AREA_FIELDS = ("id", "parent_id", "level", "code", "name", "path", "office_m2", "service_m2", "is_active")
_GRANTS = "_linli_grants"  # policy's per-object cache attribute


def _ttl() -> int:
    return int(getattr(settings, "LINLI_AUTH_CACHE_SECONDS", 0))


def token_key(key_hash: str) -> str:
    return f"linli:auth:tok:{key_hash}"


def user_key(user_id: Any) -> str:
    return f"linli:auth:user:{user_id}"


def _drop(key: str) -> None:
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget_token(key_hash: str) -> None:
    _drop(token_key(key_hash))


def forget_user(user_id: Any) -> None:
    _drop(user_key(user_id))


def get_token(key_hash: str) -> tuple[int, int, float | None] | None:
    return cache.get(token_key(key_hash)) if _ttl() else None


def put_token(key_hash: str, token_id: int, user_id: int, last_used: float | None) -> None:
    if _ttl():
        cache.set(token_key(key_hash), (token_id, user_id, last_used), _ttl())


def load_user_entry(user: Any) -> tuple[bool, list[tuple[str, dict[str, Any]]]]:
    """The user's cache entry read from the database (one query for the grants)."""
    from linli.accounts.models import RoleGrant

    rows = RoleGrant.objects.filter(user_id=user.pk).values_list("role", *(f"area__{f}" for f in AREA_FIELDS))
    grants = [(row[0], dict(zip(AREA_FIELDS, row[1:], strict=True))) for row in rows]
    entry = (bool(user.is_active), grants)
    if _ttl():
        cache.set(user_key(user.pk), entry, _ttl())
    return entry


def get_user_entry(user_id: Any) -> tuple[bool, list[tuple[str, dict[str, Any]]]] | None:
    return cache.get(user_key(user_id)) if _ttl() else None


def grants_of(entry: tuple[bool, list[tuple[str, dict[str, Any]]]]) -> list[tuple[str, Area]]:
    return [(role, Area(**fields)) for role, fields in entry[1]]


class TokenUser(SimpleLazyObject):
    """The user behind a cached token: id, activity and grants known, the row loaded on demand.

    Policy (grants, roots, can, scope) runs on what is cached; anything else (str(), fields,
    use as a foreign key value) loads the User row once, like `request.user` in Django.
    """

    def __init__(self, user_id: int, grants: list[tuple[str, Area]]) -> None:
        from linli.accounts.models import User

        super().__init__(lambda: User.objects.get(pk=user_id))
        self.__dict__.update(
            pk=user_id, id=user_id, is_active=True, is_authenticated=True, is_anonymous=False
        )
        self.__dict__[_GRANTS] = grants

    def __bool__(self) -> bool:  # ninja tests the authentication result for truth
        return True

    def __delattr__(self, name: str) -> None:
        if name in self.__dict__ and name != "_wrapped":
            del self.__dict__[name]
        else:
            super().__delattr__(name)
