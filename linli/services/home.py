"""The services' tasks on each role's home page (registered in apps.py), counted by the same scoped
queries as the pages they link to: residents order and book meals, the station dispatches and
catches what came back or is late, provider staff answer offers and do the day's orders."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from linli.accounts import policy
from linli.registry.models import Resident, ResidentStatus
from linli.services import queries
from linli.services.models import Status
from linli.ui.registries import Tile


def _index(**params: str) -> str:
    url = reverse("services:index")
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else url


def _resident(user: Any, now: dt.datetime) -> list[Tile]:
    community = queries.own_community(user)
    if community is None:
        return []
    open_n = queries.open_orders_of_requester(user).count()
    tiles = [
        Tile(
            12,
            pgettext("home", "Services at home"),
            reverse("services:index"),
            _("Repairs, cleaning, care at the door"),
        ),
        Tile(
            13,
            pgettext("home", "My service orders"),
            reverse("services:index") + "#mine-h",
            ngettext("%(n)d open", "%(n)d open", open_n) % {"n": open_n},
            count=open_n,
        ),
    ]
    me = Resident.objects.filter(user=user, community=community, status=ResidentStatus.ACTIVE).first()
    if me is not None:
        today = queries.meals_of_resident_on(user, me, timezone.localdate(now)).count()
        tiles.append(
            Tile(
                14,
                pgettext("home", "Meals (助餐)"),
                reverse("services:meals"),
                ngettext("%(n)d meal booked for today", "%(n)d meals booked for today", today) % {"n": today}
                if today
                else _("Book a meal at a meal point"),
                count=today,
            )
        )
    return tiles


def _station(user: Any, now: dt.datetime) -> list[Tile]:
    if not policy.roots(user, "services.dispatch"):
        return []
    waiting = queries.station_orders(user, status=Status.CREATED).count()
    back = queries.station_orders(user, status="open", escalated=True).count()
    late = queries.station_orders(user, status="open", overdue_at=now).count()
    return [
        Tile(
            30,
            _("Service orders to dispatch"),
            _index(status=Status.CREATED),
            _("Waiting for a provider"),
            waiting,
        ),
        Tile(
            31,
            _("Service orders sent back"),
            _index(status="open", escalated="1"),
            _("No provider accepted in time"),
            back,
            alert=bool(back),
        ),
        Tile(
            32,
            _("Overdue service orders"),
            _index(status="open", overdue="1"),
            _("Past their completion time"),
            late,
            alert=bool(late),
        ),
        _missed_visits(user),
    ]


def _missed_visits(user: Any) -> Tile:
    """Missed home-care visits; a worker who looks after buildings (包户) sees their residents' first."""
    mine = queries.missed_visits_of_my_buildings(user).count()
    missed = mine or queries.care_plans_for(user, missed=True).count()
    return Tile(
        33,
        _("Home-care visits missed"),
        reverse("services:care_plans") + "?missed=1",
        _("Residents of your buildings") if mine else _("Past their due day"),
        missed,
        alert=bool(missed),
    )


def _provider(user: Any, now: dt.datetime) -> list[Tile]:
    if not queries.my_providers(user).exists():
        return []
    offers = queries.open_offers_for(user).count()
    today = queries.provider_orders_due(user, timezone.localdate(now)).count()
    return [
        Tile(
            10,
            _("Orders offered to you"),
            reverse("services:index") + "#off-h",
            _("Accept with an arrival time, or decline"),
            offers,
            alert=bool(offers),
        ),
        Tile(
            11,
            _("Orders to do today"),
            reverse("services:index") + "#work-h",
            _("Accepted, due today or late"),
            today,
        ),
    ]


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role == "resident":
        return _resident(user, now)
    if role in ("worker", "director", "street_officer"):
        return _station(user, now)
    if role == "provider":
        return _provider(user, now)
    return []
