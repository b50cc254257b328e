"""Every facilities page and endpoint answers 404 to a worker of another community, and nothing is
written; a resident has no facilities pages at all."""

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.facilities import actions
from linli.facilities.models import Check, Component, Problem, Round
from linli.facilities.tests.conftest import LAT0, LON0, NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rows(scene, tree, worker_a):
    rnd = actions.round_plan(actor=worker_a, grid=scene.grid, due_on=NOW.date(), inspector=worker_a, now=NOW)
    actions.check_record(actor=worker_a, rnd=rnd, component=scene.cover, ok=False, note="坏了", now=NOW)
    problem = Problem.objects.get()
    return {
        "a": tree.community_a.code,
        "grid": scene.grid.area.code,
        "light": scene.light.code,
        "round": rnd.code,
        "problem": problem.code,
        "ticket": problem.ticket.code,
    }


WEB = [
    ("get", "/facilities/g/{grid}/", None),
    (
        "post",
        "/facilities/g/{grid}/components/",
        {"code": "1101050605000009", "lat": LAT0 + 0.0004, "lon": LON0 + 0.0004},
    ),
    ("post", "/facilities/g/{grid}/rounds/", {"due_on": "2026-03-11"}),
    ("get", "/facilities/c/{a}/grids/new/", None),
    ("get", "/facilities/c/{a}/import/", None),
    ("get", "/facilities/c/{a}/map/", None),
    ("get", "/facilities/c/{a}/map.geojson", None),
    ("get", "/facilities/k/{light}/", None),
    ("post", "/facilities/k/{light}/state/", {"state": "damaged"}),
    ("post", "/facilities/k/{light}/maintained/", {"on": "2026-03-10"}),
    ("get", "/facilities/r/{round}/", None),
    ("post", "/facilities/r/{round}/k/{light}/", {"result": "ok"}),
    (
        "post",
        "/facilities/r/{round}/k/{light}/",
        {"result": "items", "item-0": "failed", "item-0-note": "坏"},
    ),
    ("post", "/facilities/p/{problem}/confirm/", {}),
    ("post", "/facilities/problems/link/", {"ticket": "{ticket}", "component": "{light}"}),
]
API = [
    ("get", "/api/v1/facilities/grids/{grid}", None),
    ("get", "/api/v1/facilities/grids/{grid}/components", None),
    (
        "post",
        "/api/v1/facilities/grids",
        {"community_code": "{a}", "code": "05", "polygon": {"type": "Polygon"}},
    ),
    (
        "post",
        "/api/v1/facilities/components",
        {"grid_code": "{grid}", "code": "1101050605000009", "lat": LAT0, "lon": LON0},
    ),
    ("get", "/api/v1/facilities/components/{light}", None),
    ("post", "/api/v1/facilities/components/{light}/state", {"state": "damaged"}),
    ("post", "/api/v1/facilities/components/{light}/maintained", {}),
    ("post", "/api/v1/facilities/grids/{grid}/rounds", {"due_on": "2026-03-11"}),
    ("get", "/api/v1/facilities/problems/{problem}", None),
    ("post", "/api/v1/facilities/problems/{problem}/confirm", {}),
    ("post", "/api/v1/facilities/problems", {"ticket": "{ticket}", "component": "{light}"}),
    ("get", "/api/v1/facilities/rates?area={a}", None),
    ("get", "/api/v1/facilities/communities/{a}/map", None),
]


def _fill(value, rows):
    if isinstance(value, str):
        return value.format(**rows)
    if isinstance(value, dict):
        return {k: _fill(v, rows) for k, v in value.items()}
    return value


def _counts():
    return (Component.objects.count(), Round.objects.count(), Check.objects.count(), Problem.objects.count())


@pytest.mark.parametrize(("method", "path", "body"), WEB + API)
def test_a_worker_of_another_community_gets_404_and_writes_nothing(method, path, body, rows, worker_b, login):
    client = login(worker_b)
    before, events = _counts(), AuditEvent.objects.count()
    url = _fill(path, rows)
    if method == "get":
        r = client.get(url)
    elif url.startswith("/api/"):
        r = client.post(url, _fill(body, rows), content_type="application/json")
    else:
        r = client.post(url, _fill(body, rows))
    assert r.status_code == 404, (url, r.status_code)
    assert _counts() == before
    assert AuditEvent.objects.count() == events


def test_lists_show_an_outsider_nothing_of_community_a(rows, worker_b, login):
    client = login(worker_b)
    for url in ("/api/v1/facilities/grids", "/api/v1/facilities/problems", "/api/v1/facilities/rounds"):
        assert client.get(url).json()["items"] == [], url
    near = client.get("/api/v1/facilities/components/near", {"lat": LAT0 + 0.001, "lon": LON0 + 0.001})
    assert near.json() == []
    assert client.get("/api/v1/facilities/maintenance").json() == []
    page = client.get("/facilities/").content.decode()
    assert rows["grid"] not in page
    assert rows["problem"] not in client.get("/facilities/problems/").content.decode()


def test_a_resident_has_no_facilities_pages(rows, resident, login):
    client = login(resident)
    for url in ("/facilities/", "/facilities/problems/", "/facilities/maintenance/", "/facilities/rates/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/facilities/components/{light}".format(**rows)).status_code == 404


def test_an_outsider_recording_checklist_results_through_the_api_gets_404(rows, worker_b, login):
    client = login(worker_b)
    before, events = _counts(), AuditEvent.objects.count()
    r = client.post(
        "/api/v1/facilities/rounds/{round}/checks".format(**rows),
        {"component": rows["light"], "items": '[{"ok": true}, {"ok": false, "note": "x"}]'},
    )
    assert r.status_code == 404
    assert _counts() == before and AuditEvent.objects.count() == events
