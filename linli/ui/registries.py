"""What each app contributes to the shell: navigation entries, home-page panels and task tiles, demo loaders,
the pages (and figures) of the community's public board, the panels of the hotline console, and
what other apps link to a ticket (shown on the ticket's page).

Each app fills these in its `AppConfig.ready` (as it registers revealable fields); `web` and
`public` run what was registered, so neither imports a domain app. `order` keeps the pages as they
were whatever the order of INSTALLED_APPS; registering the same key twice replaces the entry.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.http import HttpResponse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    order: int
    label: Promise | str
    url_name: str
    capability: str | None  # None: every signed-in user


@dataclass(frozen=True)
class HomePanel:
    """Adds keys to a role's home-page context (templates include the app's partial for them)."""

    order: int
    name: str
    context: Callable[[Any, str | None, dt.datetime], dict[str, Any]]  # (user, role, now)


@dataclass(frozen=True)
class Tile:
    """One task on a home page: a link, with how many things wait there (`alert`: late ones)."""

    order: int
    title: Promise | str
    url: str
    detail: Promise | str = ""
    count: int | None = None
    alert: bool = False


@dataclass(frozen=True)
class HomeTiles:
    """An app's tasks on the signed-in user's home page: tiles(user, role, now) -> tiles; the same
    scoped queries as the pages they link to, and only tiles whose page the user may open."""

    order: int
    name: str
    tiles: Callable[[Any, str | None, dt.datetime], list[Tile]]


@dataclass(frozen=True)
class DemoLoader:
    order: int
    name: str
    load: Callable[[Any, dt.datetime], object]  # (stdout, now); what it returns is ignored


@dataclass(frozen=True)
class BoardPage:
    """One page of a community's public board at /public/<code>/<route>; the board looks the
    community up (404 unless active) and calls view(request, community, **url_kwargs)."""

    order: int
    name: str  # the URL name inside the "public" namespace
    route: str  # after "<code>/", e.g. "finance/" or "i/<str:item>/"
    view: Callable[..., HttpResponse]
    label: Promise | str | None = None  # a section of the board's menu; None: a page within one
    section: str = ""  # the menu entry it belongs to (an item belongs to "index"); "": its own name


@dataclass(frozen=True)
class CallerRow:
    """One thing of the caller's in a console panel: a number linking to its page, what it is, its state."""

    code: str
    url: str
    text: str
    status: Promise | str


@dataclass(frozen=True)
class CallerPanel:
    """A section of the 96156 console beside the caller's tickets: rows(viewer, residents) lists what
    the caller (the registry residents their number found) has open in the app, scoped to the viewer."""

    order: int
    name: str
    title: Promise | str
    rows: Callable[[Any, list[Any]], list[CallerRow]]


@dataclass(frozen=True)
class TicketLinks:
    """A section of a ticket's page: rows(viewer, ticket) lists the app's records linked to the
    ticket that the viewer may open (scoped to the viewer: nothing for anyone else)."""

    order: int
    name: str
    title: Promise | str
    rows: Callable[[Any, Any], list[CallerRow]]


NAV: list[NavEntry] = []
HOME_PANELS: list[HomePanel] = []
HOME_TILES: list[HomeTiles] = []
DEMO_LOADERS: list[DemoLoader] = []
BOARD_PAGES: list[BoardPage] = []
CALLER_PANELS: list[CallerPanel] = []
TICKET_LINKS: list[TicketLinks] = []
# Figures a notice of a category carries on the board, by category: (community, start, end) -> figures
BOARD_FIGURES: dict[str, Callable[[Any, dt.date, dt.date], dict[str, Any]]] = {}

T = TypeVar("T", NavEntry, HomePanel, HomeTiles, DemoLoader, BoardPage, CallerPanel, TicketLinks)


def _add(entries: list[T], entry: T, key: Callable[[T], str]) -> None:
    entries[:] = [e for e in entries if key(e) != key(entry)]
    entries.append(entry)
    entries.sort(key=lambda e: e.order)


def register_nav(entry: NavEntry) -> None:
    _add(NAV, entry, lambda e: e.url_name)


def register_home_panel(panel: HomePanel) -> None:
    _add(HOME_PANELS, panel, lambda e: e.name)


def register_home_tiles(tiles: HomeTiles) -> None:
    _add(HOME_TILES, tiles, lambda e: e.name)


def register_demo_loader(loader: DemoLoader) -> None:
    _add(DEMO_LOADERS, loader, lambda e: e.name)


def register_board_page(page: BoardPage) -> None:
    _add(BOARD_PAGES, page, lambda e: e.name)


def register_caller_panel(panel: CallerPanel) -> None:
    _add(CALLER_PANELS, panel, lambda e: e.name)


def register_ticket_links(links: TicketLinks) -> None:
    _add(TICKET_LINKS, links, lambda e: e.name)


def register_board_figures(category: str, figures: Callable[[Any, dt.date, dt.date], dict[str, Any]]) -> None:
    BOARD_FIGURES[category] = figures
