"""/api/v1/volunteers/organization-activities/{id}: an organization's activity made a volunteer
activity (sign-up by shifts, check-in, hours signed off by its organiser). The organization's
officers and the community's volunteer staff; anyone else gets 404."""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from linli.common.schemas import BaseIn, DateTime, column
from linli.ui.http import ApiRequest
from linli.volunteers import actions
from linli.volunteers.api import ActivityOut
from linli.volunteers.models import Activity, Shift, Team

router = Router(tags=["volunteers"])


class FromOrgIn(BaseIn):
    starts_at: DateTime
    ends_at: DateTime
    capacity: int = column(Shift, "capacity")
    team_code: str = ""
    skills: list[str] = []


@router.post(
    "/organization-activities/{org_activity_id}/volunteer-activity",
    response={201: ActivityOut},
    summary="Make an organization's activity a volunteer activity",
)
def from_org(request: ApiRequest, org_activity_id: int, payload: FromOrgIn) -> Status[Activity]:
    user = request.auth
    org_activity = actions.org_activity_for(user, org_activity_id)
    team = None
    if payload.team_code:  # one of the organization's own teams
        team = Team.objects.filter(
            code=payload.team_code, organization_id=org_activity.organization_id
        ).first()
        if team is None:
            raise actions.field_error("team_elsewhere", "team_code", _("Choose a team of this organization."))
    activity = actions.activity_from_org(
        actor=user,
        org_activity=org_activity,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        team=team,
        skills=payload.skills,
        now=timezone.now(),
    )
    return Status(201, activity)
