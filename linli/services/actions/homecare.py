"""Home care (居家养老): visit plans, the visits care providers record, and missed-visit warnings."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.registry.models import Resident, ResidentStatus
from linli.services.actions.common import _text, _today, field_error
from linli.services.models import CarePlan, CareVisit, Provider
from linli.services.permissions import acts_for


def _serves(provider: Provider, community: object) -> bool:
    codes = [c for c in getattr(community, "path", "").split("/") if c]
    return provider.service_areas.filter(code__in=codes).exists()


def care_plan_create(
    *,
    actor: User | None,
    resident: Resident,
    provider: Provider,
    every_days: int,
    first_due: dt.date,
    note: str,
    now: dt.datetime | None = None,
) -> CarePlan:
    """The station plans visits at home by a care provider to a resident, every so many days."""
    now = now or timezone.now()
    community = resident.community
    policy.require(actor, "services.dispatch", community, visible="services.view")
    if resident.status != ResidentStatus.ACTIVE:
        raise field_error("not_active", "resident", _("This resident is no longer registered here."))
    if not provider.is_active or not _serves(provider, community):
        raise field_error("provider_elsewhere", "provider", _("This provider does not serve the community."))
    if provider.licence_expires and provider.licence_expires < _today(now):
        raise field_error("licence_expired", "provider", _("This provider's licence has expired."))
    if not 1 <= every_days <= 90:
        raise field_error("bad_interval", "every_days", _("Visit every 1 to 90 days."))
    if not _today(now) <= first_due <= _today(now) + dt.timedelta(days=90):
        raise field_error("bad_first_due", "first_due", _("The first visit is due within the next 90 days."))
    note = _text(note, "note", _("what the visits are for"), required=True, limit=300)
    with transaction.atomic():
        plan = CarePlan.objects.create(
            code=short_code("V", 8),
            resident=resident,
            community=community,
            provider=provider,
            every_days=every_days,
            next_due=first_due,
            note=note,
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=now,
        )
        record(
            actor=actor,
            action="services.care.planned",
            obj=plan,
            area=community,
            details={"code": plan.code, "provider": provider.code, "every_days": every_days},
            now=now,
        )
    return plan


def care_visit_record(
    *,
    actor: User | None,
    plan: CarePlan,
    visited_at: dt.datetime,
    done: str,
    findings: str = "",
    hours: int = 1,
    now: dt.datetime | None = None,
) -> CareVisit:
    """The provider's carer (or the station for them) records a visit made; the next one falls
    due `every_days` later and a missed flag is cleared. Its hours are paid from the resident's
    home-care hours of that month as far as the balance goes (`care.redeem_for_visit`)."""
    from linli.services.care import redeem_for_visit  # care imports this package

    now = now or timezone.now()
    if actor is not None and not acts_for(actor, plan.provider_id):
        if not policy.can(actor, "services.view", plan.community):
            raise NotFound()
        if not policy.can(actor, "services.dispatch", plan.community):
            raise Forbidden(_("Only the care provider or the station records visits."))
    if not plan.is_active:
        raise DomainError("plan_ended", _("This plan has ended."), status=409)
    if visited_at > now:
        raise field_error(
            "future_visit", "visited_at", pgettext("home care", "The visit cannot be in the future.")
        )
    if visited_at < now - dt.timedelta(days=30):
        raise field_error("old_visit", "visited_at", _("Record visits within 30 days of making them."))
    if not 1 <= hours <= 12:
        raise field_error("bad_hours", "hours", _("Give between 1 and 12 hours."))
    done = _text(done, "done", _("what was done"), required=True, limit=500)
    findings = _text(findings, "findings", _("the findings"), required=False, limit=500)
    with transaction.atomic():
        plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
        visit = CareVisit.objects.create(
            plan=plan,
            visited_at=visited_at,
            by=actor if getattr(actor, "pk", None) else None,
            done=done,
            findings=findings,
            hours=hours,
            recorded_at=now,
        )
        # The next visit falls due from the latest visit (a late entry of an earlier one changes nothing).
        later = plan.visits.exclude(pk=visit.pk).filter(visited_at__gt=visited_at).exists()
        if not later:
            plan.next_due = _today(visited_at) + dt.timedelta(days=plan.every_days)
            plan.missed_since = None
        plan.save(update_fields=["next_due", "missed_since"])
        redemption = redeem_for_visit(actor=actor, plan=plan, visit=visit, now=now)
        record(
            actor=actor,
            action="services.care.visited",
            obj=plan,
            area=plan.community,
            details={
                "code": plan.code,
                "visited_at": visited_at,
                "hours": hours,
                "paid_hours": redemption.units if redemption else 0,
            },
            now=now,
        )
    return visit


def care_visits_sweep(*, now: dt.datetime | None = None) -> int:
    """Flag every active plan whose visit is past due and not yet flagged; one audit event each.
    Idempotent: a flagged plan stays flagged (and is not counted again) until a visit clears it."""
    now = now or timezone.now()
    today = _today(now)
    count = 0
    late = CarePlan.objects.filter(Q(missed_since__isnull=True), is_active=True, next_due__lt=today)
    for pk in late.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            plan = CarePlan.objects.select_for_update().select_related("community").get(pk=pk)
            if plan.missed_since is not None or plan.next_due >= today:
                continue
            plan.missed_since = plan.next_due
            plan.save(update_fields=["missed_since"])
            record(
                actor=None,
                action="services.care.missed",
                obj=plan,
                area=plan.community,
                details={"code": plan.code, "due": plan.next_due.isoformat()},
                now=now,
            )
            count += 1
    return count
