"""Welfare checks (探访): one action lists every vulnerable resident living in an area, from the
registry's care tags (独居, 空巢, 80+, 低保, 特困; disability only for a builder holding the sensitive
grant), each assigned to the 包户 worker of their building (registry.Assignment), or to the
least-loaded worker of the community when theirs has too many. Each check is recorded once;
the unreached are escalated by a sweep given `now`."""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.operations.common import field_error, require, text
from linli.operations.models import CheckItem, CheckMethod, CheckState, Incident, WelfareCheck
from linli.registry.models import (
    AGED_80,
    Assignment,
    CareTag,
    CareTagKind,
    LivingPlace,
    Resident,
    ResidentStatus,
)
from linli.registry.queries import born_on_or_before_for_80

BUILD = "operations.emergency"
RECORD = "operations.check"
# Tags that make a resident vulnerable in a heat wave, cold snap or incident (issue 15).
CHECK_TAGS = (CareTagKind.ALONE, CareTagKind.EMPTY_NEST, CareTagKind.DIBAO, CareTagKind.EXTREME_POVERTY)
SENSITIVE = (CareTagKind.DISABILITY,)
# A worker with more than this many checks hands the rest to colleagues of the same community.
MAX_PER_WORKER = 60
BULK = 5000


def _tags_q(builder: User | None, area: Area) -> Q:
    tags = list(CHECK_TAGS)
    q = Q(tag__in=tags)
    for tag in SENSITIVE:
        if builder is None:
            q |= Q(tag=tag)
        else:
            # Sensitive tags count only where the builder holds the grant: a check list must not
            # reveal who has a disability to someone without it.
            q |= Q(tag=tag) & policy.sensitive_q(builder, tag, field="community")
    return q


def check_build(
    *,
    actor: User | None,
    area: Area,
    reason: str,
    incident: Incident | None = None,
    escalate_after_hours: int = 4,
    now: dt.datetime | None = None,
) -> WelfareCheck:
    """Build and assign the check list for an area in one go."""
    now = now or timezone.now()
    with transaction.atomic():
        require(actor, BUILD, area)
        reason = text(reason, "reason", _("the reason"), 100)
        if not isinstance(escalate_after_hours, int) or not 1 <= escalate_after_hours <= 72:
            raise field_error("bad_hours", "escalate_after_hours", _("Escalate after 1 to 72 hours."))
        check = WelfareCheck.objects.create(
            code=short_code("K"),
            area=area,
            incident=incident,
            reason=reason,
            built_at=now,
            built_by=actor if actor else None,
            escalate_after_hours=escalate_after_hours,
        )
        today = timezone.localdate(now)
        oldest = born_on_or_before_for_80(today)
        tag_q = _tags_q(actor, area)
        residents = Resident.objects.filter(
            community__path__startswith=area.path, status=ResidentStatus.ACTIVE, lives_where=LivingPlace.HERE
        )
        tagged = Exists(CareTag.objects.filter(tag_q, resident=OuterRef("pk")))
        rows = (
            residents.filter(tagged | Q(birth_date__lte=oldest))
            .order_by("community_id", "pk")
            .values_list("pk", "community_id", "birth_date", "household__dwelling__building_id")
        )
        tags: dict[int, list[str]] = defaultdict(list)
        for rid, tag in CareTag.objects.filter(tag_q, community__path__startswith=area.path).values_list(
            "resident_id", "tag"
        ):
            tags[rid].append(tag)
        keepers: dict[int, list[int]] = defaultdict(list)
        community_workers: dict[int, set[int]] = defaultdict(set)
        for building_id, worker_id, community_id in Assignment.objects.filter(
            community__path__startswith=area.path
        ).values_list("building_id", "worker_id", "community_id"):
            keepers[building_id].append(worker_id)
            community_workers[community_id].add(worker_id)
        load: dict[int, int] = defaultdict(int)
        items: list[CheckItem] = []
        for rid, community_id, birth, building_id in rows.iterator(chunk_size=BULK):
            codes = sorted(tags.get(rid, []))
            if birth <= oldest:
                codes.append(AGED_80)
            if not codes:
                continue
            worker = _assign(keepers.get(building_id, []), community_workers.get(community_id, set()), load)
            items.append(
                CheckItem(
                    welfare_check=check,
                    community_id=community_id,
                    resident_id=rid,
                    worker_id=worker,
                    tags=",".join(codes)[:100],
                )
            )
            if len(items) >= BULK:
                CheckItem.objects.bulk_create(items)
                check.residents += len(items)
                items = []
        CheckItem.objects.bulk_create(items)
        check.residents += len(items)
        check.save(update_fields=["residents"])
        record(
            actor=actor,
            action="operations.check.built",
            obj=check,
            area=area,
            details={"residents": check.residents, "incident": incident.code if incident else None},
            now=now,
        )
    return check


def _assign(keepers: list[int], colleagues: set[int], load: dict[int, int]) -> int | None:
    """Their building's 包户 worker; when that one has too many, the least-loaded colleague."""
    for worker in sorted(keepers, key=lambda w: load[w]):
        if load[worker] < MAX_PER_WORKER:
            load[worker] += 1
            return worker
    spare = min(colleagues, key=lambda w: load[w], default=None) if colleagues else None
    if spare is None:
        return keepers[0] if keepers else None
    load[spare] += 1
    return spare


def check_record(
    *,
    actor: User | None,
    item: CheckItem,
    state: str,
    method: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> CheckItem:
    """Record one check: reached and safe, reached and needs help, or not reached. Once only."""
    now = now or timezone.now()
    with transaction.atomic():
        item = CheckItem.objects.select_for_update().select_related("community").get(pk=item.pk)
        require(actor, RECORD, item.community)
        if item.state != CheckState.PENDING:
            raise DomainError("already_recorded", _("This check was already recorded."), status=409)
        if state not in (CheckState.SAFE, CheckState.NEEDS_HELP, CheckState.NOT_REACHED):
            raise field_error(
                "bad_state", "state", _("Say whether the resident is safe, needs help or was not reached.")
            )
        if state != CheckState.NOT_REACHED and method not in CheckMethod.values:
            raise field_error("bad_method", "method", _("Say how you reached them."))
        note = text(note, "note", _("the note"), 300, required=state == CheckState.NEEDS_HELP)
        item.state, item.method, item.note = state, method if state != CheckState.NOT_REACHED else "", note
        item.recorded_at, item.recorded_by = now, actor if actor else None
        item.save(update_fields=["state", "method", "note", "recorded_at", "recorded_by"])
        record(
            actor=actor,
            action="operations.check.recorded",
            obj=item,
            area=item.community,
            details={"state": state, "method": item.method},
            now=now,
        )
    return item


def check_item_ticket(
    *, actor: User | None, item: CheckItem, category: object, now: dt.datetime | None = None
) -> CheckItem:
    """Someone who needs help becomes a ticket through the tickets' own action, linked to the check."""
    from linli.tickets.actions import ticket_submit
    from linli.tickets.models import Channel

    now = now or timezone.now()
    with transaction.atomic():
        item = CheckItem.objects.select_for_update().select_related("community", "resident").get(pk=item.pk)
        require(actor, RECORD, item.community)
        if item.state != CheckState.NEEDS_HELP or item.ticket_id:
            raise DomainError(
                "no_ticket", _("Only a resident who needs help, once, becomes a request."), status=409
            )
        ticket = ticket_submit(
            actor=actor,
            community=item.community,
            category=category,  # type: ignore[arg-type]
            title=_("Welfare check: help needed"),
            description=item.note,
            channel=Channel.VISIT,
            resident=item.resident,
            now=now,
        )
        item.ticket = ticket
        item.save(update_fields=["ticket"])
        record(
            actor=actor,
            action="operations.check.ticketed",
            obj=item,
            area=item.community,
            details={"ticket": ticket.code},
            now=now,
        )
    return item


def escalate_unreached(*, now: dt.datetime) -> int:
    """The sweep: checks still pending or not reached after the check's set time are escalated
    (flagged for the street and the director, in one UPDATE per check)."""
    done = 0
    with transaction.atomic():
        for check in WelfareCheck.objects.filter(built_at__gte=now - dt.timedelta(days=7)):
            due = check.built_at + dt.timedelta(hours=check.escalate_after_hours)
            if due > now:
                continue
            n = check.items.filter(
                state__in=(CheckState.PENDING, CheckState.NOT_REACHED), escalated_at__isnull=True
            ).update(escalated_at=now)
            if n:
                record(
                    actor=None,
                    action="operations.check.escalated",
                    obj=check,
                    area=check.area,
                    details={"items": n},
                    now=now,
                )
                done += n
    return done
