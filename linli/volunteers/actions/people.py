"""Registering volunteers.

A volunteer is found again by the registry's ID blind index: registering someone already on the
roll answers with their existing record (409), and a registry record with the same index is
linked, wherever in the city it is kept (someone registered elsewhere volunteers here too).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.crypto import index_of
from linli.common.errors import DomainError
from linli.common.idnumber import parse_id_number
from linli.common.jobs import enqueue
from linli.common.phone import normalize_mobile
from linli.registry.models import Resident, ResidentStatus
from linli.volunteers import share
from linli.volunteers.actions.common import choices, field_error, text
from linli.volunteers.models import (
    Account,
    AccountKind,
    Availability,
    Background,
    Skill,
    Volunteer,
    VolunteerStatus,
)


def new_number() -> str:
    """A volunteer number of its own (MZ/T 061: unified, never the ID number)."""
    return short_code("V", 10)


def registry_record(id_number: str) -> Resident | None:
    """The person's active registry record anywhere in the city, by the registry's blind index."""
    index = index_of(Resident, "id_index", id_number)
    return Resident.objects.filter(id_index=index, status=ResidentStatus.ACTIVE).first()


def existing_volunteer(id_number: str) -> Volunteer | None:
    return Volunteer.objects.filter(id_index=index_of(Volunteer, "id_index", id_number)).first()


def clean_volunteer(
    *,
    name: str,
    id_number: str,
    phone: str,
    skills: list[str] | str,
    availability: list[str] | str,
    background: str,
    today: dt.date,
) -> dict[str, str]:
    """Field values of a volunteer, or one DomainError naming every bad field (imports reuse it)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    try:
        values["name"] = text(name, "name", _("the person's name"), required=True, limit=50)
    except DomainError as exc:
        errors.update(exc.fields)
    try:
        values["id_number"] = parse_id_number(id_number, today=today).value
    except ValidationError as exc:
        errors["id_number"] = exc.messages
    values["phone"] = ""
    if (phone or "").strip():
        try:
            values["phone"] = normalize_mobile(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    for field, value, allowed in (
        ("skills", skills, Skill.values),
        ("availability", availability, Availability.values),
    ):
        try:
            values[field] = choices(value, allowed, field)
        except DomainError as exc:
            errors.update(exc.fields)
    if background not in Background.values:
        errors["background"] = [_("Choose a background from the list.")]
    values["background"] = background
    if errors:
        raise DomainError("invalid_volunteer", next(iter(errors.values()))[0], fields=errors)
    return values


def volunteer_register(
    *,
    actor: User | None,
    community: Area,
    name: str,
    id_number: str,
    phone: str = "",
    skills: list[str] | str = "",
    availability: list[str] | str = "",
    background: str = "",
    user: User | None = None,
    now: dt.datetime | None = None,
    share_refresh: bool = True,
) -> Volunteer:
    """Put a person on the community's roll (staff), linked to their registry record if any.

    A person already on the roll anywhere in the city is refused with 409 (one number per person).
    The stored volunteer share of the community is recounted after commit (an import passes
    `share_refresh=False` and queues one recount for the whole file).
    """
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", community)
    if community.level != Level.COMMUNITY:
        raise field_error("not_a_community", "community", _("Volunteers are registered in a community."))
    values = clean_volunteer(
        name=name,
        id_number=id_number,
        phone=phone,
        skills=skills,
        availability=availability,
        background=background,
        today=timezone.localdate(now),
    )
    return _insert(
        actor=actor, community=community, values=values, user=user, now=now, share_refresh=share_refresh
    )


def volunteer_join(
    *,
    actor: User,
    resident: Resident,
    phone: str = "",
    skills: list[str] | str = "",
    availability: list[str] | str = "",
    now: dt.datetime | None = None,
) -> Volunteer:
    """A resident signs themselves up as a volunteer of their community, from their own record."""
    now = now or timezone.now()
    if resident.user_id != actor.pk or resident.status != ResidentStatus.ACTIVE:
        raise DomainError("not_found", _("Not found."), status=404)
    values = clean_volunteer(
        name=resident.name,
        id_number=resident.id_number,
        phone=phone or resident.phone,
        skills=skills,
        availability=availability,
        background="",
        today=timezone.localdate(now),
    )
    return _insert(actor=actor, community=resident.community, values=values, user=actor, now=now)


def _insert(
    *,
    actor: User | None,
    community: Area,
    values: dict[str, str],
    user: User | None,
    now: dt.datetime,
    share_refresh: bool = True,
) -> Volunteer:
    found = existing_volunteer(values["id_number"])
    if found is not None:
        raise _already(found)
    resident = registry_record(values["id_number"])
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                number=new_number(),
                community=community,
                resident=resident,
                user=user or (resident.user if resident else None),
                registered_at=now,
                **values,
            )
            Account.objects.create(kind=AccountKind.VOLUNTEER, volunteer=volunteer, area=community)
            record(
                actor=actor,
                action="volunteers.volunteer.registered",
                obj=volunteer,
                area=community,
                details={"number": volunteer.number, "linked": resident is not None},
                now=now,
            )
            if share_refresh:
                enqueue(share.refresh_community, community.pk)
    except IntegrityError:
        # Two registrations of one person raced: the unique blind index let one through.
        found = existing_volunteer(values["id_number"])
        if found is None:
            raise
        raise _already(found) from None
    return volunteer


def _already(found: Volunteer) -> DomainError:
    msg = _("This person is already a volunteer (number %(number)s).") % {"number": found.number}
    return field_error("already_registered", "id_number", msg, status=409)


def volunteer_update(
    *,
    actor: User | None,
    volunteer: Volunteer,
    phone: str,
    skills: list[str] | str,
    availability: list[str] | str,
    background: str,
    now: dt.datetime | None = None,
) -> Volunteer:
    """Change a volunteer's phone, skills, availability and background (staff, or the volunteer)."""
    now = now or timezone.now()
    own = actor is not None and volunteer.user_id == actor.pk
    if not own:
        policy.require(actor, "volunteers.manage", volunteer.community)
    values = clean_volunteer(
        name=volunteer.name,
        id_number=volunteer.id_number,
        phone=phone,
        skills=skills,
        availability=availability,
        background=background if not own else volunteer.background,
        today=timezone.localdate(now),
    )
    with transaction.atomic():
        for field in ("phone", "skills", "availability", "background"):
            setattr(volunteer, field, values[field])
        volunteer.save(update_fields=["phone", "phone_index", "skills", "availability", "background"])
        record(
            actor=actor,
            action="volunteers.volunteer.changed",
            obj=volunteer,
            area=volunteer.community,
            details={"number": volunteer.number},
            now=now,
        )
    return volunteer


def volunteer_leave(*, actor: User | None, volunteer: Volunteer, now: dt.datetime | None = None) -> Volunteer:
    """Take a volunteer off the active roll (their record and hours stay)."""
    now = now or timezone.now()
    own = actor is not None and volunteer.user_id == actor.pk
    if not own:
        policy.require(actor, "volunteers.manage", volunteer.community)
    with transaction.atomic():
        n = Volunteer.objects.filter(pk=volunteer.pk, status=VolunteerStatus.ACTIVE).update(
            status=VolunteerStatus.LEFT, left_at=now
        )
        if n != 1:
            raise DomainError("already_left", _("This volunteer has already left."), status=409)
        volunteer.status, volunteer.left_at = VolunteerStatus.LEFT, now
        record(
            actor=actor,
            action="volunteers.volunteer.left",
            obj=volunteer,
            area=volunteer.community,
            details={"number": volunteer.number},
            now=now,
        )
        enqueue(share.refresh_community, volunteer.community_id)
    return volunteer
