"""What the operations' sub-domains share: field errors, text checks, the scoping check."""

import datetime as dt

from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.errors import DomainError, Forbidden
from linli.tickets import calendar

VIEW = "operations.view"


def field_error(code: str, field: str, message: str, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]}, status=status)


def text(value: str, field: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_error(f"{field}_required", field, _("Enter %(what)s.") % {"what": label})
    if len(value) > limit:
        raise field_error(
            f"{field}_too_long",
            field,
            _("Keep %(what)s within %(n)d characters.") % {"what": label, "n": limit},
        )
    return value


def today(now: dt.datetime) -> dt.date:
    return now.astimezone(calendar.TZ).date()


def require(actor: User | None, capability: str, area: Area, *, seen_at: Area | None = None) -> None:
    """NotFound unless the actor sees the row (at `seen_at` when that differs from where the
    capability is held: an application is seen from its street, decided by the district);
    Forbidden without the capability. `actor=None` is the system."""
    if seen_at is not None and actor is not None:
        policy.require(actor, VIEW, seen_at, visible=VIEW)
        if not policy.can(actor, capability, area):
            raise Forbidden(_("You may not do this here."))
        return
    policy.require(actor, capability, area, visible=VIEW, message=_("You may not do this here."))
