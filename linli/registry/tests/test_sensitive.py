"""Sensitive care tags (disability, dibao, correction): without a grant neither the tag nor its existence shows."""

import datetime as dt

import pytest
import time_machine

from linli.common.errors import DomainError
from linli.registry import actions
from linli.registry.queries import Search, residents_search


@pytest.fixture
def tagged(household_a, grant_dibao):
    """王建国 gets dibao (set by worker_a, who holds the dibao grant) and lives alone."""
    head = household_a.head
    actions.care_tag_set(actor=grant_dibao, resident=head, tag="dibao")
    actions.care_tag_set(actor=grant_dibao, resident=head, tag="alone")
    return head


@pytest.fixture
def plain_worker(tree):
    from conftest import _user
    from linli.accounts.roles import Role

    return _user("工作者丙", Role.WORKER, tree.community_a, username="worker_plain")


def test_search_by_a_sensitive_tag_finds_nothing_without_the_grant(tagged, plain_worker, grant_dibao):
    assert [r.name for r in residents_search(grant_dibao, Search(tag="dibao"))] == ["王建国"]
    assert list(residents_search(plain_worker, Search(tag="dibao"))) == []
    found = residents_search(plain_worker, Search(q="王建"))
    assert [t.tag for t in found[0].visible_tags] == ["alone"]


def test_setting_a_sensitive_tag_without_the_grant_looks_like_an_unknown_tag(household_a, plain_worker):
    with pytest.raises(DomainError) as info:
        actions.care_tag_set(actor=plain_worker, resident=household_a.head, tag="correction")
    assert info.value.code == "invalid_tag"


def test_resident_page_hides_the_tag_and_its_choice(tagged, plain_worker, grant_dibao, login):
    html = login(plain_worker).get(f"/registry/residents/{tagged.pk}/").content.decode()
    assert "低保" not in html and "dibao" not in html
    assert "独居" in html or "living alone" in html
    html = login(grant_dibao).get(f"/registry/residents/{tagged.pk}/").content.decode()
    assert "低保" in html or "dibao" in html


def test_search_page_does_not_offer_or_show_sensitive_tags(tagged, plain_worker, login):
    html = login(plain_worker).post("/registry/", {"q": "王"}, follow=True).content.decode()
    assert "王建国" in html and "低保" not in html and "dibao" not in html
    resp = login(plain_worker).get("/registry/", {"tag": "dibao"})
    assert "王建国" not in resp.content.decode()


# 王建国 (born 1950) is under 80 that day: no derived "80 and over" tag beside the set ones.
@time_machine.travel(dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
def test_api_hides_the_tag(tagged, plain_worker, grant_dibao, login):
    body = login(plain_worker).get(f"/api/v1/registry/residents/{tagged.pk}").json()
    assert body["care_tags"] == ["alone"]
    assert login(plain_worker).get("/api/v1/registry/residents", {"tag": "dibao"}).json()["count"] == 0
    body = login(grant_dibao).get(f"/api/v1/registry/residents/{tagged.pk}").json()
    assert "dibao" in body["care_tags"]


def test_export_hides_the_tag(tagged, plain_worker, grant_dibao, login):
    text = b"".join(
        login(plain_worker)
        .post("/api/v1/registry/export", {}, content_type="application/json")
        .streaming_content
    ).decode("utf-8-sig")
    assert "王建国" in text and "低保" not in text and "独居" in text
    text = b"".join(
        login(grant_dibao)
        .post("/api/v1/registry/export", {}, content_type="application/json")
        .streaming_content
    ).decode("utf-8-sig")
    assert "低保" in text


def test_grant_in_another_community_does_not_reveal_tags_here(tree, tagged, worker_b):
    from linli.accounts import policy
    from linli.accounts.models import SensitiveGrant

    SensitiveGrant.objects.create(user=worker_b, category="dibao", area=tree.community_a)
    policy.forget(worker_b)
    assert list(residents_search(worker_b, Search(tag="dibao"))) == []


def test_aged_80_is_derived_from_the_birth_date(household_a, worker_a):
    # 王建国 was born 1950-01-01; on 2030-01-01 he turns 80, the day before he does not.
    import datetime as dt

    assert [r.name for r in residents_search(worker_a, Search(tag="aged_80"), today=dt.date(2030, 1, 1))] == [
        "王建国"
    ]
    assert list(residents_search(worker_a, Search(tag="aged_80"), today=dt.date(2029, 12, 31))) == []
    with pytest.raises(DomainError):
        actions.care_tag_set(actor=worker_a, resident=household_a.head, tag="aged_80")
