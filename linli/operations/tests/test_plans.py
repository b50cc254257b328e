"""/api/v1/operations/plans and the pages: a community's plan with an ordered contact tree and
drills; shelters check people in and out with live counts; a person is found with the registry's
search (masked; a full number only where the desk may reveal; a reveal needs a reason and leaves
an audit event); outsiders get 404 on every list and write."""

import pytest
import time_machine

from conftest import id_number
from linli.audit.models import AuditEvent
from linli.operations.models import ShelterStay
from linli.operations.plans import actions
from linli.operations.tests.conftest import NOW

API = "/api/v1/operations/preparedness"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


@pytest.fixture
def plan(tree, worker_a):
    return actions.plan_save(
        actor=worker_a, area=tree.community_a, kind="flood", title="防汛预案", summary="转移低洼住户", now=NOW
    )


@pytest.fixture
def shelter(tree, worker_a):
    s = actions.shelter_save(
        actor=worker_a, area=tree.community_a, name="社区活动中心", address="建外大街1号", capacity=2, now=NOW
    )
    return actions.shelter_open(actor=worker_a, shelter=s, is_open=True, now=NOW)


def test_a_plan_has_an_ordered_contact_tree_drills_and_revisions(tree, worker_a, login):
    c = login(worker_a)
    body = {"area_code": tree.community_a.code, "kind": "heat", "title": "高温预案", "summary": "开放避暑点"}
    r = _post(c, "/plans", body)
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    _post(
        c,
        f"/plans/{code}/contacts",
        {"kind": "worker", "name": "王主任", "duty": "总指挥", "phone": "13900000009"},
    )
    _post(c, f"/plans/{code}/contacts", {"kind": "department", "name": "街道应急办", "duty": "调度"})
    r = _post(
        c, f"/plans/{code}/contacts", {"kind": "volunteer", "name": "李志愿者", "duty": "敲门", "position": 2}
    )
    assert r.status_code == 201, r.content
    contacts = r.json()["contacts"]
    assert [(x["position"], x["name"]) for x in contacts] == [
        (1, "王主任"),
        (2, "李志愿者"),
        (3, "街道应急办"),
    ]
    assert contacts[0]["phone_masked"] == "139****0009"
    assert "13900000009" not in r.content.decode()
    r = c.delete(f"{API}/plans/contacts/{contacts[1]['id']}")
    assert [x["name"] for x in r.json()["contacts"]] == ["王主任", "街道应急办"]
    assert [x["position"] for x in r.json()["contacts"]] == [1, 2]
    drill = {
        "held_on": "2026-03-01",
        "scenario": "午后高温停电",
        "participants": 23,
        "findings": "2户未接电话",
    }
    r = _post(c, f"/plans/{code}/drills", drill)
    assert r.status_code == 201 and r.json()["drills"][0]["participants"] == 23
    late = _post(c, f"/plans/{code}/drills", {**drill, "held_on": "2026-04-01"})
    assert late.status_code == 400 and "held_on" in late.json()["fields"]
    r = _post(c, "/plans", {**body, "summary": "开放避暑点并逐户探访"})
    assert (r.json()["code"], r.json()["revision"]) == (code, 2)
    assert _post(c, "/plans", {**body, "area_code": tree.district.code}).status_code in (400, 404)
    assert AuditEvent.objects.filter(action="operations.plan.drilled").count() == 1


def test_a_contact_number_is_revealed_only_with_a_reason(tree, plan, worker_a, street_officer, login):
    contact = actions.contact_add(
        actor=worker_a, plan=plan, kind="worker", name="王主任", duty="总指挥", phone="13900000009", now=NOW
    )
    c = login(street_officer)
    page = c.get(f"/operations/plans/p/{plan.code}/")
    assert "139****0009" in page.content.decode() and "13900000009" not in page.content.decode()
    url = f"/account/reveal/operations.plancontact.phone/{contact.pk}/"
    assert c.post(url, {"reason": ""}).status_code == 400
    r = c.post(url, {"reason": "防汛值班联络"})
    assert "13900000009" in r.content.decode()
    assert AuditEvent.objects.filter(action="pii.revealed").count() == 1


def test_shelter_check_in_and_out_with_counts(tree, shelter, worker_a, household_a, login):
    c = login(worker_a)
    head = household_a.head
    found = c.get(f"{API}/shelters/{shelter.code}/lookup?q=王建").json()
    assert [(p["name"], p["id_number_masked"][:6]) for p in found] == [("王建国", "110105")]
    assert "19500101" not in str(found)
    r = _post(c, f"/shelters/{shelter.code}/stays", {"resident_id": head.pk})
    assert r.status_code == 201, r.content
    again = _post(c, f"/shelters/{shelter.code}/stays", {"resident_id": head.pk})
    assert again.status_code == 409
    assert _post(c, f"/shelters/{shelter.code}/stays", {"guest_name": "过路的张先生"}).status_code == 201
    full = _post(c, f"/shelters/{shelter.code}/stays", {"guest_name": "第三人"})
    assert full.status_code == 409 and full.json()["code"] == "shelter_full"
    s = c.get(f"{API}/shelters/{shelter.code}").json()
    assert (s["present"], s["stays_total"]) == (2, 2)
    out = _post(c, f"/stays/{r.json()['id']}/check-out")
    assert out.json()["checked_out_at"] is not None
    assert _post(c, f"/stays/{r.json()['id']}/check-out").status_code == 409
    s = c.get(f"{API}/shelters/{shelter.code}").json()
    assert (s["present"], s["stays_total"]) == (1, 2)
    present = c.get(f"{API}/shelters/{shelter.code}/stays?present=true").json()["items"]
    assert [p["name"] for p in present] == ["过路的张先生"]
    closing = _post(c, f"/shelters/{shelter.code}/open", {"is_open": False})
    assert closing.status_code == 409


def test_a_full_id_finds_someone_only_in_reach_and_a_reveal_needs_a_reason(
    tree, shelter, worker_b, street_officer, household_a, login
):
    full_id = id_number("19500101", "011")
    # Community B's desk: the registry's search answers nothing outside its reach.
    mine = actions.shelter_save(
        actor=worker_b, area=tree.community_b, name="乙", address="z", capacity=5, now=NOW
    )
    assert login(worker_b).get(f"{API}/shelters/{mine.code}/lookup?q={full_id}").json() == []
    c = login(street_officer)
    found = c.get(f"{API}/shelters/{shelter.code}/lookup?q={full_id}").json()
    assert [p["name"] for p in found] == ["王建国"]
    path = f"/shelters/{shelter.code}/lookup/{found[0]['id']}/reveal"
    assert _post(c, path, {"field": "phone", "reason": ""}).status_code == 400
    r = _post(c, path, {"field": "phone", "reason": "联系家属"})
    assert r.json()["value"] == "13600000001"
    event = AuditEvent.objects.get(action="pii.revealed")
    assert event.details["reason"] == "联系家属"


def test_the_shelter_page_finds_checks_in_and_out(tree, shelter, worker_a, household_a, login):
    c = login(worker_a)
    page = c.get(f"/operations/shelters/s/{shelter.code}/?q=王建")
    text = page.content.decode()
    assert page.status_code == 200 and "王建国" in text and "136****0001" in text
    r = c.post(f"/operations/shelters/s/{shelter.code}/check-in/", {"resident": household_a.head.pk})
    assert r.status_code == 302
    bad = c.post(f"/operations/shelters/s/{shelter.code}/check-in/", {"guest_name": ""})
    assert bad.status_code == 400
    stay = ShelterStay.objects.get()
    c.post(f"/operations/shelters/stay/{stay.pk}/check-out/")
    stay.refresh_from_db()
    assert stay.checked_out_at is not None
    assert c.get("/operations/plans/").status_code == 200


def test_the_plan_pages_write_a_plan_a_contact_and_a_drill(tree, worker_a, login):
    c = login(worker_a)
    r = c.post(
        "/operations/plans/new/",
        {"area": tree.community_a.code, "kind": "cold", "title": "寒潮预案", "summary": "检查供暖"},
    )
    assert r.status_code == 302, r.content.decode()[:500]
    code = r["Location"].rstrip("/").split("/")[-1]
    c.post(f"/operations/plans/p/{code}/contacts/", {"kind": "worker", "name": "王主任", "duty": "总指挥"})
    bad = c.post(
        f"/operations/plans/p/{code}/drills/",
        {"held_on": "", "scenario": "x", "participants": 3, "findings": "y"},
    )
    assert bad.status_code == 400 and "寒潮预案" in bad.content.decode()
    c.post(
        f"/operations/plans/p/{code}/drills/",
        {"held_on": "2026-03-02", "scenario": "夜间停暖", "participants": 12, "findings": "顺利"},
    )
    text = c.get(f"/operations/plans/p/{code}/").content.decode()
    assert "王主任" in text and "夜间停暖" in text


def test_outsiders_get_404_on_plans_and_shelters(
    tree, plan, shelter, worker_a, worker_b, resident, household_a, login
):
    stay = actions.stay_check_in(actor=worker_a, shelter=shelter, resident=household_a.head, now=NOW)
    contact = actions.contact_add(actor=worker_a, plan=plan, kind="worker", name="王", duty="x", now=NOW)
    b = login(worker_b)
    assert b.get(f"{API}/plans").json()["items"] == []
    assert b.get(f"{API}/shelters").json()["items"] == []
    assert b.get(f"{API}/plans/{plan.code}").status_code == 404
    assert (
        _post(b, f"/plans/{plan.code}/contacts", {"kind": "worker", "name": "x", "duty": "y"}).status_code
        == 404
    )
    assert (
        _post(
            b,
            f"/plans/{plan.code}/drills",
            {"held_on": "2026-03-01", "scenario": "x", "participants": 1, "findings": "y"},
        ).status_code
        == 404
    )
    assert b.delete(f"{API}/plans/contacts/{contact.pk}").status_code == 404
    assert (
        _post(
            b, "", {"area_code": tree.community_a.code, "kind": "fire", "title": "x", "summary": "y"}
        ).status_code
        == 404
    )
    assert (
        _post(
            b, "/shelters", {"area_code": tree.community_a.code, "name": "x", "address": "y", "capacity": 3}
        ).status_code
        == 404
    )
    assert b.get(f"{API}/shelters/{shelter.code}").status_code == 404
    assert b.get(f"{API}/shelters/{shelter.code}/stays").status_code == 404
    assert b.get(f"{API}/shelters/{shelter.code}/lookup?q=王").status_code == 404
    assert _post(b, f"/shelters/{shelter.code}/stays", {"guest_name": "x"}).status_code == 404
    assert _post(b, f"/shelters/{shelter.code}/open", {"is_open": False}).status_code == 404
    assert _post(b, f"/stays/{stay.pk}/check-out").status_code == 404
    # worker_b's own shelter cannot take in a resident of community A: the registry says 404.
    mine = actions.shelter_save(
        actor=worker_b, area=tree.community_b, name="乙", address="z", capacity=5, now=NOW
    )
    actions.shelter_open(actor=worker_b, shelter=mine, is_open=True, now=NOW)
    assert _post(b, f"/shelters/{mine.code}/stays", {"resident_id": household_a.head.pk}).status_code == 404
    for url in (
        f"/operations/plans/p/{plan.code}/",
        f"/operations/shelters/s/{shelter.code}/",
    ):
        assert b.get(url).status_code == 404
    assert b.post(f"/operations/shelters/stay/{stay.pk}/check-out/").status_code == 404
    assert b.post(f"/operations/plans/contact/{contact.pk}/remove/").status_code == 404
    r = login(resident)
    assert r.get(f"{API}/shelters/{shelter.code}").status_code == 404
    assert r.get("/operations/plans/").status_code == 404
    stay.refresh_from_db()
    assert stay.checked_out_at is None
