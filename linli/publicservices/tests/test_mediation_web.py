"""Mediation in the browser: a case from a walk-in (a resident by ID number, an outsider by name)
through sessions and the agreement printed for signing, the follow-up; a referral when mediation
fails; the mediators page; the monthly figures. The mediator role reaches only the cases of the
communities whose mediation group they sit in."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import _user, id_number
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.publicservices.mediation import actions
from linli.publicservices.mediation.actions import PartyIn
from linli.publicservices.models.mediation import Case, CaseStatus, Mediator

BASE = "/publicservices/mediation"


@pytest.fixture
def mediator(tree, worker_a):
    return actions.mediator_add(actor=worker_a, community=tree.community_a, name="调解员老赵")


def open_by_form(client, tree, **extra):
    data = {
        "community": tree.community_a.code,
        "source": "walk_in",
        "kind": "neighbours",
        "summary": "楼上漏水殃及楼下",
        "applicants": id_number("19500101", "011"),
        "respondents": "张三\n房东李某",
    }
    data.update(extra)
    return client.post(f"{BASE}/new/", data)


def test_a_case_goes_from_the_walk_in_to_the_signed_agreement_and_its_follow_up(
    tree, worker_a, household_a, mediator, login
):
    client = login(worker_a)
    assert client.get(f"{BASE}/new/").status_code == 200
    response = open_by_form(client, tree)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/c/{case.code}/")
    parties = {p.name: p for p in case.parties.all()}
    assert parties["王建国"].resident == household_a.head and parties["王建国"].side == "applicant"
    assert parties["房东李某"].resident is None and parties["张三"].side == "respondent"

    page = client.get(f"{BASE}/c/{case.code}/").content.decode()
    assert "楼上漏水" in page and "调解员老赵" in page
    # An agreement before any session is refused on the form, which keeps what was typed.
    early = client.post(f"{BASE}/c/{case.code}/agreement/new/", {"agreement": "先写好的协议"})
    assert early.status_code == 400 and "先写好的协议" in early.content.decode()
    held = timezone.localtime() - dt.timedelta(hours=1)
    response = client.post(
        f"{BASE}/c/{case.code}/sessions/",
        {"mediator": mediator.pk, "held_at": held.strftime("%Y-%m-%dT%H:%M"), "notes": "双方到场"},
    )
    assert response.status_code == 302 and case.sessions.count() == 1
    response = client.post(f"{BASE}/c/{case.code}/agreement/new/", {"agreement": "张三修好水管并赔偿500元"})
    assert response.status_code == 302
    printed = client.get(f"{BASE}/c/{case.code}/agreement/").content.decode()
    assert "赔偿500元" in printed and "房东李某" in printed and "调解员老赵" in printed
    response = client.post(f"{BASE}/c/{case.code}/follow-up/", {"kept": "1"})
    case.refresh_from_db()
    assert response.status_code == 302 and case.status == CaseStatus.CLOSED and case.agreement_kept is True


def test_a_case_from_a_ticket_needs_its_number_and_a_resident_must_be_found(tree, worker_a, login):
    client = login(worker_a)
    response = open_by_form(client, tree, source="ticket", applicants="王五")
    assert response.status_code == 400 and Case.objects.count() == 0
    assert "楼上漏水" in response.content.decode()  # the form keeps its input
    response = open_by_form(client, tree, applicants=id_number("19800101", "099"))
    assert response.status_code == 400 and Case.objects.count() == 0
    response = open_by_form(client, tree, source="hotline", applicants="王五", respondents="")
    assert response.status_code == 400 and Case.objects.count() == 0
    assert (
        open_by_form(client, tree, source="ticket", ticket_code="tk-1", applicants="王五").status_code == 302
    )
    assert Case.objects.get().ticket_code == "TK-1"


def test_a_failed_mediation_is_referred_to_a_court_from_the_page(tree, worker_a, login):
    client = login(worker_a)
    open_by_form(client, tree, applicants="王五")
    case = Case.objects.get()
    bad = client.post(f"{BASE}/c/{case.code}/referral/", {"to": "court", "reason": ""})
    assert bad.status_code == 400
    response = client.post(f"{BASE}/c/{case.code}/referral/", {"to": "court", "reason": "对方拒绝调解"})
    case.refresh_from_db()
    assert response.status_code == 302 and case.status == CaseStatus.REFERRED and case.referred_to == "court"


def test_the_mediators_page_adds_one_linked_to_a_mediator_account(tree, worker_a, login):
    account = _user("调解员小周", Role.MEDIATOR, tree.community_a, username="med_zhou")
    worker = _user("工作者丙", Role.WORKER, tree.community_c, username="worker_c")
    client = login(worker_a)
    form = {"community": tree.community_a.code, "name": "周调解", "in_group": "on"}
    bad = client.post(f"{BASE}/mediators/", {**form, "username": worker.username})
    assert bad.status_code == 400 and Mediator.objects.count() == 0
    assert client.post(f"{BASE}/mediators/", {**form, "username": "med_zhou"}).status_code == 302
    assert Mediator.objects.get().user == account


def test_the_monthly_figures_page_counts_cases_and_agreements(tree, worker_a, mediator, login):
    now = timezone.now()
    case = actions.case_open(
        actor=worker_a,
        community=tree.community_a,
        source="hotline",
        kind="rent",
        summary="押金",
        parties=[PartyIn(name="甲", side="applicant"), PartyIn(name="乙", side="respondent")],
        now=now - dt.timedelta(hours=3),
    )
    actions.session_record(
        actor=worker_a, case=case, mediator=mediator, held_at=now - dt.timedelta(hours=2), notes="x", now=now
    )
    actions.agreement_record(actor=worker_a, case=case, agreement="退押金", now=now)
    local = timezone.localtime(now - dt.timedelta(hours=3))
    page = login(worker_a).get(f"{BASE}/figures/{tree.community_a.code}/", {"until": f"{local:%Y-%m}"})
    body = page.content.decode()
    assert page.status_code == 200
    row = "".join(body.split(f"{local:%Y-%m}</td>")[1].split("</tr>")[0].split())
    assert row.startswith("<td>1</td><td>1</td><td>0</td><td>100%</td>")


@pytest.fixture
def two_cases(tree, worker_a, worker_b):
    def one(actor, community):
        return actions.case_open(
            actor=actor,
            community=community,
            source="walk_in",
            kind="family",
            summary="家事",
            parties=[PartyIn(name="甲", side="applicant"), PartyIn(name="乙", side="respondent")],
        )

    return one(worker_a, tree.community_a), one(worker_b, tree.community_b)


@pytest.fixture
def group_mediator(tree, worker_a):
    user = _user("调解员小周", Role.MEDIATOR, tree.community_a, username="med_zhou")
    actions.mediator_add(actor=worker_a, community=tree.community_a, name="小周", user=user)
    return user


def test_a_mediator_works_the_cases_of_their_group_and_sees_no_other(two_cases, group_mediator, login):
    mine, other = two_cases
    client = login(group_mediator)
    listing = client.get(f"{BASE}/").content.decode()
    assert mine.code in listing and other.code not in listing
    assert client.get(f"{BASE}/c/{other.code}/").status_code == 404
    api = client.get("/api/v1/publicservices/mediation/cases").json()["items"]
    assert [c["code"] for c in api] == [mine.code]
    me = Mediator.objects.get(user=group_mediator)
    held = timezone.localtime() - dt.timedelta(hours=1)
    ok = client.post(
        f"{BASE}/c/{mine.code}/sessions/",
        {"mediator": me.pk, "held_at": held.strftime("%Y-%m-%dT%H:%M"), "notes": "到场"},
    )
    assert ok.status_code == 302
    before = AuditEvent.objects.count()
    assert client.post(f"{BASE}/c/{other.code}/referral/", {"to": "court", "reason": "x"}).status_code == 404
    assert (
        client.post(
            f"/api/v1/publicservices/mediation/cases/{other.code}/referral",
            {"to": "court", "reason": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert AuditEvent.objects.count() == before
    # Nothing else of the public services: no assistance, no seekers, no adding mediators.
    assert client.get("/api/v1/publicservices/employment/seekers").json()["items"] == []
    assert client.get(f"{BASE}/mediators/").status_code == 404


def test_the_mediator_role_without_a_group_seat_sees_nothing(two_cases, tree, login):
    user = _user("调解员老孙", Role.MEDIATOR, tree.community_a, username="med_sun")
    client = login(user)
    assert client.get(f"{BASE}/").status_code == 404
    assert client.get("/api/v1/publicservices/mediation/cases").json()["items"] == []
    assert client.get(f"{BASE}/c/{two_cases[0].code}/").status_code == 404


WEB_WRITES = [
    ("new/", None),
    ("c/{code}/sessions/", {"mediator": "{m}", "held_at": "2026-03-10T08:00", "notes": "x"}),
    ("c/{code}/agreement/new/", {"agreement": "x"}),
    ("c/{code}/referral/", {"to": "court", "reason": "x"}),
    ("c/{code}/follow-up/", {"kept": "1"}),
    ("c/{code}/", None),
    ("figures/{a}/", None),
]


@pytest.mark.parametrize(("url", "body"), WEB_WRITES)
def test_a_worker_of_another_community_gets_404_on_every_page(
    two_cases, mediator, tree, worker_b, login, url, body
):
    mine = two_cases[0]
    rows = {"code": mine.code, "m": mediator.pk, "a": tree.community_a.code}
    client = login(worker_b)
    before = AuditEvent.objects.count()
    if body is None:
        status = client.get(f"{BASE}/{url.format(**rows)}").status_code
        if url == "new/":
            # Worker B may open cases, but only in their own community.
            data = {
                "community": tree.community_a.code,
                "source": "walk_in",
                "kind": "rent",
                "summary": "x",
                "applicants": "甲",
                "respondents": "乙",
            }
            assert client.post(f"{BASE}/new/", data).status_code == 400
            assert AuditEvent.objects.count() == before
            return
    else:
        status = client.post(
            f"{BASE}/{url.format(**rows)}", {k: v.format(**rows) for k, v in body.items()}
        ).status_code
    assert status == 404
    assert AuditEvent.objects.count() == before
