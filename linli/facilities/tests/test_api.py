"""/api/v1/facilities: register, find nearby, walk a round from a phone, confirm; bad input is a
4xx with a message in the caller's language."""

import pytest
import time_machine

from linli.facilities.models import Problem
from linli.facilities.tests.conftest import LAT0, LON0, NOW

API = "/api/v1/facilities"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, body=None, **extra):
    return client.post(f"{API}{path}", body or {}, content_type="application/json", **extra)


def test_a_worker_registers_a_component_and_finds_it_nearby(scene, worker_a, login):
    client = login(worker_a)
    r = _post(
        client,
        "/components",
        {
            "grid_code": scene.grid.area.code,
            "code": "110105 0605 000009",
            "lat": LAT0 + 0.0004,
            "lon": LON0 + 0.0004,
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["code"] == "1101050605000009"
    r = client.get(f"{API}/components/near", {"lat": LAT0 + 0.0004, "lon": LON0 + 0.0004, "radius": 100})
    codes = [c["code"] for c in r.json()]
    assert codes[0] == "1101050605000009"
    assert scene.light.code in codes  # about 84 m away
    assert scene.cover.code not in codes  # about 163 m away
    assert r.json()[1]["distance_m"] == pytest.approx(84, abs=2)


def test_a_bad_code_is_a_400_with_the_reason_in_chinese_or_english(scene, worker_a, login):
    client = login(worker_a)
    body = {"grid_code": scene.grid.area.code, "code": "12345", "lat": LAT0 + 0.0004, "lon": LON0 + 0.0004}
    r = _post(client, "/components", body)
    assert r.status_code == 400
    assert r.json()["code"] == "bad_code"
    assert "16" in r.json()["message"] and "部件编码" in r.json()["message"]
    r = _post(client, "/components", body, HTTP_ACCEPT_LANGUAGE="en")
    assert "is not a component code" in r.json()["message"]
    r = _post(client, "/components", body | {"code": scene.light.code})
    assert r.status_code == 409
    assert r.json()["code"] == "duplicate_code"


def test_an_inspector_walks_a_round_from_the_phone_and_one_of_two_confirmations_wins(
    scene, worker_a, street_officer, login
):
    from linli.tickets.actions import ticket_accept, ticket_resolve

    client = login(worker_a)
    r = _post(client, f"/grids/{scene.grid.area.code}/rounds", {"due_on": "2026-03-10"})
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    assert [x["code"] for x in client.get(f"{API}/rounds").json()["items"]] == [code]
    r = client.post(f"{API}/rounds/{code}/checks", {"component": scene.light.code, "ok": "true"})
    assert r.status_code == 201, r.content
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        f"{API}/rounds/{code}/checks",
        {
            "component": scene.cover.code,
            "ok": "false",
            "note": "井盖缺失",
            "state_found": "lost",
            "lat": str(LAT0 + 0.0012),
            "lon": str(LON0 + 0.002),
            "photo": SimpleUploadedFile("p.png", png, content_type="image/png"),
        },
    )
    assert r.status_code == 201, r.content
    ticket_code = r.json()["ticket"]
    problem = Problem.objects.get(code=r.json()["problem"])
    assert problem.photo and problem.ticket.code == ticket_code
    assert client.get(f"{API}/components/{scene.cover.code}").json()["state"] == "lost"
    ticket_accept(actor=street_officer, ticket=problem.ticket, now=NOW)
    ticket_resolve(actor=street_officer, ticket=problem.ticket, resolution="已补装", now=NOW)
    first = _post(client, f"/problems/{problem.code}/confirm")
    second = _post(login(street_officer), f"/problems/{problem.code}/confirm")
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["code"] == "already_confirmed"
    assert client.get(f"{API}/components/{scene.cover.code}").json()["state"] == "intact"


def test_rates_and_the_map_of_a_community(scene, worker_a, tree, login):
    client = login(worker_a)
    r = client.get(f"{API}/rates", {"area": tree.community_a.code, "month": "2026-03"})
    assert r.status_code == 200
    assert r.json()[0]["intact_rate"] == 100.0
    assert r.json()[1]["area_code"] == scene.grid.area.code
    r = client.get(f"{API}/communities/{tree.community_a.code}/map")
    kinds = sorted(f["properties"]["kind"] for f in r.json()["features"])
    assert kinds == ["component", "component", "grid"]
    assert client.get(f"{API}/rates", {"area": tree.community_a.code, "month": "2026-13"}).status_code == 400


def test_a_nan_position_is_a_422_not_a_500(scene, worker_a, login):
    r = _post(
        login(worker_a),
        "/components",
        {"grid_code": scene.grid.area.code, "code": "1101050605000009", "lat": "NaN", "lon": 116.45},
    )
    assert r.status_code in (400, 422)
