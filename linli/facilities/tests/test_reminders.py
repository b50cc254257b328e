"""Preventive maintenance reminders: the grid worker is texted once when a component falls due and
once when it is overdue; the sweep may run any number of times; maintenance starts a new cycle."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.facilities import actions
from linli.facilities.models import Component, Grid, MaintenanceReminder
from linli.facilities.sweeps import facilities_sweep
from linli.facilities.tests.conftest import NOW
from linli.tickets.notify import MemoryBackend


@pytest.fixture(autouse=True)
def outbox():
    MemoryBackend.outbox.clear()
    return MemoryBackend.outbox


def _remind(now, capture):
    with capture(execute=True):
        return actions.maintenance_remind(now=now)


def test_the_worker_is_reminded_once_per_stage_and_cycle(
    scene, worker_a, outbox, django_capture_on_commit_callbacks
):
    # The street light (every 90 days) was installed 70 days ago: due in 20 days. The sewer cover
    # has no interval: never reminded.
    Component.objects.filter(pk=scene.light.pk).update(installed_on=NOW.date() - dt.timedelta(days=70))
    assert _remind(NOW, django_capture_on_commit_callbacks) == 0  # 20 days ahead: not yet
    day = NOW + dt.timedelta(days=6)  # 14 days ahead
    assert _remind(day, django_capture_on_commit_callbacks) == 1
    assert [(r.component, r.stage, r.to) for r in MaintenanceReminder.objects.all()] == [
        (scene.light, "due", worker_a)
    ]
    assert len(outbox) == 1 and outbox[0][0] == "13900000001" and "1" in outbox[0][1]
    assert AuditEvent.objects.filter(action="facilities.maintenance.reminded").count() == 1
    # Again the same day, and through the sweep: nothing new.
    assert _remind(day + dt.timedelta(hours=1), django_capture_on_commit_callbacks) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert facilities_sweep(now=day + dt.timedelta(hours=2))["reminded"] == 0
    assert len(outbox) == 1
    # Past its day it is overdue: one more reminder.
    assert _remind(NOW + dt.timedelta(days=21), django_capture_on_commit_callbacks) == 1
    assert MaintenanceReminder.objects.filter(stage="overdue").count() == 1
    assert len(outbox) == 2
    # Maintained: next due in 90 days; quiet until 14 days before.
    scene.light.refresh_from_db()
    actions.component_maintained(actor=worker_a, component=scene.light, now=NOW + dt.timedelta(days=22))
    assert _remind(NOW + dt.timedelta(days=90), django_capture_on_commit_callbacks) == 0
    assert _remind(NOW + dt.timedelta(days=100), django_capture_on_commit_callbacks) == 1
    assert len(outbox) == 3


def test_a_component_with_no_date_is_overdue_once(scene, outbox, django_capture_on_commit_callbacks):
    assert _remind(NOW, django_capture_on_commit_callbacks) == 1
    assert MaintenanceReminder.objects.get().stage == "overdue"
    assert _remind(NOW + dt.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert len(outbox) == 1


def test_a_grid_without_a_worker_is_not_reminded_until_it_has_one(
    scene, worker_a, outbox, django_capture_on_commit_callbacks
):
    Grid.objects.filter(pk=scene.grid.pk).update(worker=None)
    assert _remind(NOW, django_capture_on_commit_callbacks) == 0
    assert not outbox
    Grid.objects.filter(pk=scene.grid.pk).update(worker=worker_a)
    assert _remind(NOW, django_capture_on_commit_callbacks) == 1
