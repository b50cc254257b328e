"""Who may receive a service: the catalogue's rules checked against the registry."""

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from linli.areas.models import Area
from linli.registry.models import AGED_80, CareTag, Resident

if TYPE_CHECKING:
    from linli.services.models import ServiceType


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def tags(resident: Resident, today: dt.date) -> set[str]:
    """Care tags of a resident (unfiltered: eligibility is the system's check, not a display)."""
    found = set(CareTag.objects.filter(resident=resident).values_list("tag", flat=True))
    if age_on(resident.birth_date, today) >= 80:
        found.add(AGED_80)
    return found


def problem(service: "ServiceType", resident: Resident | None, community: Area, today: dt.date) -> str | None:
    """Why `resident` may not receive `service` in `community`, or None when they may."""
    if (
        service.area_id is not None
        and service.area is not None
        and not community.path.startswith(service.area.path)
    ):
        return _("This service is not offered in this area.")
    needs_person = service.min_age is not None or service.tag_list() or service.kind_list()
    if not needs_person:
        return None
    if resident is None:
        return _("This service is for eligible registered residents: choose the resident.")
    if service.min_age is not None and age_on(resident.birth_date, today) < service.min_age:
        return _("This service is for residents aged %(n)d and over.") % {"n": service.min_age}
    wanted = set(service.tag_list())
    if wanted and not wanted & tags(resident, today):
        return _(
            "This service is for residents in particular care groups (for example elderly living alone)."
        )
    if service.kind_list() and resident.kind not in service.kind_list():
        return _("This service is not for this kind of household.")
    return None
