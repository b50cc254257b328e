"""Reads of volunteers, already scoped to the viewer through accounts.policy.

Staff see the rows of their subtree (`volunteers.view`); a resident sees their own volunteer
record, sign-ups and hours, and the activities of their community and of the street above it.
Everything else is 404, like an absent row.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.organizations.models import Organization, OrgStatus
from linli.registry.models import Resident, ResidentStatus
from linli.volunteers.models import (
    Account,
    Activity,
    ActivityStatus,
    Certificate,
    Movement,
    SignUp,
    SignUpStatus,
    Team,
    Transfer,
    Volunteer,
    VolunteerStatus,
)


def volunteer_of(user: Any) -> Volunteer | None:
    """The signed-in person's own volunteer record."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).select_related("community").order_by("pk").first()


def joinable_record(user: Any) -> Resident | None:
    """The user's active registry record, when they are not a volunteer yet (may join themselves)."""
    if not getattr(user, "is_authenticated", False) or volunteer_of(user) is not None:
        return None
    return (
        Resident.objects.filter(user=user, status=ResidentStatus.ACTIVE).select_related("community").first()
    )


def staff_communities(user: Any, capability: str = "volunteers.view") -> QuerySet[Area]:
    return policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True), user, capability, ""
    ).order_by("code")


def staff_areas(user: Any, capability: str = "volunteers.manage") -> QuerySet[Area]:
    """Communities and streets where the user may hold activities and teams."""
    return policy.scope(
        Area.objects.filter(level__in=[Level.COMMUNITY, Level.STREET], is_active=True), user, capability, ""
    ).order_by("code")


def volunteers_for(viewer: Any) -> QuerySet[Volunteer]:
    return policy.scope(Volunteer.objects.select_related("community"), viewer, "volunteers.view", "community")


def volunteer_for(viewer: Any, number: str) -> Volunteer:
    """A volunteer by number: staff within reach, or the volunteer themselves."""
    own = volunteer_of(viewer)
    if own is not None and own.number == number:
        return own
    return policy.get_or_404(
        Volunteer.objects.select_related("community", "resident"),
        viewer,
        "volunteers.view",
        "community",
        number=number,
    )


def _home_paths(user: Any) -> list[str]:
    """The community of the user's volunteer (or registry) record and every area above it."""
    me = volunteer_of(user)
    community = me.community if me is not None else None
    if community is None:
        record = joinable_record(user)
        community = record.community if record is not None else None
    if community is None:
        return []
    parts = [c for c in community.path.split("/") if c]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def activities_for(viewer: Any) -> QuerySet[Activity]:
    """Activities within staff reach, plus those held by the viewer's community or street."""
    q = policy.area_q(viewer, "volunteers.view")
    paths = _home_paths(viewer)
    if paths:
        q |= Q(area__path__in=paths)
    pk = getattr(viewer, "pk", None)
    if pk is not None:
        q |= Q(organiser_id=pk)
    return Activity.objects.filter(q).select_related("area", "team", "org_activity__organization")


def open_activities_for(viewer: Any, now: Any) -> QuerySet[Activity]:
    return activities_for(viewer).filter(status=ActivityStatus.OPEN, ends_at__gte=now).order_by("starts_at")


def activity_for(viewer: Any, code: str) -> Activity:
    try:
        return activities_for(viewer).get(code=code)
    except Activity.DoesNotExist:
        raise Http404 from None


def my_signups(user: Any) -> QuerySet[SignUp]:
    me = volunteer_of(user)
    if me is None:
        return SignUp.objects.none()
    return (
        SignUp.objects.filter(volunteer=me)
        .select_related("shift__activity__area")
        .order_by("shift__starts_at")
    )


def signup_for(viewer: Any, pk: Any) -> SignUp:
    """A sign-up: the volunteer's own, or one of an activity the viewer may see as staff/organiser."""
    try:
        entry = SignUp.objects.select_related("shift__activity__area", "volunteer").get(pk=int(pk))
    except (SignUp.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    activity = entry.shift.activity
    pk_user = getattr(viewer, "pk", None)
    if entry.volunteer.user_id == pk_user and pk_user is not None:
        return entry
    if activity.organiser_id == pk_user and pk_user is not None:
        return entry
    if policy.can(viewer, "volunteers.view", activity.area):
        return entry
    raise Http404


def to_sign_off(user: Any, now: Any) -> QuerySet[SignUp]:
    """Checked-in sign-ups waiting for the viewer's sign-off (organiser, or manager of the area)."""
    pk = getattr(user, "pk", None)
    q = policy.area_q(user, "volunteers.manage", "shift__activity__area")
    if pk is not None:
        q |= Q(shift__activity__organiser_id=pk)
    return (
        SignUp.objects.filter(q, checked_in_at__isnull=False, signed_off_at__isnull=True)
        .exclude(volunteer__user_id=pk or 0)
        .select_related("shift__activity", "volunteer")
        .order_by("shift__starts_at")
    )


def roster(activity: Activity) -> QuerySet[SignUp]:
    """Everyone signed up for an activity (for its organiser or staff: the caller checks)."""
    return (
        SignUp.objects.filter(shift__activity=activity)
        .exclude(status=SignUpStatus.CANCELLED)
        .select_related("volunteer", "shift")
        .order_by("shift__starts_at", "status", "signed_up_at", "pk")
    )


def teams_for(viewer: Any) -> QuerySet[Team]:
    return policy.scope(Team.objects.select_related("area", "organization"), viewer, "volunteers.view")


def team_for(viewer: Any, code: str) -> Team:
    return policy.get_or_404(teams_for(viewer), viewer, "volunteers.view", code=code)


def organizations_for(viewer: Any, capability: str = "volunteers.view") -> QuerySet[Organization]:
    """Active organizations of the communities in the viewer's reach (owners of teams)."""
    return policy.scope(
        Organization.objects.filter(status=OrgStatus.ACTIVE).select_related("community"),
        viewer,
        capability,
        "community",
    ).order_by("community__code", "name")


def organization_for(viewer: Any, code: str) -> Organization:
    return policy.get_or_404(organizations_for(viewer), viewer, "volunteers.view", "community", code=code)


def account_for(viewer: Any, volunteer: Volunteer) -> Account:
    account = Account.objects.filter(volunteer=volunteer).first()
    if account is None:
        raise Http404
    return account


def statement(account: Account, limit: int = 50) -> QuerySet[Movement]:
    """The newest movements of one account, with their transfers."""
    return (
        Movement.objects.filter(account=account)
        .select_related("transfer", "transfer__reverses")
        .order_by("-transfer__at", "-pk")[:limit]
    )


def transfers_for(viewer: Any) -> QuerySet[Transfer]:
    return policy.scope(Transfer.objects.all(), viewer, "volunteers.view")


def transfer_for(viewer: Any, code: str) -> Transfer:
    return policy.get_or_404(Transfer.objects.select_related("area"), viewer, "volunteers.view", code=code)


def certificate_by_code(code: str) -> Certificate | None:
    """Public verification: anyone may check a code (nothing but the certificate is shown)."""
    from linli.common.identifiers import fold_code

    return Certificate.objects.select_related("volunteer", "issuer_area").filter(code=fold_code(code)).first()


def active_volunteers(areas: list[Area] | None = None) -> QuerySet[Volunteer]:
    qs = Volunteer.objects.filter(status=VolunteerStatus.ACTIVE)
    if areas is not None:
        qs = qs.filter(community__in=areas)
    return qs
