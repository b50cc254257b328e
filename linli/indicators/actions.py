"""Every write of the indicators: a reported figure entered, a period signed off.

The computed figures themselves are a derived table written by `compute` (docs/architecture.md,
"Writes outside actions").
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError, Forbidden
from linli.common.indicators import Indicator, all_indicators
from linli.common.periods import period_bounds
from linli.indicators import compute, permissions
from linli.indicators.models import Entry, Signoff

MAX_FIGURE = 1e12
NOTE_LIMIT = 200


def _field(code: str, field: str, message: str) -> DomainError:
    return DomainError(code, message, fields={field: [message]})


def locked(period: str, start: dt.date, area: Area) -> Signoff | None:
    """The sign-off that locks this area's period (its own or one above), if any."""
    for s in Signoff.objects.filter(period=period, period_start=start).select_related("area"):
        if area.path.startswith(s.area.path):
            return s
    return None


def entry_record(
    *,
    actor: User | None,
    indicator: Indicator,
    area: Area,
    day: dt.date,
    numerator: float,
    denominator: float | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Entry:
    """Enter (or correct) a reported indicator's figure for the period containing `day`; the area's
    figures and those above it are recomputed. Refused once the period is signed off."""
    now = now or timezone.now()
    policy.require(actor, permissions.REPORT, area, visible=permissions.VIEW)
    if actor is not None and not permissions.can_report(actor, indicator, area):
        raise Forbidden(_("This figure is entered by the responsible role at its own level."))
    if not indicator.reported:
        raise DomainError(
            "computed", _("This indicator is computed from the records; it is not entered by hand.")
        )
    if area.level != compute.unit_level(indicator):
        raise DomainError(
            "wrong_level", _("This figure is entered for each %(level)s.") % {"level": indicator.report_level}
        )
    start = period_bounds(indicator.period, day)[0]
    if start > timezone.localtime(now).date():
        raise _field("future", "period", _("The period has not begun yet."))
    for name, value in (("numerator", numerator), ("denominator", denominator)):
        if value is not None and not (0 <= value <= MAX_FIGURE):
            raise _field(f"{name}_range", name, _("Enter a number from 0 up."))
    if indicator.rollup != "sum" and indicator.rollup != "share" and not denominator:
        raise _field(
            "denominator_required", "denominator", _("Enter what the figure is out of (more than 0).")
        )
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise _field(
            "note_too_long", "note", _("Keep the source within %(n)d characters.") % {"n": NOTE_LIMIT}
        )
    with transaction.atomic():
        if locked(indicator.period, start, area):
            raise DomainError(
                "signed_off", _("This period has been signed off; its figures no longer change.")
            )
        entry, created = Entry.objects.select_for_update().get_or_create(
            indicator=indicator.code,
            area=area,
            period_start=start,
            defaults={
                "numerator": numerator,
                "denominator": denominator,
                "note": note,
                "entered_by": actor,
                "entered_at": now,
            },
        )
        before = None
        if not created:
            before = {"numerator": entry.numerator, "denominator": entry.denominator}
            entry.numerator, entry.denominator, entry.note = numerator, denominator, note
            entry.entered_by, entry.entered_at = actor, now
            entry.save(update_fields=["numerator", "denominator", "note", "entered_by", "entered_at"])
        record(
            actor=actor,
            action="indicators.entry.recorded",
            obj=entry,
            area=area,
            details={
                "indicator": indicator.code,
                "period": start.isoformat(),
                "numerator": numerator,
                "denominator": denominator,
                "before": before,
            },
            now=now,
        )
        compute.refresh_area(indicator, start, area, now=now)
    return entry


def period_sign_off(
    *, actor: User | None, area: Area, period: str, day: dt.date, now: dt.datetime | None = None
) -> Signoff:
    """Lock the period (of kind `period`, containing `day`) for the area and everything below it,
    after one last recompute. Only an ended period, only once."""
    now = now or timezone.now()
    policy.require(actor, permissions.SIGNOFF, area, visible=permissions.VIEW)
    if actor is not None and not permissions.can_sign_off(actor, area):
        raise Forbidden(_("A period is signed off by the level that answers for the area."))
    if period not in ("month", "quarter", "year"):
        raise _field("period_kind", "period", _("Choose month, quarter or year."))
    start, end = period_bounds(period, day)
    if not permissions.period_over(end, timezone.localtime(now).date()):
        raise _field("not_over", "period", _("A period can be signed off only after it has ended."))
    with transaction.atomic():
        above = locked(period, start, area)
        if above is not None:
            raise DomainError("signed_off", _("This period has already been signed off."))
        # The last figures before the lock: everything of this period kind, from the records now.
        compute.compute_all(start, now=now, codes=[i.code for i in all_indicators() if i.period == period])
        signoff = Signoff.objects.create(
            area=area, period=period, period_start=start, signed_by=actor, signed_at=now
        )
        record(
            actor=actor,
            action="indicators.period.signed_off",
            obj=signoff,
            area=area,
            details={"period": period, "start": start.isoformat()},
            now=now,
        )
    return signoff
