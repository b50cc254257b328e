"""Who may do what in the public services: pure functions over the one scoping mechanism
(accounts.policy).

Social assistance is sensitive: seeing an application needs a staff role in its community AND the
`dibao` sensitive grant there; without the grant an application is absent (404), like one outside
the viewer's areas.
"""

from typing import Any

from linli.accounts import policy
from linli.common.errors import Forbidden, NotFound

VIEW = "publicservices.view"
SENSITIVE = "dibao"


def can_see_assistance(user: Any, community: Any) -> bool:
    return policy.can(user, VIEW, community) and policy.can_see_sensitive(user, SENSITIVE, community)


def may(user: Any, capability: str, community: Any) -> bool:
    return can_see_assistance(user, community) and policy.can(user, capability, community)


def require_assistance(actor: Any, capability: str, community: Any) -> None:
    """Raise unless the actor may take this assistance step here; None (the system) passes."""
    if actor is None:
        return
    if not can_see_assistance(actor, community):
        raise NotFound()
    if not policy.can(actor, capability, community):
        raise Forbidden()


def require_employment(actor: Any, community: Any) -> None:
    policy.require(actor, "employment.manage", community, visible=VIEW)


POST = "employment.post"
_EMPLOYERS = "_linli_employer_ids"


def employer_ids(user: Any) -> frozenset[int]:
    """The employers a user posts for: an active employer they are a member of, inside the reach
    of their employer role (loaded once per user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _EMPLOYERS, None)
    if cached is None:
        from linli.publicservices.models.employment import Employer

        cached = frozenset(
            Employer.objects.filter(
                policy.area_q(user, POST, "area"), members=user, is_active=True
            ).values_list("pk", flat=True)
        )
        setattr(user, _EMPLOYERS, cached)
    return cached


def forget_employers(user: Any) -> None:
    if hasattr(user, _EMPLOYERS):
        delattr(user, _EMPLOYERS)


def acts_for_employer(user: Any, employer_id: int | None) -> bool:
    return employer_id is not None and employer_id in employer_ids(user)
