"""Rentals and the floating population."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.common.phone import normalize_mobile
from linli.registry.actions.common import PersonData, _bad, require_manage
from linli.registry.actions.households import household_register, resident_add
from linli.registry.models import (
    Dwelling,
    DwellingUse,
    HukouPlace,
    Relation,
    Rental,
    Resident,
    ResidentStatus,
)


def rental_register(
    *,
    actor: User | None,
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
        # Tenants registered here are floating residents unless their 户口 is said to be in Beijing.
        for person in tenants:
            if person.hukou_where in ("", HukouPlace.HERE):
                person.hukou_where = HukouPlace.OUTSIDE
        household = household_register(
            actor=actor,
            community=dwelling.community,
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


def rental_extend(
    *, actor: User | None, rental: Rental, end: dt.date, now: dt.datetime | None = None
) -> Rental:
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
