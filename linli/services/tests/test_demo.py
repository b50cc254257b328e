from io import StringIO

from django.core.management import call_command

from linli.services.models import Order, Settlement, SettlementStatus, Status


def test_demo_has_orders_and_settlements_in_every_state(db):
    call_command("demo_load", stdout=StringIO())
    statuses = set(Order.objects.values_list("status", flat=True))
    assert set(Status.values) <= statuses
    states = set(Settlement.objects.values_list("status", flat=True))
    assert states == {SettlementStatus.DRAFT, SettlementStatus.APPROVED}
    approved = Settlement.objects.get(status=SettlementStatus.APPROVED)
    assert approved.approved_by is not None and all(
        x.ledger_code for x in approved.lines.filter(subsidy_fen__gt=0)
    )
