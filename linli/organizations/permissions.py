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
from linli.organizations.models import OFFICER_ROLES, PARTY, Membership, Organization

VIEW = "organizations.view"
MANAGE = "organizations.manage"
GRADE = "organizations.grade"
PARTY_MANAGE = "organizations.party"
_CACHE = "_linli_organiser_of"


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


def orgs_q(user: policy.Viewer) -> Q:
    return policy.area_q(user, VIEW, "community") | Q(pk__in=organiser_of(user))


def can_view_org(user: policy.Viewer, org: Organization) -> bool:
    return org.pk in organiser_of(user) or policy.can(user, VIEW, org.community)


def can_manage_org(user: policy.Viewer, org: Organization) -> bool:
    return policy.can(user, MANAGE, org.community)


def can_run_org(user: policy.Viewer, org: Organization) -> bool:
    """Record activities and file annual reports: the community's workers or the organisers."""
    return org.pk in organiser_of(user) or can_manage_org(user, org)


def can_grade(user: policy.Viewer, org: Organization) -> bool:
    return policy.can(user, GRADE, org.community)


def can_manage_party(user: policy.Viewer, community: Area) -> bool:
    return policy.can(user, PARTY_MANAGE, community)


def can_see_party_members(user: policy.Viewer, community: Area) -> bool:
    return policy.can_see_sensitive(user, PARTY, community)


def can_keep_party_members(user: policy.Viewer, community: Area) -> bool:
    return can_manage_party(user, community) and can_see_party_members(user, community)
