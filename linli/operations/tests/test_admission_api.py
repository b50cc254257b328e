"""/api/v1/operations/admission: a department applies, the street reviews, the district approves;
the item joins a new version of the public list; tasks reach communities, flagged ones may be
refused, completion posts the payment to the ledger; outsiders get 404."""

import datetime as dt

import pytest
import time_machine

from linli.finance.models import Category, EntryStatus, Fund, LedgerEntry
from linli.operations.models import Task
from linli.operations.tests.conftest import NOW, START

API = "/api/v1/operations/admission"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def _item_body(department, **extra):
    return {
        "department_id": department.pk,
        "kind": "item",
        "name": "老年人健康档案入户登记",
        "legal_basis": "《基本公共卫生服务规范》",
        "holder": "station",
        "funding_fen": 2000,
        "unit": "户",
        "start_date": START.isoformat(),
        "forms": 1,
        "ledgers": 1,
        **extra,
    }


def test_an_item_goes_from_application_to_the_public_list(
    tree, department, street_officer, district_officer, client, login
):
    r = _post(login(street_officer), "/applications", _item_body(department))
    assert r.status_code == 201, r.content
    body = r.json()
    code = body["code"]
    assert body["status"] == "submitted"
    # 5 and 15 working days from Tuesday 10 March 2026, on the tickets' calendar.
    assert body["review_due"].startswith("2026-03-17")
    assert body["decision_due"].startswith("2026-03-31")
    # The district cannot decide before the street has reviewed.
    early = _post(login(district_officer), f"/applications/{code}/decide", {"approve": True})
    assert early.status_code == 409
    assert (
        _post(login(street_officer), f"/applications/{code}/review", {"approve": True}).json()["status"]
        == "reviewed"
    )
    assert (
        _post(login(district_officer), f"/applications/{code}/decide", {"approve": True}).json()["status"]
        == "approved"
    )
    public = client.get(f"{API}/lists/{tree.district.code}")
    assert public.status_code == 200
    listed = public.json()
    assert listed["version"] == 1
    assert [i["name"] for i in listed["items"]] == ["老年人健康档案入户登记"]
    assert listed["items"][0]["department"] == "区卫健委"
    assert client.get(f"{API}/lists/{tree.district.code}?version=2").status_code == 404


def test_a_revoked_item_leaves_the_current_list_but_stays_in_its_version(
    tree, department, street_officer, district_officer, client, login
):
    code = _post(login(street_officer), "/applications", _item_body(department)).json()["code"]
    _post(login(street_officer), f"/applications/{code}/review", {"approve": True})
    _post(login(district_officer), f"/applications/{code}/decide", {"approve": True})
    item = client.get(f"{API}/lists/{tree.district.code}").json()["items"][0]["code"]
    r = _post(login(district_officer), f"/items/{item}/revoke", {"reason": "并入健康随访"})
    assert r.json()["removed_in"] == 2
    assert client.get(f"{API}/lists/{tree.district.code}").json()["items"] == []
    assert len(client.get(f"{API}/lists/{tree.district.code}?version=1").json()["items"]) == 1


def test_a_refusal_keeps_its_reason_and_needs_one(tree, department, street_officer, login):
    code = _post(login(street_officer), "/applications", _item_body(department)).json()["code"]
    bare = _post(login(street_officer), f"/applications/{code}/review", {"approve": False})
    assert bare.status_code == 400
    assert "note" in bare.json()["fields"]
    r = _post(login(street_officer), f"/applications/{code}/review", {"approve": False, "note": "无法律依据"})
    assert r.json()["status"] == "refused"
    assert r.json()["refusal_reason"] == "无法律依据"
    assert r.json()["refused_by_level"] == "street"


def test_an_application_less_than_30_working_days_ahead_is_refused(department, street_officer, login):
    r = _post(login(street_officer), "/applications", _item_body(department, start_date="2026-04-01"))
    assert r.status_code == 400
    assert r.json()["code"] == "too_late"
    assert "start_date" in r.json()["fields"]


def test_an_approved_one_off_task_reaches_the_named_communities(
    tree, department, street_officer, district_officer, worker_a, worker_b, login
):
    body = _item_body(
        department,
        kind="task",
        name="秋季征兵宣传",
        task_due="2026-06-30",
        community_codes=[tree.community_a.code, tree.community_b.code],
        funding_fen=50000,
    )
    code = _post(login(street_officer), "/applications", body).json()["code"]
    _post(login(street_officer), f"/applications/{code}/review", {"approve": True})
    _post(login(district_officer), f"/applications/{code}/decide", {"approve": True})
    mine = login(worker_a).get(f"{API}/tasks").json()["items"]
    assert [(t["title"], t["admitted"], t["status"], t["community_code"]) for t in mine] == [
        ("秋季征兵宣传", True, "open", tree.community_a.code)
    ]
    assert len(login(worker_b).get(f"{API}/tasks").json()["items"]) == 1
    # Admitted work cannot be refused.
    refused = _post(login(worker_a), f"/tasks/{mine[0]['code']}/refuse", {"reason": "太多"})
    assert refused.status_code == 409


def test_a_task_outside_the_list_is_flagged_and_may_be_refused(tree, department, worker_a, login):
    r = _post(
        login(worker_a),
        "/tasks",
        {
            "community_code": tree.community_a.code,
            "department_id": department.pk,
            "title": "开具居住证明",
            "due_date": "2026-03-20",
        },
    )
    assert r.status_code == 201, r.content
    task = r.json()
    assert task["admitted"] is False
    assert task["status"] == "flagged"
    r = _post(login(worker_a), f"/tasks/{task['code']}/refuse", {"reason": "不在准入清单内"})
    assert r.json()["status"] == "refused"
    assert r.json()["refusal_reason"] == "不在准入清单内"
    burden = login(worker_a).get(f"{API}/burden/{tree.community_a.code}").json()
    assert burden["total"]["refused"] == 1


def test_a_completed_admitted_task_posts_its_payment_to_the_project_fund(
    tree, department, street_officer, district_officer, worker_a, client, login
):
    code = _post(login(street_officer), "/applications", _item_body(department)).json()["code"]
    _post(login(street_officer), f"/applications/{code}/review", {"approve": True})
    _post(login(district_officer), f"/applications/{code}/decide", {"approve": True})
    item = client.get(f"{API}/lists/{tree.district.code}").json()["items"][0]["code"]
    r = _post(
        login(worker_a),
        "/tasks",
        {
            "community_code": tree.community_a.code,
            "department_id": department.pk,
            "title": "健康档案登记 30 户",
            "due_date": "2026-03-31",
            "item_code": item,
            "units": 30,
        },
    )
    task = r.json()
    assert (task["admitted"], task["status"], task["payment_fen"]) == (True, "open", 60000)
    done = _post(login(worker_a), f"/tasks/{task['code']}/complete").json()
    entry = LedgerEntry.objects.get(code=done["ledger_entry_code"])
    assert (entry.community, entry.fund, entry.category, entry.amount_fen, entry.status) == (
        tree.community_a,
        Fund.PROJECT,
        Category.PROJECT_INCOME,
        60000,
        EntryStatus.ENTERED,  # the democratic finance group reviews it like any other entry
    )
    burden = login(district_officer).get(f"{API}/burden/{tree.district.code}").json()
    assert burden["total"]["paid_fen"] == 60000
    assert burden["total"]["station_items"] == 1
    rows = {r["area_code"]: (r["communities"], r["done"], r["paid_fen"]) for r in burden["rows"]}
    assert rows == {tree.street.code: (2, 1, 60000), tree.other_street.code: (1, 0, 0)}


# --- outsiders ------------------------------------------------------------------------------------


def test_outsiders_get_404_on_applications_tasks_and_burden(
    tree, department, street_officer, other_street_officer, worker_a, worker_b, resident, login
):
    code = _post(login(street_officer), "/applications", _item_body(department)).json()["code"]
    other = login(other_street_officer)
    assert other.get(f"{API}/applications/{code}").status_code == 404
    assert other.get(f"{API}/applications").json()["items"] == []
    assert _post(other, f"/applications/{code}/review", {"approve": True}).status_code == 404
    assert _post(other, "/applications", _item_body(department)).status_code == 404
    task = _post(
        login(worker_a),
        "/tasks",
        {
            "community_code": tree.community_a.code,
            "department_id": department.pk,
            "title": "x",
            "due_date": "2026-03-20",
        },
    ).json()["code"]
    assert login(worker_b).get(f"{API}/tasks/{task}").status_code == 404
    assert login(worker_b).get(f"{API}/tasks").json()["items"] == []
    assert _post(login(worker_b), f"/tasks/{task}/refuse", {"reason": "x"}).status_code == 404
    assert _post(login(worker_b), f"/tasks/{task}/complete").status_code == 404
    assert login(worker_b).get(f"{API}/burden/{tree.community_a.code}").status_code == 404
    assert login(resident).get(f"{API}/applications").json()["items"] == []
    assert Task.objects.count() == 1


def test_the_district_cannot_review_and_the_street_cannot_decide(
    tree, department, street_officer, district_officer, login
):
    code = _post(login(street_officer), "/applications", _item_body(department)).json()["code"]
    assert (
        _post(login(district_officer), f"/applications/{code}/review", {"approve": True}).status_code == 403
    )
    _post(login(street_officer), f"/applications/{code}/review", {"approve": True})
    assert _post(login(street_officer), f"/applications/{code}/decide", {"approve": True}).status_code == 403


def test_dates_before_now_are_refused_for_tasks(tree, department, worker_a, login):
    r = _post(
        login(worker_a),
        "/tasks",
        {
            "community_code": tree.community_a.code,
            "department_id": department.pk,
            "title": "x",
            "due_date": (NOW.date() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert r.status_code == 400
    assert "due_date" in r.json()["fields"]
