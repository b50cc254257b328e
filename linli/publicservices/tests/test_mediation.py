"""People's mediation: a case from the walk-in to the printed agreement and its follow-up; the
monthly figures; and 404 for outsiders on every list and write."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.publicservices.mediation import actions, queries
from linli.publicservices.mediation.actions import PartyIn
from linli.publicservices.models.mediation import CaseStatus
from linli.publicservices.tests.conftest import NOW


@pytest.fixture
def case(tree, worker_a, household_a):
    mediator = actions.mediator_add(actor=worker_a, community=tree.community_a, name="调解员老赵", now=NOW)
    c = actions.case_open(
        actor=worker_a,
        community=tree.community_a,
        source="walk_in",
        kind="neighbours",
        summary="楼上漏水殃及楼下",
        parties=[
            PartyIn(name="王建国", side="applicant", resident=household_a.head),
            PartyIn(name="张三", side="respondent"),
        ],
        now=NOW,
    )
    return c, mediator


def test_a_case_needs_both_sides(tree, worker_a):
    with pytest.raises(DomainError) as exc:
        actions.case_open(
            actor=worker_a,
            community=tree.community_a,
            source="walk_in",
            kind="family",
            summary="x",
            parties=[PartyIn(name="甲", side="applicant")],
            now=NOW,
        )
    assert exc.value.code == "parties"


def test_an_agreement_needs_a_session_then_prints_for_signing_and_counts_in_the_month(
    case, worker_a, tree, login
):
    c, mediator = case
    with pytest.raises(DomainError):
        actions.agreement_record(actor=worker_a, case=c, agreement="修好水管", now=NOW)
    actions.session_record(
        actor=worker_a,
        case=c,
        mediator=mediator,
        held_at=NOW,
        notes="双方到场",
        now=NOW + dt.timedelta(hours=1),
    )
    actions.agreement_record(
        actor=worker_a, case=c, agreement="张三三日内修好水管并赔偿500元", now=NOW + dt.timedelta(days=2)
    )
    page = login(worker_a).get(f"/publicservices/mediation/c/{c.code}/agreement/")
    assert (
        page.status_code == 200 and "赔偿500元" in page.content.decode() and "张三" in page.content.decode()
    )
    month = queries.monthly(worker_a, tree.street, 2026, 3)
    assert (month.cases, month.agreed, month.success_rate, month.median_days_to_agreement) == (1, 1, 1.0, 2.0)
    actions.case_follow_up(actor=worker_a, case=c, kept=True, now=NOW + dt.timedelta(days=30))
    c.refresh_from_db()
    assert c.status == CaseStatus.CLOSED and c.agreement_kept is True


def test_a_failed_mediation_is_referred_and_closes_for_further_sessions(case, worker_a):
    c, mediator = case
    actions.case_refer(actor=worker_a, case=c, to="court", reason="对方拒绝调解", now=NOW)
    with pytest.raises(DomainError) as exc:
        actions.session_record(actor=worker_a, case=c, mediator=mediator, held_at=NOW, notes="x", now=NOW)
    assert exc.value.code == "case_closed"


@pytest.fixture
def rows(case, tree):
    c, mediator = case
    return {"code": c.code, "m": mediator.pk, "a": tree.community_a.code}


API = "/api/v1/publicservices/mediation"
OUTSIDE = [
    ("get", f"{API}/cases/{{code}}", None),
    (
        "post",
        f"{API}/cases",
        {
            "community": "{a}",
            "source": "walk_in",
            "kind": "rent",
            "summary": "x",
            "parties": [{"name": "a", "side": "applicant"}, {"name": "b", "side": "respondent"}],
        },
    ),
    ("post", f"{API}/mediators", {"community": "{a}", "name": "x"}),
    (
        "post",
        f"{API}/cases/{{code}}/sessions",
        {"mediator": "{m}", "held_at": "2026-03-10T08:00:00+08:00", "notes": "x"},
    ),
    ("post", f"{API}/cases/{{code}}/agreement", {"agreement": "x"}),
    ("post", f"{API}/cases/{{code}}/referral", {"to": "court", "reason": "x"}),
    ("post", f"{API}/cases/{{code}}/follow-up", {"kept": True}),
    ("get", f"{API}/figures/{{a}}?year=2026&month=3", None),
    ("get", "/publicservices/mediation/c/{code}/agreement/", None),
]


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDE)
def test_a_worker_of_another_community_gets_404_and_changes_nothing(rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    if body is None:
        response = client.get(url.format(**rows))
    else:
        filled = {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in body.items()}
        if "mediator" in filled:
            filled["mediator"] = int(filled["mediator"])
        response = client.post(url.format(**rows), filled, content_type="application/json")
    assert response.status_code == 404, response.content
    assert AuditEvent.objects.count() == before


def test_lists_show_an_outsider_nothing(rows, worker_b, login):
    client = login(worker_b)
    assert client.get(f"{API}/cases").json()["items"] == []
    assert client.get(f"{API}/mediators").json() == []
    assert rows["code"] not in client.get("/publicservices/mediation/").content.decode()
