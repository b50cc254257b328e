"""The operations demo (`manage.py demo_load`): an admission list, a pending application and
community A's tasks in every state, dated from the `now` it is given; it loads once."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from linli.finance.models import Fund, LedgerEntry
from linli.operations.models import AdmissionItem, Application, ApplicationStatus, Task, TaskStatus

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def test_the_demo_has_a_list_a_pending_application_and_tasks_in_every_state(db):
    call_command("demo_load", "--now", NOW.isoformat(), stdout=StringIO())
    assert AdmissionItem.objects.filter(district__code="110105", removed_in__isnull=True).count() == 3
    pending = Application.objects.get(status=ApplicationStatus.SUBMITTED)
    assert pending.kind == "task" and pending.communities.count() == 2
    assert pending.submitted_at == NOW
    statuses = sorted(Task.objects.values_list("status", flat=True))
    assert statuses == sorted([TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.FLAGGED, TaskStatus.REFUSED])
    paid = Task.objects.get(status=TaskStatus.DONE).ledger_entry
    assert paid is not None and paid.fund == Fund.PROJECT and paid.amount_fen == 15 * 2000
    call_command("demo_load", "--now", (NOW + dt.timedelta(days=1)).isoformat(), stdout=StringIO())
    assert Task.objects.count() == 4
    assert LedgerEntry.objects.filter(fund=Fund.PROJECT, project__startswith="门前三包").count() == 1


def test_the_demo_heat_wave_has_an_alert_and_a_welfare_check_half_done(db):
    from linli.operations.models import Alert, CheckItem, Incident

    call_command("demo_load", "--now", NOW.isoformat(), stdout=StringIO())
    incident = Incident.objects.get(kind="heat")
    assert Alert.objects.filter(incident=incident).count() == 1
    task = incident.tasks.get()
    assert task.volunteer is not None and task.volunteer.community_id == incident.area_id and not task.done_at
    items = CheckItem.objects.filter(welfare_check__incident=incident)
    total, pending = items.count(), items.filter(state="pending").count()
    assert total >= 2
    assert pending == total - total // 2
    assert items.filter(state="needs_help").count() == 1
    from linli.operations.models import EmergencyPlan, Shelter

    plan = EmergencyPlan.objects.get(kind="heat")
    assert plan.contacts.count() == 4 and plan.drills.count() == 1
    shelter = Shelter.objects.get(area=plan.area)
    assert shelter.is_open and shelter.stays.filter(checked_out_at__isnull=True).count() == 2
