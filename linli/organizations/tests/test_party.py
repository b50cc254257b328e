"""Party members and their transfers are sensitive: with the "party" grant a worker sees and
keeps them; without it (any role, even the street) they are not there — pages, API, actions."""

import datetime as dt

import pytest

from linli.common.errors import DomainError, NotFound
from linli.organizations import actions, queries
from linli.organizations.tests.conftest import NOW

API = "/api/v1/organizations"


@pytest.fixture
def member(scene):
    return actions.party_member_add(
        actor=scene.party_worker_a,
        party_org=scene.branch,
        name="周党员",
        joined_party_on=dt.date(1998, 7, 1),
        transferred_from="东城区某街道党工委",
        on=dt.date(2026, 5, 1),
        now=NOW,
    )


def test_with_the_grant_a_worker_sees_members_and_transfers(scene, member, tree, login):
    assert list(queries.party_members_for(scene.party_worker_a, tree.community_a)) == [member]
    page = login(scene.party_worker_a).get(f"/organizations/c/{tree.community_a.code}/party/")
    assert "周党员" in page.content.decode()
    r = login(scene.party_worker_a).get(f"{API}/party/{tree.community_a.code}/members")
    assert r.status_code == 200
    assert r.json()[0]["transfers"][0]["direction"] == "in"


@pytest.mark.parametrize("who", ["worker_a", "street_officer", "city_admin"])
def test_without_the_grant_members_are_invisible(scene, member, tree, login, request, who):
    user = request.getfixturevalue(who)
    assert list(queries.party_members_for(user)) == []
    page = login(user).get(f"/organizations/c/{tree.community_a.code}/party/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲社区党委" in body  # the tree is not sensitive
    assert "周党员" not in body
    assert login(user).get(f"{API}/party/{tree.community_a.code}/members").status_code == 404
    r = login(user).post(
        f"{API}/party/members/{member.pk}/transfer-out",
        {"to": "x", "on": "2026-06-01"},
        content_type="application/json",
    )
    assert r.status_code == 404
    with pytest.raises(NotFound):
        actions.party_member_transfer_out(actor=user, member=member, to="x", on=NOW.date(), now=NOW)


def test_a_grant_in_community_a_shows_nothing_of_b(scene, tree, worker_b):
    b_branch = actions.party_org_add(
        actor=None, community=tree.community_b, kind="branch", name="乙支部", now=NOW
    )
    actions.party_member_add(actor=None, party_org=b_branch, name="乙党员", now=NOW)
    assert list(queries.party_members_for(scene.party_worker_a)) == []
    with pytest.raises(NotFound):
        actions.party_member_add(actor=scene.party_worker_a, party_org=b_branch, name="x", now=NOW)


def test_transfer_out_keeps_the_member_as_history(scene, member):
    actions.party_member_transfer_out(
        actor=scene.party_worker_a, member=member, to="朝外街道党工委", on=NOW.date(), now=NOW
    )
    member.refresh_from_db()
    assert member.status == "out"
    assert [t.direction for t in member.transfers.order_by("id")] == ["in", "out"]
    with pytest.raises(DomainError):
        actions.party_member_transfer_out(
            actor=scene.party_worker_a, member=member, to="x", on=NOW.date(), now=NOW
        )


def test_the_audit_log_names_no_party_member(scene, member):
    from linli.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="organizations.party_member.transferred_in")
    assert "周党员" not in str(event.details) + event.object_repr


def test_the_tree_refuses_a_committee_under_a_branch(scene, tree, worker_a):
    with pytest.raises(DomainError) as exc:
        actions.party_org_add(
            actor=worker_a,
            community=tree.community_a,
            kind="committee",
            name="x",
            parent=scene.branch,
            now=NOW,
        )
    assert exc.value.code == "bad_parent"
    tree_rows = queries.party_orgs_of(worker_a, tree.community_a)
    assert [(o.name, o.depth) for o in tree_rows] == [("甲社区党委", 0), ("第一党支部", 1)]


def test_a_new_party_worker_ends_the_previous_one(scene, tree, worker_a):
    actions.party_worker_set(
        actor=worker_a, community=tree.community_a, name="甲", since=dt.date(2025, 1, 1), now=NOW
    )
    actions.party_worker_set(
        actor=worker_a,
        community=tree.community_a,
        name="乙",
        phone="13800000009",
        since=dt.date(2026, 1, 1),
        now=NOW,
    )
    current = queries.party_worker_of(worker_a, tree.community_a)
    assert current is not None and current.name == "乙"
