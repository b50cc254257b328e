"""Recompute the coverage (一刻钟社区服务圈): by a city admin, or nightly by the sweep."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import NotFound
from linli.services import coverage


def coverage_allowed(actor: User | None) -> bool:
    return actor is None or policy.reaches_everything(actor, "services.configure")


def coverage_recompute(*, actor: User | None, now: dt.datetime | None = None) -> dict[str, int]:
    """Replace the stored coverage of every community and its roll-ups (city-wide, so only a
    viewer who reaches the whole city may ask for it; `actor=None` is the system)."""
    now = now or timezone.now()
    if not coverage_allowed(actor):
        raise NotFound()
    with transaction.atomic():
        counts = coverage.recompute(now=now)
        record(actor=actor, action="services.coverage.recomputed", details=counts, now=now)
    return counts
