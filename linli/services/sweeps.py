"""Periodic work of services: orders nobody accepted within the limit go back to the station."""

from linli.common.jobs import periodic
from linli.services.actions import order_escalate_overdue


@periodic(seconds=60)
def services_sweep() -> int:
    """Idempotent: an order already sent back is not dispatched, so a second run finds nothing."""
    return order_escalate_overdue()
