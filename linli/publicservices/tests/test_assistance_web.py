"""Assistance pages and API end to end, and every list and write answering 404 to outsiders."""

import datetime as dt

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.publicservices.models.assistance import Application, Status
from linli.publicservices.tests.conftest import NOW, PDF, b64, walk_to_notice


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_worker_submits_through_the_page_and_a_missing_document_keeps_the_form(
    granted, worker_a, household_a, login
):
    client = login(worker_a)
    form = {
        "household": household_a.code.lower(),
        "kind": "dibao",
        "members": "2",
        "monthly_income": "800",
        "assets": "5000",
        "reason": "无收入",
    }
    page = client.post("/publicservices/assistance/new/", {**form, "doc_id_card": _pdf("a.pdf")})
    assert page.status_code == 400
    body = page.content.decode()
    assert "无收入" in body  # kept as typed
    assert not Application.objects.exists()
    done = client.post(
        "/publicservices/assistance/new/",
        {**form, "doc_id_card": _pdf("a.pdf"), "doc_hukou": _pdf("b.pdf"), "doc_income": _pdf("c.pdf")},
    )
    assert done.status_code == 302
    a = Application.objects.get()
    assert a.monthly_income_fen == 80_000
    assert client.get(done["Location"]).status_code == 200


def test_the_api_walks_an_application_to_notice_and_the_board_shows_it_masked(
    granted, worker_a, street_officer, household_a, login, client
):
    w = login(worker_a)
    body = {
        "household": household_a.code,
        "applicant": household_a.head_id,
        "kind": "dibao",
        "members": 2,
        "monthly_income_fen": 0,
        "assets_fen": 0,
        "reason": "困难",
        "documents": [
            {"kind": k, "filename": f"{k}.pdf", "content_type": "application/pdf", "content": b64()}
            for k in ("id_card", "hukou", "income")
        ],
    }
    r = w.post("/api/v1/publicservices/assistance/applications", body, content_type="application/json")
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    again = w.post("/api/v1/publicservices/assistance/applications", body, content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "duplicate_application"
    r = w.post(
        f"/api/v1/publicservices/assistance/applications/{code}/check",
        {"passed": True, "report": "属实", "amount_fen": 99_000},
        content_type="application/json",
    )
    assert r.json()["status"] == "checked"
    r = login(street_officer).post(
        f"/api/v1/publicservices/assistance/applications/{code}/review",
        {"passed": True},
        content_type="application/json",
    )
    assert r.json()["status"] == "notice"
    board = client.get(f"/public/{household_a.community.code}/assistance/")
    assert board.status_code == 200
    text = board.content.decode()
    assert "王**" in text and "王建国" not in text and "990" in text
    public = client.get(f"/api/v1/publicservices/assistance/notice/{household_a.community.code}").json()
    assert public["notices"][0]["name"] == "王**"


def test_a_missing_document_over_the_api_is_a_400_naming_it(granted, worker_a, household_a, login):
    body = {
        "household": household_a.code,
        "applicant": household_a.head_id,
        "kind": "dibao",
        "members": 2,
        "monthly_income_fen": 0,
        "assets_fen": 0,
        "reason": "x",
        "documents": [],
    }
    r = login(worker_a).post(
        "/api/v1/publicservices/assistance/applications", body, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["code"] == "document_missing"
    assert "documents" in r.json()["fields"]


def test_a_resident_objects_from_the_board(application, worker_a, street_officer, resident, login):
    walk_to_notice(application, worker_a, street_officer)
    client = login(resident)
    assert client.get(f"/publicservices/assistance/notice/{application.code}/object/").status_code == 200
    r = client.post(f"/publicservices/assistance/notice/{application.code}/object/", {"text": "他家开店"})
    assert r.status_code == 302
    assert application.objections.count() == 1


def test_a_document_opens_only_by_post_with_a_reason(application, worker_a, login):
    doc = application.documents.first()
    client = login(worker_a)
    url = f"/publicservices/assistance/a/{application.code}/documents/{doc.pk}/open/"
    assert client.get(url).status_code == 405
    assert client.post(url, {"reason": ""}).status_code == 400
    r = client.post(url, {"reason": "核对"})
    assert r.status_code == 200 and r.content == PDF


@pytest.fixture
def rows(application, worker_a, street_officer):
    walk_to_notice(application, worker_a, street_officer, now=NOW - dt.timedelta(days=1))
    return {
        "code": application.code,
        "doc": application.documents.first().pk,
        "hh": application.household.code,
        "head": application.household.head_id,
    }


WEB = [
    ("get", "/publicservices/assistance/a/{code}/", None),
    ("post", "/publicservices/assistance/a/{code}/check/", {"passed": "1", "report": "x", "amount": "1"}),
    ("post", "/publicservices/assistance/a/{code}/review/", {"passed": "1"}),
    ("post", "/publicservices/assistance/a/{code}/approve/", {"passed": "1"}),
    (
        "post",
        "/publicservices/assistance/a/{code}/pay/",
        {"month": "2026-03-01", "amount": "1", "paid_on": "2026-03-02"},
    ),
    ("post", "/publicservices/assistance/a/{code}/recipient-review/", {"keep": "1", "note": "x"}),
    ("post", "/publicservices/assistance/a/{code}/documents/{doc}/open/", {"reason": "x"}),
    ("get", "/api/v1/publicservices/assistance/applications/{code}", None),
    (
        "post",
        "/api/v1/publicservices/assistance/applications/{code}/check",
        {"passed": True, "report": "x", "amount_fen": 1},
    ),
    ("post", "/api/v1/publicservices/assistance/applications/{code}/review", {"passed": True}),
    ("post", "/api/v1/publicservices/assistance/applications/{code}/approve", {"passed": True}),
    (
        "post",
        "/api/v1/publicservices/assistance/applications/{code}/payments",
        {"month": "2026-03-01", "amount_fen": 1, "paid_on": "2026-03-02"},
    ),
    ("get", "/api/v1/publicservices/assistance/applications/{code}/payments", None),
    (
        "post",
        "/api/v1/publicservices/assistance/applications/{code}/recipient-review",
        {"keep": True, "note": "x"},
    ),
    (
        "post",
        "/api/v1/publicservices/assistance/applications",
        {
            "household": "{hh}",
            "applicant": "{head}",
            "kind": "medical",
            "members": 1,
            "monthly_income_fen": 0,
            "assets_fen": 0,
            "reason": "x",
            "documents": [],
        },
    ),
    ("post", "/api/v1/publicservices/assistance/notices/{code}/objections", {"text": "x"}),
    ("get", "/publicservices/assistance/notice/{code}/object/", None),
]


def _call(client, method, url, body, rows):
    url = url.format(**rows)
    if body is None:
        return getattr(client, method)(url)
    filled = {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in body.items()}
    if "applicant" in filled:
        filled["applicant"] = int(filled["applicant"])
    if url.startswith("/api/"):
        return getattr(client, method)(url, filled, content_type="application/json")
    return getattr(client, method)(url, filled)


@pytest.mark.parametrize(("method", "url", "body"), WEB)
def test_a_worker_of_another_community_gets_404_and_changes_nothing(rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    response = _call(client, method, url, body, rows)
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("method", "url", "body"), WEB[:15])
def test_a_worker_of_the_community_without_the_sensitive_grant_gets_404(rows, tree, login, method, url, body):
    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role

    plain = user_create(
        actor=None,
        display_name="无授权",
        username="plain",
        password="correct-horse-42",
        role=Role.WORKER,
        area=tree.community_a,
    )
    client = login(plain)
    before = AuditEvent.objects.count()
    response = _call(client, method, url, body, rows)
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_lists_show_an_outsider_nothing(rows, worker_b, login):
    client = login(worker_b)
    assert client.get("/api/v1/publicservices/assistance/applications").json()["items"] == []
    assert client.get("/api/v1/publicservices/assistance/reviews-due").json()["items"] == []
    page = client.get("/publicservices/assistance/")
    assert page.status_code == 200 and rows["code"] not in page.content.decode()


def test_the_list_page_shows_the_street_its_queue(rows, street_officer, login):
    walk_state = Application.objects.get(code=rows["code"]).status
    assert walk_state == Status.NOTICE
    page = login(street_officer).get("/publicservices/assistance/")
    assert rows["code"] in page.content.decode()
