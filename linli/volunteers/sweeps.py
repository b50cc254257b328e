"""Periodic work of volunteers: the stored volunteer share, recomputed in full once a day (the
registry's resident counts change without telling volunteers; registrations refresh their own
community at once)."""

from linli.common.jobs import periodic
from linli.volunteers import share


@periodic(seconds=24 * 3600)
def volunteers_share_sweep() -> int:
    """Idempotent: replaces every stored row with a fresh count."""
    return share.refresh_all()
