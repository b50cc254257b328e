"""Every write to the registry: validated, permitted, written and audited in one transaction."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.crypto import index_of
from linli.common.errors import DomainError, Forbidden
from linli.common.idnumber import parse_id_number
from linli.common.phone import normalize_mobile
from linli.registry.models import (
    Building,
    Dwelling,
    Household,
    Relation,
    ResidenceKind,
    Resident,
    ResidentStatus,
)

WRITE = "registry.manage"


def require_manage(actor: Any, community: Area) -> None:
    """Outside the actor's reach is 'not found'; inside without the right is 'forbidden'."""
    if actor is None:
        return
    if not policy.can(actor, "areas.view", community):
        from linli.common.errors import NotFound

        raise NotFound()
    if not policy.can(actor, WRITE, community):
        raise Forbidden(_("You may not change the registry here."))


def _community(area: Area) -> Area:
    if area.level != Level.COMMUNITY:
        raise DomainError(
            "not_a_community", _("Choose a community."), fields={"community": [_("Choose a community.")]}
        )
    return area


def building_create(
    *,
    actor: Any,
    community: Area,
    name: str,
    address: str = "",
    unit_count: int = 1,
    grid: Area | None = None,
) -> Building:
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        name = name.strip()
        if not name:
            raise DomainError(
                "name_required",
                _("Enter the building's name."),
                fields={"name": [_("Enter the building's name.")]},
            )
        if grid is not None and grid.parent_id != community.pk:
            raise DomainError(
                "grid_outside",
                _("The grid is not in this community."),
                fields={"grid": [_("The grid is not in this community.")]},
            )
        if Building.objects.filter(community=community, name=name).exists():
            msg = _("This community already has a building named %(name)s.") % {"name": name}
            raise DomainError("building_exists", msg, fields={"name": [msg]})
        building = Building.objects.create(
            community=community, grid=grid, name=name, address=address.strip(), unit_count=max(1, unit_count)
        )
        record(actor=actor, action="registry.building.created", obj=building, area=community)
    return building


def dwelling_create(
    *, actor: Any, building: Building, number: str, use: str = "owner", floor_area_m2: Any = None
) -> Dwelling:
    with transaction.atomic():
        require_manage(actor, building.community)
        number = number.strip()
        if not number:
            raise DomainError(
                "number_required",
                _("Enter the dwelling number."),
                fields={"number": [_("Enter the dwelling number.")]},
            )
        if Dwelling.objects.filter(building=building, number=number).exists():
            msg = _("%(building)s already has a dwelling %(number)s.") % {
                "building": building.name,
                "number": number,
            }
            raise DomainError("dwelling_exists", msg, fields={"number": [msg]})
        dwelling = Dwelling.objects.create(
            building=building,
            community=building.community,
            number=number,
            use=use,
            floor_area_m2=floor_area_m2,
        )
        record(actor=actor, action="registry.dwelling.created", obj=dwelling, area=building.community)
    return dwelling


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
    index = index_of(Resident, "id_index", id_number.strip().upper())
    return (
        Resident.objects.filter(id_index=index, status=ResidentStatus.ACTIVE)
        .select_related("community")
        .first()
    )


def household_register(
    *,
    actor: Any,
    community: Area,
    kind: str,
    head: PersonData,
    dwelling: Dwelling | None = None,
    now: dt.datetime | None = None,
) -> Household:
    """A new household with its head, in `community` (and `dwelling`, if known)."""
    now = now or timezone.now()
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if dwelling is not None and dwelling.community_id != community.pk:
            raise DomainError("dwelling_outside", _("The dwelling is not in this community."))
        if kind not in ResidenceKind.values:
            raise DomainError(
                "invalid_kind",
                _("Choose the kind of household."),
                fields={"kind": [_("Choose the kind of household.")]},
            )
        values = clean_person(head)
        _refuse_active_elsewhere(values["id_number"])
        household = Household.objects.create(
            code=short_code("H"), community=community, dwelling=dwelling, kind=kind, created_at=now
        )
        person = _insert_resident(values, household=household, relation=Relation.HEAD, kind=kind, now=now)
        household.head = person
        household.save(update_fields=["head"])
        record(actor=actor, action="registry.household.registered", obj=household, area=community, now=now)
        record(actor=actor, action="registry.resident.created", obj=person, area=community, now=now)
    return household


def resident_add(
    *, actor: Any, household: Household, person: PersonData, relation: str, now: dt.datetime | None = None
) -> Resident:
    """A new member of an existing household."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, household.community)
        if relation not in Relation.values or relation == Relation.HEAD:
            raise DomainError(
                "invalid_relation",
                _("Choose the relation to the head of household."),
                fields={"relation": [_("Choose the relation to the head of household.")]},
            )
        values = clean_person(person)
        _refuse_active_elsewhere(values["id_number"])
        resident = _insert_resident(
            values, household=household, relation=relation, kind=household.kind, now=now
        )
        record(
            actor=actor, action="registry.resident.created", obj=resident, area=household.community, now=now
        )
    return resident


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
