"""/api/v1/services: the 96156 agent orders for a caller, the station broadcasts, the first provider
to accept wins, the resident rates; meals booked and redeemed; outsiders get 404."""

import datetime as dt

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.services import actions, care
from linli.services.models import Mode, Order, Redemption, Status
from linli.services.tests.conftest import NOW

API = "/api/v1/services"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def test_the_hotline_orders_the_station_broadcasts_and_the_first_provider_wins(
    scene, tree, agent, worker_a, resident, login
):
    r = _post(
        login(agent),
        "/orders",
        {
            "community_code": tree.community_a.code,
            "service": "repair-water",
            "description": "来电：厨房水管漏水",
            "resident_id": scene.me.pk,
            "contact_phone": "13600000001",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["channel"] == "hotline"
    assert body["contact_phone"] == "136****0001"
    code = body["code"]
    r = _post(login(worker_a), f"/orders/{code}/dispatch", {"mode": "broadcast"})
    assert r.json()["status"] == "dispatched"
    offers = login(scene.fixit_user).get(f"{API}/offers").json()
    assert [o["order"]["code"] for o in offers] == [code]
    eta = (NOW + dt.timedelta(hours=1)).isoformat()
    assert _post(login(scene.fixit_user), f"/orders/{code}/accept", {"eta": eta}).status_code == 200
    late = _post(login(scene.handy_user), f"/orders/{code}/accept", {"eta": eta})
    assert late.status_code == 409
    assert late.json()["code"] == "offer_closed"
    assert _post(login(scene.fixit_user), f"/orders/{code}/complete", {"note": "已修好"}).status_code == 200
    r = _post(login(resident), f"/orders/{code}/rate", {"rating": 5})
    assert r.json()["status"] == "evaluated"
    assert [e["kind"] for e in r.json()["events"]] == [
        "created",
        "dispatched",
        "accepted",
        "done",
        "evaluated",
    ]


def test_a_bad_rating_is_a_422_with_the_error_shape(scene, tree, resident, login):
    order = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="x", now=NOW
    )
    r = _post(login(resident), f"/orders/{order.code}/rate", {"rating": 9})
    assert r.status_code in (400, 422)
    assert set(r.json()) == {"code", "message", "fields"}


def test_meals_booked_through_the_api_are_served_and_redeemed_once(scene, resident, worker_a, login):
    care.entitlement_grant(
        actor=worker_a, resident=scene.me, kind="meals", month=NOW.date(), granted=3, reason="独居", now=NOW
    )
    r = _post(
        login(resident), "/meals/bookings", {"point": scene.canteen.code, "day": NOW.date().isoformat()}
    )
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    day = login(scene.canteen_user).get(
        f"{API}/meals/points/{scene.canteen.code}/day?day={NOW.date().isoformat()}"
    )
    assert day.json()["booked"] == 1
    served = _post(login(scene.canteen_user), f"/meals/bookings/{code}/serve")
    assert served.json()["balance"] == 2
    again = _post(login(scene.canteen_user), f"/meals/bookings/{code}/serve")
    assert again.status_code == 409
    assert Redemption.objects.count() == 1


def test_booking_without_an_entitlement_says_so_in_chinese(scene, resident, login):
    r = _post(
        login(resident), "/meals/bookings", {"point": scene.canteen.code, "day": NOW.date().isoformat()}
    )
    assert r.status_code == 400
    assert r.json()["code"] == "no_entitlement"
    assert "没有" in r.json()["message"] or "助餐" in r.json()["message"]


def test_a_city_admin_edits_the_catalogue_and_a_worker_cannot(scene, city_admin, worker_a, login):
    body = {"category": "health", "name": "上门测血压", "name_en": "Blood pressure at home", "price_fen": 0}
    assert (
        login(city_admin).put(f"{API}/catalogue/bp-check", body, content_type="application/json").status_code
        == 200
    )
    assert (
        login(worker_a).put(f"{API}/catalogue/bp-check", body, content_type="application/json").status_code
        == 404
    )
    assert "bp-check" in [s["code"] for s in login(worker_a).get(f"{API}/catalogue").json()]


@pytest.fixture
def a_rows(scene, tree, resident, worker_a):
    order = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="x", now=NOW
    )
    sent = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="y", now=NOW
    )
    actions.order_dispatch(actor=worker_a, order=sent, mode=Mode.DIRECT, provider=scene.handy, now=NOW)
    care.entitlement_grant(
        actor=worker_a, resident=scene.me, kind="meals", month=NOW.date(), granted=5, reason="独居", now=NOW
    )
    booking = care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=NOW)
    return {
        "a": tree.community_a.code,
        "order": order.code,
        "sent": sent.code,
        "booking": booking.code,
        "handy": scene.handy.code,
        "me": scene.me.pk,
        "canteen": scene.canteen.code,
    }


OUTSIDER = [
    ("get", "/orders/{order}", None),
    ("get", "/orders?community={a}", None),
    ("post", "/orders", {"community_code": "{a}", "service": "repair-water", "description": "x"}),
    ("post", "/orders/{order}/dispatch", {"mode": "broadcast"}),
    ("post", "/orders/{sent}/accept", {"eta": "2026-03-10T12:00:00+08:00"}),
    ("post", "/orders/{sent}/decline", {"reason": "x"}),
    ("post", "/orders/{order}/on-the-way", {}),
    ("post", "/orders/{order}/complete", {}),
    ("post", "/orders/{order}/rate", {"rating": 5}),
    ("post", "/orders/{order}/cancel", {}),
    ("get", "/providers/{handy}", None),
    ("get", "/communities/{a}/entitlements", None),
    (
        "post",
        "/communities/{a}/entitlements",
        {"resident_id": "{me}", "kind": "meals", "month": "2026-03-01", "granted": 2, "reason": "x"},
    ),
    ("post", "/communities/{a}/entitlements/by-rule", {"month": "2026-03-01"}),
    ("post", "/meals/bookings", {"point": "{canteen}", "resident_id": "{me}", "day": "2026-03-11"}),
    ("post", "/meals/bookings/{booking}/serve", {}),
    ("post", "/meals/bookings/{booking}/cancel", {}),
]


def _fill(body, rows):
    out = {}
    for k, v in (body or {}).items():
        out[k] = v.format(**rows) if isinstance(v, str) else v
        if k == "resident_id":
            out[k] = int(out[k])
    return out


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDER)
def test_a_worker_of_another_community_gets_404_from_the_api(a_rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    path = API + url.format(**a_rows)
    if method == "post":
        r = client.post(path, _fill(body, a_rows), content_type="application/json")
    else:
        r = client.get(path)
    assert r.status_code == 404, r.content
    assert AuditEvent.objects.count() == before


def test_the_outsiders_order_list_is_empty(a_rows, worker_b, login):
    r = login(worker_b).get(f"{API}/orders")
    assert r.json()["items"] == []


def test_a_provider_lists_only_the_orders_sent_to_it(a_rows, scene, login):
    codes = {o["code"] for o in login(scene.handy_user).get(f"{API}/orders").json()["items"]}
    assert codes == {a_rows["sent"]}
    assert login(scene.fixit_user).get(f"{API}/orders").json()["items"] == []
    assert Order.objects.filter(status=Status.CREATED).count() == 1


def test_a_meal_points_cut_off_reads_as_hours_and_minutes(scene, login):
    # OpenAPI's `time` format wants an offset; a daily cut-off is a local clock time, "HH:MM".
    got = login(scene.canteen_user).get(f"{API}/providers/{scene.canteen.code}")
    assert got.status_code == 200 and got.json()["meal_cutoff"] == "09:30"
