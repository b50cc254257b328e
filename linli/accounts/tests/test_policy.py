from linli.accounts import policy
from linli.areas.models import Area


def test_role_reaches_the_whole_subtree_and_nothing_else(tree, street_officer):
    visible = set(
        policy.scope(Area.objects.all(), street_officer, "areas.view", field="").values_list(
            "code", flat=True
        )
    )
    assert visible == {"110105001000", "110105001001", "110105001002", "110105001001-01"}


def test_worker_reaches_own_community_only(tree, worker_a):
    assert policy.can(worker_a, "areas.view", tree.community_a)
    assert policy.can(worker_a, "areas.view", tree.grid_a)
    assert not policy.can(worker_a, "areas.view", tree.community_b)
    assert not policy.can(worker_a, "areas.view", tree.street)


def test_capabilities_follow_roles(tree, worker_a, district_officer, resident):
    assert not policy.can(worker_a, "areas.manage", tree.community_a)
    assert policy.can(district_officer, "areas.manage", tree.community_a)
    assert not policy.can(resident, "audit.view", tree.community_a)


def test_nested_grants_collapse_to_the_outer_root(tree, street_officer):
    from linli.accounts.actions import _grant

    _grant(actor=None, user=street_officer, role="street_officer", area=tree.community_a)
    assert [a.code for a in policy.roots(street_officer, "areas.view")] == ["110105001000"]


def test_inactive_user_reaches_nothing(tree, worker_a):
    worker_a.is_active = False
    policy.forget(worker_a)
    assert policy.roots(worker_a, "areas.view") == []


def test_prefix_of_a_code_is_not_a_subtree(tree, worker_a):
    # 110105001001 must not reach an area whose code merely starts with the same digits.
    from linli.areas.actions import area_create

    area_create(actor=None, code="110105001010", name="十号社区")
    visible = policy.scope(Area.objects.all(), worker_a, "areas.view", field="").values_list(
        "code", flat=True
    )
    assert "110105001010" not in set(visible)


def test_sensitive_categories_need_an_explicit_grant(tree, worker_a, street_officer):
    from linli.accounts.actions import sensitive_grant

    assert not policy.can_see_sensitive(worker_a, "dibao", tree.community_a)
    sensitive_grant(
        actor=street_officer, user=worker_a, category="dibao", area=tree.community_a, reason="低保复核"
    )
    assert policy.can_see_sensitive(worker_a, "dibao", tree.community_a)
    assert not policy.can_see_sensitive(worker_a, "correction", tree.community_a)
    assert not policy.can_see_sensitive(worker_a, "dibao", tree.community_b)


def test_a_sensitive_grant_never_widens_reach(tree, worker_a, city_admin):
    from linli.accounts.actions import sensitive_grant

    sensitive_grant(actor=city_admin, user=worker_a, category="dibao", area=tree.street, reason="全街道复核")
    assert policy.can_see_sensitive(worker_a, "dibao", tree.community_a)
    assert not policy.can_see_sensitive(worker_a, "dibao", tree.community_b)
    q = policy.sensitive_q(worker_a, "dibao", field="")
    assert set(Area.objects.filter(q).values_list("code", flat=True)) == {"110105001001", "110105001001-01"}


def test_worker_cannot_give_sensitive_grants(tree, worker_a, worker_b):
    import pytest

    from linli.accounts.actions import sensitive_grant
    from linli.common.errors import Forbidden

    with pytest.raises(Forbidden):
        sensitive_grant(
            actor=worker_a, user=worker_b, category="dibao", area=tree.community_a, reason="想看看"
        )
