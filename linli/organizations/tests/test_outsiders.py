"""Every organizations list and write answers 404 to a worker of another community, on pages and
in the API; nothing is written."""

import datetime as dt

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.organizations import actions
from linli.organizations.tests.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def a_rows(scene, tree, worker_a):
    member = actions.member_add(
        actor=worker_a, org=scene.dance, name="李四", joined_on=dt.date(2021, 1, 1), now=NOW
    )
    contract = actions.contract_sign(
        actor=worker_a,
        org=scene.dance,
        title="服务",
        amount_fen=10_000,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        now=NOW,
    )
    pm = actions.party_member_add(actor=None, party_org=scene.branch, name="周党员", now=NOW)
    return {
        "a": tree.community_a.code,
        "org": scene.dance.code,
        "member": member.pk,
        "contract": contract.code,
        "pm": pm.pk,
        "branch": scene.branch.code,
    }


WEB = [
    ("get", "/organizations/?c={a}", None),
    ("get", "/organizations/c/{a}/new/", None),
    (
        "post",
        "/organizations/c/{a}/new/",
        {
            "name": "x",
            "kind": "culture",
            "standing": "filed",
            "founded_on": "2020-01-01",
            "contact_name": "x",
            "incubation": "none",
        },
    ),
    ("get", "/organizations/g/{org}/", None),
    ("get", "/organizations/g/{org}/edit/", None),
    (
        "post",
        "/organizations/g/{org}/edit/",
        {
            "name": "x",
            "kind": "culture",
            "standing": "filed",
            "founded_on": "2020-01-01",
            "contact_name": "x",
            "incubation": "none",
        },
    ),
    ("post", "/organizations/g/{org}/grade/", {"grade": "3A"}),
    ("post", "/organizations/g/{org}/dissolve/", {}),
    (
        "post",
        "/organizations/g/{org}/members/add/",
        {"name": "x", "role": "member", "joined_on": "2021-01-01"},
    ),
    ("post", "/organizations/g/{org}/members/{member}/leave/", {"left_on": "2026-06-01"}),
    ("post", "/organizations/g/{org}/members/{member}/role/", {"role": "treasurer"}),
    (
        "post",
        "/organizations/g/{org}/activities/add/",
        {"title": "x", "held_on": "2026-06-01", "participants": "3"},
    ),
    (
        "post",
        "/organizations/g/{org}/reports/submit/",
        {"year": "2025", "summary": "x", "activities_held": "1", "income_yuan": "0", "expense_yuan": "0"},
    ),
    (
        "post",
        "/organizations/g/{org}/contracts/add/",
        {"title": "x", "amount_yuan": "10", "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
    ),
    (
        "post",
        "/organizations/g/{org}/officers/election/",
        {
            "title": "x",
            "election_day": "2026-08-01",
            "chair": "1",
            "vice_chair": "0",
            "secretary": "0",
            "treasurer": "0",
        },
    ),
    ("post", "/organizations/g/{org}/officers/election/EABCDEF/apply/", {}),
    ("get", "/organizations/k/{contract}/", None),
    ("post", "/organizations/k/{contract}/", {"amount_yuan": "10", "paid_on": "2026-06-01"}),
    ("post", "/organizations/k/{contract}/close/", {}),
    ("get", "/organizations/c/{a}/party/", None),
    ("post", "/organizations/c/{a}/party/add/", {"kind": "branch", "name": "x"}),
    ("post", "/organizations/c/{a}/party/members/add/", {"party_org": "{branch}", "name": "x"}),
    ("post", "/organizations/c/{a}/party/worker/", {"name": "x", "since": "2026-01-01"}),
    ("post", "/organizations/party-members/{pm}/out/", {"to": "x", "on": "2026-06-01"}),
    ("get", "/organizations/targets/?area={a}", None),
    ("get", "/api/v1/organizations/orgs?community={a}", None),
    (
        "post",
        "/api/v1/organizations/orgs",
        {
            "community_code": "{a}",
            "name": "x",
            "kind": "culture",
            "standing": "filed",
            "founded_on": "2020-01-01",
            "contact_name": "x",
        },
    ),
    ("get", "/api/v1/organizations/orgs/{org}", None),
    (
        "put",
        "/api/v1/organizations/orgs/{org}",
        {
            "name": "x",
            "kind": "culture",
            "standing": "filed",
            "founded_on": "2020-01-01",
            "contact_name": "x",
        },
    ),
    ("post", "/api/v1/organizations/orgs/{org}/grade", {"grade": "3A"}),
    ("post", "/api/v1/organizations/orgs/{org}/dissolve", {}),
    ("get", "/api/v1/organizations/orgs/{org}/members", None),
    ("post", "/api/v1/organizations/orgs/{org}/members", {"name": "x", "joined_on": "2021-01-01"}),
    ("post", "/api/v1/organizations/orgs/{org}/members/{member}/leave", {"left_on": "2026-06-01"}),
    ("post", "/api/v1/organizations/orgs/{org}/members/{member}/role", {"role": "treasurer"}),
    ("get", "/api/v1/organizations/orgs/{org}/officer-elections", None),
    (
        "post",
        "/api/v1/organizations/orgs/{org}/officer-elections",
        {"title": "x", "election_day": "2026-08-01", "seats": {"chair": 1}},
    ),
    ("post", "/api/v1/organizations/orgs/{org}/officer-elections/EABCDEF/apply", {}),
    ("get", "/api/v1/organizations/orgs/{org}/activities", None),
    ("post", "/api/v1/organizations/orgs/{org}/activities", {"title": "x", "held_on": "2026-06-01"}),
    ("get", "/api/v1/organizations/orgs/{org}/reports", None),
    ("post", "/api/v1/organizations/orgs/{org}/reports", {"year": 2025, "summary": "x"}),
    (
        "post",
        "/api/v1/organizations/orgs/{org}/contracts",
        {"title": "x", "amount_fen": 100, "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
    ),
    ("get", "/api/v1/organizations/contracts/{contract}", None),
    (
        "post",
        "/api/v1/organizations/contracts/{contract}/payments",
        {"amount_fen": 100, "paid_on": "2026-06-01"},
    ),
    ("get", "/api/v1/organizations/party/{a}", None),
    ("post", "/api/v1/organizations/party/{a}/orgs", {"kind": "branch", "name": "x"}),
    ("put", "/api/v1/organizations/party/{a}/worker", {"name": "x", "since": "2026-01-01"}),
    ("get", "/api/v1/organizations/party/{a}/members", None),
    ("post", "/api/v1/organizations/party/{a}/members", {"party_org_code": "{branch}", "name": "x"}),
    ("post", "/api/v1/organizations/party/members/{pm}/transfer-out", {"to": "x", "on": "2026-06-01"}),
    ("get", "/api/v1/organizations/targets?area={a}", None),
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
    assert response.status_code == 404, response.content[:300]
    assert AuditEvent.objects.count() == before


def test_lists_show_another_community_nothing(a_rows, worker_b, login):
    client = login(worker_b)
    assert "甲社区舞蹈队" not in client.get("/organizations/").content.decode()
    names = [o["name"] for o in client.get("/api/v1/organizations/orgs").json()["items"]]
    assert names == ["乙社区互助社"]
    assert client.get("/api/v1/organizations/contracts").json()["items"] == []
    assert "甲社区舞蹈队" not in client.get("/organizations/overdue/").content.decode()
    assert [f["area_code"] for f in client.get("/api/v1/organizations/targets").json()] == ["110105001002"]


def test_an_organiser_sees_only_their_organization(a_rows, scene, login):
    client = login(scene.organiser)
    assert client.get(f"/organizations/g/{scene.dance.code}/").status_code == 200
    assert client.get(f"/organizations/g/{scene.fitness.code}/").status_code == 404
    assert client.get(f"/organizations/k/{a_rows['contract']}/").status_code == 404
    assert [o["name"] for o in client.get("/api/v1/organizations/orgs").json()["items"]] == ["甲社区舞蹈队"]
