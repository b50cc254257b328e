"""Checks every self-government write shares: the error it raises, the clock, the community and
election-stage guards, and "the resident themself or staff"."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.common.errors import DomainError, Forbidden
from linli.governance.models import (
    Election,
)
from linli.governance.permissions import can_manage, own_records, require_view
from linli.registry.models import Resident


def _err(code: str, message: Any, field: str | None = None, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]} if field else None, status=status)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _today(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def _community(area: Area) -> Area:
    if area.level != Level.COMMUNITY:
        raise _err("not_a_community", _("Choose a community."), "community")
    return area


def _stage(election: Election, *allowed: str) -> None:
    if election.stage not in allowed:
        raise _err(
            "wrong_stage",
            _("This cannot be done while the election is at the stage “%(stage)s”.")
            % {"stage": election.get_stage_display()},
            status=409,
        )


def _lock(election: Election) -> Election:
    return Election.objects.select_for_update().select_related("community").get(pk=election.pk)


def _own_or_manage(actor: User | None, resident: Resident, community: Area) -> None:
    """The resident themself (an active record on their account), or staff of the community."""
    if actor is None:
        return
    if any(r.pk == resident.pk for r in own_records(actor, community)):
        return
    require_view(actor, community)
    if not can_manage(actor, community):
        raise Forbidden()
