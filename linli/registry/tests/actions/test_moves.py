"""Dynamic management: moves keep history and the counts stay right."""

import pytest
from django.db import IntegrityError, transaction

from conftest import id_number
from linli.common.errors import DomainError
from linli.registry import actions
from linli.registry.actions import PersonData
from linli.registry.models import EventKind, Household, Resident, ResidentStatus, TransferStatus
from linli.registry.queries import counts_by_community, household_history, resident_history


def counts(tree):
    c = counts_by_community()
    return {
        key: (
            c.get(area.pk, {}).get("households", {}).get("total", 0),
            c.get(area.pk, {}).get("residents", {}).get("total", 0),
        )
        for key, area in (("a", tree.community_a), ("b", tree.community_b))
    }


def test_moving_out_of_the_city_closes_the_record_and_keeps_history(tree, household_a, worker_a):
    spouse = household_a.members.get(name="李秀英")
    actions.resident_move_out(actor=worker_a, resident=spouse, note="去上海")
    spouse.refresh_from_db()
    assert spouse.status == ResidentStatus.MOVED_OUT and spouse.left_at is not None
    assert [e.kind for e in resident_history(spouse)] == [EventKind.MOVED_OUT, EventKind.REGISTERED]
    assert counts(tree)["a"] == (1, 1)


def test_head_cannot_leave_while_members_remain(household_a, worker_a):
    with pytest.raises(DomainError) as info:
        actions.resident_move_out(actor=worker_a, resident=household_a.head)
    assert info.value.code == "head_leaving"


def test_transfer_to_another_community_moves_the_person_once_accepted(tree, household_a, worker_a, worker_b):
    spouse = household_a.members.get(name="李秀英")
    transfer = actions.resident_move_out(actor=worker_a, resident=spouse, to_community=tree.community_b)
    assert transfer.status == TransferStatus.PENDING
    assert counts(tree) == {"a": (1, 2), "b": (0, 0)}  # nothing moves before B accepts
    with pytest.raises(DomainError):  # only the receiving side decides
        actions.transfer_decide(actor=worker_a, transfer=transfer, accept=True)
    actions.transfer_decide(actor=worker_b, transfer=transfer, accept=True)
    spouse.refresh_from_db()
    transfer.refresh_from_db()
    new = transfer.new_resident
    assert spouse.status == ResidentStatus.TRANSFERRED
    assert new.community == tree.community_b and new.status == ResidentStatus.ACTIVE and new.name == "李秀英"
    assert new.id_index == spouse.id_index
    assert counts(tree) == {"a": (1, 1), "b": (1, 1)}
    assert EventKind.TRANSFERRED_OUT in [e.kind for e in resident_history(spouse)]
    assert [e.kind for e in resident_history(new)] == [EventKind.TRANSFERRED_IN]


def test_registering_an_id_active_elsewhere_opens_a_transfer_instead(tree, household_a, worker_a, worker_b):
    before = Resident.objects.count()
    result = actions.resident_move_in(
        actor=worker_b,
        community=tree.community_b,
        person=PersonData(name="李秀英", id_number=id_number("19520303", "022")),
    )
    assert result.resident is None and result.transfer is not None
    assert Resident.objects.count() == before
    assert result.transfer.from_community == tree.community_a
    # The community where she lives releases her; B then has her, A keeps the history.
    actions.transfer_decide(actor=worker_a, transfer=result.transfer, accept=True)
    assert Resident.objects.filter(status="active", community=tree.community_b, name="李秀英").count() == 1
    assert counts(tree) == {"a": (1, 1), "b": (1, 1)}


def test_a_rejected_transfer_needs_a_reason_and_changes_nothing(tree, household_a, worker_a, worker_b):
    spouse = household_a.members.get(name="李秀英")
    transfer = actions.resident_move_out(actor=worker_a, resident=spouse, to_community=tree.community_b)
    with pytest.raises(DomainError):
        actions.transfer_decide(actor=worker_b, transfer=transfer, accept=False)
    actions.transfer_decide(actor=worker_b, transfer=transfer, accept=False, reason="查无此人")
    spouse.refresh_from_db()
    assert spouse.status == ResidentStatus.ACTIVE
    assert counts(tree)["a"] == (1, 2)


def test_birth_death_and_change_of_head(tree, household_a, worker_a):
    child = actions.resident_birth(
        actor=worker_a,
        household=household_a,
        person=PersonData(name="王小宝", id_number=id_number("20250101", "013")),
        relation="grandchild",
    )
    assert [e.kind for e in resident_history(child)] == [EventKind.BORN]
    spouse = household_a.members.get(name="李秀英")
    actions.resident_death(actor=worker_a, resident=household_a.head, new_head=spouse)
    household_a.refresh_from_db()
    assert household_a.head == spouse
    assert counts(tree)["a"] == (1, 2)
    kinds = [e.kind for e in household_history(household_a)]
    assert EventKind.DIED in kinds and EventKind.HEAD_CHANGED in kinds


def test_split_and_merge_keep_counts_right(tree, household_a, worker_a):
    spouse = household_a.members.get(name="李秀英")
    new = actions.household_split(actor=worker_a, household=household_a, members=[spouse], new_head=spouse)
    assert new.head == spouse and counts(tree)["a"] == (2, 2)
    assert EventKind.SPLIT in [e.kind for e in household_history(household_a)]
    actions.household_merge(actor=worker_a, source=new, target=household_a, relation="spouse")
    new.refresh_from_db()
    assert not new.is_active and counts(tree)["a"] == (1, 2)
    assert Household.objects.get(pk=household_a.pk).members.filter(status="active").count() == 2


def test_the_last_member_leaving_closes_the_household(tree, household_b, worker_b):
    actions.resident_move_out(actor=worker_b, resident=household_b.head)
    household_b.refresh_from_db()
    assert not household_b.is_active
    assert counts(tree)["b"] == (0, 0)


def test_the_database_refuses_a_second_active_record(tree, household_a):
    head = household_a.head
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.create(
            community=tree.community_b,
            name=head.name,
            id_number=head.id_number,
            gender=head.gender,
            birth_date=head.birth_date,
        )
