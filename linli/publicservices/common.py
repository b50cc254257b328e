"""What the public services' actions share: field errors, text checks, money and the local date."""

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.tickets import calendar

# Amounts past this (10 million yuan) are typing mistakes, not assistance or wages.
MAX_FEN = 1_000_000_000


def field_error(code: str, field: str, message: str) -> DomainError:
    return DomainError(code, message, fields={field: [message]})


def text(value: str | None, field: str, label: str, *, required: bool, limit: int) -> str:
    value = unicodedata.normalize("NFKC", value or "").strip()
    if required and not value:
        raise field_error(f"{field}_required", field, _("Enter %(what)s.") % {"what": label})
    if len(value) > limit:
        raise field_error(
            f"{field}_too_long",
            field,
            _("Keep %(what)s within %(n)d characters.") % {"what": label, "n": limit},
        )
    return value


def fen(value: int | None, field: str) -> int:
    if value is None or value < 0 or value > MAX_FEN:
        raise field_error(f"{field}_invalid", field, _("Enter an amount between 0 and 10,000,000 yuan."))
    return int(value)


def keywords(value: str | None, field: str) -> list[str]:
    """Skills and the like as typed (full-width commas, 、 or ;) → sorted words: NFKC, lower-case, once each."""
    raw = unicodedata.normalize("NFKC", value or "").replace("、", ",").replace(";", ",")
    words = sorted({w.strip().lower() for w in raw.split(",") if w.strip()})
    if any(len(w) > 40 for w in words) or len(words) > 20:
        raise field_error(f"{field}_too_long", field, _("Give at most 20 words of at most 40 characters."))
    return words


def today(now: dt.datetime) -> dt.date:
    return now.astimezone(calendar.TZ).date()


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # The 31st of a shorter month falls on its last day.
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def new_code(prefix: str) -> str:
    return short_code(prefix, 8)


def require_step(obj: Any, start: str | Iterable[str], message: str) -> None:
    """Refuse a step that is not open from `obj`'s status (400 `wrong_step` with `message`)."""
    starts = {start} if isinstance(start, str) else set(start)
    if obj.status not in starts:
        raise DomainError("wrong_step", message)


def transition(obj: Any, start: str | Iterable[str], wrong_step: str = "", **fields: object) -> None:
    """The one way a state machine of this app (applications, referrals, mediation cases) moves:
    from one of the `start` statuses to the `fields` given, as a conditional UPDATE, so that of two
    people taking a step at once only one moves it and the other gets a 409 (never both). With
    `wrong_step`, a step not open from the status read is refused first (`require_step`)."""
    starts = [start] if isinstance(start, str) else list(start)
    if wrong_step:
        require_step(obj, starts, wrong_step)
    moved = type(obj).objects.filter(pk=obj.pk, status__in=starts).update(**fields)
    if not moved:
        raise DomainError("stale", _("Someone else has just taken this step; reload the page."), status=409)
    for k, v in fields.items():
        setattr(obj, k, v)
