"""Emergency plans (应急预案) of a community or street: one per kind of incident, revised in place
(the revision counts up), with an ordered contact tree (workers, volunteers, departments), the
area's shelters and drills with their records. Shelters check residents in and out: a registered
resident is found through the registry's own search and reveal rules (views and API), a person not
registered here is checked in by name. Every write is audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.accounts.models import User
from linli.areas.levels import Level as AreaLevel
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.common.phone import normalize_mobile
from linli.operations.common import field_error, require, text, today
from linli.operations.models import (
    ContactKind,
    Drill,
    EmergencyPlan,
    IncidentKind,
    PlanContact,
    Shelter,
    ShelterStay,
)
from linli.registry.models import Resident
from linli.tickets.models import Department

EMERGENCY = "operations.emergency"
PLAN_LEVELS = (AreaLevel.COMMUNITY, AreaLevel.STREET)
MAX_CONTACTS = 50


def _plan_area(area: Area) -> None:
    if area.level not in PLAN_LEVELS:
        raise field_error(
            "not_community_or_street", "area", _("Plans and shelters belong to a community or a street.")
        )


def plan_save(
    *,
    actor: User | None,
    area: Area,
    kind: str,
    title: str,
    summary: str,
    now: dt.datetime | None = None,
) -> EmergencyPlan:
    """Write the area's plan for a kind of incident: the first one, or a revision of it."""
    now = now or timezone.now()
    with transaction.atomic():
        require(actor, EMERGENCY, area)
        _plan_area(area)
        if kind not in IncidentKind.values:
            raise field_error("bad_kind", "kind", _("Choose the kind of incident."))
        title = text(title, "title", _("the title"), 100)
        summary = text(summary, "summary", _("what the plan says to do"), 8000)
        plan = EmergencyPlan.objects.select_for_update().filter(area=area, kind=kind).first()
        if plan is None:
            plan = EmergencyPlan.objects.create(
                code=short_code("P"),
                area=area,
                kind=kind,
                title=title,
                summary=summary,
                updated_at=now,
                updated_by=actor,
            )
        else:
            plan.title, plan.summary, plan.updated_at, plan.updated_by = title, summary, now, actor
            plan.revision += 1
            plan.save()
        record(
            actor=actor,
            action="operations.plan.saved",
            obj=plan,
            area=area,
            details={"kind": kind, "revision": plan.revision},
            now=now,
        )
    return plan


def _locked_plan(actor: User | None, plan: EmergencyPlan) -> EmergencyPlan:
    plan = EmergencyPlan.objects.select_for_update().select_related("area").get(pk=plan.pk)
    require(actor, EMERGENCY, plan.area)
    return plan


def contact_add(
    *,
    actor: User | None,
    plan: EmergencyPlan,
    kind: str,
    name: str,
    duty: str,
    phone: str = "",
    position: int | None = None,
    department: Department | None = None,
    now: dt.datetime | None = None,
) -> PlanContact:
    """Add a contact to the tree: last, or at `position` (1 is called first), moving the rest down."""
    now = now or timezone.now()
    with transaction.atomic():
        plan = _locked_plan(actor, plan)
        if kind not in ContactKind.values:
            raise field_error("bad_contact_kind", "kind", _("Choose who this contact is."))
        name = text(name, "name", pgettext("person", "the name"), 50)
        duty = text(duty, "duty", _("the duty"), 100)
        plain = ""
        if (phone or "").strip():
            try:
                plain = normalize_mobile(phone)
            except ValidationError as exc:
                raise field_error("bad_phone", "phone", str(exc.messages[0])) from None
        if department is not None and department.street_id not in (plan.area.pk, plan.area.parent_id):
            raise field_error(
                "department_elsewhere", "department", _("This department is not the plan's street's.")
            )
        count = plan.contacts.count()
        if count >= MAX_CONTACTS:
            raise DomainError("too_many_contacts", _("A contact tree has at most 50 steps."), status=409)
        at = count + 1 if position is None else position
        if not 1 <= at <= count + 1:
            raise field_error(
                "bad_position", "position", _("Choose a place from 1 to %(n)d.") % {"n": count + 1}
            )
        # Two steps so the positions never collide mid-update (no unique index, but the order stays clean).
        plan.contacts.filter(position__gte=at).update(position=F("position") + 1)
        contact = PlanContact.objects.create(
            plan=plan, position=at, kind=kind, name=name, duty=duty, phone=plain, department=department
        )
        record(
            actor=actor,
            action="operations.plan.contact_added",
            obj=plan,
            area=plan.area,
            details={"position": at, "kind": kind},
            now=now,
        )
    return contact


def contact_remove(*, actor: User | None, contact: PlanContact, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        plan = _locked_plan(actor, contact.plan)
        contact = plan.contacts.get(pk=contact.pk)
        position = contact.position
        contact.delete()
        plan.contacts.filter(position__gt=position).update(position=F("position") - 1)
        record(
            actor=actor,
            action="operations.plan.contact_removed",
            obj=plan,
            area=plan.area,
            details={"position": position},
            now=now,
        )


def drill_record(
    *,
    actor: User | None,
    plan: EmergencyPlan,
    held_on: dt.date,
    scenario: str,
    participants: int,
    findings: str,
    now: dt.datetime | None = None,
) -> Drill:
    """The record of a drill held: when, what was rehearsed, how many took part, what was found."""
    now = now or timezone.now()
    with transaction.atomic():
        plan = _locked_plan(actor, plan)
        if not isinstance(held_on, dt.date) or held_on > today(now):
            raise field_error("drill_in_future", "held_on", _("Record a drill once it has been held."))
        if not isinstance(participants, int) or not 1 <= participants <= 100000:
            raise field_error("bad_participants", "participants", _("Enter how many took part (at least 1)."))
        drill = Drill.objects.create(
            plan=plan,
            held_on=held_on,
            scenario=text(scenario, "scenario", _("the scenario"), 200),
            participants=participants,
            findings=text(findings, "findings", _("the findings"), 4000),
            recorded_at=now,
            recorded_by=actor,
        )
        record(
            actor=actor,
            action="operations.plan.drilled",
            obj=plan,
            area=plan.area,
            details={"held_on": held_on.isoformat(), "participants": participants},
            now=now,
        )
    return drill


# ---------------------------------------------------------------------------------------------
# Shelters


def shelter_save(
    *,
    actor: User | None,
    area: Area,
    name: str,
    address: str,
    capacity: int,
    shelter: Shelter | None = None,
    now: dt.datetime | None = None,
) -> Shelter:
    now = now or timezone.now()
    with transaction.atomic():
        if shelter is not None:
            shelter = Shelter.objects.select_for_update().select_related("area").get(pk=shelter.pk)
            area = shelter.area
        require(actor, EMERGENCY, area)
        _plan_area(area)
        name = text(name, "name", _("the name"), 100)
        address = text(address, "address", _("the address"), 200)
        if not isinstance(capacity, int) or not 1 <= capacity <= 100000:
            raise field_error("bad_capacity", "capacity", _("Enter how many people it holds (at least 1)."))
        if shelter is None:
            shelter = Shelter.objects.create(
                code=short_code("H"), area=area, name=name, address=address, capacity=capacity
            )
        else:
            shelter.name, shelter.address, shelter.capacity = name, address, capacity
            shelter.save(update_fields=["name", "address", "capacity"])
        record(
            actor=actor,
            action="operations.shelter.saved",
            obj=shelter,
            area=area,
            details={"capacity": capacity},
            now=now,
        )
    return shelter


def shelter_open(
    *, actor: User | None, shelter: Shelter, is_open: bool, now: dt.datetime | None = None
) -> Shelter:
    """Open a shelter for check-ins, or close it (only once everyone has checked out)."""
    now = now or timezone.now()
    with transaction.atomic():
        shelter = Shelter.objects.select_for_update().select_related("area").get(pk=shelter.pk)
        require(actor, EMERGENCY, shelter.area)
        if not is_open and shelter.stays.filter(checked_out_at__isnull=True).exists():
            raise DomainError(
                "people_inside", _("People are still checked in: check them out first."), status=409
            )
        shelter.is_open = bool(is_open)
        shelter.save(update_fields=["is_open"])
        record(
            actor=actor,
            action="operations.shelter.opened" if is_open else "operations.shelter.closed",
            obj=shelter,
            area=shelter.area,
            now=now,
        )
    return shelter


def stay_check_in(
    *,
    actor: User | None,
    shelter: Shelter,
    resident: Resident | None = None,
    guest_name: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> ShelterStay:
    """Check a person in: a registered resident (found by the caller through the registry's
    scoped search) or, for someone not registered here, a name. Refused when the shelter is
    closed or full, or the resident is already in a shelter."""
    now = now or timezone.now()
    with transaction.atomic():
        shelter = Shelter.objects.select_for_update().select_related("area").get(pk=shelter.pk)
        require(actor, EMERGENCY, shelter.area)
        if not shelter.is_open:
            raise DomainError("shelter_closed", _("This shelter is not open."), status=409)
        guest_name = (
            text(guest_name, "guest_name", pgettext("person", "the name"), 50) if resident is None else ""
        )
        note = text(note, "note", _("the note"), 200, required=False)
        present = shelter.stays.filter(checked_out_at__isnull=True).count()
        if present >= shelter.capacity:
            raise DomainError("shelter_full", _("This shelter is full."), status=409)
        if (
            resident is not None
            and ShelterStay.objects.filter(resident=resident, checked_out_at__isnull=True).exists()
        ):
            raise DomainError(
                "already_in", _("This resident is already checked in to a shelter."), status=409
            )
        try:
            with transaction.atomic():
                stay = ShelterStay.objects.create(
                    shelter=shelter,
                    resident=resident,
                    guest_name=guest_name,
                    checked_in_at=now,
                    checked_in_by=actor,
                    note=note,
                )
        except IntegrityError:
            raise DomainError(
                "already_in", _("This resident is already checked in to a shelter."), status=409
            ) from None
        record(
            actor=actor,
            action="operations.shelter.checked_in",
            obj=stay,
            area=shelter.area,
            details={"shelter": shelter.code, "registered": resident is not None, "present": present + 1},
            now=now,
        )
    return stay


def stay_check_out(*, actor: User | None, stay: ShelterStay, now: dt.datetime | None = None) -> ShelterStay:
    now = now or timezone.now()
    with transaction.atomic():
        stay = (
            ShelterStay.objects.select_for_update(of=("self",))
            .select_related("shelter__area")
            .get(pk=stay.pk)
        )
        require(actor, EMERGENCY, stay.shelter.area)
        if stay.checked_out_at is not None:
            raise DomainError("already_out", _("This person has already checked out."), status=409)
        stay.checked_out_at, stay.checked_out_by = now, actor
        stay.save(update_fields=["checked_out_at", "checked_out_by"])
        record(
            actor=actor,
            action="operations.shelter.checked_out",
            obj=stay,
            area=stay.shelter.area,
            details={"shelter": stay.shelter.code},
            now=now,
        )
    return stay
