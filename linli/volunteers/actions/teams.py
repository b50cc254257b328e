"""Volunteer teams: owned by a community, a street or a community social organization.

A team of an organization (`organizations.Organization`, read through its model only) is held by
that organization's community: `Team.area` is what scoping filters on, so whoever manages
volunteers in the community manages the organization's teams.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.organizations.models import Organization, OrgStatus
from linli.volunteers.actions.common import field_error, text
from linli.volunteers.models import Team, TeamMember, Volunteer


def _owner(area: Area | None, organization: Organization | None) -> Area:
    """The area holding the team: the organization's community, or the community or street."""
    if organization is not None:
        if organization.status != OrgStatus.ACTIVE:
            raise field_error(
                "organization_dissolved", "organization", _("This organization has been dissolved.")
            )
        if area is not None and area.pk != organization.community_id:
            raise field_error(
                "bad_owner", "organization", _("The organization belongs to another community.")
            )
        return organization.community
    if area is None or area.level not in (Level.COMMUNITY, Level.STREET):
        raise field_error("bad_owner", "area", _("A team belongs to a community or a street."))
    return area


def team_create(
    *,
    actor: User | None,
    area: Area | None = None,
    name: str,
    purpose: str = "",
    organization: Organization | None = None,
    leader: User | None = None,
    now: dt.datetime | None = None,
) -> Team:
    """A team owned by a community or a street, or by an organization of a community."""
    now = now or timezone.now()
    owner = _owner(area, organization)
    policy.require(actor, "volunteers.manage", owner)
    name = text(name, "name", _("the team's name"), required=True, limit=80)
    purpose = text(purpose, "purpose", _("the purpose"), required=False, limit=200)
    with transaction.atomic():
        team = Team.objects.create(
            code=short_code("T", 8),
            name=name,
            area=owner,
            organization=organization,
            purpose=purpose,
            leader=leader,
            created_at=now,
        )
        record(
            actor=actor,
            action="volunteers.team.created",
            obj=team,
            area=owner,
            details={"code": team.code, "organization": organization.code if organization else ""},
            now=now,
        )
    return team


def team_update(
    *,
    actor: User | None,
    team: Team,
    name: str,
    purpose: str = "",
    organization: Organization | None = None,
    now: dt.datetime | None = None,
) -> Team:
    """Rename a team, change its purpose, or hand it to (or take it from) an organization of the
    same community. A street's team stays the street's; the owning area never moves to another
    community."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", team.area)
    if organization is not None:
        _owner(team.area, organization)
    name = text(name, "name", _("the team's name"), required=True, limit=80)
    purpose = text(purpose, "purpose", _("the purpose"), required=False, limit=200)
    with transaction.atomic():
        team.name, team.purpose, team.organization = name, purpose, organization
        team.save(update_fields=["name", "purpose", "organization"])
        record(
            actor=actor,
            action="volunteers.team.changed",
            obj=team,
            area=team.area,
            details={"code": team.code, "organization": organization.code if organization else ""},
            now=now,
        )
    return team


def team_member_add(
    *, actor: User | None, team: Team, volunteer: Volunteer, now: dt.datetime | None = None
) -> TeamMember:
    """Add a volunteer of the team's area to the team."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", team.area)
    if not volunteer.community.path.startswith(team.area.path) and not team.area.path.startswith(
        volunteer.community.path
    ):
        raise field_error("elsewhere", "volunteer", _("This volunteer is registered in another area."))
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(team=team, volunteer=volunteer, joined_at=now)
            record(
                actor=actor,
                action="volunteers.team.member_added",
                obj=team,
                area=team.area,
                details={"code": team.code, "number": volunteer.number},
                now=now,
            )
    except IntegrityError:
        raise field_error("already_member", "volunteer", _("Already in this team."), status=409) from None
    return member


def team_member_remove(
    *, actor: User | None, team: Team, volunteer: Volunteer, now: dt.datetime | None = None
) -> None:
    """Take a volunteer out of a team (staff, or the volunteer leaving it themselves)."""
    now = now or timezone.now()
    own = actor is not None and volunteer.user_id == actor.pk
    if not own:
        policy.require(actor, "volunteers.manage", team.area)
    with transaction.atomic():
        n, _rows = TeamMember.objects.filter(team=team, volunteer=volunteer).delete()
        if n == 0:
            raise DomainError("not_member", _("This volunteer is not in this team."), status=409)
        record(
            actor=actor,
            action="volunteers.team.member_removed",
            obj=team,
            area=team.area,
            details={"code": team.code, "number": volunteer.number},
            now=now,
        )
