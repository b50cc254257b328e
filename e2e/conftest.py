"""End-to-end journeys in a real browser (`make test-e2e`; README "Tests").

A throw-away demo server (fresh SQLite in a temporary directory, `demo_load`, `runserver` on a
free port of 127.0.0.1) and Debian's chromium driven by Playwright. Never `playwright install`:
the browser is the system's (/usr/bin/chromium, or $LINLI_E2E_CHROMIUM).

Every journey runs in four variants: zh-Hans at 1280 px, at 390 px, at 390 px in large-text mode,
and English at 1280 px. On a phone width no page may be wider than the screen. axe runs in all
but the normal-text phone variant (its large-text twin shows the same elements).
Every page a journey lands on is checked with axe-core (WCAG 2.1 A and AA) and must have no
violation: `Journey.check()` after each navigation, and the test fails if a page it reached was
left unchecked.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("LINLI_E2E_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "linli-demo-2026"
RESIDENT = "13800000001"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# zh-Hans at a desktop and a phone width, the phone again in large-text mode (as many elderly
# residents use it), and English once: (browser locale, width, large text).
VARIANTS = {
    "zh-1280": ("zh-CN", 1280, False),
    "zh-390": ("zh-CN", 390, False),
    "zh-390-large": ("zh-CN", 390, True),
    "en-1280": ("en-US", 1280, False),
}
TEXT_SIZE_COOKIE = "linli_text"  # linli.web.middleware
_UNSTYLED = """() => [...document.styleSheets].filter(s => {
  try { return s.cssRules.length === 0 } catch (e) { return true } }).map(s => s.href)"""
# The elements that reach past the right edge of the screen (for the message of a failed check).
_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 6).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + '@' + Math.round(e.getBoundingClientRect().right)
    + ' ' + (e.textContent || '').trim().slice(0, 30))"""
# Pages not checked with axe, with the reason (docs/testing.md): none of ours. The API's
# interactive docs (/api/docs) are a third-party bundle that no journey visits.
AXE_EXCLUDED_PATHS = ("/api/docs",)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    data: dict[str, Any]


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    work = tempfile.mkdtemp(prefix="linli-e2e-")
    env = {
        **os.environ,
        "LINLI_ENV_FILE": f"{work}/none.env",
        "LINLI_VAR_DIR": work,
        "LINLI_MEDIA_ROOT": f"{work}/media",
        "LINLI_AUDIT_CHECKPOINT_DIR": f"{work}/audit",
        # As `make demo` writes var/linli.env (Makefile), so the journeys see what a demo user sees.
        "DJANGO_DEBUG": os.environ.get("LINLI_E2E_DEBUG", "0"),
        "LINLI_DEMO": "1",
        "LINLI_SSL_REDIRECT": "0",
        "LINLI_LOG_LEVEL": "WARNING",
        "LINLI_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work}/linli.sqlite3",
        "REDIS_URL": "",
        "LINLI_SECRET_KEY": "e2e-" + os.urandom(24).hex(),
        "LINLI_FIELD_KEYS": "Xr3u5ZUJ2A3nbVx3fV7bqzQ8d5o0mvv6h4Zp8bC1KsI=",  # throw-away, as in the tests
        "LINLI_BLIND_INDEX_KEY": "e2e-" + os.urandom(16).hex(),
        "LINLI_AUDIT_KEY": "e2e-" + os.urandom(16).hex(),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest-django's test settings are not the demo's
    py = sys.executable

    def manage(*args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [py, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    out = manage("shell", "-c", f"from e2e.prepare import main; main({len(VARIANTS)})")
    data = json.loads(out.strip().splitlines()[-1])
    port = _free_port()
    log = open(f"{work}/server.log", "w")  # noqa: SIM115 (closed below)
    # No --insecure: with DEBUG off WhiteNoise serves the collected (hashed) files, as in `make
    # run`; runserver's own static handler would look for them in the apps and answer 404.
    proc = subprocess.Popen(  # noqa: S603
        [py, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 (our own server)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(Path(f"{work}/server.log").read_text()) from None
            time.sleep(0.25)
    try:
        yield Server(url=url, data=data)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
        errors = [line for line in Path(f"{work}/server.log").read_text().splitlines() if " 500 " in line]
        subprocess.run(["rm", "-rf", work], check=False)  # noqa: S603, S607
        assert not errors, f"server errors during the journeys: {errors}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@dataclass
class Journey:
    """One variant of a journey: its browser contexts (one per person) and the axe bookkeeping."""

    server: Server
    browser: Browser
    axe: Axe
    variant: str
    locale: str
    width: int
    large_text: bool
    index: int  # of the variant: picks this variant's prepared rows
    contexts: list[BrowserContext] = field(default_factory=list)
    reached: dict[int, list[str]] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)

    @property
    def english(self) -> bool:
        return self.locale.startswith("en")

    def url(self, path: str) -> str:
        return self.server.url + path

    def person(self, login: str | None) -> Page:
        """A new browser window for one person (signed in, or anonymous for None)."""
        height = 844 if self.width < 600 else 900
        ctx = self.browser.new_context(
            locale=self.locale, viewport={"width": self.width, "height": height}, base_url=self.server.url
        )
        ctx.set_default_timeout(15_000)
        if self.large_text:
            ctx.add_cookies([{"name": TEXT_SIZE_COOKIE, "value": "large", "url": self.server.url}])
        self.contexts.append(ctx)
        page = ctx.new_page()
        urls = self.reached.setdefault(id(page), [])
        page.on("framenavigated", lambda frame: frame == page.main_frame and urls.append(frame.url))
        if login is not None:
            page.goto("/account/login/")
            self.check(page)
            form = page.locator("form:has(input[name=password])")
            form.locator("input[name=username]").fill(login)
            form.locator("input[name=password]").fill(PASSWORD)
            form.locator("button[type=submit]").click()
            page.wait_for_url(lambda u: "/account/login/" not in u)
            self.check(page)
        return page

    def check(self, page: Page) -> None:
        """axe-core on the page as it is now (WCAG 2.1 A/AA): no violation."""
        page.wait_for_load_state("load")
        lang = page.locator("html").get_attribute("lang") or ""
        assert lang.startswith("en" if self.english else "zh"), f"{page.url} is in {lang!r}"
        # The page is checked as people see it: styled (a stylesheet that failed to load once
        # left every journey checking bare HTML).
        unstyled = page.evaluate(_UNSTYLED)
        assert not unstyled, f"{page.url}: stylesheets not loaded: {unstyled}"
        # axe at 390 px once, in large-text mode: the phone layout shows the same elements at both
        # text sizes, and the larger is the stricter (its overflow is checked in both, below).
        if self.variant != "zh-390":
            results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            assert results.violations_count == 0, f"{page.url} ({self.variant}):\n{results.generate_report()}"
        self.checked.add(page.url)
        if self.large_text:
            assert "text-large" in (page.locator("html").get_attribute("class") or ""), page.url
        if self.width < 600:
            # Nothing pushes the page sideways on a phone: wide tables scroll inside their box.
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 1, (
                f"{page.url} ({self.variant}) is {wide}px wider than the phone: {page.evaluate(_WIDE)}"
            )

    def unchecked(self) -> list[str]:
        return [
            u
            for urls in self.reached.values()
            for u in urls
            if u not in self.checked and u != "about:blank" and not any(p in u for p in AXE_EXCLUDED_PATHS)
        ]


@pytest.fixture(params=list(VARIANTS))
def journey(request: pytest.FixtureRequest, server: Server, browser: Browser, axe: Axe) -> Iterator[Journey]:
    locale, width, large_text = VARIANTS[request.param]
    j = Journey(
        server=server,
        browser=browser,
        axe=axe,
        variant=request.param,
        locale=locale,
        width=width,
        large_text=large_text,
        index=list(VARIANTS).index(request.param),
    )
    try:
        yield j
        assert not j.unchecked(), f"pages reached but not checked with axe: {j.unchecked()}"
    finally:
        for ctx in j.contexts:
            ctx.close()
