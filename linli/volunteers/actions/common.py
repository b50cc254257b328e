"""What the volunteers' actions share: field errors, text checks, the local date, who organises."""

from typing import Any

from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.common.errors import DomainError
from linli.volunteers.models import Activity


def field_error(code: str, field: str, message: str, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]}, status=status)


def text(value: str, field: str, label: str, *, required: bool, limit: int) -> str:
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


def choices(values: list[str] | str, allowed: list[str], field: str) -> str:
    """A comma-separated list of known values (skills, availability), in the given order."""
    items = [v.strip() for v in (values.split(",") if isinstance(values, str) else values) if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad:
        raise field_error(f"bad_{field}", field, _("Unknown choice: %(v)s.") % {"v": ", ".join(bad)})
    return ",".join(dict.fromkeys(items))


def organises(user: Any, activity: Activity) -> bool:
    """The activity's organiser, or staff who manage volunteers where it is held."""
    pk = getattr(user, "pk", None)
    return (pk is not None and activity.organiser_id == pk) or policy.can(
        user, "volunteers.manage", activity.area
    )
