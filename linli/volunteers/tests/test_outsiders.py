"""Every volunteers list and write answers 404 to a worker of another community and nothing is
written; the pages and the API alike."""

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.volunteers import actions
from linli.volunteers.models import Transfer
from linli.volunteers.tests.conftest import END, NOW, START


@pytest.fixture
def rows(scene, tree, worker_a, street_officer):
    entry = actions.signup(actor=None, shift=scene.shift, volunteer=scene.me, now=NOW)
    actions.check_in(actor=worker_a, entry=entry, now=START)
    actions.check_out(actor=worker_a, entry=entry, now=END)
    other = actions.signup(actor=None, shift=scene.shift, volunteer=scene.other, now=NOW)
    actions.check_in(actor=worker_a, entry=other, now=START)
    actions.sign_off(actor=worker_a, entry=other, minutes=60, now=END)
    cert = actions.certificate_issue(actor=worker_a, volunteer=scene.other, now=END)
    return {
        "a": tree.community_a.code,
        "act": scene.activity.code,
        "shift": scene.shift.pk,
        "entry": entry.pk,
        "number": scene.me.number,
        "cert": cert.code,
        "transfer": Transfer.objects.get(kind="earned").code,
    }


CASES = [
    ("get", "/volunteers/a/{act}/", None),
    ("post", "/volunteers/a/{act}/s/{shift}/signup/", {}),
    ("get", "/volunteers/a/{act}/s/{shift}/code/", None),
    ("get", "/volunteers/a/{act}/s/{shift}/scan/", None),
    ("post", "/volunteers/signups/{entry}/cancel/", {}),
    ("post", "/volunteers/signups/{entry}/check/in/", {}),
    ("post", "/volunteers/signups/{entry}/sign-off/", {"minutes": "10"}),
    ("post", "/volunteers/v/{number}/certificate/", {}),
    ("get", "/volunteers/certificates/{cert}/", None),
    ("get", "/volunteers/c/{a}/roll/", None),
    ("post", "/volunteers/c/{a}/roll/", {"name": "x", "id_number": "11010519900101001X"}),
    ("get", "/volunteers/c/{a}/import/", None),
    ("get", "/volunteers/share/{a}/", None),
    ("get", "/api/v1/volunteers/roll/{number}", None),
    ("get", "/api/v1/volunteers/roll/{number}/hours", None),
    ("post", "/api/v1/volunteers/roll", {"community_code": "{a}", "name": "x", "id_number": "x"}),
    ("get", "/api/v1/volunteers/activities/{act}", None),
    ("post", "/api/v1/volunteers/activities/{act}/shifts/{shift}/signups", {"number": "{number}"}),
    ("get", "/api/v1/volunteers/activities/{act}/shifts/{shift}/code", None),
    ("post", "/api/v1/volunteers/signups/{entry}/check-in", {}),
    ("post", "/api/v1/volunteers/signups/{entry}/sign-off", {}),
    ("post", "/api/v1/volunteers/signups/{entry}/cancel", {}),
    ("post", "/api/v1/volunteers/roll/{number}/redemptions", {"minutes": 1, "service": "x"}),
    ("post", "/api/v1/volunteers/roll/{number}/certificates", {}),
    ("post", "/api/v1/volunteers/transfers/{transfer}/reverse", {"reason": "x"}),
    ("get", "/api/v1/volunteers/share/{a}", None),
    ("get", "/api/v1/volunteers/export/{a}", None),
    (
        "post",
        "/api/v1/volunteers/activities",
        {
            "area_code": "{a}",
            "title": "x",
            "place": "x",
            "starts_at": "2026-03-12T08:00:00+08:00",
            "ends_at": "2026-03-12T09:00:00+08:00",
            "capacity": 1,
        },
    ),
    ("post", "/api/v1/volunteers/teams", {"area_code": "{a}", "name": "x"}),
]


def _fill(body, rows):
    return {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in (body or {}).items()}


@pytest.mark.parametrize(("method", "url", "body"), CASES)
def test_a_worker_of_another_community_gets_404_and_changes_nothing(rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    path = url.format(**rows)
    with time_machine.travel(NOW, tick=False):
        if path.startswith("/api/") and body is not None:
            response = getattr(client, method)(path, _fill(body, rows), content_type="application/json")
        else:
            response = getattr(client, method)(path, _fill(body, rows))
    assert response.status_code == 404, (path, response.status_code)
    assert AuditEvent.objects.count() == before


def test_lists_show_another_worker_nothing_of_community_a(rows, worker_b, login):
    client = login(worker_b)
    assert client.get("/api/v1/volunteers/roll").json()["count"] == 0
    assert client.get("/api/v1/volunteers/teams").json()["count"] == 0
    assert client.get("/api/v1/volunteers/activities").json()["count"] == 0
    page = client.get("/volunteers/").content.decode()
    assert "助老上门" not in page and "王建国" not in page
