"""A result per checklist item: each item of the component's class confirmed or failed, with a
note and a photo, from the phone page and the API; a failed item opens the problem."""

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from linli.common.errors import DomainError
from linli.facilities import actions
from linli.facilities.models import Check, CheckItem, Problem
from linli.facilities.tests.conftest import NOW

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
API = "/api/v1/facilities"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rnd(scene, worker_a):
    return actions.round_plan(actor=worker_a, grid=scene.grid, due_on=NOW.date(), inspector=worker_a, now=NOW)


def test_in_order_confirms_every_item_of_the_class(scene, worker_a, rnd):
    check = actions.check_record(actor=worker_a, rnd=rnd, component=scene.light, ok=True, now=NOW)
    items = list(check.items.all())
    assert [(i.item, i.ok) for i in items] == [("灯杆完好", True), ("夜间亮灯", True)]


def test_a_failed_item_is_a_problem_described_by_the_item(scene, worker_a, rnd):
    photo = SimpleUploadedFile("x.png", PNG, content_type="image/png")
    check = actions.check_record(
        actor=worker_a,
        rnd=rnd,
        component=scene.light,
        items=[{"ok": True}, {"ok": False, "note": "不亮", "photo": photo}],
        now=NOW,
    )
    assert check.result == "problem"
    failed = check.items.get(ok=False)
    assert failed.item == "夜间亮灯" and failed.note == "不亮" and failed.photo
    problem = Problem.objects.get(check_row=check)
    assert "夜间亮灯: 不亮" in problem.ticket.description and problem.photo


@pytest.mark.parametrize(
    ("items", "ok", "error"),
    [
        ([{"ok": True}], None, "items_incomplete"),
        ([{"ok": True}, {"ok": "yes"}], None, "item_result"),
        ([{"ok": True}, {"ok": False}], None, "item_note"),
        ([{"ok": True}, {"ok": False, "note": "x"}], True, "items_disagree"),
        ([{"ok": True}, {"ok": True}], False, "items_disagree"),
    ],
)
def test_bad_item_results_are_refused_and_nothing_is_written(scene, worker_a, rnd, items, ok, error):
    with pytest.raises(DomainError) as exc:
        actions.check_record(actor=worker_a, rnd=rnd, component=scene.light, ok=ok, items=items, now=NOW)
    assert exc.value.code == error
    assert not Check.objects.exists() and not CheckItem.objects.exists() and not Problem.objects.exists()


def test_the_phone_page_sends_each_item_and_keeps_input_on_a_refusal(scene, worker_a, rnd, login):
    client = login(worker_a)
    page = client.get(f"/facilities/r/{rnd.code}/").content.decode()
    assert 'name="item-1"' in page and "夜间亮灯" in page
    url = f"/facilities/r/{rnd.code}/k/{scene.light.code}/"
    # A failed item without a note: 400, the choice kept, nothing written.
    r = client.post(url, {"result": "items", "item-0": "ok", "item-1": "failed"})
    assert r.status_code == 400
    assert 'name="item-1" value="failed" checked' in r.content.decode()
    assert not Check.objects.exists()
    r = client.post(
        url,
        {
            "result": "items",
            "item-0": "ok",
            "item-1": "failed",
            "item-1-note": "不亮",
            "item-1-photo": SimpleUploadedFile("x.png", PNG, content_type="image/png"),
        },
    )
    assert r.status_code == 302
    assert CheckItem.objects.get(ok=False).note == "不亮"
    assert Problem.objects.filter(component=scene.light).exists()
    page = client.get(f"/facilities/r/{rnd.code}/").content.decode()
    assert "✗ 夜间亮灯 · 不亮" in page


def test_the_api_takes_item_results_with_photos(scene, worker_a, rnd, login):
    client = login(worker_a)
    r = client.post(
        f"{API}/rounds/{rnd.code}/checks",
        {
            "component": scene.cover.code,
            "items": json.dumps([{"ok": True}, {"ok": False, "note": "松动"}, {"ok": True}]),
            "item_photo_1": SimpleUploadedFile("x.png", PNG, content_type="image/png"),
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["result"] == "problem" and body["ticket"]
    assert [(i["item"], i["ok"], i["photo"]) for i in body["items"]] == [
        ("井盖完整", True, False),
        ("无松动、无缺失", False, True),
        ("无冒溢", True, False),
    ]
    r = client.post(
        f"{API}/rounds/{rnd.code}/checks",
        {"component": scene.light.code, "items": "not json"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 400 and "JSON" in r.json()["message"]
