"""Reads of organizations, already scoped to the viewer through accounts.policy.

Staff see the organizations of the communities in their reach (`organizations.view`); an
organiser sees the organizations they run. Party members and transfers need a "party"
SensitiveGrant as well (`policy.sensitive_q`): without it the lists are empty and one member is
404. Outside rows are 404, like absent ones.
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from linli.accounts import policy
from linli.areas import queries as area_queries
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.organizations import permissions as perms
from linli.organizations.actions.orgs import DUE_MONTH_DAY
from linli.organizations.models import (
    PARTY,
    Activity,
    AnnualReport,
    Membership,
    OfficerElection,
    Organization,
    OrgStatus,
    PartyMember,
    PartyOrganization,
    PartyTransfer,
    PartyWorker,
    ReportStatus,
    ServiceContract,
)

VIEW = perms.VIEW


def communities_for(viewer: policy.Viewer, capability: str = VIEW) -> QuerySet[Area]:
    return policy.scope(
        Area.objects.filter(level=Level.COMMUNITY, is_active=True), viewer, capability, field=""
    ).order_by("code")


def community_for(viewer: policy.Viewer, code: str, capability: str = VIEW) -> Area:
    return area_queries.community_for(viewer, code, capability)


def orgs_for(
    viewer: policy.Viewer, *, community: Area | None = None, kind: str = "", status: str = OrgStatus.ACTIVE
) -> QuerySet[Organization]:
    qs = Organization.objects.filter(perms.orgs_q(viewer)).select_related("community")
    if community is not None:
        qs = qs.filter(community=community)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def org_for(viewer: policy.Viewer, code: str) -> Organization:
    """One organization the viewer may see, by its number as typed; 404 otherwise."""
    org = Organization.objects.select_related("community").filter(code=fold_code(code)).first()
    if org is None or not perms.can_view_org(viewer, org):
        raise Http404
    return org


def members_of(org: Organization, *, current: bool | None = None) -> QuerySet[Membership]:
    qs = org.members.all()
    if current is True:
        qs = qs.filter(left_on__isnull=True)
    elif current is False:
        qs = qs.filter(left_on__isnull=False)
    return qs


def member_for(viewer: policy.Viewer, org: Organization, pk: int) -> Membership:
    member = org.members.filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def officer_elections_of(org: Organization) -> QuerySet[OfficerElection]:
    """The organization's officer elections (the caller reached `org` through `org_for`)."""
    return org.officer_elections.select_related("election")


def officer_election_for(org: Organization, code: str) -> OfficerElection:
    link = officer_elections_of(org).filter(election__code=code).first()
    if link is None:
        raise Http404
    return link


def activities_of(org: Organization) -> QuerySet[Activity]:
    # `volunteer_activity`: the volunteers' activity linked to it (the volunteers context's row).
    return org.activities.select_related("volunteer_activity")


def reports_of(org: Organization) -> QuerySet[AnnualReport]:
    return org.reports.all()


def report_year(now: dt.datetime) -> tuple[int, dt.date]:
    """The year whose reports are due now, and their due date."""
    today = timezone.localdate(now)
    return today.year - 1, dt.date(today.year, *DUE_MONTH_DAY)


def overdue_for(viewer: policy.Viewer, now: dt.datetime) -> QuerySet[Organization]:
    """Active organizations in reach without last year's report after its due date (computed from
    the organizations, so the list is right even if the reminder sweep never ran)."""
    year, due = report_year(now)
    if timezone.localdate(now) <= due:
        return Organization.objects.none()
    return (
        orgs_for(viewer)
        .filter(founded_on__year__lte=year)
        .exclude(reports__year=year, reports__status=ReportStatus.SUBMITTED)
        .order_by("community__code", "name")
    )


def reminded_for(viewer: policy.Viewer, now: dt.datetime) -> QuerySet[AnnualReport]:
    """Reports opened by the reminder sweep and not yet filed."""
    year, _due = report_year(now)
    return AnnualReport.objects.filter(
        organization__in=orgs_for(viewer), year=year, status=ReportStatus.DUE
    ).select_related("organization__community")


def contracts_for(viewer: policy.Viewer, *, org: Organization | None = None) -> QuerySet[ServiceContract]:
    qs = ServiceContract.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related(
        "organization", "community"
    )
    return qs.filter(organization=org) if org is not None else qs


def contract_for(viewer: policy.Viewer, code: str) -> ServiceContract:
    return policy.get_or_404(
        ServiceContract.objects.select_related("organization__community", "community"),
        viewer,
        VIEW,
        "community",
        code=fold_code(code),
    )


def counts_by_kind(viewer: policy.Viewer) -> dict[str, int]:
    return dict(orgs_for(viewer).values_list("kind").annotate(n=Count("id")).order_by())


# --- Party ---------------------------------------------------------------------------------------


def party_orgs_of(viewer: policy.Viewer, community: Area) -> list[PartyOrganization]:
    """The community's tree, parents before children (depth on each as `depth`)."""
    rows = list(
        policy.scope(PartyOrganization.objects.filter(community=community), viewer, VIEW, "community")
    )
    by_parent: dict[int | None, list[PartyOrganization]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    ordered: list[PartyOrganization] = []

    def walk(parent: int | None, depth: int) -> None:
        for row in by_parent.get(parent, []):
            row.depth = depth  # type: ignore[attr-defined]
            ordered.append(row)
            walk(row.pk, depth + 1)

    walk(None, 0)
    return ordered


def party_org_for(viewer: policy.Viewer, code: str) -> PartyOrganization:
    return policy.get_or_404(
        PartyOrganization.objects.select_related("community"), viewer, VIEW, "community", code=fold_code(code)
    )


def party_members_for(viewer: policy.Viewer, community: Area | None = None) -> QuerySet[PartyMember]:
    """Sensitive: only where the viewer holds a "party" grant (and reach)."""
    qs = PartyMember.objects.filter(policy.sensitive_q(viewer, PARTY, "community")).select_related(
        "party_org"
    )
    return qs.filter(community=community) if community is not None else qs


def party_member_for(viewer: policy.Viewer, pk: int) -> PartyMember:
    member = party_members_for(viewer).select_related("community").filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def party_transfers_for(viewer: policy.Viewer, community: Area) -> QuerySet[PartyTransfer]:
    return PartyTransfer.objects.filter(member__in=party_members_for(viewer, community)).select_related(
        "member"
    )


def party_worker_of(viewer: policy.Viewer, community: Area) -> PartyWorker | None:
    return policy.scope(
        PartyWorker.objects.filter(community=community, until__isnull=True), viewer, VIEW, "community"
    ).first()


def party_workers_for(viewer: policy.Viewer) -> QuerySet[PartyWorker]:
    return policy.scope(
        PartyWorker.objects.filter(until__isnull=True), viewer, VIEW, "community"
    ).select_related("community")


def has_party_grant(viewer: policy.Viewer) -> bool:
    return bool(policy.sensitive_roots(viewer, PARTY))


def active_q() -> Q:
    return Q(status=OrgStatus.ACTIVE)
