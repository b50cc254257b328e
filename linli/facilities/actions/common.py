"""What the facilities' actions share: field errors, the live tallies and photo checks."""

import datetime as dt
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from linli.common.errors import DomainError
from linli.facilities.models import IN_SERVICE, Grid, State
from linli.tickets.actions import IMAGE_SIGNATURES
from linli.tickets.calendar import TZ

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def field_error(code: str, field: str, message: str, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]}, status=status)


def text(value: str | None, field: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise field_error(f"{field}_too_long", field, _("Keep this within %(n)d characters.") % {"n": limit})
    return value


def today(now: dt.datetime) -> dt.date:
    return now.astimezone(TZ).date()


def tally(grid_id: int, was: str | None, now_state: str | None) -> None:
    """Move a grid's live counts from one state to another (None: not there)."""
    d_service = int(now_state in IN_SERVICE) - int(was in IN_SERVICE)
    d_intact = int(now_state == State.INTACT) - int(was == State.INTACT)
    if d_service or d_intact:
        Grid.objects.filter(pk=grid_id).update(
            in_service=F("in_service") + d_service, intact=F("intact") + d_intact
        )


def photo_type(upload: Any) -> str:
    """The content type of an uploaded photo, by its first bytes; DomainError if not a photo."""
    if upload.size > MAX_PHOTO_BYTES:
        raise field_error("photo_too_big", "photo", _("A photo may be at most 5 MB."))
    head = upload.read(8)
    upload.seek(0)
    for sig, (ctype, _ext) in IMAGE_SIGNATURES.items():
        if head.startswith(sig):
            return ctype
    raise field_error("not_a_photo", "photo", _("Send a photo (JPEG or PNG)."))


def position(lat: Any, lon: Any, *, required: bool = True) -> tuple[float, float] | None:
    """Latitude and longitude as floats inside the world; DomainError naming the field."""
    if lat in (None, "") and lon in (None, "") and not required:
        return None
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        raise field_error("bad_position", "lat", _("Give the position as latitude and longitude.")) from None
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        raise field_error(
            "bad_position", "lat", _("Latitude runs from -90 to 90 and longitude from -180 to 180.")
        )
    return la, lo
