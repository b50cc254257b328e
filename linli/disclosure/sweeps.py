"""Periodic work of the disclosure app (see linli.common.jobs)."""

from linli.common.jobs import periodic
from linli.disclosure.actions import overdue_refresh


@periodic(seconds=3600)
def disclosure_overdue_sweep() -> None:
    """Hourly, so that a disclosure turns overdue within the hour after its due day ends."""
    overdue_refresh()
