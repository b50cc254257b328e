"""Periodic work of organizations: annual report reminders open from 1 March."""

from django.utils import timezone

from linli.common.jobs import periodic
from linli.organizations.actions import reports_remind


@periodic(seconds=24 * 3600)
def organizations_reports_sweep() -> int:
    """Idempotent: a report already opened is not opened again."""
    return reports_remind(now=timezone.now())
