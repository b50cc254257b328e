"""Annual-report reminders reach the contact person and the community's workers through the SMS
backend, once per report period (the reminder from 1 March, the overdue notice after 31 May)."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.organizations import actions
from linli.organizations.models import AnnualReport
from linli.organizations.sweeps import organizations_reports_sweep
from linli.organizations.tests.conftest import TZ
from linli.tickets.notify import MemoryBackend

MARCH = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
JUNE = dt.datetime(2026, 6, 2, 9, 0, tzinfo=TZ)


@pytest.fixture
def outbox():
    MemoryBackend.outbox.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """The sweep, with the messages it queued after commit sent."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.reports_remind(now=now)

    return run


def _to(outbox, phone):
    return [text for to, text in outbox if to == phone]


def test_the_reminder_reaches_the_contact_and_the_workers_once(scene, worker_a, worker_b, outbox, remind):
    assert remind(dt.datetime(2026, 2, 27, 9, 0, tzinfo=TZ)) == 0
    assert not outbox
    assert remind(MARCH) == 3
    contact = _to(outbox, "13910000001")  # all three organizations share the conftest contact
    assert len(contact) == 3 and all("2025" in t and "2026-05-31" in t for t in contact)
    assert any("甲社区舞蹈队" in t for t in contact)
    (a_text,) = _to(outbox, "13900000001")  # worker of A: one message naming A's two organizations
    assert "甲社区舞蹈队" in a_text and "甲社区健身协会" in a_text and "乙社区互助社" not in a_text
    (b_text,) = _to(outbox, "13900000002")
    assert "乙社区互助社" in b_text
    sent = len(outbox)
    assert remind(MARCH) == 0
    assert remind(MARCH + dt.timedelta(days=30)) == 0
    assert len(outbox) == sent  # idempotent: once per report period
    assert AuditEvent.objects.filter(action="organizations.reports.reminded").count() == 2  # per community
    assert AnnualReport.objects.filter(reminded_at=MARCH).count() == 3


def test_overdue_is_told_once_and_not_for_a_filed_report(scene, worker_a, outbox, remind):
    remind(MARCH)
    actions.report_submit(actor=worker_a, org=scene.dance, year=2025, summary="全年活动12次", now=MARCH)
    outbox.clear()
    remind(dt.datetime(2026, 5, 31, 9, 0, tzinfo=TZ))  # the due day: not late yet
    assert not outbox
    remind(JUNE)
    (a_text,) = _to(outbox, "13900000001")
    assert "甲社区健身协会" in a_text and "甲社区舞蹈队" not in a_text
    assert len(_to(outbox, "13910000001")) == 2  # fitness (A) and B's organization
    outbox.clear()
    remind(JUNE + dt.timedelta(days=7))
    assert not outbox
    assert AuditEvent.objects.filter(action="organizations.reports.overdue_noticed").count() == 2


def test_a_sweep_first_run_after_the_due_date_reminds_and_tells_overdue(scene, worker_a, outbox, remind):
    assert remind(JUNE) == 3
    texts = _to(outbox, "13900000001")
    assert len(texts) == 2  # the reminder and the overdue notice, once each
    remind(JUNE)
    assert len(_to(outbox, "13900000001")) == 2


def test_the_periodic_sweep_uses_the_same_path(scene, outbox, time_machine):
    time_machine.move_to(MARCH, tick=False)
    assert organizations_reports_sweep() == 3
    assert organizations_reports_sweep() == 0
