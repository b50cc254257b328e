"""Who may read the indicators, enter a reported figure and sign a period off."""

import datetime as dt

from linli.accounts import policy
from linli.accounts.roles import Role
from linli.areas.models import Area
from linli.common.indicators import Indicator
from linli.indicators.compute import unit_level

VIEW = "indicators.view"
REPORT = "indicators.report"
SIGNOFF = "indicators.signoff"

# A community's figures are the committee's to answer for; a director may enter what a worker may.
ALSO = {Role.WORKER.value: {Role.DIRECTOR.value}}
# Who signs a period off at each level.
SIGNER = {
    "community": Role.DIRECTOR,
    "street": Role.STREET_OFFICER,
    "district": Role.DISTRICT_OFFICER,
    "city": Role.CITY_ADMIN,
}


def can_view(user: policy.Viewer, area: Area) -> bool:
    return policy.can(user, VIEW, area)


def can_report(user: policy.Viewer, ind: Indicator, area: Area) -> bool:
    """A reported indicator's figure is entered at its level by its responsible role (held there or above)."""
    if not ind.reported or area.level != unit_level(ind) or not policy.can(user, REPORT, area):
        return False
    allowed = {ind.responsible} | ALSO.get(ind.responsible, set())
    return any(policy.has_role_at(user, Role(r), area) for r in allowed)


def can_sign_off(user: policy.Viewer, area: Area) -> bool:
    """The level that answers for an area signs its periods off: the director of a community, the
    street officer of a street, and so on, each at their own area."""
    signer = SIGNER.get(area.level)
    return signer is not None and policy.can(user, SIGNOFF, area) and policy.has_role_at(user, signer, area)


def period_over(end: dt.date, today: dt.date) -> bool:
    return end < today
