"""/api/v1/organizations: a worker registers an organization and runs it; bad input is a 4xx in
the error shape; the street grades; a contract is paid into the ledger."""

import pytest
import time_machine

from linli.finance.models import LedgerEntry
from linli.organizations.tests.conftest import NOW

API = "/api/v1/organizations"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def test_a_worker_registers_and_runs_an_organization(tree, worker_a, street_officer, login):
    client = login(worker_a)
    r = _post(
        client,
        "/orgs",
        {
            "community_code": tree.community_a.code,
            "name": "书法社",
            "kind": "culture",
            "standing": "filed",
            "founded_on": "2021-05-01",
            "contact_name": "王芳",
            "contact_phone": "１３９１００００００１",  # full-width digits,
        },
    )
    assert r.status_code == 201, r.content
    org = r.json()
    assert org["contact_phone"] == "139****0001"
    code = org["code"]
    r = _post(client, f"/orgs/{code}/members", {"name": "李四", "role": "chair", "joined_on": "2021-05-01"})
    assert r.status_code == 201
    member = r.json()["id"]
    r = _post(client, f"/orgs/{code}/members", {"name": "赵六", "role": "chair", "joined_on": "2021-05-01"})
    assert r.status_code == 400 and r.json()["fields"]["role"]
    assert (
        _post(client, f"/orgs/{code}/members/{member}/leave", {"left_on": "2026-06-01"}).json()["left_on"]
        == "2026-06-01"
    )
    assert (
        _post(
            client,
            f"/orgs/{code}/activities",
            {"title": "书法展", "held_on": "2026-06-01", "participants": 30},
        ).status_code
        == 201
    )
    assert _post(client, f"/orgs/{code}/reports", {"year": 2025, "summary": "全年活动"}).status_code == 201
    assert client.get(f"{API}/orgs/{code}/reports").json()[0]["status"] == "submitted"
    assert _post(client, f"/orgs/{code}/grade", {"grade": "3A"}).status_code == 403
    assert _post(login(street_officer), f"/orgs/{code}/grade", {"grade": "3A"}).json()["grade"] == "3A"
    r = _post(
        client,
        f"/orgs/{code}/contracts",
        {"title": "书法课", "amount_fen": 50_000, "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    contract = r.json()["code"]
    r = _post(client, f"/contracts/{contract}/payments", {"amount_fen": 20_000, "paid_on": "2026-06-01"})
    assert r.status_code == 201
    assert LedgerEntry.objects.get(code=r.json()["entry_code"]).amount_fen == 20_000
    assert client.get(f"{API}/contracts/{contract}").json()["paid_fen"] == 20_000


def test_bad_input_is_a_clear_4xx(tree, worker_a, login):
    client = login(worker_a)
    r = _post(
        client,
        "/orgs",
        {
            "community_code": tree.community_a.code,
            "name": "x",
            "kind": "x",
            "standing": "filed",
            "founded_on": "2021-05-01",
            "contact_name": "王",
        },
    )
    assert r.status_code == 400 and r.json()["fields"]["kind"]
    r = _post(client, "/orgs", {"community_code": tree.community_a.code, "name": "x"})
    assert r.status_code == 422
    r = _post(
        client,
        "/orgs",
        {
            "community_code": tree.community_a.code,
            "name": "x",
            "kind": "culture",
            "standing": "filed",
            "founded_on": "9999-01-01",
            "contact_name": "王",
        },
    )
    assert r.status_code == 422


def test_party_tree_and_worker_through_the_api(scene, tree, worker_a, login):
    client = login(worker_a)
    r = _post(
        client,
        f"/party/{tree.community_a.code}/orgs",
        {"kind": "branch", "name": "第二党支部", "parent_code": scene.committee.code},
    )
    assert r.status_code == 201
    r = client.put(
        f"{API}/party/{tree.community_a.code}/worker",
        {"name": "刘洋", "phone": "13800000009", "since": "2026-01-01"},
        content_type="application/json",
    )
    assert r.json()["phone"] == "138****0009"
    body = client.get(f"{API}/party/{tree.community_a.code}").json()
    assert [o["name"] for o in body["organizations"]] == ["甲社区党委", "第一党支部", "第二党支部"]
    assert body["worker"]["name"] == "刘洋"
    keeper = login(scene.party_worker_a)
    r = _post(
        keeper,
        f"/party/{tree.community_a.code}/members",
        {"party_org_code": scene.branch.code, "name": "周党员"},
    )
    assert r.status_code == 201
    assert [m["name"] for m in keeper.get(f"{API}/party/{tree.community_a.code}/members").json()] == [
        "周党员"
    ]
