"""Periodic work of services: orders nobody accepted within the limit go back to the station, and
home-care visits past their due day are flagged missed."""

from linli.common.jobs import periodic
from linli.services.actions import care_visits_sweep, order_escalate_overdue


@periodic(seconds=60)
def services_sweep() -> int:
    """Idempotent: an order already sent back is not dispatched and a missed visit already flagged
    is not flagged again, so a second run finds nothing."""
    return order_escalate_overdue() + care_visits_sweep()


@periodic(seconds=6 * 3600)
def services_coverage() -> int:
    """Recompute the coverage four times a day (licences expire, providers change areas)."""
    from django.utils import timezone

    from linli.services.actions import coverage_recompute

    return coverage_recompute(actor=None, now=timezone.now())["cells"]
