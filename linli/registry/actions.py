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
    AGED_80,
    SENSITIVE_TAGS,
    Assignment,
    Building,
    CareTag,
    CareTagKind,
    ChangeReport,
    Dwelling,
    DwellingUse,
    Employment,
    EventKind,
    Household,
    RegistryEvent,
    Relation,
    Rental,
    ReportKind,
    ReportStatus,
    ResidenceKind,
    Resident,
    ResidentStatus,
    TransferDirection,
    TransferRequest,
    TransferStatus,
    Visit,
    VisitFrequency,
)

WRITE = "registry.manage"


def require_manage(actor: Any, community: Area) -> None:
    policy.require(actor, WRITE, community, message=_("You may not change the registry here."))


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
    index = index_of(Resident, "id_index", id_number)  # the index field normalises
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
        _history(EventKind.REGISTERED, actor=actor, household=household, resident=person, now=now)
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
        _history(EventKind.REGISTERED, actor=actor, household=household, resident=resident, now=now)
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


# ---------------------------------------------------------------------------------------------
# History and shared helpers


def _history(
    kind: str,
    *,
    actor: Any,
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


# ---------------------------------------------------------------------------------------------
# Moves


@dataclass
class MoveIn:
    """What a move-in produced: a new record here, or a transfer request to where the person is."""

    resident: Resident | None = None
    transfer: TransferRequest | None = None


def resident_move_in(
    *,
    actor: Any,
    community: Area,
    person: PersonData,
    kind: str,
    household: Household | None = None,
    dwelling: Dwelling | None = None,
    relation: str = Relation.HEAD,
    now: dt.datetime | None = None,
) -> MoveIn:
    """Register someone arriving: into `household` (as `relation`) or as head of a new household.

    If the ID is active in another community, no second record is made: a transfer request goes
    to that community, which releases the person.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if household is not None and household.community_id != community.pk:
            raise NotFoundError()
        values = clean_person(person)
        existing = active_record(values["id_number"])
        if existing is not None:
            if existing.community_id == community.pk:
                msg = _("This person is already registered in this community.")
                raise _bad("active_here", "id_number", msg, status=409)
            transfer = _transfer_open(
                actor=actor,
                resident=existing,
                to_community=community,
                direction=TransferDirection.IN,
                household=household,
                dwelling=dwelling,
                kind=kind if household is None else household.kind,
                relation=relation if household is not None else Relation.HEAD,
                now=now,
            )
            return MoveIn(transfer=transfer)
        if household is None:
            new = household_register(
                actor=actor, community=community, kind=kind, head=person, dwelling=dwelling, now=now
            )
            resident = new.head  # type: ignore[assignment]
        else:
            resident = resident_add(
                actor=actor, household=household, person=person, relation=relation, now=now
            )
        RegistryEvent.objects.filter(resident=resident, kind=EventKind.REGISTERED).update(
            kind=EventKind.MOVED_IN
        )
        record(actor=actor, action="registry.resident.moved_in", obj=resident, area=community, now=now)
    return MoveIn(resident=resident)


def NotFoundError() -> DomainError:  # noqa: N802  (reads like the exception it builds)
    from linli.common.errors import NotFound

    return NotFound()


def resident_birth(
    *,
    actor: Any,
    household: Household,
    person: PersonData,
    relation: str = Relation.CHILD,
    now: dt.datetime | None = None,
) -> Resident:
    """A child born into `household`."""
    now = now or timezone.now()
    with transaction.atomic():
        resident = resident_add(actor=actor, household=household, person=person, relation=relation, now=now)
        RegistryEvent.objects.filter(resident=resident, kind=EventKind.REGISTERED).update(kind=EventKind.BORN)
        record(actor=actor, action="registry.resident.born", obj=resident, area=household.community, now=now)
    return resident


def resident_move_out(
    *,
    actor: Any,
    resident: Resident,
    to_community: Area | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> TransferRequest | None:
    """Out of the city (record closed now), or to another community (a transfer it must accept)."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident = _lock(resident)
        _refuse_head_leaving(resident)
        if to_community is not None:
            _community(to_community)
            if to_community.pk == resident.community_id:
                raise _bad("same_community", "to_community", _("Choose another community."))
            return _transfer_open(
                actor=actor,
                resident=resident,
                to_community=to_community,
                direction=TransferDirection.OUT,
                now=now,
                note=note,
            )
        _leave(resident, status=ResidentStatus.MOVED_OUT, now=now)
        _history(
            EventKind.MOVED_OUT,
            actor=actor,
            household=resident.household,
            resident=resident,
            now=now,
            note=note,
        )
        record(
            actor=actor, action="registry.resident.moved_out", obj=resident, area=resident.community, now=now
        )
    return None


def resident_death(
    *,
    actor: Any,
    resident: Resident,
    new_head: Resident | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Record a death; a head with other members hands over to `new_head` in the same step."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident = _lock(resident)
        household = resident.household
        if new_head is not None and household is not None and household.head_id == resident.pk:
            household_change_head(actor=actor, household=household, new_head=new_head, now=now)
            resident.refresh_from_db()
            household.refresh_from_db()
        _refuse_head_leaving(resident)
        _leave(resident, status=ResidentStatus.DECEASED, now=now)
        _history(EventKind.DIED, actor=actor, household=household, resident=resident, now=now, note=note)
        record(actor=actor, action="registry.resident.died", obj=resident, area=resident.community, now=now)


def household_change_head(
    *,
    actor: Any,
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
    actor: Any,
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
            kind=household.kind,
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
    actor: Any,
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
    *, actor: Any, resident: Resident, phone: str, now: dt.datetime | None = None
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
    *, actor: Any, resident: Resident, now: dt.datetime | None = None, **changes: str
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


def resident_link_account(*, actor: Any, resident: Resident, user: Any) -> Resident:
    """Let a resident's own account see their household."""
    with transaction.atomic():
        require_manage(actor, resident.community)
        resident.user = user
        resident.save(update_fields=["user"])
        record(actor=actor, action="registry.resident.account_linked", obj=resident, area=resident.community)
    return resident


# ---------------------------------------------------------------------------------------------
# Transfers between communities


def _transfer_open(
    *,
    actor: Any,
    resident: Resident,
    to_community: Area,
    direction: str,
    household: Household | None = None,
    dwelling: Dwelling | None = None,
    kind: str = "",
    relation: str = "",
    now: dt.datetime,
    note: str = "",
) -> TransferRequest:
    if TransferRequest.objects.filter(resident=resident, status=TransferStatus.PENDING).exists():
        raise DomainError(
            "transfer_pending", _("A transfer of this person is already waiting for a decision."), status=409
        )
    transfer = TransferRequest.objects.create(
        code=short_code("T"),
        resident=resident,
        from_community=resident.community,
        to_community=to_community,
        direction=direction,
        to_household=household,
        to_dwelling=dwelling,
        kind=kind,
        relation=relation,
        requested_by=actor if getattr(actor, "pk", None) else None,
        requested_at=now,
        reason=note[:300],
    )
    record(
        actor=actor,
        action="registry.transfer.requested",
        obj=transfer,
        area=resident.community,
        details={"to": to_community.code, "direction": direction},
        now=now,
    )
    return transfer


def transfer_decide(
    *,
    actor: Any,
    transfer: TransferRequest,
    accept: bool,
    reason: str = "",
    household: Household | None = None,
    dwelling: Dwelling | None = None,
    kind: str = "",
    relation: str = Relation.HEAD,
    now: dt.datetime | None = None,
) -> TransferRequest:
    """The deciding community accepts (the person moves, history kept on both sides) or rejects."""
    now = now or timezone.now()
    with transaction.atomic():
        transfer = (
            TransferRequest.objects.select_for_update(of=("self",))
            .select_related("resident", "from_community", "to_community")
            .get(pk=transfer.pk)
        )
        deciding = (
            transfer.to_community if transfer.direction == TransferDirection.OUT else transfer.from_community
        )
        require_manage(actor, deciding)
        if transfer.status != TransferStatus.PENDING:
            raise DomainError("already_decided", _("This transfer has already been decided."), status=409)
        transfer.decided_by = actor if getattr(actor, "pk", None) else None
        transfer.decided_at = now
        transfer.reason = reason.strip()[:300] or transfer.reason
        if not accept:
            if not reason.strip():
                raise _bad("reason_required", "reason", _("Give a reason for rejecting."))
            transfer.status = TransferStatus.REJECTED
            transfer.save(update_fields=["status", "decided_by", "decided_at", "reason"])
            record(actor=actor, action="registry.transfer.rejected", obj=transfer, area=deciding, now=now)
            return transfer
        if transfer.direction == TransferDirection.OUT:
            # The receiving side says where the person lives now.
            if household is not None and household.community_id != transfer.to_community_id:
                raise NotFoundError()
            if dwelling is not None and dwelling.community_id != transfer.to_community_id:
                raise NotFoundError()
            transfer.to_household, transfer.to_dwelling = household, dwelling
            transfer.kind = kind or transfer.resident.kind
            transfer.relation = relation if household is not None else Relation.HEAD
        old = _lock(transfer.resident)
        _refuse_head_leaving(old)
        target = transfer.to_household
        if target is not None and not target.is_active:
            raise _bad("household_closed", "household", _("That household is closed."))
        kind = target.kind if target is not None else (transfer.kind or old.kind)
        if kind not in ResidenceKind.values:
            raise _bad("invalid_kind", "kind", _("Choose the kind of household."))
        tags = list(CareTag.objects.filter(resident=old).values("tag", "level", "note"))
        _leave(old, status=ResidentStatus.TRANSFERRED, now=now)
        _history(
            EventKind.TRANSFERRED_OUT,
            actor=actor,
            household=old.household,
            resident=old,
            now=now,
            note=transfer.to_community.name,
        )
        if target is None:
            target = Household.objects.create(
                code=short_code("H"),
                community=transfer.to_community,
                dwelling=transfer.to_dwelling,
                kind=kind,
                created_at=now,
            )
        values = _person_values(old)
        new = Resident.objects.create(
            community=transfer.to_community,
            household=target,
            relation=Relation.HEAD if target.head_id is None else (transfer.relation or Relation.OTHER),
            kind=kind,
            registered_at=now,
            **values,
        )
        if target.head_id is None:
            target.head = new
            target.save(update_fields=["head"])
        CareTag.objects.bulk_create(
            [CareTag(community=transfer.to_community, resident=new, created_at=now, **t) for t in tags]
        )
        _history(
            EventKind.TRANSFERRED_IN,
            actor=actor,
            household=target,
            resident=new,
            now=now,
            note=transfer.from_community.name,
        )
        transfer.status = TransferStatus.ACCEPTED
        transfer.new_resident = new
        transfer.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "reason",
                "new_resident",
                "to_household",
                "to_dwelling",
                "kind",
                "relation",
            ]
        )
        record(
            actor=actor,
            action="registry.transfer.accepted",
            obj=transfer,
            area=deciding,
            details={"from": transfer.from_community.code, "to": transfer.to_community.code},
            now=now,
        )
    return transfer


# ---------------------------------------------------------------------------------------------
# Self-service reports


def change_report_submit(
    *,
    actor: Any,
    kind: str,
    subject: Resident | None = None,
    name: str = "",
    id_number: str = "",
    relation: str = "",
    phone: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> ChangeReport:
    """A resident reports a change in their own household; it waits for a worker."""
    from linli.registry.queries import residents_of_user

    now = now or timezone.now()
    with transaction.atomic():
        me = residents_of_user(actor).first()
        if me is None or me.household is None:
            raise DomainError("no_household", _("Your account is not linked to a household yet."), status=404)
        household = me.household
        fields: dict[str, Any] = {}
        if kind == ReportKind.NEW_MEMBER:
            values = clean_person(PersonData(name=name, id_number=id_number, phone=phone))
            if relation not in Relation.values or relation == Relation.HEAD:
                raise _bad("invalid_relation", "relation", _("Choose the relation to the head of household."))
            fields = {
                "name": values["name"],
                "id_number": values["id_number"],
                "relation": relation,
                "phone": values["phone"],
            }
        elif kind in (ReportKind.MOVING_OUT, ReportKind.NEW_PHONE):
            if (
                subject is None
                or subject.household_id != household.pk
                or subject.status != ResidentStatus.ACTIVE
            ):
                raise _bad("not_member", "subject", _("Choose a member of your household."))
            fields = {"subject": subject, "name": subject.name}
            if kind == ReportKind.NEW_PHONE:
                try:
                    fields["phone"] = normalize_mobile(phone)
                except ValidationError as exc:
                    raise DomainError(
                        "invalid_phone", exc.messages[0], fields={"phone": exc.messages}
                    ) from None
        else:
            raise _bad("invalid_kind", "kind", _("Choose what changed."))
        report = ChangeReport.objects.create(
            code=short_code("R"),
            community=household.community,
            household=household,
            reported_by=actor,
            kind=kind,
            note=note.strip()[:300],
            created_at=now,
            **fields,
        )
        record(actor=actor, action="registry.report.submitted", obj=report, area=household.community, now=now)
    return report


def change_report_decide(
    *, actor: Any, report: ChangeReport, approve: bool, reason: str = "", now: dt.datetime | None = None
) -> ChangeReport:
    """A worker approves (the change is applied) or rejects (with a reason the resident sees)."""
    now = now or timezone.now()
    with transaction.atomic():
        report = (
            ChangeReport.objects.select_for_update(of=("self",))
            .select_related("household", "subject")
            .get(pk=report.pk)
        )
        require_manage(actor, report.community)
        if report.status != ReportStatus.PENDING:
            raise DomainError("already_decided", _("This report has already been decided."), status=409)
        reason = reason.strip()
        if not approve and not reason:
            raise _bad("reason_required", "reason", _("Give a reason for rejecting."))
        if approve:
            if report.kind == ReportKind.NEW_MEMBER:
                result = resident_move_in(
                    actor=actor,
                    community=report.community,
                    person=PersonData(name=report.name, id_number=report.id_number, phone=report.phone),
                    kind=report.household.kind,
                    household=report.household,
                    relation=report.relation,
                    now=now,
                )
                if result.transfer is not None and not reason:
                    reason = _("The person is registered in another community; a transfer was requested.")
            elif report.kind == ReportKind.MOVING_OUT:
                subject: Any = report.subject
                resident_move_out(actor=actor, resident=subject, note=report.note, now=now)
            else:
                subject = report.subject
                resident_update_phone(actor=actor, resident=subject, phone=report.phone, now=now)
        report.status = ReportStatus.APPROVED if approve else ReportStatus.REJECTED
        report.decided_by = actor if getattr(actor, "pk", None) else None
        report.decided_at = now
        report.reason = reason[:300]
        report.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        record(
            actor=actor,
            action="registry.report.approved" if approve else "registry.report.rejected",
            obj=report,
            area=report.community,
            now=now,
        )
    return report


# ---------------------------------------------------------------------------------------------
# Rentals and floating population


def rental_register(
    *,
    actor: Any,
    dwelling: Dwelling,
    landlord_name: str,
    start: dt.date,
    end: dt.date,
    tenants: list[PersonData],
    landlord_phone: str = "",
    now: dt.datetime | None = None,
) -> Rental:
    """Register a lease; the tenants become a floating household whose residence runs to `end`."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, dwelling.community)
        errors: dict[str, list[str]] = {}
        if not landlord_name.strip():
            errors["landlord_name"] = [_("Enter the landlord's name.")]
        if end < start:
            errors["end"] = [_("The lease must end after it starts.")]
        phone = ""
        if landlord_phone.strip():
            try:
                phone = normalize_mobile(landlord_phone)
            except ValidationError as exc:
                errors["landlord_phone"] = exc.messages
        if not tenants:
            errors["tenants"] = [_("Name at least one tenant.")]
        if errors:
            raise DomainError("invalid_rental", next(iter(errors.values()))[0], fields=errors)
        household = household_register(
            actor=actor,
            community=dwelling.community,
            kind=ResidenceKind.FLOATING,
            head=tenants[0],
            dwelling=dwelling,
            now=now,
        )
        for person in tenants[1:]:
            resident_add(actor=actor, household=household, person=person, relation=Relation.OTHER, now=now)
        household.members.update(residence_until=end)
        rental = Rental.objects.create(
            community=dwelling.community,
            dwelling=dwelling,
            household=household,
            landlord_name=landlord_name.strip(),
            landlord_phone=phone,
            start=start,
            end=end,
            created_at=now,
        )
        if dwelling.use != DwellingUse.RENTED:
            dwelling.use = DwellingUse.RENTED
            dwelling.save(update_fields=["use"])
        record(actor=actor, action="registry.rental.registered", obj=rental, area=dwelling.community, now=now)
    return rental


def rental_extend(*, actor: Any, rental: Rental, end: dt.date, now: dt.datetime | None = None) -> Rental:
    """A renewed lease: the tenants' residence registrations run to the new end."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, rental.community)
        if end <= rental.end:
            raise _bad("end_not_later", "end", _("The new end must be later than the current one."))
        rental.end = end
        rental.save(update_fields=["end"])
        if rental.household_id:
            Resident.objects.filter(household_id=rental.household_id, status=ResidentStatus.ACTIVE).update(
                residence_until=end
            )
        record(actor=actor, action="registry.rental.extended", obj=rental, area=rental.community, now=now)
    return rental


# ---------------------------------------------------------------------------------------------
# Care tags


def _require_tag(actor: Any, resident: Resident, tag: str) -> None:
    if tag == AGED_80:
        raise _bad(
            "derived_tag", "tag", _("Aged 80 and over follows from the birth date; it is not set by hand.")
        )
    if tag not in CareTagKind.values:
        raise _bad("invalid_tag", "tag", _("Choose a care tag."))
    if (
        tag in SENSITIVE_TAGS
        and actor is not None
        and not policy.can_see_sensitive(actor, tag, resident.community)
    ):
        # Without the grant the tag does not exist for this user: same answer as an unknown tag.
        raise _bad("invalid_tag", "tag", _("Choose a care tag."))


def care_tag_set(
    *,
    actor: Any,
    resident: Resident,
    tag: str,
    level: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> CareTag:
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        _require_tag(actor, resident, tag)
        if tag == CareTagKind.DISABILITY:
            if level not in (1, 2, 3, 4):
                raise _bad("level_required", "level", _("Choose the disability level (1 to 4)."))
        else:
            level = None
        care, _created = CareTag.objects.update_or_create(
            resident=resident,
            tag=tag,
            defaults={"community": resident.community, "level": level, "note": note.strip()[:200]},
            create_defaults={
                "community": resident.community,
                "level": level,
                "note": note.strip()[:200],
                "created_at": now,
            },
        )
        # The tag itself stays out of the shared audit log when sensitive: the log is seen more widely.
        details = {} if tag in SENSITIVE_TAGS else {"tag": tag}
        record(
            actor=actor,
            action="registry.care_tag.set",
            obj=resident,
            area=resident.community,
            details=details,
            now=now,
        )
    return care


def care_tag_remove(*, actor: Any, resident: Resident, tag: str, now: dt.datetime | None = None) -> None:
    with transaction.atomic():
        require_manage(actor, resident.community)
        _require_tag(actor, resident, tag)
        CareTag.objects.filter(resident=resident, tag=tag).delete()
        details = {} if tag in SENSITIVE_TAGS else {"tag": tag}
        record(
            actor=actor,
            action="registry.care_tag.removed",
            obj=resident,
            area=resident.community,
            details=details,
            now=now,
        )


# ---------------------------------------------------------------------------------------------
# Assignment and visits


def building_assign(*, actor: Any, building: Building, worker: Any) -> Assignment:
    """分片包户: `worker` looks after the households of `building`."""
    with transaction.atomic():
        require_manage(actor, building.community)
        if not policy.can(worker, WRITE, building.community):
            raise _bad("not_a_worker", "worker", _("Choose a worker of this community."))
        assignment, _created = Assignment.objects.get_or_create(
            building=building, worker=worker, defaults={"community": building.community}
        )
        record(
            actor=actor,
            action="registry.building.assigned",
            obj=building,
            area=building.community,
            details={"worker": worker.pk},
        )
    return assignment


def building_unassign(*, actor: Any, building: Building, worker: Any) -> None:
    with transaction.atomic():
        require_manage(actor, building.community)
        Assignment.objects.filter(building=building, worker=worker).delete()
        record(
            actor=actor,
            action="registry.building.unassigned",
            obj=building,
            area=building.community,
            details={"worker": worker.pk},
        )


def visit_log(
    *,
    actor: Any,
    resident: Resident,
    visited_at: dt.datetime,
    findings: str,
    follow_up: str = "",
    now: dt.datetime | None = None,
) -> Visit:
    """A home visit (入户走访): who, when, whom, what was found, what follows."""
    now = now or timezone.now()
    with transaction.atomic():
        require_manage(actor, resident.community)
        if not findings.strip():
            raise _bad("findings_required", "findings", _("Write what you found."))
        if visited_at > now + dt.timedelta(minutes=5):
            raise _bad("visit_future", "visited_at", _("The visit cannot be in the future."))
        visit = Visit.objects.create(
            community=resident.community,
            resident=resident,
            worker=actor if getattr(actor, "pk", None) else None,
            visited_at=visited_at,
            findings=findings.strip(),
            follow_up=follow_up.strip(),
        )
        record(actor=actor, action="registry.visit.logged", obj=resident, area=resident.community, now=now)
    return visit


def visit_frequency_set(*, actor: Any, community: Area, tag: str, days: int) -> VisitFrequency:
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if tag not in (*CareTagKind.values, AGED_80):
            raise _bad("invalid_tag", "tag", _("Choose a care tag."))
        if not 1 <= days <= 366:
            raise _bad("invalid_days", "days", _("Enter a number of days from 1 to 366."))
        freq, _created = VisitFrequency.objects.update_or_create(
            community=community, tag=tag, defaults={"days": days}
        )
        record(
            actor=actor,
            action="registry.visit_frequency.set",
            obj=freq,
            area=community,
            details={"tag": tag, "days": days},
        )
    return freq


# ---------------------------------------------------------------------------------------------
# Export with full numbers


def export_reveal_allow(*, actor: Any, reason: str, search: Any, now: dt.datetime | None = None) -> None:
    """An export with ID and mobile numbers in full: needs the reveal right everywhere it reaches and a reason."""
    from linli.accounts.reveal import MIN_REASON

    reach = policy.roots(actor, "areas.view")
    if not reach or not all(policy.can(actor, "pii.reveal", area) for area in reach):
        raise Forbidden(_("You may not see this in full."))
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        msg = _("Say why you need to see this in full (at least %(n)d characters).") % {"n": MIN_REASON}
        raise DomainError("reason_required", msg, fields={"reason": [msg]})
    with transaction.atomic():
        record(
            actor=actor,
            action="registry.export.revealed",
            area=reach[0] if len(reach) == 1 else None,
            # The filters as codes; the search text (a name, an ID or phone number) is not kept.
            details={
                "reason": reason[:300],
                "filters": {
                    "q": bool(search.q),
                    "building": search.building,
                    "tag": search.tag,
                    "kind": search.kind,
                },
            },
            now=now,
        )
