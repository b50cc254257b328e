"""Every services list and write answers 404 to a worker of another community, and to a provider
the order was not sent to; nothing is written."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.services import actions, care
from linli.services.models import Mode
from linli.services.tests.conftest import NOW


@pytest.fixture
def a_rows(scene, tree, resident, worker_a):
    order = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="漏水", now=NOW
    )
    sent = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="灯坏", now=NOW
    )
    actions.order_dispatch(actor=worker_a, order=sent, mode=Mode.DIRECT, provider=scene.handy, now=NOW)
    care.entitlement_grant(
        actor=worker_a, resident=scene.me, kind="meals", month=NOW.date(), granted=5, reason="独居", now=NOW
    )
    booking = care.meal_book(
        actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date() + dt.timedelta(days=1), now=NOW
    )
    return {
        "a": tree.community_a.code,
        "order": order.code,
        "sent": sent.code,
        "booking": booking.code,
        "handy": scene.handy.code,
        "canteen": scene.canteen.code,
        "me": scene.me.pk,
    }


WEB = [
    ("get", "/services/o/{order}/", None),
    ("get", "/services/o/{sent}/", None),
    ("post", "/services/o/{order}/dispatch/", {"mode": "broadcast"}),
    ("post", "/services/o/{sent}/accept/", {"eta": "2026-03-10T10:00"}),
    ("post", "/services/o/{sent}/decline/", {"reason": "x"}),
    ("post", "/services/o/{order}/on-the-way/", {}),
    ("post", "/services/o/{order}/complete/", {}),
    ("post", "/services/o/{order}/rate/", {"rating": "5"}),
    ("post", "/services/o/{order}/cancel/", {"reason": "x"}),
    ("post", "/services/o/{order}/ticket/", {"category": "neighbours-leak"}),
    ("get", "/services/c/{a}/order/", None),
    ("post", "/services/c/{a}/order/", {"service": "repair-water", "description": "x"}),
    ("get", "/services/c/{a}/entitlements/", None),
    (
        "post",
        "/services/c/{a}/entitlements/grant/",
        {"resident": "{me}", "kind": "meals", "month": "2026-03-01", "granted": "3", "reason": "x"},
    ),
    ("post", "/services/c/{a}/entitlements/rules/", {"month": "2026-03-01"}),
    ("get", "/services/p/{handy}/", None),
    ("post", "/services/b/{booking}/serve/", {}),
    ("post", "/services/b/{booking}/cancel/", {}),
    ("get", "/services/meals/", None),
    ("post", "/services/meals/book/", {"point": "{canteen}", "day": "2026-03-11", "pickup": "pickup"}),
]


def _fill(body, rows):
    return {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in (body or {}).items()}


def _call(client, method, path, body, rows):
    if path.startswith("/api/") and body is not None:
        return getattr(client, method)(path, _fill(body, rows), content_type="application/json")
    return getattr(client, method)(path, _fill(body, rows))


@pytest.mark.parametrize(("method", "url", "body"), WEB)
def test_a_worker_of_another_community_gets_404_and_changes_nothing(
    a_rows, worker_b, login, method, url, body
):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    response = _call(client, method, url.format(**a_rows), body, a_rows)
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


PROVIDER = [
    ("get", "/services/o/{sent}/", None),
    ("post", "/services/o/{sent}/accept/", {"eta": "2026-03-10T10:00"}),
    ("post", "/services/o/{sent}/decline/", {"reason": "x"}),
    ("post", "/services/o/{order}/complete/", {}),
    ("get", "/services/p/{canteen}/meals/", None),
    ("post", "/services/b/{booking}/serve/", {}),
]


@pytest.mark.parametrize(("method", "url", "body"), PROVIDER)
def test_a_provider_sees_only_the_orders_sent_to_it(a_rows, scene, login, method, url, body):
    client = login(scene.fixit_user)
    before = AuditEvent.objects.count()
    response = _call(client, method, url.format(**a_rows), body, a_rows)
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_meal_point_serving_the_whole_street_shows_another_communitys_worker_none_of_its_bookings(
    a_rows, worker_b, login
):
    page = login(worker_b).get(f"/services/p/{a_rows['canteen']}/meals/?day=2026-03-11")
    assert page.status_code == 200
    assert "王建国" not in page.content.decode()
