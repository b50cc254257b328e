"""People arriving and leaving: move in, birth, move out, death."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.registry.actions.common import (
    NotFoundError,
    PersonData,
    _bad,
    _community,
    _history,
    _leave,
    _lock,
    _refuse_head_leaving,
    active_record,
    clean_person,
    require_manage,
)
from linli.registry.actions.households import household_change_head, household_register, resident_add
from linli.registry.actions.transfers import _transfer_open
from linli.registry.models import (
    Dwelling,
    EventKind,
    Household,
    RegistryEvent,
    Relation,
    Resident,
    ResidentStatus,
    TransferDirection,
    TransferRequest,
)


@dataclass
class MoveIn:
    """What a move-in produced: a new record here, or a transfer request to where the person is."""

    resident: Resident | None = None
    transfer: TransferRequest | None = None


def resident_move_in(
    *,
    actor: User | None,
    community: Area,
    person: PersonData,
    household: Household | None = None,
    dwelling: Dwelling | None = None,
    collective_unit: str = "",
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
                relation=relation if household is not None else Relation.HEAD,
                now=now,
            )
            return MoveIn(transfer=transfer)
        if household is None:
            new = household_register(
                actor=actor,
                community=community,
                head=person,
                dwelling=dwelling,
                collective_unit=collective_unit,
                now=now,
            )
            resident = new.head
        else:
            resident = resident_add(
                actor=actor, household=household, person=person, relation=relation, now=now
            )
        RegistryEvent.objects.filter(resident=resident, kind=EventKind.REGISTERED).update(
            kind=EventKind.MOVED_IN
        )
        record(actor=actor, action="registry.resident.moved_in", obj=resident, area=community, now=now)
    return MoveIn(resident=resident)


def resident_birth(
    *,
    actor: User | None,
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
    actor: User | None,
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
    actor: User | None,
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
