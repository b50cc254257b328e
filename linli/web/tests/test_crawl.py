"""Every link a demo user is shown leads somewhere they may go.

The demo is loaded as `manage.py demo_load` loads it; each demo user signs in and follows the
same-site links of every page, breadth first from the home page (GET only, up to PAGES pages),
and no link may answer 403, 404 or 500. A link shown to someone the view then refuses is a
dead end: the template's check must be the view's (see docs/architecture.md, "Links").
"""

from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command

from conftest import signed_in
from linli.accounts.models import User
from linli.common.crypto import index_of
from linli.web.management.commands.demo_load import DEMO_USERS

PAGES = 300
# Not pages: signing out ends the walk; files and the machine API are not what a person clicks
# through (the API docs page itself is crawled).
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/static/", "/media/", "/api/v1/", "/open311/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def same_site_links(base: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP_PREFIXES):
            continue
        out.append(path)
    return out


def crawl(client, start: str = "/", limit: int = PAGES) -> tuple[int, list[tuple[str, int, str]]]:
    """(pages visited, [(url, status, the page that linked to it)] for every dead link)."""
    seen = {start}
    queue: deque[tuple[str, str]] = deque([(start, "")])
    dead = []
    visited = 0
    while queue and visited < limit:
        url, source = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (403, 404) or response.status_code >= 500:
            dead.append((url, response.status_code, source))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in same_site_links(url, response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return visited, dead


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, loaded once per worker for all the users below (the crawl only GETs, and
    `test_get_writes_nothing` holds GETs to that), then flushed as a transactional test would."""
    with django_db_blocker.unblock():
        call_command("demo_load", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", stdout=StringIO())


@pytest.fixture
def demo(demo_data, db):
    """Each user's walk in a transaction of its own over the loaded demo (sign-in rows roll back)."""


def _user(login: str) -> User:
    if login.isdigit():
        return User.objects.get(phone_index=index_of(User, "phone_index", login))
    return User.objects.get(username=login)


@pytest.mark.parametrize("login", [u[0] for u in DEMO_USERS])
def test_no_demo_user_is_shown_a_dead_link(demo, login):
    visited, dead = crawl(signed_in(_user(login)))
    assert visited > 5
    assert not dead, "\n".join(
        f"{url} answers {status}, linked from {source}" for url, status, source in dead
    )
