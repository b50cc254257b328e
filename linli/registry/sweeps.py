"""Periodic registry housekeeping (linli.common.jobs.periodic)."""

import datetime as dt
from pathlib import Path

from django.utils import timezone

from linli.common.jobs import periodic
from linli.registry.models import ImportJob, ImportStatus


@periodic(seconds=3600)
def import_files_cleanup() -> None:
    """Previewed uploads nobody confirmed within a day are deleted (they hold personal data)."""
    cutoff = timezone.now() - dt.timedelta(days=1)
    for job in ImportJob.objects.filter(created_at__lt=cutoff, status=ImportStatus.CHECKED):
        Path(job.path).unlink(missing_ok=True)
