"""/api/v1/operations/emergencies: an incident with its timeline and report; an alert to the
residents of a community is queued (SMS through the tickets' backend), exported as CAP 1.2,
updated and lifted; an alert to an empty area is refused; outsiders get 404."""

import xml.etree.ElementTree as ET

import pytest
import time_machine

from linli.operations.models import Alert
from linli.operations.tests.conftest import NOW
from linli.tickets.notify import MemoryBackend

API = "/api/v1/operations/emergencies"
NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def test_an_incident_has_a_timeline_tasks_and_a_closing_report(tree, worker_a, login):
    c = login(worker_a)
    r = _post(
        c,
        "/incidents",
        {
            "area_code": tree.community_a.code,
            "kind": "flood",
            "level": "3",
            "title": "3号楼地下室进水",
            "description": "暴雨",
        },
    )
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    _post(c, f"/incidents/{code}/notes", {"note": "抽水", "assignee": "城管执法队"})
    r = _post(c, f"/incidents/{code}/close", {"report": "已排水，无人员伤亡"})
    body = r.json()
    assert body["closed_at"] is not None
    assert [(e["kind"], e["assignee"]) for e in body["entries"]] == [
        ("opened", ""),
        ("task", "城管执法队"),
        ("closed", ""),
    ]
    assert _post(c, f"/incidents/{code}/notes", {"note": "again"}).status_code == 409


def test_an_alert_reaches_residents_and_exports_as_cap_then_updates_and_cancels(
    tree, worker_a, household_a, login, django_capture_on_commit_callbacks
):
    MemoryBackend.outbox.clear()
    c = login(worker_a)
    body = {
        "area_code": tree.community_a.code,
        "kind": "heat",
        "level": "2",
        "headline": "高温橙色预警",
        "message": "明日最高气温 39℃",
        "instruction": "减少外出，多饮水",
    }
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(c, "/alerts", body)
    assert r.status_code == 201, r.content
    alert = r.json()
    assert alert["recipients"] >= 1
    assert alert["queued"] == len([m for m in MemoryBackend.outbox if "高温橙色预警" in m[1]]) >= 1
    xml = c.get(f"{API}/alerts/{alert['code']}/cap")
    assert xml["Content-Type"].startswith("application/cap+xml")
    root = ET.fromstring(xml.content)  # noqa: S314  (our own export)
    assert root.find("cap:msgType", NS).text == "Alert"
    assert root.find("cap:info/cap:severity", NS).text == "Severe"
    assert root.find("cap:info/cap:area/cap:geocode/cap:value", NS).text == tree.community_a.code
    upd = _post(
        c, f"/alerts/{alert['code']}/update", {"headline": "高温红色预警", "message": "40℃", "level": "1"}
    ).json()
    assert upd["references"] == alert["code"]
    assert _post(c, f"/alerts/{alert['code']}/cancel", {"message": "x"}).status_code == 409
    cancel = _post(c, f"/alerts/{upd['code']}/cancel", {"message": "预警解除"}).json()
    root = ET.fromstring(c.get(f"{API}/alerts/{cancel['code']}/cap").content)  # noqa: S314
    assert root.find("cap:msgType", NS).text == "Cancel"
    assert (
        alert["code"] in root.find("cap:references", NS).text
        or upd["code"] in root.find("cap:references", NS).text
    )


def test_an_alert_to_an_area_where_nobody_lives_is_refused(tree, worker_b, login):
    r = _post(
        login(worker_b),
        "/alerts",
        {
            "area_code": tree.community_b.code,
            "kind": "cold",
            "level": "4",
            "headline": "寒潮",
            "message": "降温",
        },
    )
    assert r.status_code == 400
    assert r.json()["code"] == "empty_area"
    assert not Alert.objects.exists()


def test_outsiders_get_404_on_incidents_and_alerts(tree, worker_a, worker_b, household_a, resident, login):
    c = login(worker_a)
    inc = _post(
        c,
        "/incidents",
        {"area_code": tree.community_a.code, "kind": "fire", "level": "4", "title": "t", "description": "d"},
    ).json()["code"]
    alert = _post(
        c,
        "/alerts",
        {"area_code": tree.community_a.code, "kind": "fire", "level": "4", "headline": "h", "message": "m"},
    ).json()["code"]
    b = login(worker_b)
    assert b.get(f"{API}/incidents/{inc}").status_code == 404
    assert b.get(f"{API}/incidents").json()["items"] == []
    assert _post(b, f"/incidents/{inc}/notes", {"note": "x"}).status_code == 404
    assert _post(b, f"/incidents/{inc}/close", {"report": "x"}).status_code == 404
    assert b.get(f"{API}/alerts/{alert}/cap").status_code == 404
    assert b.get(f"{API}/alerts").json()["items"] == []
    assert _post(b, f"/alerts/{alert}/cancel", {"message": "x"}).status_code == 404
    assert (
        _post(
            b,
            "/alerts",
            {
                "area_code": tree.community_a.code,
                "kind": "fire",
                "level": "4",
                "headline": "h",
                "message": "m",
            },
        ).status_code
        == 404
    )
    assert (
        _post(
            login(resident),
            "/incidents",
            {
                "area_code": tree.community_a.code,
                "kind": "fire",
                "level": "4",
                "title": "t",
                "description": "d",
            },
        ).status_code
        == 404
    )


ATOM = {"a": "http://www.w3.org/2005/Atom", **NS}


def test_the_cap_feed_lists_the_alerts_in_force_in_the_callers_areas(
    tree, worker_a, worker_b, household_a, login
):
    c = login(worker_a)
    body = {
        "area_code": tree.community_a.code,
        "kind": "heat",
        "level": "3",
        "headline": "高温黄色预警",
        "message": "36℃",
    }
    first = _post(c, "/alerts", body).json()
    upd = _post(c, f"/alerts/{first['code']}/update", {"headline": "高温橙色预警", "message": "38℃"}).json()

    r = c.get(f"{API}/alerts/cap-feed")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)  # noqa: S314  (our own export)
    entries = feed.findall("a:entry", ATOM)
    # The update replaced the first alert: only it is in force.
    assert [e.find("a:content/cap:alert/cap:identifier", ATOM).text for e in entries] == [upd["code"]]
    assert entries[0].find("a:content/cap:alert/cap:msgType", ATOM).text == "Update"
    link = entries[0].find("a:link[@rel='alternate']", ATOM).get("href")
    assert link.endswith(f"/alerts/{upd['code']}/cap")
    assert c.get(link.removeprefix("http://testserver")).status_code == 200

    # The same feed on the web pages, linking the page's own CAP download.
    page = ET.fromstring(c.get("/operations/emergencies/alerts.atom").content)  # noqa: S314
    assert (
        page.find("a:entry/a:link[@rel='alternate']", ATOM).get("href").endswith(f"/w/{upd['code']}/cap.xml")
    )

    # Another community's worker sees none of it; once lifted, nothing is in force.
    outsider = ET.fromstring(login(worker_b).get(f"{API}/alerts/cap-feed").content)  # noqa: S314
    assert outsider.findall("a:entry", ATOM) == []
    _post(c, f"/alerts/{upd['code']}/cancel", {"message": "预警解除"})
    lifted = ET.fromstring(c.get(f"{API}/alerts/cap-feed").content)  # noqa: S314
    assert lifted.findall("a:entry", ATOM) == []
