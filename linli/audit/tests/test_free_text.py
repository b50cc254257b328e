"""The recorder keeps free text out of the chain: an object is named by its code, and an ID or
mobile number inside a reason or answer is replaced before the event is hashed."""

import pytest

from linli.audit.chain import record, verify
from linli.audit.models import AuditEvent


@pytest.mark.django_db
def test_an_object_without_a_code_is_named_by_its_type_and_id_not_its_text(tree, worker_a):
    worker_a.display_name = "张三 13812345678"
    event = record(actor=worker_a, action="tests.user.touched", obj=worker_a)
    assert event.object_repr == f"user #{worker_a.pk}"
    assert record(actor=None, action="tests.area.touched", obj=tree.community_a).object_repr == (
        tree.community_a.code
    )


@pytest.mark.django_db
def test_id_and_mobile_numbers_in_details_are_replaced_and_the_chain_still_verifies():
    event = record(
        actor=None,
        action="tests.thing.revealed",
        details={
            "reason": "核对 110105194910010015 与 138 1234 5678，＋８６１３９００００００１１",
            "nested": [{"note": "110105 19491001 0015"}],
            "amount_fen": 13812345678,
        },
    )
    stored = AuditEvent.objects.get(pk=event.pk).details
    assert "1234" not in str(stored["reason"]) and "0015" not in str(stored)
    assert stored["reason"].count("<phone>") == 2 and "<id number>" in stored["reason"]
    assert stored["amount_fen"] == 13812345678  # numbers are data, not text
    assert verify() == (1, None)
