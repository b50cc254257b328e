import pytest

from conftest import id_number
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.registry.actions import PersonData, building_create, household_register, resident_add
from linli.registry.models import Resident
from linli.registry.queries import counts_by_community, residents_by_phone, residents_for


def test_household_with_head_and_member(household_a):
    assert household_a.head.name == "王建国"
    members = {r.name: r for r in household_a.members.all()}
    assert members["李秀英"].gender == "F" and members["李秀英"].birth_date.year == 1952
    assert members["王建国"].relation == "head"


def test_one_active_record_per_id(tree, household_a):
    with pytest.raises(DomainError) as info:
        household_register(
            actor=None,
            community=tree.community_b,
            head=PersonData(name="王建国", id_number=id_number("19500101", "011")),
        )
    assert info.value.code == "active_elsewhere" and "甲社区" in str(info.value.message)
    assert Resident.objects.count() == 2


def test_bad_person_data_names_every_field(tree):
    with pytest.raises(DomainError) as info:
        household_register(
            actor=None,
            community=tree.community_a,
            head=PersonData(name="", id_number="123", phone="5"),
        )
    assert set(info.value.fields) == {"name", "id_number", "phone"}
    assert Resident.objects.count() == 0


def test_counts_by_community(tree, household_a):
    counts = counts_by_community()
    # Registered today: 户籍, not yet 常住 (six months of living here).
    assert counts[tree.community_a.pk] == {
        "households": {"registered": 1, "resident": 0, "floating": 0, "total": 1},
        "residents": {"registered": 2, "resident": 0, "floating": 0, "total": 2},
    }
    assert tree.community_b.pk not in counts


def test_worker_b_cannot_see_or_add_to_a(tree, household_a, worker_b):
    assert not residents_for(worker_b).exists()
    with pytest.raises(NotFound):
        resident_add(
            actor=worker_b,
            household=household_a,
            relation="child",
            person=PersonData(name="王小明", id_number=id_number("20100101", "031")),
        )


def test_street_officer_reads_but_does_not_write(tree, household_a, street_officer):
    assert residents_for(street_officer).count() == 2
    with pytest.raises(Forbidden):
        building_create(actor=street_officer, community=tree.community_a, name="1号楼")


def test_lookup_by_phone(tree, household_a, worker_a, agent):
    assert [r.name for r in residents_by_phone(agent, "136 0000 0001")] == ["王建国"]
    assert residents_by_phone(worker_a, "13600000001").count() == 1
