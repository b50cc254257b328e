import pytest

from conftest import id_number
from linli.accounts.models import SensitiveGrant
from linli.registry.actions import PersonData, building_create, dwelling_create, household_register


@pytest.fixture
def building_a(tree):
    return building_create(actor=None, community=tree.community_a, name="1号楼", address="建外大街1号")


@pytest.fixture
def dwelling_a(building_a):
    return dwelling_create(actor=None, building=building_a, number="1-101")


@pytest.fixture
def household_b(tree):
    """A household in community B: 赵大海 (head, born 1980)."""
    return household_register(
        actor=None,
        community=tree.community_b,
        head=PersonData(name="赵大海", id_number=id_number("19800505", "051"), phone="13700000001"),
    )


@pytest.fixture
def grant_dibao(worker_a, tree):
    from linli.accounts import policy

    SensitiveGrant.objects.create(user=worker_a, category="dibao", area=tree.community_a, reason="民政")
    policy.forget(worker_a)
    return worker_a
