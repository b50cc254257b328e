"""What the registry's actions share: the permission, the person's fields, history rows and small checks."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.common.crypto import index_of
from linli.common.errors import DomainError
from linli.common.idnumber import parse_id_number
from linli.common.phone import normalize_mobile
from linli.registry.models import (
    Household,
    RegistryEvent,
    Resident,
    ResidentStatus,
)

WRITE = "registry.manage"


def require_manage(actor: User | None, community: Area) -> None:
    policy.require(actor, WRITE, community, message=_("You may not change the registry here."))


def _community(area: Area) -> Area:
    if area.level != Level.COMMUNITY:
        raise DomainError(
            "not_a_community", _("Choose a community."), fields={"community": [_("Choose a community.")]}
        )
    return area


@dataclass
class PersonData:
    """What is typed about a person; validated by `clean_person`."""

    name: str
    id_number: str
    phone: str = ""
    ethnicity: str = "汉族"
    hukou_place: str = ""
    employment: str = ""
    gender: str = ""  # if given, must match the ID number
    birth_date: dt.date | None = None  # if given, must match the ID number


def clean_person(data: PersonData) -> dict[str, Any]:
    """Field values for a Resident, or DomainError naming every bad field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "name": data.name.strip(),
        "ethnicity": data.ethnicity.strip(),
        "hukou_place": data.hukou_place.strip(),
        "employment": data.employment,
    }
    if not values["name"]:
        errors["name"] = [_("Enter the name.")]
    try:
        parsed = parse_id_number(data.id_number)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
    else:
        values.update(id_number=parsed.value, gender=parsed.gender, birth_date=parsed.birth_date)
        if data.gender and data.gender != parsed.gender:
            errors["gender"] = [_("The gender does not match the ID number.")]
        if data.birth_date and data.birth_date != parsed.birth_date:
            errors["birth_date"] = [
                _("The birth date does not match the ID number (%(date)s).")
                % {"date": parsed.birth_date.isoformat()}
            ]
    if data.phone.strip():
        try:
            values["phone"] = normalize_mobile(data.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    else:
        values["phone"] = ""
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError("invalid_person", first, fields=errors)
    return values


def active_record(id_number: str) -> Resident | None:
    """The one active record of this ID anywhere in the city (unscoped: used to refuse duplicates)."""
    index = index_of(Resident, "id_index", id_number)  # the index field normalises
    return (
        Resident.objects.filter(id_index=index, status=ResidentStatus.ACTIVE)
        .select_related("community")
        .first()
    )


def _refuse_active_elsewhere(id_number: str) -> None:
    existing = active_record(id_number)
    if existing is not None:
        msg = _("A person with this ID number is already registered (in %(community)s).") % {
            "community": existing.community.name
        }
        raise DomainError("active_elsewhere", msg, fields={"id_number": [msg]}, status=409)


def _insert_resident(
    values: dict[str, Any], *, household: Household, relation: str, kind: str, now: dt.datetime
) -> Resident:
    try:
        with transaction.atomic():
            return Resident.objects.create(
                community=household.community,
                household=household,
                relation=relation,
                kind=kind,
                registered_at=now,
                **values,
            )
    except IntegrityError:
        # Lost a race with another registration of the same ID.
        _refuse_active_elsewhere(values["id_number"])
        raise


def _history(
    kind: str,
    *,
    actor: User | None,
    household: Household | None = None,
    resident: Resident | None = None,
    now: dt.datetime | None = None,
    note: str = "",
    community: Area | None = None,
) -> RegistryEvent:
    area = community or (household.community if household else resident.community)  # type: ignore[union-attr]
    return RegistryEvent.objects.create(
        community=area,
        household=household,
        resident=resident,
        kind=kind,
        at=now or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        note=note[:300],
    )


def _bad(code: str, field: str, message: str, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]}, status=status)


def _active_members(household: Household) -> list[Resident]:
    return list(household.members.filter(status=ResidentStatus.ACTIVE).order_by("id"))


def _lock(resident: Resident) -> Resident:
    """Re-read the row under a lock so two moves of one person cannot both pass their checks."""
    fresh = (
        Resident.objects.select_for_update(of=("self",))
        .select_related("household", "community")
        .get(pk=resident.pk)
    )
    if fresh.status != ResidentStatus.ACTIVE:
        raise DomainError("not_active", _("This person no longer lives here."))
    return fresh


def _close_if_empty(household: Household, now: dt.datetime) -> None:
    if not household.members.filter(status=ResidentStatus.ACTIVE).exists():
        household.is_active = False
        household.closed_at = now
        household.head = None
        household.save(update_fields=["is_active", "closed_at", "head"])


def _refuse_head_leaving(resident: Resident) -> None:
    household = resident.household
    if household is not None and household.head_id == resident.pk and len(_active_members(household)) > 1:
        raise DomainError(
            "head_leaving",
            _("This person is the head of a household with other members: choose a new head first."),
        )


def _leave(resident: Resident, *, status: str, now: dt.datetime) -> None:
    resident.status = status
    resident.left_at = now
    resident.save(update_fields=["status", "left_at"])
    if resident.household is not None:
        _close_if_empty(resident.household, now)


def _person_values(resident: Resident) -> dict[str, Any]:
    return {
        "name": resident.name,
        "id_number": resident.id_number,
        "gender": resident.gender,
        "birth_date": resident.birth_date,
        "phone": resident.phone,
        "ethnicity": resident.ethnicity,
        "hukou_place": resident.hukou_place,
        "employment": resident.employment,
        "user": resident.user,
        "residence_until": resident.residence_until,
    }


def NotFoundError() -> DomainError:  # noqa: N802  (reads like the exception it builds)
    from linli.common.errors import NotFound

    return NotFound()
