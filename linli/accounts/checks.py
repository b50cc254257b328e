"""Deployment checks of accounts."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

# Caches every process of every machine reads alike; a drop in one is seen by all.
SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.dummy.DummyCache",  # keeps nothing, so nothing goes stale
)


@register(Tags.security, deploy=True)
def auth_cache_is_shared(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Revocation, deactivation and grant removal must count at once in every process
    (accounts.authcache): caching authentication needs a cache they all share."""
    if settings.DEBUG or settings.LINLI_DEMO or not settings.LINLI_AUTH_CACHE_SECONDS:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in SHARED_CACHES:
        return []
    return [
        Error(
            f"LINLI_AUTH_CACHE_SECONDS={settings.LINLI_AUTH_CACHE_SECONDS} caches API tokens in {backend}, "
            "which each process keeps for itself: a revoked token or a removed role would still work "
            "in the other processes until the entry expires.",
            hint="Set REDIS_URL (a cache all processes share), or LINLI_AUTH_CACHE_SECONDS=0.",
            id="linli.E010",
        )
    ]
