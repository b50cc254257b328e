"""Periodic registry housekeeping (linli.common.jobs.periodic)."""

from linli.common.jobs import periodic
from linli.registry.jobs import import_jobs_sweep


@periodic(seconds=600)
def import_jobs_cleanup() -> None:
    """Stopped import jobs are marked failed; uploads (plain ID numbers) no job needs are deleted."""
    import_jobs_sweep()
