"""What the services' actions share: limits, field errors, text checks and the local date."""

import datetime as dt

from django.utils.translation import gettext as _

from linli.common.errors import DomainError
from linli.tickets import calendar

# A broadcast goes to this many of the nearest eligible providers.
BROADCAST_SIZE = 5
MAX_ETA_HOURS = 72


def field_error(code: str, field: str, message: str) -> DomainError:
    return DomainError(code, message, fields={field: [message]})


def _text(value: str, field: str, label: str, *, required: bool, limit: int) -> str:
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


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(calendar.TZ).date()
