"""Every disclosure list and write endpoint answers 404 to a worker of another community."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.disclosure.actions import item_create, item_publish, question_ask


@pytest.fixture
def a_rows(tree, worker_a, resident):
    draft = item_create(
        actor=worker_a, community=tree.community_a, category="affairs", title="草稿", body="内容"
    )
    shown = item_create(
        actor=worker_a,
        community=tree.community_a,
        category="finance",
        title="公开",
        body="内容",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    shown = item_publish(actor=worker_a, item=shown)
    question = question_ask(actor=resident, item=shown, text="请问这是什么？")
    return {"a": tree.community_a.code, "draft": draft.code, "shown": shown.code, "q": question.pk}


CASES = [
    ("get", "/api/v1/disclosure/communities/{a}/items", None),
    ("get", "/api/v1/disclosure/items/{draft}", None),
    ("put", "/api/v1/disclosure/items/{draft}", {"title": "x", "body": "y"}),
    ("post", "/api/v1/disclosure/items/{shown}/withdraw", {"reason": "x"}),
    ("get", "/api/v1/disclosure/items/{shown}/questions", None),
    ("post", "/api/v1/disclosure/questions/{q}/answer", {"answer": "x"}),
    ("get", "/api/v1/disclosure/overdue?community={a}", None),
    ("get", "/disclosure/c/{a}/", None),
    ("get", "/disclosure/i/{draft}/", None),
    ("post", "/disclosure/i/{draft}/", {"step": "publish"}),
    ("post", "/disclosure/i/{shown}/", {"step": "answer", "question": "{q}", "answer": "x"}),
]


@pytest.mark.parametrize(("method", "url", "body"), CASES)
def test_outsider_gets_404_and_changes_nothing(a_rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    path = url.format(**a_rows)
    if body is not None:
        body = {k: (v.format(**a_rows) if isinstance(v, str) else v) for k, v in body.items()}
    if path.startswith("/api/") and body is not None:
        response = getattr(client, method)(path, body, content_type="application/json")
    else:
        response = getattr(client, method)(path, body or {})
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_schedules_of_another_district_are_404(tree, district_officer, login):
    response = login(district_officer).put(
        "/api/v1/disclosure/schedules",
        {
            "area_code": tree.other_district.code,
            "category": "finance",
            "frequency": "month",
            "grace_days": 5,
            "effective_from": "2026-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    ok = login(district_officer).put(
        "/api/v1/disclosure/schedules",
        {
            "area_code": tree.district.code,
            "category": "finance",
            "frequency": "month",
            "grace_days": 5,
            "effective_from": "2026-01-01",
        },
        content_type="application/json",
    )
    assert ok.status_code == 200
    listed = login(district_officer).get("/api/v1/disclosure/schedules").json()
    assert [s["area_code"] for s in listed] == [tree.district.code]
