"""Periodic work of operations: residents of a welfare check still unreached after the check's
set time are escalated."""

from django.utils import timezone

from linli.common.jobs import periodic
from linli.operations.welfare.actions import escalate_unreached


@periodic(seconds=300)
def welfare_sweep() -> int:
    """Idempotent: an escalated check item is not escalated again."""
    return escalate_unreached(now=timezone.now())
