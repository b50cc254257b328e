"""The 96156 console shows the caller's open service orders beside their tickets (through the
registry in linli.ui, so tickets never imports services)."""

import pytest
import time_machine

from linli.services import actions, console
from linli.services.tests.conftest import NOW
from linli.ui.registries import CALLER_PANELS


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _order(scene, tree, resident, description="厨房水管漏水"):
    return actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description=description, now=NOW
    )


def test_services_register_the_callers_orders_panel():
    assert [p.name for p in CALLER_PANELS] == ["services"]


def test_the_agent_sees_the_callers_open_orders_and_not_the_closed_ones(scene, tree, resident, agent, login):
    open_order = _order(scene, tree, resident)
    closed = _order(scene, tree, resident, "窗户坏了")
    actions.order_cancel(actor=resident, order=closed, reason="修好了", now=NOW)
    client = login(agent)
    client.post("/tickets/hotline/lookup/", {"phone": "13600000001"})
    page = client.get("/tickets/hotline/").content.decode()
    assert open_order.code in page and f"/services/o/{open_order.code}/" in page
    assert "水电维修" in page
    assert closed.code not in page
    client.post("/tickets/hotline/lookup/", {"phone": ""})  # the next caller
    assert open_order.code not in client.get("/tickets/hotline/").content.decode()


def test_the_panel_lists_only_orders_the_viewer_may_see(scene, tree, resident, worker_a, worker_b):
    order = _order(scene, tree, resident)
    assert [r.code for r in console.caller_orders(worker_a, [scene.me])] == [order.code]
    assert console.caller_orders(worker_b, [scene.me]) == []
