"""The street officer's overview: orders and response rates per community, the street's providers."""

import datetime as dt

import pytest
import time_machine

from linli.services import actions
from linli.services.models import Mode
from linli.services.tests.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def orders(scene, tree, resident, worker_a):
    answered = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="漏水", now=NOW
    )
    actions.order_dispatch(actor=worker_a, order=answered, mode=Mode.DIRECT, provider=scene.handy, now=NOW)
    actions.order_accept(
        actor=scene.handy_user, order=answered, provider=scene.handy, eta=NOW + dt.timedelta(hours=1), now=NOW
    )
    actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="灯坏", now=NOW
    )
    return scene


def test_the_street_officer_sees_each_communitys_response_rate(orders, tree, street_officer, login):
    data = login(street_officer).get(f"/api/v1/services/streets/{tree.street.code}/overview").json()
    a = next(c for c in data["communities"] if c["community_code"] == tree.community_a.code)
    assert (a["placed"], a["in_time"], a["response_rate"]) == (2, 1, 50)
    assert {p["code"] for p in data["providers"]} >= {orders.fixit.code, orders.handy.code}
    page = login(street_officer).get(f"/services/s/{tree.street.code}/")
    assert "50%" in page.content.decode()


@pytest.mark.parametrize(
    "url", ["/services/s/{street}/", "/api/v1/services/streets/{street}/overview", "/services/s/{a}/"]
)
def test_outsiders_and_other_levels_get_404(orders, tree, worker_b, login, url):
    # A community worker holds no street; a community code is not a street.
    path = url.format(street=tree.other_street.code, a=tree.community_a.code)
    assert login(worker_b).get(path).status_code == 404
