from io import StringIO

from django.core.management import call_command

from linli.tickets.models import Status, Ticket


def test_demo_tickets_load_once_in_every_state(db):
    call_command("demo_load", stdout=StringIO())
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.CLOSED, Status.ACCEPTED, Status.IN_PROGRESS} <= statuses
    n = Ticket.objects.count()
    call_command("demo_load", stdout=StringIO())
    assert Ticket.objects.count() == n
