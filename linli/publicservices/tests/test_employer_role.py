"""The employer role: a registered employer's staff post jobs for it (page and API), see only its
postings and the referrals to them, record the interview outcome, and nothing else; a second
employer's staff and other communities' workers get 404."""

import pytest

from conftest import _user
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.publicservices.employment import actions, employers
from linli.publicservices.models.employment import Employer, Placement, Posting

API = "/api/v1/publicservices/employment"
WEB = "/publicservices/employment"


@pytest.fixture
def boss(tree):
    return _user("超市店长", Role.EMPLOYER, tree.community_a, username="boss")


@pytest.fixture
def unit(tree, worker_a, boss):
    return employers.employer_register(actor=worker_a, area=tree.community_a, name="惠民超市", members=[boss])


@pytest.fixture
def other_unit(tree, worker_a):
    rival = _user("另一店长", Role.EMPLOYER, tree.community_a, username="rival")
    employers.employer_register(actor=worker_a, area=tree.community_a, name="便民菜店", members=[rival])
    return rival


@pytest.fixture
def seeker(worker_a, household_a):
    return actions.seeker_register(
        actor=worker_a, resident=household_a.head, source="worker", skills="收银", availability="full_time"
    )


def test_an_employer_posts_a_job_and_decides_a_referral_to_it(tree, unit, boss, worker_a, seeker, login):
    client = login(boss)
    assert client.get(f"{WEB}/postings/mine/new/").status_code == 200
    response = client.post(
        f"{WEB}/postings/mine/new/",
        {"unit": unit.code, "title": "收银员", "skills": "收银", "availability": "full_time", "openings": 2},
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert (posting.unit, posting.employer, posting.area, posting.kind) == (
        unit,
        "惠民超市",
        tree.community_a,
        "market",
    )
    page = client.get(f"{WEB}/p/{posting.code}/").content.decode()
    # The employer sees their posting, not the community's list of seekers.
    assert "收银员" in page and seeker.resident.name not in page
    referral = actions.referral_create(actor=worker_a, seeker=seeker, posting=posting)
    assert seeker.resident.name in client.get(f"{WEB}/p/{posting.code}/").content.decode()
    assert [r["code"] for r in client.get(f"{API}/referrals").json()["items"]] == [referral.code]
    response = client.post(
        f"{API}/referrals/{referral.code}/decision", {"hired": False}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Placement.objects.get().status == "not_hired"


def test_an_employer_posts_through_the_api_but_no_public_welfare_post(unit, boss, login):
    client = login(boss)
    body = {"employer_code": unit.code, "title": "理货员", "kind": "market", "availability": "part_time"}
    response = client.post(f"{API}/postings", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["employer"] == "惠民超市"
    response = client.post(
        f"{API}/postings", {**body, "kind": "public_welfare", "funding": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and Posting.objects.count() == 1


def test_an_employer_sees_nothing_but_their_own(tree, unit, boss, other_unit, worker_a, seeker, login):
    theirs = actions.posting_create(
        actor=worker_a,
        area=tree.community_a,
        employer="社区服务站",
        title="保洁员",
        kind="market",
        availability="full_time",
    )
    client = login(boss)
    assert client.get(f"{API}/postings").json()["items"] == []
    assert client.get(f"{API}/seekers").json()["items"] == []
    assert [e["code"] for e in client.get(f"{API}/employers").json()["items"]] == [unit.code]
    assert client.get(f"{WEB}/p/{theirs.code}/").status_code == 404
    assert client.get(f"{WEB}/employers/").status_code == 404
    assert client.get(f"{WEB}/postings/new/").status_code == 404
    referral = actions.referral_create(actor=worker_a, seeker=seeker, posting=theirs)
    before = AuditEvent.objects.count()
    response = client.post(
        f"{API}/referrals/{referral.code}/decision", {"hired": True}, content_type="application/json"
    )
    assert response.status_code == 404 and AuditEvent.objects.count() == before
    # The other employer's staff do not see this employer's posting.
    mine = actions.posting_create(
        actor=boss,
        area=tree.community_b,
        unit=unit,
        employer="",
        title="收银员",
        kind="market",
        availability="full_time",
    )
    assert mine.area == tree.community_a
    rival = login(other_unit)
    assert rival.get(f"{API}/postings").json()["items"] == []
    assert rival.get(f"{WEB}/p/{mine.code}/").status_code == 404
    response = rival.post(
        f"{API}/postings",
        {"employer_code": unit.code, "title": "x", "kind": "market", "availability": "full_time"},
        content_type="application/json",
    )
    assert response.status_code == 404 and Posting.objects.count() == 2


def test_registering_an_employer_needs_accounts_with_the_employer_role(tree, worker_a, worker_b, login):
    _user("店长", Role.EMPLOYER, tree.community_a, username="shop")
    client = login(worker_a)
    body = {"area": tree.community_a.code, "name": "惠民超市", "members": "worker_b"}
    assert client.post(f"{WEB}/employers/", body).status_code == 400 and Employer.objects.count() == 0
    assert client.post(f"{WEB}/employers/", {**body, "members": "shop"}).status_code == 302
    api = {"area_code": tree.community_a.code, "name": "x", "members": []}
    outsider = login(worker_b)
    assert outsider.post(f"{API}/employers", api, content_type="application/json").status_code == 404
    assert outsider.get(f"{API}/employers").json()["items"] == []
    assert outsider.post(f"{WEB}/employers/", {**body, "members": ""}).status_code == 400
    assert Employer.objects.count() == 1
