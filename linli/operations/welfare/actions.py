"""Welfare checks (探访): one action lists every vulnerable resident living in an area, from the
registry's care tags (独居, 空巢, 80+, 低保, 特困; disability only for a builder holding the sensitive
grant), each assigned to the 包户 worker of their building (registry.Assignment), or to the
least-loaded worker of the community when theirs has too many. Each check is recorded once;
the unreached are escalated by a sweep given `now`."""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.operations.common import field_error, require, text
from linli.operations.models import CheckItem, CheckMethod, CheckState, CheckTally, Incident, WelfareCheck
from linli.registry.models import (
    AGED_80,
    Assignment,
    CareTag,
    CareTagKind,
    Dwelling,
    Household,
    LivingPlace,
    Resident,
    ResidentStatus,
)
from linli.registry.queries import born_on_or_before_for_80
from linli.volunteers.models import Volunteer, VolunteerStatus

BUILD = "operations.emergency"
RECORD = "operations.check"
# Tags that make a resident vulnerable in a heat wave, cold snap or incident (issue 15).
CHECK_TAGS = (CareTagKind.ALONE, CareTagKind.EMPTY_NEST, CareTagKind.DIBAO, CareTagKind.EXTREME_POVERTY)
SENSITIVE = (CareTagKind.DISABILITY,)
# A worker with more than this many checks hands the rest to colleagues of the same community.
MAX_PER_WORKER = 60
COMMUNITY_BATCH = 200


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


def max_per_worker() -> int:
    """How many checks one 包户 worker keeps before the rest go to the community's volunteers
    (the setting LINLI_WELFARE_MAX_PER_WORKER)."""
    return int(getattr(settings, "LINLI_WELFARE_MAX_PER_WORKER", MAX_PER_WORKER))


def check_build(
    *,
    actor: User | None,
    area: Area,
    reason: str,
    incident: Incident | None = None,
    escalate_after_hours: int = 4,
    now: dt.datetime | None = None,
) -> WelfareCheck:
    """Build and assign the check list for an area in one go: one INSERT … SELECT per batch of
    communities, so the rows never pass through Python (855,000 residents city-wide)."""
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
        oldest = born_on_or_before_for_80(timezone.localdate(now))
        tag_q = _tags_q(actor, area)
        communities = list(
            Area.objects.filter(path__startswith=area.path, level=AreaLevel.COMMUNITY)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        limit = max_per_worker()
        to_volunteers = 0
        for start in range(0, len(communities), COMMUNITY_BATCH):
            batch = communities[start : start + COMMUNITY_BATCH]
            check.residents += _insert_items(check, batch, tag_q, oldest, limit)
        if check.residents:
            to_volunteers = check.items.filter(volunteer__isnull=False).count()
            _tally_build(check)
        check.save(update_fields=["residents"])
        record(
            actor=actor,
            action="operations.check.built",
            obj=check,
            area=area,
            details={
                "residents": check.residents,
                "to_volunteers": to_volunteers,
                "incident": incident.code if incident else None,
            },
            now=now,
        )
    return check


def _tally_build(check: WelfareCheck) -> None:
    """The board's counts, one row per community, all pending (the check was just built)."""
    per_community = (
        CheckItem.objects.filter(welfare_check=check)
        .values("community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    CheckTally.objects.bulk_create(
        [
            CheckTally(
                welfare_check=check, community_id=row["community_id"], total=row["n"], pending=row["n"]
            )
            for row in per_community
        ],
        batch_size=1000,
    )


def _insert_items(check: WelfareCheck, communities: list[int], tag_q: Q, oldest: dt.date, limit: int) -> int:
    """One statement for a batch of communities. Each vulnerable resident goes to their building's
    包户 worker (the lowest id when several share it); a worker's rows past `limit` go round-robin
    to the active volunteers of the community, and stay with the worker when it has none."""
    tag_sql, tag_params = (
        CareTag.objects.filter(tag_q, community_id__in=communities)
        .order_by("resident_id", "tag")
        .values("resident_id", "tag")
        .query.sql_with_params()
    )
    if connection.vendor == "postgresql":
        agg = "string_agg(t.tag, ',' ORDER BY t.tag)"
    else:
        agg = "group_concat(t.tag, ',')"  # rows come ordered by tag from the subquery
    marks = ",".join(["%s"] * len(communities))
    r, h, d = Resident._meta.db_table, Household._meta.db_table, Dwelling._meta.db_table
    a, v, item = Assignment._meta.db_table, Volunteer._meta.db_table, CheckItem._meta.db_table
    sql = f"""
    INSERT INTO {item} (welfare_check_id, community_id, resident_id, worker_id, volunteer_id,
                        tags, state, method, note)
    SELECT %s, c.community_id, c.rid,
           CASE WHEN c.n <= %s OR vol.id IS NULL THEN c.worker_id END,
           CASE WHEN c.n > %s THEN vol.id END,
           c.tags, %s, '', ''
    FROM (
        SELECT r.id AS rid, r.community_id, k.worker_id,
               CASE WHEN r.birth_date <= %s
                    THEN COALESCE(tg.tags || ',', '') || %s ELSE tg.tags END AS tags,
               CASE WHEN k.worker_id IS NULL THEN 0 ELSE
                    row_number() OVER (PARTITION BY r.community_id, k.worker_id ORDER BY r.id) END AS n
        FROM {r} r
        LEFT JOIN {h} h ON h.id = r.household_id
        LEFT JOIN {d} d ON d.id = h.dwelling_id
        LEFT JOIN (SELECT building_id, MIN(worker_id) AS worker_id FROM {a}
                   WHERE community_id IN ({marks}) GROUP BY building_id) k ON k.building_id = d.building_id
        LEFT JOIN (SELECT t.resident_id, {agg} AS tags FROM ({tag_sql}) t GROUP BY t.resident_id) tg
               ON tg.resident_id = r.id
        WHERE r.community_id IN ({marks}) AND r.status = %s AND r.lives_where = %s
          AND (tg.tags IS NOT NULL OR r.birth_date <= %s)
    ) c
    LEFT JOIN (SELECT community_id, COUNT(*) AS cnt FROM {v} WHERE status = %s
               AND community_id IN ({marks}) GROUP BY community_id) vc ON vc.community_id = c.community_id
    LEFT JOIN (SELECT id, community_id,
                      row_number() OVER (PARTITION BY community_id ORDER BY id) AS vn
               FROM {v} WHERE status = %s AND community_id IN ({marks})) vol
           ON vol.community_id = c.community_id AND c.n > %s
          AND vol.vn = MOD(c.n - %s - 1, vc.cnt) + 1
    """  # noqa: S608  (table names come from the models; every value is a parameter)
    params = [
        check.pk, limit, limit, CheckState.PENDING,
        oldest, AGED_80,
        *communities,
        *tag_params,
        *communities, ResidentStatus.ACTIVE, LivingPlace.HERE, oldest,
        VolunteerStatus.ACTIVE, *communities,
        VolunteerStatus.ACTIVE, *communities, limit, limit,
    ]  # fmt: skip
    if connection.vendor == "sqlite":
        sql = sql.replace("MOD(c.n - %s - 1, vc.cnt)", "((c.n - %s - 1) %% vc.cnt)")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


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
        item = (
            CheckItem.objects.select_for_update(of=("self",))
            .select_related("community", "volunteer")
            .get(pk=item.pk)
        )
        if not is_their_volunteer(actor, item):
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
        # The board's count moves in the same transaction (a row lock per community and check).
        CheckTally.objects.filter(
            welfare_check_id=item.welfare_check_id, community_id=item.community_id
        ).update(pending=F("pending") - 1, **{state: F(state) + 1})
        record(
            actor=actor,
            action="operations.check.recorded",
            obj=item,
            area=item.community,
            details={"state": state, "method": item.method},
            now=now,
        )
    return item


def is_their_volunteer(actor: User | None, item: CheckItem) -> bool:
    """The volunteer an overflow check went to records it from their own account."""
    volunteer = item.volunteer
    return (
        actor is not None
        and volunteer is not None
        and volunteer.user_id == actor.pk
        and volunteer.status == VolunteerStatus.ACTIVE
    )


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
            late = check.items.filter(
                state__in=(CheckState.PENDING, CheckState.NOT_REACHED), escalated_at__isnull=True
            )
            per_community = dict(
                late.values("community_id")
                .annotate(n=Count("pk"))
                .order_by()
                .values_list("community_id", "n")
            )
            n = late.update(escalated_at=now)
            for community_id, count in per_community.items():
                CheckTally.objects.filter(welfare_check=check, community_id=community_id).update(
                    escalated=F("escalated") + count
                )
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


def check_item_order(
    *, actor: User | None, item: CheckItem, service: object, now: dt.datetime | None = None
) -> CheckItem:
    """Someone who needs help gets a service order (代办 by the station, through the services' own
    action: its eligibility and time limits apply), linked to the check."""
    from linli.services.actions import order_create
    from linli.services.models import Channel as ServiceChannel

    now = now or timezone.now()
    with transaction.atomic():
        item = (
            CheckItem.objects.select_for_update(of=("self",))
            .select_related("community", "resident")
            .get(pk=item.pk)
        )
        require(actor, RECORD, item.community)
        if item.state != CheckState.NEEDS_HELP or item.order_id:
            raise DomainError(
                "no_order", _("Only a resident who needs help, once, gets a service order."), status=409
            )
        order = order_create(
            actor=actor,
            service=service,  # type: ignore[arg-type]
            community=item.community,
            description=item.note or _("Welfare check: help needed"),
            resident=item.resident,
            channel=ServiceChannel.STATION,
            now=now,
        )
        item.order = order
        item.save(update_fields=["order"])
        record(
            actor=actor,
            action="operations.check.ordered",
            obj=item,
            area=item.community,
            details={"order": order.code},
            now=now,
        )
    return item
