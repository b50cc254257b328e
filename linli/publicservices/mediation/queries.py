"""Reads of people's mediation, scoped through accounts.policy on the case's community."""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from linli.accounts import policy
from linli.areas.models import Area
from linli.publicservices.models.mediation import Case, CaseStatus, Mediator
from linli.publicservices.permissions import VIEW


def cases_for(viewer: policy.Viewer) -> QuerySet[Case]:
    return Case.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related("community")


def case_for(viewer: policy.Viewer, code: str) -> Case:
    try:
        return cases_for(viewer).get(code=(code or "").strip().upper())
    except Case.DoesNotExist:
        raise Http404 from None


def mediators_for(viewer: policy.Viewer) -> QuerySet[Mediator]:
    return Mediator.objects.filter(policy.area_q(viewer, VIEW, "community"), is_active=True)


@dataclass
class Month:
    cases: int
    agreed: int
    referred: int
    success_rate: float | None
    median_days_to_agreement: float | None


def monthly(viewer: policy.Viewer, area: Area, year: int, month: int) -> Month:
    """Cases opened in the month inside `area`: how many, how many reached an agreement, the
    success rate among those decided, and the median days from opening to agreement."""
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    rows = list(
        cases_for(viewer)
        .filter(community__path__startswith=area.path, opened_at__date__gte=start, opened_at__date__lt=end)
        .values_list("status", "opened_at", "agreed_at")
    )
    agreed = [r for r in rows if r[2] is not None]
    referred = sum(1 for r in rows if r[0] == CaseStatus.REFERRED)
    decided = len(agreed) + referred
    days = [(a - o).total_seconds() / 86400 for _, o, a in agreed if a is not None]
    return Month(
        cases=len(rows),
        agreed=len(agreed),
        referred=referred,
        success_rate=round(len(agreed) / decided, 3) if decided else None,
        median_days_to_agreement=round(statistics.median(days), 1) if days else None,
    )
