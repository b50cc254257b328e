"""Welfare checks beyond the basics: a 包户 worker's checks past the setting go to the community's
volunteers, who record them from their own account; on the board a "needs help" gets a request
or a service order from a button; the build records its count in the audit event."""

import pytest
import time_machine
from django.test import override_settings

from conftest import id_number
from linli.audit.models import AuditEvent
from linli.operations.models import CheckItem, CheckState
from linli.operations.tests.conftest import NOW
from linli.operations.welfare.actions import check_build, check_record
from linli.registry.actions import PersonData, household_register
from linli.registry.actions.care import care_tag_set
from linli.registry.actions.households import building_create, dwelling_create
from linli.registry.actions.visits import building_assign
from linli.services.actions import service_type_save
from linli.tickets.models import Category

API = "/api/v1/operations/welfare"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def five_alone(tree, worker_a):
    building = building_create(actor=None, community=tree.community_a, name="2号楼")
    building_assign(actor=None, building=building, worker=worker_a)
    for i in range(5):
        dwelling = dwelling_create(actor=None, building=building, number=f"2-{i + 1}01")
        h = household_register(
            actor=None,
            community=tree.community_a,
            dwelling=dwelling,
            head=PersonData(name=f"独居{i}", id_number=id_number("19600101", f"1{i}1")),
        )
        care_tag_set(actor=None, resident=h.head, tag="alone")


@override_settings(LINLI_WELFARE_MAX_PER_WORKER=2)
def test_a_workers_checks_past_the_setting_go_to_volunteers(tree, five_alone, volunteers, worker_a, login):
    check = check_build(actor=worker_a, area=tree.community_a, reason="寒潮", now=NOW)
    assert check.residents == 5
    items = list(check.items.order_by("resident_id"))
    assert [i.worker_id for i in items[:2]] == [worker_a.pk, worker_a.pk]
    assert all(i.worker_id is None for i in items[2:])
    assert [i.volunteer_id for i in items[2:]] == [volunteers[0].pk, volunteers[1].pk, volunteers[0].pk]
    event = AuditEvent.objects.get(action="operations.check.built")
    assert (event.details["residents"], event.details["to_volunteers"]) == (5, 3)
    # The volunteer sees and records their own, not the worker's.
    v = login(volunteers[0].user)
    mine = v.get(f"{API}/mine").json()["items"]
    assert len(mine) == 2 and {i["volunteer"] for i in mine} == {"志愿者0"}
    r = v.post(
        f"{API}/items/{items[2].pk}/record",
        {"state": "safe", "method": "phone"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    theirs = v.post(
        f"{API}/items/{items[0].pk}/record",
        {"state": "safe", "method": "phone"},
        content_type="application/json",
    )
    assert theirs.status_code == 404
    home = v.get("/").content.decode()
    assert "/operations/welfare/mine/" in home
    page = v.get("/operations/welfare/mine/")
    assert page.status_code == 200 and "独居4" in page.content.decode()


def test_without_volunteers_the_worker_keeps_them(tree, five_alone, worker_a):
    with override_settings(LINLI_WELFARE_MAX_PER_WORKER=2):
        check = check_build(actor=worker_a, area=tree.community_a, reason="寒潮", now=NOW)
    assert set(check.items.values_list("worker_id", flat=True)) == {worker_a.pk}
    assert not check.items.filter(volunteer__isnull=False).exists()


def test_needs_help_gets_a_request_or_a_service_order_from_the_board(tree, five_alone, worker_a, login):
    check = check_build(actor=worker_a, area=tree.community_a, reason="高温", now=NOW)
    first, second = check.items.order_by("pk")[:2]
    for item in (first, second):
        check_record(
            actor=worker_a, item=item, state=CheckState.NEEDS_HELP, method="visit", note="空调坏了", now=NOW
        )
    Category.objects.get_or_create(code="help-demo", defaults={"name": "生活求助"})
    service_type_save(
        actor=None,
        code="repair-ac",
        category="repairs",
        name="空调维修",
        name_en="Air conditioner repair",
        price_fen=5000,
        response_hours=2,
        completion_days=1,
        accept_minutes=15,
    )
    c = login(worker_a)
    page = c.get(f"/operations/welfare/{check.code}/").content.decode()
    assert f"/operations/welfare/item/{first.pk}/ticket/" in page
    assert f"/operations/welfare/item/{first.pk}/order/" in page
    assert (
        c.post(f"/operations/welfare/item/{first.pk}/ticket/", {"category": "help-demo"}).status_code == 302
    )
    assert c.post(f"/operations/welfare/item/{second.pk}/order/", {"service": "repair-ac"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.ticket_id is not None and second.order_id is not None
    assert second.order.resident_id == second.resident_id
    assert AuditEvent.objects.filter(action="operations.check.ordered").count() == 1
    again = c.post(
        f"{API}/items/{second.pk}/order", {"service": "repair-ac"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert CheckItem.objects.filter(order__isnull=False).count() == 1


def test_outsiders_cannot_turn_a_check_into_an_order(tree, five_alone, worker_a, worker_b, login):
    check = check_build(actor=worker_a, area=tree.community_a, reason="高温", now=NOW)
    item = check.items.first()
    check_record(actor=worker_a, item=item, state=CheckState.NEEDS_HELP, method="visit", note="x", now=NOW)
    b = login(worker_b)
    assert (
        b.post(f"{API}/items/{item.pk}/order", {"service": "x"}, content_type="application/json").status_code
        == 404
    )
    assert b.post(f"/operations/welfare/item/{item.pk}/order/", {"service": "x"}).status_code == 404
    assert b.post(f"/operations/welfare/item/{item.pk}/ticket/", {"category": "x"}).status_code == 404
    assert b.get(f"{API}/mine").json()["items"] == []
