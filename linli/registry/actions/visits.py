"""Buildings assigned to workers, and the visits they log."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.registry.actions.common import WRITE, _bad, _community, require_manage
from linli.registry.models import (
    AGED_80,
    Assignment,
    Building,
    CareTagKind,
    Resident,
    Visit,
    VisitFrequency,
)


def building_assign(*, actor: User | None, building: Building, worker: Any) -> Assignment:
    """分片包户: `worker` looks after the households of `building`."""
    with transaction.atomic():
        require_manage(actor, building.community)
        if not policy.can(worker, WRITE, building.community):
            raise _bad("not_a_worker", "worker", _("Choose a worker of this community."))
        assignment, _created = Assignment.objects.get_or_create(
            building=building, worker=worker, defaults={"community": building.community}
        )
        record(
            actor=actor,
            action="registry.building.assigned",
            obj=building,
            area=building.community,
            details={"worker": worker.pk},
        )
    return assignment


def building_unassign(*, actor: User | None, building: Building, worker: Any) -> None:
    with transaction.atomic():
        require_manage(actor, building.community)
        Assignment.objects.filter(building=building, worker=worker).delete()
        record(
            actor=actor,
            action="registry.building.unassigned",
            obj=building,
            area=building.community,
            details={"worker": worker.pk},
        )


def visit_log(
    *,
    actor: User | None,
    resident: Resident,
    visited_at: dt.datetime,
    findings: str,
    follow_up: str = "",
    now: dt.datetime | None = None,
) -> Visit:
    """A home visit (入户走访): who, when, whom, what was found, what follows."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        if not findings.strip():
            raise _bad("findings_required", "findings", _("Write what you found."))
        if visited_at > now + dt.timedelta(minutes=5):
            raise _bad("visit_future", "visited_at", _("The visit cannot be in the future."))
        visit = Visit.objects.create(
            community=resident.community,
            resident=resident,
            worker=actor if getattr(actor, "pk", None) else None,
            visited_at=visited_at,
            findings=findings.strip(),
            follow_up=follow_up.strip(),
        )
        record(actor=actor, action="registry.visit.logged", obj=resident, area=resident.community, now=now)
    return visit


def visit_frequency_set(*, actor: User | None, community: Area, tag: str, days: int) -> VisitFrequency:
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if tag not in (*CareTagKind.values, AGED_80):
            raise _bad("invalid_tag", "tag", _("Choose a care tag."))
        if not 1 <= days <= 366:
            raise _bad("invalid_days", "days", _("Enter a number of days from 1 to 366."))
        freq, _created = VisitFrequency.objects.update_or_create(
            community=community, tag=tag, defaults={"days": days}
        )
        record(
            actor=actor,
            action="registry.visit_frequency.set",
            obj=freq,
            area=community,
            details={"tag": tag, "days": days},
        )
    return freq
