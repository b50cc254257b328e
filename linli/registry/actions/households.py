"""Buildings, dwellings, households and the corrections made to a person's record."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.common.phone import normalize_mobile
from linli.registry.actions.common import (
    NotFoundError,
    PersonData,
    _active_members,
    _bad,
    _community,
    _history,
    _insert_resident,
    _lock,
    _refuse_active_elsewhere,
    clean_person,
    require_manage,
)
from linli.registry.models import (
    Building,
    Dwelling,
    Employment,
    EventKind,
    Household,
    Relation,
    Resident,
    ResidentStatus,
)


def building_create(
    *,
    actor: User | None,
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
    *, actor: User | None, building: Building, number: str, use: str = "owner", floor_area_m2: Any = None
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


def household_register(
    *,
    actor: User | None,
    community: Area,
    head: PersonData,
    dwelling: Dwelling | None = None,
    collective_unit: str = "",
    now: dt.datetime | None = None,
) -> Household:
    """A new household with its head, in `community` (and `dwelling`, if known).

    A household without a dwelling is a 空挂户, unless it is a collective household (集体户)
    of `collective_unit`; both are listed for the worker (`queries.registrations_without_dwelling`).
    """
    now = now or timezone.now()
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if dwelling is not None and dwelling.community_id != community.pk:
            raise DomainError("dwelling_outside", _("The dwelling is not in this community."))
        values = clean_person(head)
        _refuse_active_elsewhere(values["id_number"])
        household = Household.objects.create(
            code=short_code("H"),
            community=community,
            dwelling=dwelling,
            collective_unit=collective_unit.strip()[:100],
            created_at=now,
        )
        person = _insert_resident(values, household=household, relation=Relation.HEAD, now=now)
        household.head = person
        household.save(update_fields=["head"])
        record(actor=actor, action="registry.household.registered", obj=household, area=community, now=now)
        record(actor=actor, action="registry.resident.created", obj=person, area=community, now=now)
        _history(EventKind.REGISTERED, actor=actor, household=household, resident=person, now=now)
    return household


def resident_add(
    *,
    actor: User | None,
    household: Household,
    person: PersonData,
    relation: str,
    now: dt.datetime | None = None,
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
        resident = _insert_resident(values, household=household, relation=relation, now=now)
        record(
            actor=actor, action="registry.resident.created", obj=resident, area=household.community, now=now
        )
        _history(EventKind.REGISTERED, actor=actor, household=household, resident=resident, now=now)
    return resident


def household_change_head(
    *,
    actor: User | None,
    household: Household,
    new_head: Resident,
    old_head_relation: str = Relation.OTHER_RELATIVE,
    now: dt.datetime | None = None,
) -> Household:
    """Make a member the head; the former head stays as `old_head_relation`."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, household.community)
        household = Household.objects.select_for_update().get(pk=household.pk)
        if new_head.household_id != household.pk or new_head.status != ResidentStatus.ACTIVE:
            raise _bad("not_member", "new_head", _("Choose a member of this household."))
        if old_head_relation not in Relation.values or old_head_relation == Relation.HEAD:
            raise _bad(
                "invalid_relation", "old_head_relation", _("Choose the relation to the head of household.")
            )
        old = household.head
        if old is not None and old.pk != new_head.pk:
            old.relation = old_head_relation
            old.save(update_fields=["relation"])
        new_head.relation = Relation.HEAD
        new_head.save(update_fields=["relation"])
        household.head = new_head
        household.save(update_fields=["head"])
        _history(EventKind.HEAD_CHANGED, actor=actor, household=household, resident=new_head, now=now)
        record(
            actor=actor,
            action="registry.household.head_changed",
            obj=household,
            area=household.community,
            details={"from": old.pk if old else None, "to": new_head.pk},
            now=now,
        )
    return household


def household_split(
    *,
    actor: User | None,
    household: Household,
    members: list[Resident],
    new_head: Resident,
    dwelling: Dwelling | None = None,
    now: dt.datetime | None = None,
) -> Household:
    """Some members leave to form their own household (same community), headed by `new_head`."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, household.community)
        ids = {m.pk for m in members} | {new_head.pk}
        moving = list(
            Resident.objects.select_for_update().filter(
                pk__in=ids, household=household, status=ResidentStatus.ACTIVE
            )
        )
        if len(moving) != len(ids):
            raise _bad("not_member", "members", _("Choose members of this household."))
        if household.head_id in ids:
            raise _bad("head_leaving", "members", _("The head stays; choose a new head first to move them."))
        if dwelling is not None and dwelling.community_id != household.community_id:
            raise NotFoundError()
        new = Household.objects.create(
            code=short_code("H"),
            community=household.community,
            dwelling=dwelling or household.dwelling,
            collective_unit=household.collective_unit,
            head=None,
            created_at=now,
        )
        for m in moving:
            m.household = new
            m.relation = Relation.HEAD if m.pk == new_head.pk else Relation.OTHER_RELATIVE
            m.save(update_fields=["household", "relation"])
            _history(EventKind.SPLIT, actor=actor, household=new, resident=m, now=now, note=household.code)
        new.head_id = new_head.pk
        new.save(update_fields=["head"])
        _history(EventKind.SPLIT, actor=actor, household=household, now=now, note=new.code)
        record(
            actor=actor,
            action="registry.household.split",
            obj=household,
            area=household.community,
            details={"new_household": new.code, "members": sorted(ids)},
            now=now,
        )
    return new


def household_merge(
    *,
    actor: User | None,
    source: Household,
    target: Household,
    relation: str = Relation.OTHER_RELATIVE,
    now: dt.datetime | None = None,
) -> Household:
    """Every member of `source` joins `target` (as `relation` to its head); `source` is closed."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, source.community)
        require_manage(actor, target.community)
        if source.pk == target.pk or source.community_id != target.community_id or not target.is_active:
            raise _bad("merge_invalid", "target", _("Choose another active household in the same community."))
        if relation not in Relation.values or relation == Relation.HEAD:
            raise _bad("invalid_relation", "relation", _("Choose the relation to the head of household."))
        for m in _active_members(source):
            m.household = target
            m.relation = relation
            m.save(update_fields=["household", "relation"])
            _history(EventKind.MERGED, actor=actor, household=target, resident=m, now=now, note=source.code)
        source.is_active = False
        source.closed_at = now
        source.head = None
        source.save(update_fields=["is_active", "closed_at", "head"])
        _history(EventKind.MERGED, actor=actor, household=source, now=now, note=target.code)
        record(
            actor=actor,
            action="registry.household.merged",
            obj=target,
            area=target.community,
            details={"source": source.code},
            now=now,
        )
    return target


def resident_update_phone(
    *, actor: User | None, resident: Resident, phone: str, now: dt.datetime | None = None
) -> Resident:
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident = _lock(resident)
        try:
            resident.phone = normalize_mobile(phone) if phone.strip() else ""
        except ValidationError as exc:
            raise DomainError("invalid_phone", exc.messages[0], fields={"phone": exc.messages}) from None
        resident.save(update_fields=["phone", "phone_index"])
        _history(EventKind.CHANGED, actor=actor, household=resident.household, resident=resident, now=now)
        record(
            actor=actor,
            action="registry.resident.phone_changed",
            obj=resident,
            area=resident.community,
            now=now,
        )
    return resident


# What a worker may correct on a record; the ID number (and so gender and birth date) is not
# among them: a wrong ID number means the record is someone else's (move out, register anew).
EDITABLE = ("name", "ethnicity", "hukou_place", "employment")


def resident_update(
    *, actor: User | None, resident: Resident, now: dt.datetime | None = None, **changes: str
) -> Resident:
    """Correct name, ethnicity, registered residence or employment (`EDITABLE`) of an active record.

    Only the fields given change; the history entry and the audit event name the fields, not
    their values (the record shows those to whoever may see it).
    """
    now = now or timezone.now()
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = {field: (value or "").strip() for field, value in changes.items()}
    if "name" in values and not values["name"]:
        raise _bad("name_required", "name", _("Enter the name."))
    if values.get("employment") and values["employment"] not in Employment.values:
        raise _bad("bad_employment", "employment", _("Choose an employment status from the list."))
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident = _lock(resident)
        if resident.status != ResidentStatus.ACTIVE:
            raise DomainError("not_active", _("Only a current record can be corrected."), status=409)
        changed = [f for f, v in values.items() if getattr(resident, f) != v]
        if not changed:
            return resident
        for field in changed:
            setattr(resident, field, values[field])
        resident.save(update_fields=changed)
        labels = "、".join(str(getattr(Resident._meta.get_field(f), "verbose_name", f)) for f in changed)
        _history(
            EventKind.CHANGED,
            actor=actor,
            household=resident.household,
            resident=resident,
            now=now,
            note=_("Corrected: %(fields)s") % {"fields": labels},
        )
        record(
            actor=actor,
            action="registry.resident.updated",
            obj=resident,
            area=resident.community,
            details={"fields": changed},
            now=now,
        )
    return resident


def resident_link_account(*, actor: User | None, resident: Resident, user: User | None) -> Resident:
    """Let a resident's own account see their household."""
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident.user = user
        resident.save(update_fields=["user"])
        record(actor=actor, action="registry.resident.account_linked", obj=resident, area=resident.community)
    return resident
