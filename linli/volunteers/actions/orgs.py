"""An organization's activity run as a volunteer activity (plan 3.4.四: a community social
organization's activities may be volunteer activities).

`activity_from_org` makes the volunteer activity of an organization's recorded activity: held by
the organization's community, with its title and place, sign-up by shifts, check-in and the hours
signed off by its organiser. The organization's officers may do it for their own organization
(they become its organiser), as may staff who manage volunteers in the community; anyone else
gets 404 (or 403 when they see the organization without the right). The two activities link both
ways (`Activity.org_activity`; the organization's side reads `volunteer_activity`).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.organizations.models import OFFICER_ROLES, Membership, OrgStatus
from linli.organizations.models import Activity as OrgActivity
from linli.volunteers.actions.activities import activity_create
from linli.volunteers.actions.common import field_error
from linli.volunteers.models import Activity, Team


def runs_org(user: User | None, org_id: int) -> bool:
    """An officer (not a plain member) of the organization, signed in, still a member."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        organization_id=org_id, user_id=user.pk, left_on__isnull=True, role__in=OFFICER_ROLES
    ).exists()


def may_see_org_activity(user: User | None, org_activity: OrgActivity) -> bool:
    """Officers of the organization and staff who see the community's volunteers or organizations."""
    community = org_activity.organization.community
    return (
        runs_org(user, org_activity.organization_id)
        or policy.can(user, "volunteers.view", community)
        or policy.can(user, "organizations.view", community)
    )


def org_activity_for(user: User | None, pk: int) -> OrgActivity:
    """An organization's activity the user may see; anything else is 404 (like an absent one)."""
    found = OrgActivity.objects.select_related("organization__community").filter(pk=pk).first()
    if found is None or not may_see_org_activity(user, found):
        raise NotFound()
    return found


def may_make_from_org(user: User | None, org_activity: OrgActivity) -> bool:
    org = org_activity.organization
    return runs_org(user, org.pk) or policy.can(user, "volunteers.manage", org.community)


def activity_from_org(
    *,
    actor: User,
    org_activity: OrgActivity,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    team: Team | None = None,
    skills: list[str] | str = "",
    description: str = "",
    now: dt.datetime,
) -> Activity:
    """The volunteer activity of an organization's activity (one each), linked both ways."""
    with transaction.atomic():
        org_activity = (
            OrgActivity.objects.select_for_update(of=("self",))
            .select_related("organization__community")
            .get(pk=org_activity.pk)
        )
        org = org_activity.organization
        community = org.community
        officer = runs_org(actor, org.pk)
        if not officer and not may_see_org_activity(actor, org_activity):
            raise NotFound()
        if not officer and not policy.can(actor, "volunteers.manage", community):
            raise Forbidden(_("Only the organization's officers or the community's staff may do this."))
        if org.status != OrgStatus.ACTIVE:
            raise DomainError("organization_dissolved", _("This organization has been dissolved."))
        if Activity.objects.filter(org_activity=org_activity).exists():
            raise DomainError(
                "already_linked", _("This activity already has its volunteer activity."), status=409
            )
        if team is not None and team.organization_id != org.pk:
            raise field_error("team_elsewhere", "team", _("Choose a team of this organization."))
        if timezone.localdate(starts_at) != org_activity.held_on:
            raise field_error(
                "not_that_day",
                "starts_at",
                _("The volunteer activity starts on the day of the organization's activity."),
            )
        activity = activity_create(
            actor=actor,
            permitted=True,  # checked above: an officer of the organization, or staff
            area=community,
            title=org_activity.title,
            place=org_activity.place or org.name,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            description=description,
            skills=skills,
            team=team,
            organiser=actor,
            now=now,
        )
        activity.org_activity = org_activity
        activity.save(update_fields=["org_activity"])
        if not org_activity.is_volunteer:
            OrgActivity.objects.filter(pk=org_activity.pk).update(is_volunteer=True)
        record(
            actor=actor,
            action="volunteers.activity.from_organization",
            obj=activity,
            area=community,
            details={"code": activity.code, "organization": org.code, "org_activity": org_activity.pk},
            now=now,
        )
    return activity
