"""Revocation, deactivation and grant removal count at once in every process, with or without Redis.

Two web processes are played by two local-memory caches with separate stores: what one process
drops, the other still holds, exactly as two gunicorn workers without Redis.
"""

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache.backends.locmem import LocMemCache

from conftest import _user, production_env
from linli.accounts import authcache
from linli.accounts.actions import api_token_create, api_token_revoke, role_revoke, user_set_active
from linli.accounts.checks import auth_cache_is_shared
from linli.accounts.roles import Role

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def processes(monkeypatch):
    caches = {"web-1": LocMemCache("test-web-1", {}), "web-2": LocMemCache("test-web-2", {})}
    for cache in caches.values():
        cache.clear()

    @contextmanager
    def process(name):
        with monkeypatch.context() as m:
            m.setattr(authcache, "cache", caches[name])
            yield

    return process


def _live(process, name, key):
    from linli.accounts.actions import api_token_user

    with process(name):
        return api_token_user(key) is not None


@pytest.fixture
def director(tree):
    return _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")


def test_without_a_shared_cache_a_revoked_token_is_refused_at_once_in_every_process(
    tree, worker_a, processes, settings
):
    settings.LINLI_AUTH_CACHE_SECONDS = 0  # the default without REDIS_URL
    token, key = api_token_create(actor=worker_a, name="script")
    assert _live(processes, "web-1", key) and _live(processes, "web-2", key)
    with processes("web-1"):
        api_token_revoke(actor=worker_a, token=token)
    assert not _live(processes, "web-2", key)


def test_without_a_shared_cache_role_removal_counts_at_once_everywhere(
    tree, worker_a, director, processes, settings
):
    from linli.accounts import policy
    from linli.accounts.actions import api_token_user

    settings.LINLI_AUTH_CACHE_SECONDS = 0
    _token, key = api_token_create(actor=worker_a, name="script")
    with processes("web-2"):
        assert policy.roles(api_token_user(key)) == {Role.WORKER}
    with processes("web-1"):
        role_revoke(actor=director, grant=worker_a.grants.get())
    with processes("web-2"):
        assert policy.roles(api_token_user(key)) == set()


def test_without_a_shared_cache_deactivation_counts_at_once_everywhere(
    tree, worker_a, director, processes, settings
):
    settings.LINLI_AUTH_CACHE_SECONDS = 0
    _token, key = api_token_create(actor=worker_a, name="script")
    assert _live(processes, "web-2", key)
    with processes("web-1"):
        user_set_active(actor=director, user=worker_a, active=False, reason="left the office")
    assert not _live(processes, "web-2", key)


def test_a_per_process_cache_would_serve_a_revoked_token_which_is_why_deploy_refuses_it(
    tree, worker_a, processes, settings
):
    settings.LINLI_AUTH_CACHE_SECONDS = 10  # the old default without Redis
    token, key = api_token_create(actor=worker_a, name="script")
    assert _live(processes, "web-2", key)
    with processes("web-1"):
        api_token_revoke(actor=worker_a, token=token)
    assert _live(processes, "web-2", key)  # stale: web-2 never heard of the revocation
    assert [e.id for e in auth_cache_is_shared(None)] == ["linli.E010"]


@pytest.mark.parametrize(
    ("backend", "seconds", "debug", "refused"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", 10, False, True),
        ("django.core.cache.backends.filebased.FileBasedCache", 10, False, True),
        ("django.core.cache.backends.locmem.LocMemCache", 0, False, False),
        ("django.core.cache.backends.locmem.LocMemCache", 10, True, False),
        ("django.core.cache.backends.redis.RedisCache", 60, False, False),
    ],
)
def test_deploy_check_refuses_caching_authentication_in_a_per_process_cache(
    settings, backend, seconds, debug, refused
):
    settings.LINLI_DEMO = False
    settings.DEBUG = debug
    settings.LINLI_AUTH_CACHE_SECONDS = seconds
    caches = {
        "default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:1/0" if "redis" in backend else ""}
    }
    settings.CACHES = caches
    assert bool(auth_cache_is_shared(None)) is refused


def test_production_without_redis_caches_no_authentication_and_deploy_check_holds_it(tmp_path):
    script = "from django.conf import settings; print(settings.LINLI_AUTH_CACHE_SECONDS)"
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert shown.stdout.split()[-1] == "0", shown.stderr
    refused = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_env(tmp_path, LINLI_AUTH_CACHE_SECONDS="10"),
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0 and "linli.E010" in refused.stderr
