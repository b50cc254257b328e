"""Plan and shelter reads, scoped through accounts.policy (`operations.view`): a row outside the
viewer's areas is 404. Shelter counts are one grouped query."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.operations.common import VIEW
from linli.operations.models import EmergencyPlan, PlanContact, Shelter, ShelterStay
from linli.registry import queries as registry
from linli.registry.models import Resident

Viewer = User | AnonymousUser | None


def plans(viewer: Viewer) -> QuerySet[EmergencyPlan]:
    return policy.scope(
        EmergencyPlan.objects.select_related("area").annotate(drill_count=Count("drills")),
        viewer,
        VIEW,
        "area",
    )


def plan_for(viewer: Viewer, code: str) -> EmergencyPlan:
    return policy.get_or_404(
        EmergencyPlan.objects.select_related("area", "updated_by"),
        viewer,
        VIEW,
        "area",
        code=fold_code(code or ""),
    )


def contact_for(viewer: Viewer, pk: object) -> PlanContact:
    return policy.get_or_404(
        PlanContact.objects.select_related("plan__area"), viewer, VIEW, "plan__area", pk=pk
    )


def contact_area(contact: PlanContact) -> Area:
    return contact.plan.area


def shelters(viewer: Viewer) -> QuerySet[Shelter]:
    """Shelters in reach, each with how many are inside now and how many passed through."""
    return policy.scope(
        Shelter.objects.select_related("area").annotate(
            present=Count("stays", filter=Q(stays__checked_out_at__isnull=True)),
            stays_total=Count("stays"),
        ),
        viewer,
        VIEW,
        "area",
    )


def shelters_of_plan(viewer: Viewer, plan: EmergencyPlan) -> QuerySet[Shelter]:
    """The shelters a plan sends people to: its area's, and for a community its street's too."""
    areas = [plan.area_id] + ([plan.area.parent_id] if plan.area.parent_id else [])
    return shelters(viewer).filter(area_id__in=areas)


def shelter_for(viewer: Viewer, code: str) -> Shelter:
    return policy.get_or_404(shelters(viewer), viewer, VIEW, "area", code=fold_code(code or ""))


@dataclass
class Counts:
    present: int
    capacity: int
    checked_in: int
    checked_out: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.present, 0)


def counts(shelter: Shelter) -> Counts:
    agg = shelter.stays.aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(checked_out_at__isnull=True))
    )
    return Counts(
        present=agg["present"],
        capacity=shelter.capacity,
        checked_in=agg["total"],
        checked_out=agg["total"] - agg["present"],
    )


def stays(viewer: Viewer, shelter: Shelter, *, present: bool | None = None) -> QuerySet[ShelterStay]:
    qs = policy.scope(
        ShelterStay.objects.filter(shelter=shelter).select_related("resident__community", "shelter"),
        viewer,
        VIEW,
        "shelter__area",
    )
    if present is not None:
        qs = qs.filter(checked_out_at__isnull=present)
    return qs


def stay_for(viewer: Viewer, pk: object) -> ShelterStay:
    return policy.get_or_404(
        ShelterStay.objects.select_related("shelter__area", "resident"), viewer, VIEW, "shelter__area", pk=pk
    )


LOOKUP_LIMIT = 20


def lookup(viewer: Viewer, q: str) -> list[Resident]:
    """Registered residents for a shelter desk: the registry's own search in the desk's reach (a
    full ID or mobile number answers only where the viewer may reveal; a name by its beginning)."""
    q = (q or "").strip()
    if not q or viewer is None or isinstance(viewer, AnonymousUser):
        return []
    found = registry.residents_search(viewer, registry.Search(q=q))
    return list(found.select_related("community")[:LOOKUP_LIMIT])
