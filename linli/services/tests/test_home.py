"""The services' tasks on the home page: counted by the scoped queries of the pages they link to."""

import datetime as dt

import pytest
import time_machine

from linli.services import actions, care, home
from linli.services.models import Mode
from linli.services.tests.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _tile(tiles, url):
    found = [t for t in tiles if t.url == url]
    assert len(found) == 1, [t.url for t in tiles]
    return found[0]


def _order(scene, tree, resident):
    return actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="厨房水管漏水", now=NOW
    )


def test_the_resident_sees_their_open_orders_and_todays_meals(scene, tree, resident, worker_a, login):
    me = login(resident)
    assert _tile(me.get("/").context["tiles"], "/services/#mine-h").count == 0
    order = _order(scene, tree, resident)
    care.entitlement_grant(
        actor=worker_a, resident=scene.me, kind="meals", month=NOW.date(), granted=5, reason="独居", now=NOW
    )
    care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=NOW)
    tiles = me.get("/").context["tiles"]
    mine = _tile(tiles, "/services/#mine-h")
    assert mine.count == 1
    assert order.code in me.get(mine.url).content.decode()
    meals = _tile(tiles, "/services/meals/")
    assert meals.count == 1
    assert me.get(meals.url).status_code == 200
    assert me.get(_tile(tiles, "/services/").url).status_code == 200


def test_the_station_sees_orders_to_dispatch_and_another_community_does_not(
    scene, tree, resident, worker_a, worker_b, login
):
    order = _order(scene, tree, resident)
    station = login(worker_a)
    waiting = _tile(station.get("/").context["tiles"], "/services/?status=created")
    assert waiting.count == 1
    assert order.code in station.get(waiting.url).content.decode()
    assert _tile(login(worker_b).get("/").context["tiles"], "/services/?status=created").count == 0
    assert order.code not in login(worker_b).get(waiting.url).content.decode()


def test_an_order_nobody_accepted_in_time_shows_as_sent_back_and_a_late_one_as_overdue(
    scene, tree, resident, worker_a, login
):
    order = _order(scene, tree, resident)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.BROADCAST, now=NOW)
    actions.order_escalate_overdue(now=NOW + dt.timedelta(minutes=16))
    back = _tile(login(worker_a).get("/").context["tiles"], "/services/?status=open&escalated=1")
    assert (back.count, back.alert) == (1, True)
    assert order.code in login(worker_a).get(back.url).content.decode()
    late_url = "/services/?status=open&overdue=1"
    assert _tile(home.tiles(worker_a, "worker", NOW), late_url).count == 0
    later = NOW + dt.timedelta(days=7)
    assert _tile(home.tiles(worker_a, "worker", later), late_url).count == 1
    with time_machine.travel(later, tick=False):
        assert order.code in login(worker_a).get(late_url).content.decode()
    # The unfiltered list keeps every order; a filter leaves the others out.
    other = _order(scene, tree, resident)
    assert other.code not in login(worker_a).get(back.url).content.decode()
    assert other.code in login(worker_a).get("/services/").content.decode()


def test_provider_staff_see_their_offers_and_the_orders_to_do_today(scene, tree, resident, worker_a, login):
    order = _order(scene, tree, resident)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.BROADCAST, now=NOW)
    handy = login(scene.handy_user)
    offers = _tile(handy.get("/").context["tiles"], "/services/#off-h")
    assert offers.count == 1
    assert order.code in handy.get(offers.url).content.decode()
    assert _tile(login(scene.canteen_user).get("/").context["tiles"], "/services/#off-h").count == 0
    actions.order_accept(
        actor=scene.handy_user, order=order, provider=scene.handy, eta=NOW + dt.timedelta(hours=2), now=NOW
    )
    tiles = handy.get("/").context["tiles"]
    assert _tile(tiles, "/services/#off-h").count == 0
    assert _tile(tiles, "/services/#work-h").count == 1
    assert _tile(login(scene.fixit_user).get("/").context["tiles"], "/services/#work-h").count == 0
    tomorrow = NOW + dt.timedelta(days=1)
    assert _tile(home.tiles(scene.handy_user, "provider", tomorrow), "/services/#work-h").count == 1
