"""Writes to community social organizations: registering or filing, changes, grades, members and
officers, activities and annual reports. One transaction and one audit event each."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.organizations import permissions as perms
from linli.organizations.actions.common import choice, field_error, mobile, not_future, refuse, text, today
from linli.organizations.models import (
    Activity,
    AnnualReport,
    Grade,
    Incubation,
    Kind,
    MemberRole,
    Membership,
    Organization,
    OrgStatus,
    ReportStatus,
    Standing,
)
from linli.registry.models import Resident, ResidentStatus

# One holder at a time of each of these roles (vice chairs may be several).
SINGLE_ROLES = frozenset({MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.TREASURER})
# Annual reports for last year are due by 31 May; reminders start on 1 March.
DUE_MONTH_DAY = (5, 31)
REMIND_FROM_MONTH_DAY = (3, 1)
MAX_FEN = 10**12


def _require(actor: User | None, visible: bool, allowed: bool, message: str = "") -> None:
    if actor is not None:
        refuse(visible, allowed, message)


def _past(day: dt.date, now: dt.datetime, field: str) -> dt.date:
    not_future(day, now, field)
    return day


def _checked(
    *,
    name: str,
    kind: str,
    standing: str,
    contact_name: str,
    contact_phone: str,
    purpose: str,
    incubation: str,
    founded_on: dt.date,
    now: dt.datetime,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    checks = {
        "name": lambda: text(name, "name", _("the organization's name")),
        "kind": lambda: choice(kind, "kind", Kind, _("a type")),
        "standing": lambda: choice(standing, "standing", Standing, _("registered or filed")),
        "contact_name": lambda: text(contact_name, "contact_name", _("the contact person"), limit=50),
        "contact_phone": lambda: mobile(contact_phone, "contact_phone"),
        "purpose": lambda: text(purpose, "purpose", _("the purpose"), required=False, limit=300),
        "incubation": lambda: choice(incubation, "incubation", Incubation, _("an incubation status")),
        "founded_on": lambda: _past(founded_on, now, "founded_on"),
    }
    for key, check in checks.items():
        try:
            values[key] = check()
        except DomainError as exc:
            errors.update(exc.fields)
    if errors:
        raise DomainError("invalid_organization", next(iter(errors.values()))[0], fields=errors)
    return values


def organization_register(
    *,
    actor: User | None,
    community: Area,
    name: str,
    kind: str,
    standing: str,
    founded_on: dt.date,
    contact_name: str,
    contact_phone: str = "",
    purpose: str = "",
    is_fitness_association: bool = False,
    incubation: str = Incubation.NONE,
    now: dt.datetime | None = None,
) -> Organization:
    """Register (登记) or file (备案) an organization of a community."""
    now = now or timezone.now()
    with transaction.atomic():
        if actor is not None:
            from linli.accounts import policy

            policy.require(actor, perms.MANAGE, community, visible=perms.VIEW)
        if community.level != Level.COMMUNITY:
            raise field_error("not_a_community", "community", _("Choose a community."))
        values = _checked(
            name=name,
            kind=kind,
            standing=standing,
            contact_name=contact_name,
            contact_phone=contact_phone,
            purpose=purpose,
            incubation=incubation,
            founded_on=founded_on,
            now=now,
        )
        if Organization.objects.filter(community=community, name=values["name"]).exists():
            raise field_error(
                "duplicate_name", "name", _("This community already has an organization of this name.")
            )
        org = Organization(
            code=short_code("G"),
            community=community,
            is_fitness_association=bool(is_fitness_association),
            created_at=now,
            **values,
        )
        try:
            with transaction.atomic():
                org.save(force_insert=True)
        except IntegrityError:
            raise field_error(
                "duplicate_name", "name", _("This community already has an organization of this name.")
            ) from None
        record(
            actor=actor,
            action="organizations.organization.registered",
            obj=org,
            area=community,
            details={"kind": org.kind, "standing": org.standing, "fitness": org.is_fitness_association},
            now=now,
        )
    return org


def organization_update(
    *,
    actor: User | None,
    org: Organization,
    name: str,
    kind: str,
    standing: str,
    founded_on: dt.date,
    contact_name: str,
    contact_phone: str = "",
    purpose: str = "",
    is_fitness_association: bool = False,
    incubation: str = Incubation.NONE,
    now: dt.datetime | None = None,
) -> Organization:
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_for_update().select_related("community").get(pk=org.pk)
        _require(actor, perms.can_view_org(actor, org), perms.can_manage_org(actor, org))
        values = _checked(
            name=name,
            kind=kind,
            standing=standing,
            contact_name=contact_name,
            contact_phone=contact_phone,
            purpose=purpose,
            incubation=incubation,
            founded_on=founded_on,
            now=now,
        )
        if (
            Organization.objects.filter(community=org.community, name=values["name"])
            .exclude(pk=org.pk)
            .exists()
        ):
            raise field_error(
                "duplicate_name", "name", _("This community already has an organization of this name.")
            )
        changed = [k for k, v in values.items() if getattr(org, k) != v]
        for key, value in values.items():
            setattr(org, key, value)
        if org.is_fitness_association != bool(is_fitness_association):
            changed.append("is_fitness_association")
            org.is_fitness_association = bool(is_fitness_association)
        if changed:
            org.save(update_fields=changed)
            record(
                actor=actor,
                action="organizations.organization.changed",
                obj=org,
                area=org.community,
                details={
                    "fields": sorted(k for k in changed if k != "contact_phone")
                    + (["contact_phone"] if "contact_phone" in changed else [])
                },
                now=now,
            )
    return org


def organization_grade(
    *, actor: User | None, org: Organization, grade: str, now: dt.datetime | None = None
) -> Organization:
    """The street or district grades an organization (社会组织评估等级, 1A to 5A)."""
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_for_update().select_related("community").get(pk=org.pk)
        _require(
            actor,
            perms.can_view_org(actor, org),
            perms.can_grade(actor, org),
            _("Only the street or the district grades organizations."),
        )
        choice(grade, "grade", Grade, _("a grade"))
        org.grade = grade
        org.graded_on = today(now) if grade else None
        org.save(update_fields=["grade", "graded_on"])
        record(
            actor=actor,
            action="organizations.organization.graded",
            obj=org,
            area=org.community,
            details={"grade": grade},
            now=now,
        )
    return org


def organization_dissolve(
    *, actor: User | None, org: Organization, now: dt.datetime | None = None
) -> Organization:
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_for_update().select_related("community").get(pk=org.pk)
        _require(actor, perms.can_view_org(actor, org), perms.can_manage_org(actor, org))
        if org.status == OrgStatus.DISSOLVED:
            raise DomainError("already_dissolved", _("This organization is already dissolved."))
        org.status = OrgStatus.DISSOLVED
        org.save(update_fields=["status"])
        org.members.filter(left_on__isnull=True).update(left_on=today(now))
        record(
            actor=actor, action="organizations.organization.dissolved", obj=org, area=org.community, now=now
        )
    return org


def _active(org: Organization) -> None:
    if org.status != OrgStatus.ACTIVE:
        raise DomainError("dissolved", _("This organization is dissolved."))


def _single_role_free(org: Organization, role: str, exclude: int | None = None) -> None:
    if role in SINGLE_ROLES:
        taken = org.members.filter(role=role, left_on__isnull=True)
        if exclude is not None:
            taken = taken.exclude(pk=exclude)
        if taken.exists():
            raise field_error(
                "role_taken", "role", _("Someone already holds this role; change their role first.")
            )


def member_add(
    *,
    actor: User | None,
    org: Organization,
    name: str,
    joined_on: dt.date,
    role: str = MemberRole.MEMBER,
    sports_instructor: bool = False,
    resident: Resident | None = None,
    user: User | None = None,
    now: dt.datetime | None = None,
) -> Membership:
    """A person joins: the community's workers or the organization's officers add them."""
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_for_update().select_related("community").get(pk=org.pk)
        _require(actor, perms.can_view_org(actor, org), perms.can_run_org(actor, org))
        _active(org)
        name = text(name, "name", _("the member's name"), limit=50)
        choice(role, "role", MemberRole, _("a role"))
        not_future(joined_on, now, "joined_on")
        if joined_on < org.founded_on:
            raise field_error(
                "before_founding", "joined_on", _("The organization did not exist yet on that day.")
            )
        if resident is not None and (
            resident.community_id != org.community_id or resident.status != ResidentStatus.ACTIVE
        ):
            raise field_error("resident_elsewhere", "resident", _("This resident is not registered here."))
        if resident is not None and org.members.filter(resident=resident, left_on__isnull=True).exists():
            raise field_error("already_member", "resident", _("This resident is already a member."))
        _single_role_free(org, role)
        member = Membership.objects.create(
            organization=org,
            name=name,
            resident=resident,
            user=user,
            role=role,
            sports_instructor=bool(sports_instructor),
            joined_on=joined_on,
        )
        record(
            actor=actor,
            action="organizations.member.joined",
            obj=member,
            area=org.community,
            details={"organization": org.code, "role": role, "instructor": member.sports_instructor},
            now=now,
        )
    if user is not None:
        perms.forget(user)
    return member


def _membership(actor: User | None, member: Membership) -> Membership:
    member = (
        Membership.objects.select_for_update().select_related("organization__community").get(pk=member.pk)
    )
    org = member.organization
    _require(actor, perms.can_view_org(actor, org), perms.can_run_org(actor, org))
    if member.left_on is not None:
        raise DomainError("already_left", _("This member has already left."))
    return member


def member_leave(
    *, actor: User | None, member: Membership, left_on: dt.date, now: dt.datetime | None = None
) -> Membership:
    """A member leaves; the row stays as history."""
    now = now or timezone.now()
    with transaction.atomic():
        member = _membership(actor, member)
        not_future(left_on, now, "left_on")
        if left_on < member.joined_on:
            raise field_error("before_joining", "left_on", _("A member cannot leave before joining."))
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        org = member.organization
        record(
            actor=actor,
            action="organizations.member.left",
            obj=member,
            area=org.community,
            details={"organization": org.code, "left_on": left_on},
            now=now,
        )
    if member.user_id:
        perms.forget(member.user)
    return member


def member_role_set(
    *, actor: User | None, member: Membership, role: str, now: dt.datetime | None = None
) -> Membership:
    """Make a member an officer or back a member (the change stays in the audit log)."""
    now = now or timezone.now()
    with transaction.atomic():
        member = _membership(actor, member)
        choice(role, "role", MemberRole, _("a role"))
        _single_role_free(member.organization, role, exclude=member.pk)
        before = member.role
        member.role = role
        member.save(update_fields=["role"])
        record(
            actor=actor,
            action="organizations.member.role_changed",
            obj=member,
            area=member.organization.community,
            details={"organization": member.organization.code, "from": before, "to": role},
            now=now,
        )
    if member.user_id:
        perms.forget(member.user)
    return member


def activity_record(
    *,
    actor: User | None,
    org: Organization,
    title: str,
    held_on: dt.date,
    place: str = "",
    participants: int = 0,
    is_volunteer: bool = False,
    now: dt.datetime | None = None,
) -> Activity:
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_related("community").get(pk=org.pk)
        _require(actor, perms.can_view_org(actor, org), perms.can_run_org(actor, org))
        _active(org)
        title = text(title, "title", _("the activity's title"))
        place = text(place, "place", _("the place"), required=False)
        not_future(held_on, now, "held_on")
        if not isinstance(participants, int) or participants < 0 or participants > 100_000:
            raise field_error("bad_participants", "participants", _("Enter a number of participants."))
        activity = Activity.objects.create(
            organization=org,
            title=title,
            held_on=held_on,
            place=place,
            participants=participants,
            is_volunteer=bool(is_volunteer),
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor=actor,
            action="organizations.activity.recorded",
            obj=activity,
            area=org.community,
            details={"organization": org.code, "held_on": held_on, "participants": participants},
            now=now,
        )
    return activity


def due_on(year: int) -> dt.date:
    return dt.date(year + 1, *DUE_MONTH_DAY)


def report_submit(
    *,
    actor: User | None,
    org: Organization,
    year: int,
    summary: str,
    activities_held: int = 0,
    income_fen: int = 0,
    expense_fen: int = 0,
    now: dt.datetime | None = None,
) -> AnnualReport:
    """File the annual report of a finished year (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_for_update().select_related("community").get(pk=org.pk)
        _require(actor, perms.can_view_org(actor, org), perms.can_run_org(actor, org))
        if not isinstance(year, int) or year >= today(now).year or year < org.founded_on.year:
            raise field_error(
                "bad_year", "year", _("Report on a finished year since the organization was founded.")
            )
        summary = text(summary, "summary", _("a summary of the year"), limit=4000)
        for field, value in (
            ("activities_held", activities_held),
            ("income_fen", income_fen),
            ("expense_fen", expense_fen),
        ):
            if not isinstance(value, int) or value < 0 or value >= MAX_FEN:
                raise field_error(f"bad_{field}", field, _("Enter a number of zero or more."))
        report, _created = AnnualReport.objects.get_or_create(
            organization=org, year=year, defaults={"due_on": due_on(year)}
        )
        if report.status == ReportStatus.SUBMITTED:
            raise field_error("already_submitted", "year", _("The report for this year is already filed."))
        report.status = ReportStatus.SUBMITTED
        report.summary = summary
        report.activities_held = activities_held
        report.income_fen = income_fen
        report.expense_fen = expense_fen
        report.submitted_at = now
        report.submitted_by = actor if getattr(actor, "pk", None) else None
        report.save()
        record(
            actor=actor,
            action="organizations.report.submitted",
            obj=report,
            area=org.community,
            details={"organization": org.code, "year": year, "late": today(now) > report.due_on},
            now=now,
        )
    return report
