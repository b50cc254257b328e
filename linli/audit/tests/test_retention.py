import gzip
import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from linli.audit import chain, retention
from linli.audit.checks import retention_settings
from linli.audit.models import ArchivedPartition, AuditEvent, ChainHead
from linli.common import partitions

RETENTION = {"audit": 6, "tickets": 60, "timeline": 60}
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions and archiving exist on PostgreSQL only"
)


@pytest.fixture
def sequences():
    """setval is never rolled back, the test's partitions are: put the sequences back."""
    saved = []
    with connection.cursor() as cursor:
        for spec in partitions.TABLES.values():
            cursor.execute(f"SELECT pg_get_serial_sequence('{spec.table}', 'id')")
            (sequence,) = cursor.fetchone()
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            saved.append((sequence, *cursor.fetchone()))
    yield
    with connection.cursor() as cursor:
        for sequence, last, called in saved:
            cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last, called])


def _partition_of(event_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event_id])
        return cursor.fetchone()[0]


def test_logs_are_kept_at_least_six_months_by_law():
    with override_settings(LINLI_RETENTION={**RETENTION, "audit": 5}):
        errors = retention_settings(None)
    assert [e.id for e in errors] == ["audit.E102"]
    assert "网络安全法" in errors[0].msg
    with override_settings(LINLI_RETENTION=RETENTION):
        assert retention_settings(None) == []
    with override_settings(LINLI_RETENTION={**RETENTION, "timeline": 61}):
        assert [e.id for e in retention_settings(None)] == ["audit.E103"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite answer")
def test_sqlite_says_partitions_are_for_postgresql(db):
    out = StringIO()
    call_command("retention_run", stdout=out)
    assert "PostgreSQL only" in out.getvalue()
    assert retention.maintain() is None


@on_postgres
def test_the_growing_tables_are_partitioned(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT partrelid::regclass::text, partstrat FROM pg_partitioned_table ORDER BY 1")
        found = dict(cursor.fetchall())
    assert found == {"audit_auditevent": "r", "tickets_ticket": "r", "tickets_ticketevent": "r"}


@on_postgres
def test_a_new_month_lands_in_its_partition_and_the_chain_holds_across(db, sequences):
    now = timezone.now()
    chain.record(actor=None, action="test.before", now=now)
    later = now + timedelta(days=31 * 5)  # past the months made in advance
    month = partitions.month_index(timezone.localtime(later).date())
    name = partitions.partition_name("audit_auditevent", month)
    report = retention.maintain(now=later, archive_due=False)
    assert report is not None and name in report.created and "audit_auditevent" in report.rolled
    event = chain.record(actor=None, action="test.after", now=later)
    assert month * partitions.SPAN <= event.pk < (month + 1) * partitions.SPAN
    assert _partition_of(event.pk) == name
    first = AuditEvent.objects.get(action="test.before")
    assert _partition_of(first.pk) != name
    assert chain.verify() == (AuditEvent.objects.count(), None)
    # Running again changes nothing (the sweep runs every hour).
    again = retention.maintain(now=later, archive_due=False)
    assert again is not None and again.created == [] and again.rolled == []


@on_postgres
@override_settings(LINLI_RETENTION=RETENTION)
def test_archiving_writes_the_file_then_removes_the_month_and_the_chain_still_verifies(
    db, sequences, tmp_path
):
    now = timezone.now()
    old = [chain.record(actor=None, action="test.old", now=now) for _ in range(3)]
    later = now + timedelta(days=31 * 8)
    holder = _partition_of(old[-1].pk)
    with override_settings(LINLI_ARCHIVE_DIR=str(tmp_path)):
        report = retention.maintain(now=later)
    assert report is not None and report.refused == []
    archived = {a.partition: a for a in report.archived if a.kind == "audit"}
    done = archived[holder]
    data = (tmp_path / f"{holder}.copy.gz").read_bytes()
    assert hashlib.sha256(data).hexdigest() == done.sha256
    assert (tmp_path / f"{holder}.copy.gz.sha256").read_text().startswith(done.sha256)
    lines = gzip.decompress(data).decode().splitlines()
    assert lines[0].startswith("id\t") and len(lines) - 1 == done.rows >= 3
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert ArchivedPartition.objects.filter(partition=holder, kind="audit").exists()
    with connection.cursor() as cursor:
        assert holder not in {p.name for p in partitions.partitions(cursor, "audit_auditevent")}
    head = ChainHead.objects.get(pk=1)
    assert head.archived_through >= old[-1].seq
    assert AuditEvent.objects.filter(action="audit.partition.archived").exists()
    checked, broken = chain.verify()
    assert broken is None and checked >= 1
    # Moving the anchor by hand (to hide events) is noticed.
    ChainHead.objects.filter(pk=1).update(archived_through=head.archived_through + 1)
    assert chain.verify()[1] is not None


@on_postgres
@override_settings(LINLI_RETENTION=RETENTION)
def test_nothing_is_removed_when_the_file_cannot_be_written(db, sequences, tmp_path):
    now = timezone.now()
    event = chain.record(actor=None, action="test.old", now=now)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    with override_settings(LINLI_ARCHIVE_DIR=str(blocked)), pytest.raises(OSError):
        retention.maintain(now=now + timedelta(days=31 * 8))
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert not ArchivedPartition.objects.exists()
    assert chain.verify()[1] is None


@on_postgres
@override_settings(LINLI_RETENTION=RETENTION)
def test_nothing_is_due_within_the_retention(db, sequences):
    chain.record(actor=None, action="test.recent", now=timezone.now())
    assert retention.due("audit", now=timezone.now() + timedelta(days=31 * 4)) == []
