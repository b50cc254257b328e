"""Every write of 居务公开: permitted, validated, written and audited in one transaction."""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.disclosure.models import Category, Frequency, Item, ItemStatus, Overdue, Question, Schedule

# Text that looks like a full ID number or mobile number must not go on a public board.
ID_LIKE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE_LIKE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def require(actor: User | None, capability: str, community: Area, message: str = "") -> None:
    policy.require(
        actor,
        capability,
        community,
        visible="disclosure.view",
        message=message or _("You may not do this here."),
    )


def _errors(errors: dict[str, list[str]], code: str) -> None:
    if errors:
        raise DomainError(code, next(iter(errors.values()))[0], fields=errors)


def _check_text(
    category: str, title: str, body: str, start: dt.date | None, end: dt.date | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = [_("Choose a topic.")]
    if not title:
        errors["title"] = [_("Enter a title.")]
    if not body:
        errors["body"] = [_("Enter the text of the notice.")]
    if (start is None) != (end is None):
        errors["period_end" if end is None else "period_start"] = [
            _("Give both ends of the period, or neither.")
        ]
    elif start is not None and end is not None and end < start:
        errors["period_end"] = [_("The period cannot end before it starts.")]
    return errors


def item_create(
    *,
    actor: User | None,
    community: Area,
    category: str,
    title: str,
    body: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Item:
    """A draft notice; nothing is public until it is published."""
    now = now or timezone.now()
    with transaction.atomic():
        if community.level != Level.COMMUNITY:
            raise DomainError("not_a_community", _("Choose a community."))
        require(actor, "disclosure.manage", community, _("Only community workers write notices."))
        title, body = (title or "").strip(), (body or "").strip()
        _errors(_check_text(category, title, body, period_start, period_end), "invalid_item")
        item = Item.objects.create(
            code=short_code("G"),
            community=community,
            category=category,
            title=title[:200],
            body=body,
            period_start=period_start,
            period_end=period_end,
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=now,
        )
        record(
            actor=actor,
            action="disclosure.item.created",
            obj=item,
            area=community,
            details={"category": category},
            now=now,
        )
    return item


def item_update(
    *,
    actor: User | None,
    item: Item,
    title: str,
    body: str,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Item:
    """Change a draft. A published notice stays as it was: withdraw it and publish a new one."""
    now = now or timezone.now()
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("community").get(pk=item.pk)
        require(actor, "disclosure.manage", item.community, _("Only community workers write notices."))
        if item.status != ItemStatus.DRAFT:
            raise DomainError(
                "not_draft",
                _("A published notice is not changed; withdraw it and publish a new one."),
                status=409,
            )
        title, body = (title or "").strip(), (body or "").strip()
        _errors(_check_text(item.category, title, body, period_start, period_end), "invalid_item")
        item.title, item.body, item.period_start, item.period_end = (
            title[:200],
            body,
            period_start,
            period_end,
        )
        item.save(update_fields=["title", "body", "period_start", "period_end"])
        record(actor=actor, action="disclosure.item.updated", obj=item, area=item.community, now=now)
    return item


def item_publish(*, actor: User | None, item: Item, now: dt.datetime | None = None) -> Item:
    """Put a draft on the public board; refused while its text holds a full ID or mobile number."""
    now = now or timezone.now()
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("community").get(pk=item.pk)
        require(actor, "disclosure.manage", item.community, _("Only community workers publish notices."))
        if item.status != ItemStatus.DRAFT:
            raise DomainError("not_draft", _("Only a draft can be published."), status=409)
        text = f"{item.title}\n{item.body}"
        if ID_LIKE.search(text) or MOBILE_LIKE.search(text):
            msg = _(
                "The text seems to hold a full ID number or mobile number. Remove or mask it (e.g. 138****0001) before publishing."
            )
            raise DomainError("personal_data", msg, fields={"body": [msg]})
        item.status = ItemStatus.PUBLISHED
        item.published_at = now
        item.published_by = actor if getattr(actor, "pk", None) else None
        item.save(update_fields=["status", "published_at", "published_by"])
        resolved = 0
        if item.period_start and item.period_end:
            resolved = Overdue.objects.filter(
                community=item.community,
                category=item.category,
                period_start__gte=item.period_start,
                period_end__lte=item.period_end,
                resolved_at__isnull=True,
            ).update(resolved_at=now)
        record(
            actor=actor,
            action="disclosure.item.published",
            obj=item,
            area=item.community,
            details={"category": item.category, "resolved_overdue": resolved},
            now=now,
        )
    return item


def item_withdraw(*, actor: User | None, item: Item, reason: str, now: dt.datetime | None = None) -> Item:
    """Take a notice off the public board (it stays on record with the reason)."""
    now = now or timezone.now()
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("community").get(pk=item.pk)
        require(actor, "disclosure.manage", item.community, _("Only community workers withdraw notices."))
        if item.status != ItemStatus.PUBLISHED:
            raise DomainError("not_published", _("Only a published notice can be withdrawn."), status=409)
        reason = (reason or "").strip()
        if not reason:
            msg = _("Say why the notice is withdrawn.")
            raise DomainError("reason_required", msg, fields={"reason": [msg]})
        item.status = ItemStatus.WITHDRAWN
        item.withdrawn_at = now
        item.withdrawn_reason = reason[:300]
        item.save(update_fields=["status", "withdrawn_at", "withdrawn_reason"])
        record(
            actor=actor,
            action="disclosure.item.withdrawn",
            obj=item,
            area=item.community,
            details={"reason": reason[:300]},
            now=now,
        )
    return item


def question_ask(*, actor: User | None, item: Item, text: str, now: dt.datetime | None = None) -> Question:
    """A resident of the community asks about a published notice."""
    now = now or timezone.now()
    with transaction.atomic():
        item = Item.objects.select_related("community").get(pk=item.pk)
        if item.status != ItemStatus.PUBLISHED:
            raise NotFound()
        if actor is None or not policy.can(actor, "disclosure.ask", item.community):
            raise Forbidden(_("Only residents of this community can ask here."))
        text = (text or "").strip()
        if len(text) < 4:
            msg = _("Write your question (at least 4 characters).")
            raise DomainError("question_short", msg, fields={"text": [msg]})
        question = Question.objects.create(item=item, asker=actor, text=text[:500], asked_at=now)
        record(actor=actor, action="disclosure.question.asked", obj=item, area=item.community, now=now)
    return question


def question_answer(
    *, actor: User | None, question: Question, answer: str, now: dt.datetime | None = None
) -> Question:
    """The committee's answer, shown publicly under the notice."""
    now = now or timezone.now()
    with transaction.atomic():
        question = Question.objects.select_for_update().select_related("item__community").get(pk=question.pk)
        require(actor, "disclosure.manage", question.item.community, _("Only community workers answer."))
        answer = (answer or "").strip()
        if not answer:
            msg = _("Write the answer.")
            raise DomainError("answer_required", msg, fields={"answer": [msg]})
        if ID_LIKE.search(answer) or MOBILE_LIKE.search(answer):
            msg = _("The answer seems to hold a full ID number or mobile number; remove it.")
            raise DomainError("personal_data", msg, fields={"answer": [msg]})
        question.answer = answer
        question.answered_by = actor if getattr(actor, "pk", None) else None
        question.answered_at = now
        question.save(update_fields=["answer", "answered_by", "answered_at"])
        record(
            actor=actor,
            action="disclosure.question.answered",
            obj=question.item,
            area=question.item.community,
            details={"question": question.pk},
            now=now,
        )
    return question


def schedule_set(
    *,
    actor: User | None,
    area: Area,
    category: str,
    frequency: str,
    grace_days: int,
    effective_from: dt.date,
    now: dt.datetime | None = None,
) -> Schedule:
    """The disclosure schedule of a category for an area's communities (nearest area's rule wins)."""
    now = now or timezone.now()
    with transaction.atomic():
        if actor is not None:
            if not policy.can(actor, "disclosure.view", area):
                raise NotFound()
            if not policy.can(actor, "disclosure.configure", area):
                raise Forbidden(_("Only the district or city sets disclosure schedules."))
        errors: dict[str, list[str]] = {}
        if category not in Category.values:
            errors["category"] = [_("Choose a topic.")]
        if frequency not in Frequency.values:
            errors["frequency"] = [_("Choose how often.")]
        if not isinstance(grace_days, int) or not 0 <= grace_days <= 365:
            errors["grace_days"] = [_("Enter a number of days from 0 to 365.")]
        _errors(errors, "invalid_schedule")
        schedule, created = Schedule.objects.update_or_create(
            area=area,
            category=category,
            defaults={
                "frequency": frequency,
                "grace_days": grace_days,
                "effective_from": effective_from,
                "set_by": actor if getattr(actor, "pk", None) else None,
                "set_at": now,
            },
        )
        record(
            actor=actor,
            action="disclosure.schedule.set",
            obj=schedule,
            area=area,
            details={
                "category": category,
                "frequency": frequency,
                "grace_days": grace_days,
                "effective_from": effective_from,
                "created": created,
            },
            now=now,
        )
    return schedule


def overdue_refresh(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Record newly overdue disclosures and resolve those since published; (new, resolved)."""
    from linli.disclosure.schedules import overdue

    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        communities = list(Area.objects.filter(level=Level.COMMUNITY, is_active=True))
        found = overdue(communities, today)
        keys = {(r.community.pk, r.category, r.start) for r in found}
        open_rows = {
            (o.community_id, o.category, o.period_start): o
            for o in Overdue.objects.filter(resolved_at__isnull=True)
        }
        known = set(
            Overdue.objects.filter(
                period_start__gte=min((r.start for r in found), default=today)
            ).values_list("community_id", "category", "period_start")
        )
        new_rows = [
            Overdue(
                community=r.community,
                category=r.category,
                period_start=r.start,
                period_end=r.end,
                due_on=r.due_on,
                detected_at=now,
            )
            for r in found
            if (r.community.pk, r.category, r.start) not in known
        ]
        Overdue.objects.bulk_create(new_rows, ignore_conflicts=True)
        gone = [o.pk for k, o in open_rows.items() if k not in keys]
        resolved = Overdue.objects.filter(pk__in=gone).update(resolved_at=now) if gone else 0
        if new_rows or resolved:
            record(
                actor=None,
                action="disclosure.overdue.swept",
                details={"new": len(new_rows), "resolved": resolved, "day": today},
                now=now,
            )
    return len(new_rows), resolved
