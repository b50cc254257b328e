"""Facilities cast: the class list, grid 110105001001-01 of community A drawn as a square near
建国门外, and a few components in it."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from linli.facilities import actions
from linli.facilities.models import Component, Grid

TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday morning, a working day.
NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=TZ)
LAT0, LON0 = 39.9050, 116.4500


def square(lat: float = LAT0, lon: float = LON0, w: float = 0.004, h: float = 0.002) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]],
    }


@dataclass
class Scene:
    grid: Grid
    light: Component
    cover: Component


@pytest.fixture(autouse=True)
def _ticket_categories(django_db_setup, django_db_blocker):
    """The tickets' shipped categories, back after a transactional test flushed them."""
    from linli.tickets import calendar
    from linli.tickets.defaults import load
    from linli.tickets.models import CalendarDay, CalendarNotice, Category

    with django_db_blocker.unblock():
        if not Category.objects.exists():
            load(Category, CalendarDay, CalendarNotice)
            calendar.changed()


@pytest.fixture
def scene(tree, worker_a) -> Scene:
    actions.classes_seed(actor=None)
    grid = actions.grid_define(
        actor=None,
        community=tree.community_a,
        code=tree.grid_a.code,
        name="第1网格",
        polygon=square(),
        worker=worker_a,
        now=NOW,
    )
    light = actions.component_register(
        actor=None,
        grid=grid,
        code="1101050120000001",
        lat=LAT0 + 0.001,
        lon=LON0 + 0.001,
        name="路灯1",
        now=NOW,
    )
    cover = actions.component_register(
        actor=None,
        grid=grid,
        code="1101050102000101",
        lat=LAT0 + 0.0012,
        lon=LON0 + 0.002,
        name="井盖1",
        now=NOW,
    )
    grid.refresh_from_db()
    return Scene(grid=grid, light=light, cover=cover)
