"""What the organizations' actions share: field errors, text and phone checks, permission
refusals and the local date."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.common.errors import DomainError, Forbidden, NotFound
from linli.common.phone import normalize_mobile


def field_error(code: str, field: str, message: str) -> DomainError:
    return DomainError(code, message, fields={field: [message]})


def text(value: str | None, field: str, label: str, *, required: bool = True, limit: int = 100) -> str:
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


def mobile(value: str | None, field: str) -> str:
    """An optional mobile number in its one spelling ("" stays "")."""
    if not (value or "").strip():
        return ""
    try:
        return normalize_mobile(value or "")
    except ValidationError as exc:
        raise field_error("bad_phone", field, str(exc.messages[0])) from None


def choice(value: str, field: str, choices: type, label: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise field_error(f"bad_{field}", field, _("Choose %(what)s from the list.") % {"what": label})
    return value


def refuse(visible: bool, allowed: bool, message: str = "") -> None:
    """Outside what the actor sees is NotFound (404), visible but not allowed Forbidden."""
    if not visible:
        raise NotFound()
    if not allowed:
        raise Forbidden(message or None)


def today(now: dt.datetime) -> dt.date:
    return timezone.localdate(now)


def not_future(day: dt.date, now: dt.datetime, field: str) -> None:
    if day > today(now):
        raise field_error("in_future", field, _("The date cannot be in the future."))
