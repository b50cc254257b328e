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
from linli.common.identifiers import fold_code
from linli.common.idnumber import parse_id_number
from linli.common.phone import normalize_mobile
from linli.registry.models import (
    Household,
    HukouPlace,
    LivingPlace,
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
    # Where the 户口 is and where the person lives (models.HukouPlace, LivingPlace), since when.
    hukou_where: str = "here"
    hukou_code: str = ""
    lives_where: str = "here"
    lives_code: str = ""
    lives_address: str = ""
    lives_since: dt.date | None = None  # the day of registration when not given


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
    values.update(clean_placement(data, errors))
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError("invalid_person", first, fields=errors)
    return values


def _area_code(value: str) -> str:
    return fold_code(value)


def clean_placement(data: Any, errors: dict[str, list[str]]) -> dict[str, Any]:
    """The two places of a person (户口, where they live) and since when; bad ones go to `errors`.

    `data` has the attributes of PersonData's placement fields. An area code is a GB/T 2260
    code (6 digits) or a 统计用区划代码 (12); a province outside Beijing may be given by its
    2 digits. Beijing's codes start with 11.
    """
    hukou = (data.hukou_where or HukouPlace.HERE).strip()
    lives = (data.lives_where or LivingPlace.HERE).strip()
    hukou_code = _area_code(data.hukou_code or "")
    lives_code = _area_code(data.lives_code or "")
    if hukou not in HukouPlace.values:
        errors["hukou_where"] = [_("Choose where the 户口 is.")]
    elif hukou == HukouPlace.HERE:
        hukou_code = ""
    elif hukou_code and (
        not hukou_code.isascii() or not hukou_code.isdigit() or len(hukou_code) not in (2, 6, 12)
    ):
        errors["hukou_code"] = [_("Enter an area code of 2, 6 or 12 digits.")]
    elif (
        hukou == HukouPlace.BEIJING
        and hukou_code
        and (len(hukou_code) == 2 or not hukou_code.startswith("11"))
    ):
        errors["hukou_code"] = [_("A Beijing area code starts with 11 (for example 110105).")]
    elif hukou == HukouPlace.OUTSIDE and hukou_code.startswith("11"):
        errors["hukou_code"] = [_("This is a Beijing area code: choose “elsewhere in Beijing”.")]
    if lives not in LivingPlace.values:
        errors["lives_where"] = [_("Choose where the person lives.")]
    elif lives != LivingPlace.ELSEWHERE:
        lives_code = ""
    elif lives_code and (
        not lives_code.isascii() or not lives_code.isdigit() or len(lives_code) not in (6, 12)
    ):
        errors["lives_code"] = [_("Enter an area code of 6 or 12 digits.")]
    if hukou != HukouPlace.HERE and lives not in (LivingPlace.HERE, ""):
        errors["lives_where"] = [
            _("Someone registered elsewhere is in this registry only while they live here.")
        ]
    return {
        "hukou_where": hukou,
        "hukou_code": hukou_code,
        "lives_where": lives,
        "lives_code": lives_code,
        "lives_address": (data.lives_address or "").strip()[:200] if lives == LivingPlace.ELSEWHERE else "",
        "lives_since": data.lives_since,
    }


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
    values: dict[str, Any], *, household: Household, relation: str, now: dt.datetime
) -> Resident:
    values = {**values, "lives_since": values.get("lives_since") or timezone.localtime(now).date()}
    try:
        with transaction.atomic():
            return Resident.objects.create(
                community=household.community,
                household=household,
                relation=relation,
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
        "hukou_where": resident.hukou_where,
        "hukou_code": resident.hukou_code,
        "employment": resident.employment,
        "user": resident.user,
        "residence_until": resident.residence_until,
    }


def NotFoundError() -> DomainError:  # noqa: N802  (reads like the exception it builds)
    from linli.common.errors import NotFound

    return NotFound()
