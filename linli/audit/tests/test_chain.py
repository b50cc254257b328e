import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from linli.audit.chain import record, verify
from linli.audit.models import AuditEvent


@pytest.fixture
def events(db):
    return [record(actor=None, action=f"test.thing.done{i}", details={"i": i}) for i in range(5)]


def test_each_event_links_to_the_previous_one(events):
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert verify() == (5, None)


def test_orm_refuses_edits_and_deletes(events):
    e = events[0]
    e.action = "changed"
    with pytest.raises(PermissionError):
        e.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=e.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=e.pk).update(action="x")


def test_editing_a_row_in_the_table_is_detected(events, capsys):
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["test.forged", 3])
    checked, broken = verify()
    assert broken is not None and broken.seq == 3 and checked == 2
    with pytest.raises(CommandError, match="#3"):
        call_command("audit_verify")


def test_deleting_a_row_in_the_middle_is_detected(events):
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    assert verify()[1].seq == 2


def test_deleting_the_last_rows_is_detected(events):
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq >= %s", [4])
    assert verify()[1].seq == 4


def test_verify_command_reports_an_intact_chain(events, capsys):
    call_command("audit_verify")
    assert "intact: 5 events" in capsys.readouterr().out
