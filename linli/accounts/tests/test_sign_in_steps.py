"""A sign-in step still owed (second factor, new password) closes every URL of the URLconf but the
few the middleware names. The walk covers a URL added later without anyone listing it here."""

import re
import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from linli.accounts.actions import api_token_create
from linli.accounts.middleware import PUBLIC_VIEWS, SIGN_IN_VIEWS
from linli.accounts.models import ApiToken

SAMPLES = ("1", "x", str(uuid.UUID(int=1)), "json")


def _sample(regex: str) -> str:
    for value in SAMPLES:
        if re.fullmatch(regex, value):
            return value
    raise AssertionError(f"no sample value fits {regex!r}: add one to SAMPLES")


def _fill(pattern: RoutePattern | RegexPattern) -> str:
    """A path that the pattern matches, each converter or named group given a sample value."""
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        converters = pattern.converters
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _sample(converters[m.group(1)].regex), text)
    text = re.sub(r"\(\?P<\w+>([^()]*)\)", lambda m: _sample(m.group(1)), text)
    return re.sub(r"\\(.)", r"\1", text.lstrip("^").rstrip("$"))


def every_url(
    patterns: list | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(path, view name) for every pattern of the URLconf, included ones too."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from every_url(entry.url_patterns, prefix + _fill(entry.pattern), inner)
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}:{entry.name}" if namespace else entry.name or ""
            yield "/" + prefix + _fill(entry.pattern), name


def closed_urls() -> list[tuple[str, str]]:
    """Each path of the URLconf once (methods of one API path share it) with a view not open."""
    by_path: dict[str, set[str]] = {}
    for path, name in every_url():
        by_path.setdefault(path, set()).add(name)
    urls = []
    for path, names in sorted(by_path.items()):
        assert resolve(path).view_name in names, f"the sample path {path} reaches another view"
        closed = names - SIGN_IN_VIEWS - PUBLIC_VIEWS
        if closed:
            urls.append((path, min(closed)))
    return urls


def test_the_walk_reaches_every_part_of_the_urlconf():
    names = {name for _path, name in every_url()}
    assert len(names) > 200
    for expected in ("accounts:token_create", "accounts:reveal", "api:password_reset", "registry:export"):
        assert expected in names
    # Every open view exists: a misspelt name would open nothing and hide the mistake.
    assert names >= SIGN_IN_VIEWS | PUBLIC_VIEWS


def _assert_closed(client, *, page_to: str, api_status: int, api_code: str) -> None:
    """Every closed URL, GET and POST: a page redirects to the step, the API refuses in its shape."""
    for path, name in closed_urls():
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            where = f"{method.upper()} {path} ({name})"
            if path.startswith("/api/"):
                assert response.status_code == api_status, where
                assert response.json()["code"] == api_code, where
                assert set(response.json()) == {"code", "message", "fields"}, where
            else:
                assert response.status_code == 302, where
                assert response["Location"] == page_to, where


def test_a_password_only_staff_session_reaches_nothing_but_the_open_views(tree, worker_a, resident, login):
    client = login(worker_a, verified=False)
    _assert_closed(client, page_to="/account/two-factor/", api_status=401, api_code="second_factor_required")
    assert not ApiToken.objects.exists()


def test_someone_with_a_temporary_password_reaches_nothing_but_the_open_views(tree, resident, login):
    resident.must_change_password = True
    resident.save(update_fields=["must_change_password"])
    client = login(resident)
    _assert_closed(client, page_to="/account/password/", api_status=403, api_code="password_change_required")


@pytest.mark.parametrize("path", ["/account/", "/account/people/", "/api/v1/me", "/registry/", "/tickets/"])
def test_the_same_staff_member_after_the_second_factor_gets_in(tree, worker_a, login, path):
    assert login(worker_a).get(path).status_code == 200


def test_before_the_second_factor_the_sign_in_pages_work(tree, worker_a, login):
    client = login(worker_a, verified=False)
    assert client.get("/account/two-factor/").status_code == 200
    assert client.get("/account/password/").status_code == 200
    assert client.post("/account/logout/").status_code == 302
    assert client.get("/account/").status_code == 302  # signed out now
    assert client.get("/account/")["Location"].startswith("/account/login/")


def test_public_pages_show_a_password_only_session_what_they_show_anyone(tree, worker_a, login, client):
    staff = login(worker_a, verified=False)
    login_page = staff.get("/account/login/")
    assert login_page.status_code == 200  # the form, as for anyone (not a redirect onward)
    assert "工作者甲" not in login_page.content.decode()
    code = tree.community_a.code
    assert staff.get(f"/public/{code}/").status_code == client.get(f"/public/{code}/").status_code == 200
    assert staff.get("/open311/v2/requests.json").json() == client.get("/open311/v2/requests.json").json()
    assert staff.get("/healthz").status_code == 200


def test_every_public_view_answers_a_password_only_session_as_it_answers_anyone(
    tree, worker_a, login, client
):
    staff = login(worker_a, verified=False)
    public = sorted({path for path, name in every_url() if name in PUBLIC_VIEWS})
    assert len(public) == len(PUBLIC_VIEWS)
    for path in public:
        for method in ("get", "post"):
            mine, anyones = getattr(staff, method)(path), getattr(client, method)(path)
            where = f"{method.upper()} {path}"
            assert mine.status_code == anyones.status_code, where
            assert mine.get("Location") == anyones.get("Location"), where
            if mine["Content-Type"].startswith("application/json"):
                assert mine.content == anyones.content, where


def test_a_token_made_before_still_works_but_the_password_only_session_does_not(tree, worker_a, login):
    _token, key = api_token_create(actor=worker_a, name="script")
    assert login(worker_a, verified=False).get("/api/v1/me").status_code == 401
    from django.test import Client

    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
