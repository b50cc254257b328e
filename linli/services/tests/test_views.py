"""The pages: a resident orders on a phone, the station dispatches, the provider completes, the
resident rates; refusals land on the form as typed."""

import datetime as dt

import pytest
import time_machine

from linli.services.models import Order, Status
from linli.services.tests.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_resident_orders_dispatch_accept_complete_and_rate_through_the_pages(
    scene, tree, resident, worker_a, login
):
    me = login(resident)
    page = me.get("/services/")
    assert page.status_code == 200
    assert "水电维修" in page.content.decode()
    r = me.post(
        f"/services/c/{tree.community_a.code}/order/",
        {"service": "repair-water", "description": "卫生间水管漏水", "address": "3号楼2-301"},
    )
    assert r.status_code == 302
    order = Order.objects.get()
    station = login(worker_a)
    assert "甲社区家政" in station.get(f"/services/o/{order.code}/").content.decode()
    r = station.post(f"/services/o/{order.code}/dispatch/", {"mode": "direct", "provider": scene.handy.code})
    assert r.status_code == 302
    handy = login(scene.handy_user)
    eta = (NOW + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert handy.post(f"/services/o/{order.code}/accept/", {"eta": eta}).status_code == 302
    assert handy.post(f"/services/o/{order.code}/on-the-way/").status_code == 302
    assert handy.post(f"/services/o/{order.code}/complete/", {"note": "换了阀门"}).status_code == 302
    assert me.post(f"/services/o/{order.code}/rate/", {"rating": "4", "note": "准时"}).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.rating) == (Status.EVALUATED, 4)


def test_an_empty_order_keeps_what_was_typed_and_says_what_is_missing(scene, tree, resident, login):
    r = login(resident).post(
        f"/services/c/{tree.community_a.code}/order/",
        {"service": "repair-water", "description": "", "address": "3号楼"},
    )
    assert r.status_code == 400
    assert 'value="3号楼"' in r.content.decode()


def test_a_meal_booked_past_the_cut_off_gets_a_clear_message_on_the_page(scene, resident, worker_a, login):
    from linli.services import care

    care.entitlement_grant(
        actor=worker_a, resident=scene.me, kind="meals", month=NOW.date(), granted=5, reason="独居", now=NOW
    )
    me = login(resident)
    with time_machine.travel(NOW.replace(hour=10), tick=False):
        r = me.post(
            "/services/meals/book/",
            {"point": scene.canteen.code, "day": NOW.date().isoformat(), "pickup": "pickup"},
        )
    assert r.status_code == 400
    assert "09:30" in r.content.decode()
    r = me.post(
        "/services/meals/book/",
        {"point": scene.canteen.code, "day": NOW.date().isoformat(), "pickup": "delivery"},
    )
    assert r.status_code == 302
    day = login(scene.canteen_user).get(
        f"/services/p/{scene.canteen.code}/meals/?day={NOW.date().isoformat()}"
    )
    assert "王建国" in day.content.decode()


def test_a_worker_grants_by_rule_from_the_entitlements_page(scene, tree, worker_a, login):
    from linli.registry.models import CareTag

    CareTag.objects.create(resident=scene.me, community=tree.community_a, tag="alone")
    r = login(worker_a).post(
        f"/services/c/{tree.community_a.code}/entitlements/rules/", {"month": "2026-03-01"}
    )
    assert r.status_code == 302
    assert (
        "王建国" in login(worker_a).get(f"/services/c/{tree.community_a.code}/entitlements/").content.decode()
    )


def test_the_station_finds_the_resident_and_orders_on_their_behalf(scene, tree, worker_a, household_a, login):
    station = login(worker_a)
    url = f"/services/c/{tree.community_a.code}/order/"
    found = station.post(url, {"find": "1", "who": "李秀", "description": "擦窗户"})
    page = found.content.decode()
    assert found.status_code == 200 and "李秀英" in page and "王建国" not in page and "擦窗户" in page
    spouse = household_a.members.get(name="李秀英")
    r = station.post(
        url, {"who": "李秀", "resident": str(spouse.pk), "service": "cleaning", "description": "擦窗户"}
    )
    assert r.status_code == 302
    order = Order.objects.get()
    assert (order.resident_id, order.channel) == (spouse.pk, "station")


def test_the_station_cannot_order_for_a_resident_of_another_community(
    scene, tree, worker_b, household_a, login
):
    # 王建国 lives in community A: worker B's search there finds nobody, and a forged id is refused.
    station = login(worker_b)
    url = f"/services/c/{tree.community_b.code}/order/"
    assert "王建国" not in station.post(url, {"find": "1", "who": "王"}).content.decode()
    r = station.post(url, {"resident": str(household_a.head.pk), "service": "cleaning", "description": "x"})
    assert r.status_code in (400, 404) and not Order.objects.exists()
