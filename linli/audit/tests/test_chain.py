import hashlib
import hmac
import itertools
import json
from contextlib import contextmanager

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from linli.audit import checkpoint
from linli.audit.chain import _canonical, mark_mac, record, verify
from linli.audit.models import AuditEvent, ChainHead

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")


@pytest.fixture
def events(db):
    return [record(actor=None, action=f"test.thing.done{i}", details={"i": i}) for i in range(5)]


@contextmanager
def as_a_database_administrator():
    """Raw SQL past the append-only trigger, as a superuser who disables it would send."""
    with pgtrigger.ignore("audit.AuditEvent:append_only"), connection.cursor() as cur:
        yield cur


def rewrite(seq: int, action: str, hash_fn) -> None:
    """Edit one event, then recompute every later link and the head with `hash_fn`."""
    with as_a_database_administrator() as cur:
        cur.execute("UPDATE audit_auditevent SET action = %s WHERE seq = %s", [action, seq])
        prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
        for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
            event.prev_hash = prev
            prev = hash_fn(_canonical(event))
            cur.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
                [event.prev_hash, prev, event.seq],
            )
        cur.execute("UPDATE audit_chainhead SET hash = %s", [prev])


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


@on_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'test.forged' WHERE seq = 3",
        "DELETE FROM audit_auditevent WHERE seq = 5",
    ],
)
def test_the_database_refuses_to_change_or_delete_audit_rows(events, sql):
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        connection.cursor().execute(sql)
    assert AuditEvent.objects.get(seq=3).action == "test.thing.done2"
    assert AuditEvent.objects.filter(seq=5).exists()


def test_editing_a_row_in_the_table_is_detected(events, capsys):
    with as_a_database_administrator() as cur:
        cur.execute("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["test.forged", 3])
    checked, broken = verify()
    assert broken is not None and broken.seq == 3 and checked == 2
    with pytest.raises(CommandError, match="#3"):
        call_command("audit_verify")


@pytest.mark.parametrize(
    "hash_fn",
    [
        lambda body: hashlib.sha256(body).hexdigest(),
        lambda body: hmac.new(b"a guessed key", body, hashlib.sha256).hexdigest(),
    ],
    ids=["plain-sha256", "another-key"],
)
def test_a_rewrite_with_every_later_hash_recomputed_is_detected_without_the_key(events, hash_fn):
    rewrite(3, "test.forged", hash_fn)
    assert verify()[1].seq == 3
    with pytest.raises(CommandError, match="#3: its content was changed"):
        call_command("audit_verify")


def test_moving_the_keyed_mark_to_pass_events_off_as_old_is_detected(events):
    rewrite(3, "test.forged", lambda body: hashlib.sha256(body).hexdigest())
    ChainHead.objects.filter(pk=1).update(keyed_from=6)
    assert verify() == (0, verify()[1]) and verify()[1].reason.startswith("the mark")


def test_events_from_before_the_key_keep_their_plain_hash_and_are_anchored_by_the_first_keyed_one(db):
    # As the migration leaves a log written before the key existed: three plain events, then keyed.
    ChainHead.objects.update_or_create(
        pk=1, defaults={"keyed_from": 10**9, "keyed_from_mac": mark_mac(10**9)}
    )
    legacy = [record(actor=None, action="test.old") for _ in range(3)]
    assert legacy[0].hash == hashlib.sha256(_canonical(legacy[0])).hexdigest()
    ChainHead.objects.filter(pk=1).update(keyed_from=4, keyed_from_mac=mark_mac(4))
    record(actor=None, action="test.new")
    record(actor=None, action="test.new")
    assert verify() == (5, None)
    # The old events were never keyed, but the first keyed one links to them.
    rewrite(2, "test.forged", lambda body: hashlib.sha256(body).hexdigest())
    assert verify()[1].seq == 4


def test_deleting_a_row_in_the_middle_is_detected(events):
    with as_a_database_administrator() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    assert verify()[1].seq == 2


def test_deleting_the_last_rows_is_detected(events):
    with as_a_database_administrator() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq >= %s", [4])
    assert verify()[1].seq == 4


def test_a_cut_off_tail_with_the_head_rewound_is_detected_against_the_checkpoint(events, settings, tmp_path):
    settings.LINLI_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    assert checkpoint.write()["seq"] == 5
    with as_a_database_administrator() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq >= %s", [4])
        cur.execute("UPDATE audit_chainhead SET seq = 3, hash = %s", [events[2].hash])
    # The chain alone cannot tell a cut-off tail from a shorter history...
    assert verify() == (3, None)
    # ...the checkpoint written outside the database can.
    broken = verify(checkpoint.read(checkpoint.path()))[1]
    assert broken.seq == 4 and "#5" in broken.reason
    with pytest.raises(CommandError, match="events after #3 are missing"):
        call_command("audit_verify")


def test_an_event_that_differs_from_its_checkpoint_is_detected(events, tmp_path):
    assert verify({3: events[2].hash}) == (5, None)
    assert verify({3: "f" * 64})[1].seq == 3


def test_a_checkpoint_line_forged_without_the_key_is_refused(events, settings, tmp_path):
    settings.LINLI_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    checkpoint.write()
    file = checkpoint.path()
    line = json.loads(file.read_text())
    line["seq"] = 2
    file.write_text(file.read_text() + json.dumps(line) + "\n")
    with pytest.raises(CommandError, match=r"line 2 .* not a checkpoint"):
        call_command("audit_verify")


def test_the_checkpoint_sweep_appends_a_line_only_when_the_head_moved(events, settings, tmp_path):
    from linli.audit.sweeps import checkpoint_head

    settings.LINLI_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    checkpoint_head()
    checkpoint_head()
    record(actor=None, action="test.later")
    checkpoint_head()
    lines = [json.loads(x) for x in checkpoint.path().read_text().splitlines()]
    assert [x["seq"] for x in lines] == [5, 6]
    assert checkpoint.read(checkpoint.path()) == {5: events[4].hash, 6: AuditEvent.objects.get(seq=6).hash}


def test_verify_command_reports_an_intact_chain(events, settings, tmp_path, capsys):
    settings.LINLI_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    checkpoint.write()
    call_command("audit_verify")
    assert "intact: 5 events, 1 checkpoints found on it (latest #5)" in capsys.readouterr().out
