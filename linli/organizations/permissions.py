"""Who may do what with organizations: pure functions over the one scoping mechanism
(accounts.policy), and the organisers' own reach.

An organiser is a member who signs in and holds an officer role (chair, secretary, ...) in an
organization: they see that organization and record its activities and annual reports, nothing
else. Party members are seen only with a "party" SensitiveGrant (policy.can_see_sensitive).
"""

from typing import Any

from django.db.models import Q

from linli.accounts import policy
from linli.areas.models import Area
from linli.common import election_bodies
from linli.organizations.models import OFFICER_ROLES, PARTY, MemberRole, Membership, Organization

VIEW = "organizations.view"
MANAGE = "organizations.manage"
GRADE = "organizations.grade"
PARTY_MANAGE = "organizations.party"
_CACHE = "_linli_organiser_of"
# The officers who run their organization's officer election (announce it, take nominations, the
# key ceremony, open and close the vote, count, give the elected their roles): the chair and the
# secretary. Certification stays with the community's director or the street (governance).
ELECTION_ROLES = frozenset({MemberRole.CHAIR, MemberRole.SECRETARY})


def organiser_of(user: policy.Viewer) -> frozenset[int]:
    """The organizations a signed-in user runs as an officer (loaded once per user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(
                user_id=user.pk, left_on__isnull=True, role__in=OFFICER_ROLES
            ).values_list("organization_id", flat=True)
        )
        setattr(user, _CACHE, cached)
    return cached


def forget(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)
    election_bodies.forget(user)


def orgs_q(user: policy.Viewer) -> Q:
    return policy.area_q(user, VIEW, "community") | Q(pk__in=organiser_of(user))


def can_view_org(user: policy.Viewer, org: Organization) -> bool:
    return org.pk in organiser_of(user) or policy.can(user, VIEW, org.community)


def can_manage_org(user: policy.Viewer, org: Organization) -> bool:
    return policy.can(user, MANAGE, org.community)


def can_run_org(user: policy.Viewer, org: Organization) -> bool:
    """Record activities and file annual reports: the community's workers or the organisers."""
    return org.pk in organiser_of(user) or can_manage_org(user, org)


def election_runner_of(user: Any) -> list[tuple[int, str]]:
    """(community id, organization code) of the active organizations whose elections `user` runs
    (registered with linli.common.election_bodies: governance asks it, never this app)."""
    return list(
        Organization.objects.filter(
            status="active",
            members__user_id=user.pk,
            members__left_on__isnull=True,
            members__role__in=ELECTION_ROLES,
        ).values_list("community_id", "code")
    )


def can_run_election(user: policy.Viewer, org: Organization) -> bool:
    """Announce the officer election and give the elected their roles: the community's workers,
    or the organization's own chair or secretary."""
    return can_manage_org(user, org) or election_bodies.runs(user, org.community_id, org.code)


def can_grade(user: policy.Viewer, org: Organization) -> bool:
    return policy.can(user, GRADE, org.community)


def can_manage_party(user: policy.Viewer, community: Area) -> bool:
    return policy.can(user, PARTY_MANAGE, community)


def can_see_party_members(user: policy.Viewer, community: Area) -> bool:
    return policy.can_see_sensitive(user, PARTY, community)


def can_keep_party_members(user: policy.Viewer, community: Area) -> bool:
    return can_manage_party(user, community) and can_see_party_members(user, community)
