import pytest
from django.http import Http404

from linli.areas.models import Area
from linli.areas.queries import community_for


def test_worker_finds_own_community_by_code(tree, worker_a):
    assert community_for(worker_a, "110105001001", "tickets.view") == tree.community_a


def test_missing_community_is_404(tree, worker_a):
    with pytest.raises(Http404):
        community_for(worker_a, "110105001009", "tickets.view")


def test_community_out_of_reach_is_the_same_404_as_a_missing_one(tree, worker_a):
    with pytest.raises(Http404) as outside:
        community_for(worker_a, tree.community_b.code, "tickets.view")
    with pytest.raises(Http404) as missing:
        community_for(worker_a, "110105001009", "tickets.view")
    assert str(outside.value) == str(missing.value)


def test_full_width_code_with_spaces_finds_the_community(tree, worker_a):
    assert community_for(worker_a, " １１０１０５００１００１ ", "tickets.view") == tree.community_a


def test_a_street_code_is_not_a_community(tree, street_officer):
    with pytest.raises(Http404):
        community_for(street_officer, tree.street.code, "tickets.view")


def test_capability_the_viewer_lacks_is_404(tree, worker_a):
    with pytest.raises(Http404):
        community_for(worker_a, tree.community_a.code, "finance.approve")


def test_public_lookup_finds_any_active_community_but_not_an_inactive_one(tree):
    assert community_for(None, tree.community_c.code, None) == tree.community_c
    Area.objects.filter(pk=tree.community_c.pk).update(is_active=False)  # no action deactivates yet
    with pytest.raises(Http404):
        community_for(None, tree.community_c.code, None)
