"""Reads of the committee-owners-property triangle, scoped through accounts.policy on the community
(a company: the area that filed it, an area above the viewer's reach, or an estate in reach under
contract with it). Outside rows are 404."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from linli.accounts import policy
from linli.publicservices.common import today
from linli.publicservices.models.property import (
    Answer,
    Aspect,
    Committee,
    Company,
    Complaint,
    Contract,
    Decision,
    DecisionStatus,
    Estate,
    Meeting,
    Survey,
)
from linli.publicservices.permissions import VIEW
from linli.publicservices.property import rules
from linli.registry.models import Resident, ResidentStatus
from linli.tickets.models import Rating, Satisfaction, Ticket
from linli.tickets.queries import ANSWERED_IN_TIME, Rates


def _by_code(qs: QuerySet[Any], code: str) -> Any:
    try:
        return qs.get(code=(code or "").strip().upper())
    except qs.model.DoesNotExist:
        raise Http404 from None


def estates_for(viewer: policy.Viewer) -> QuerySet[Estate]:
    return Estate.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related("community")


def estate_for(viewer: policy.Viewer, code: str) -> Estate:
    return _by_code(estates_for(viewer), code)


def companies_for(viewer: policy.Viewer) -> QuerySet[Company]:
    """The street's or community's register (and the areas above: a street's register serves its
    communities), and any company under contract on an estate in reach."""
    above = sorted({c for root in policy.roots(viewer, VIEW) for c in root.ancestors_codes()})
    contracted = Contract.objects.filter(policy.area_q(viewer, VIEW, "community")).values("company_id")
    return Company.objects.filter(
        policy.area_q(viewer, VIEW) | Q(area__code__in=above) | Q(pk__in=contracted)
    ).select_related("area")


def company_for(viewer: policy.Viewer, code: str) -> Company:
    return _by_code(companies_for(viewer), code)


def committees_for(viewer: policy.Viewer) -> QuerySet[Committee]:
    return Committee.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related("estate")


def contracts_for(viewer: policy.Viewer) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(policy.area_q(viewer, VIEW, "community"))
        .select_related("company", "estate")
        .prefetch_related("items")
    )


def meetings_for(viewer: policy.Viewer) -> QuerySet[Meeting]:
    return Meeting.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related("estate")


def meeting_for(viewer: policy.Viewer, code: str) -> Meeting:
    return _by_code(meetings_for(viewer), code)


def decisions_for(viewer: policy.Viewer) -> QuerySet[Decision]:
    return Decision.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related("meeting__estate")


def decision_for(viewer: policy.Viewer, code: str) -> Decision:
    return _by_code(decisions_for(viewer), code)


def overdue_decisions(viewer: policy.Viewer, now: dt.datetime) -> QuerySet[Decision]:
    return decisions_for(viewer).filter(status=DecisionStatus.OPEN, due_on__lt=today(now))


def complaints_for(viewer: policy.Viewer) -> QuerySet[Complaint]:
    return Complaint.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related(
        "ticket", "estate", "company"
    )


def surveys_for(viewer: policy.Viewer) -> QuerySet[Survey]:
    return Survey.objects.filter(policy.area_q(viewer, VIEW, "community")).select_related("estate", "company")


def survey_for(viewer: policy.Viewer, code: str) -> Survey:
    return _by_code(surveys_for(viewer), code)


def tickets_in_reach(viewer: policy.Viewer) -> QuerySet[Ticket]:
    return Ticket.objects.filter(policy.area_q(viewer, "tickets.view", "community"))


# ---------------------------------------------------------------- the three rates of complaints


def _rates() -> Rates:
    return Rates(area=None)  # type: ignore[arg-type]  # a company's rates, not an area's


def complaint_rates(complaints: QuerySet[Complaint], now: dt.datetime) -> Rates:
    """The tickets' three rates over these complaints, as the tickets count them up to `now`:
    answered within the response limit among those whose response is settled, and among the
    ratings given, resolved and satisfied (satisfied or basically satisfied)."""
    tickets = Ticket.objects.filter(pk__in=complaints.values("ticket_id"))
    out = _rates()
    out.responded = tickets.filter(ANSWERED_IN_TIME).count()
    out.responses = out.responded + tickets.filter(response_due__lt=now).exclude(ANSWERED_IN_TIME).count()
    given = Rating.objects.filter(ticket__in=tickets).aggregate(
        n=Count("id"),
        res=Count("id", filter=Q(resolved=True)),
        sat=Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])),
    )
    out.evaluated, out.resolved, out.satisfied = given["n"], given["res"], given["sat"]
    return out


# ---------------------------------------------------------------- survey results


@dataclass
class AspectResult:
    aspect: str
    label: str
    counts: dict[int, int | None]  # score → answers (None: suppressed on public views)
    average: float | None
    satisfied_pct: float | None  # scores 4 and 5


@dataclass
class Results:
    answers: int | None
    aspects: list[AspectResult] = field(default_factory=list)
    suppressed: bool = False


def _suppress(counts: dict[int, int]) -> dict[int, int | None]:
    """Counts under the public minimum are hidden, and when only one would be hidden the next
    smallest too, so that the total cannot give the hidden one away."""
    hidden = {k for k, v in counts.items() if v < rules.PUBLIC_MIN_COUNT}
    if len(hidden) == 1:
        rest = sorted((v, k) for k, v in counts.items() if k not in hidden)
        if rest:
            hidden.add(rest[0][1])
    return {k: (None if k in hidden else v) for k, v in counts.items()}


def results(surveys: QuerySet[Survey] | list[Survey], *, public: bool = False) -> Results:
    """Answers per aspect and score over these surveys. On public views a total under 5 shows
    nothing, and counts under 5 are suppressed."""
    rows = list(Answer.objects.filter(survey__in=surveys).values_list("scores", flat=True))
    n = len(rows)
    if public and n < rules.PUBLIC_MIN_COUNT:
        return Results(answers=None, suppressed=True)
    out = Results(answers=n)
    for aspect, label in Aspect.choices:
        counts = Counter(r.get(aspect) for r in rows)
        by_score = {s: counts.get(s, 0) for s in range(5, 0, -1)}
        total = sum(by_score.values())
        out.aspects.append(
            AspectResult(
                aspect=aspect,
                label=str(label),
                counts=_suppress(by_score) if public else dict(by_score),
                average=round(sum(s * c for s, c in by_score.items()) / total, 2) if total else None,
                satisfied_pct=round(100.0 * (by_score[5] + by_score[4]) / total, 1) if total else None,
            )
        )
    return out


def open_surveys_for_resident(user: Any, now: dt.datetime | None = None) -> list[tuple[Survey, Resident]]:
    """The open surveys of the estates the signed-in resident lives in, with their record."""
    pk = getattr(user, "pk", None)
    if not pk:
        return []
    day = today(now or timezone.now())
    me = list(
        Resident.objects.filter(
            user_id=pk, status=ResidentStatus.ACTIVE, household__dwelling__isnull=False
        ).select_related("household__dwelling", "community")
    )
    out = []
    for r in me:
        if not policy.can(user, "property.answer", r.community):
            continue
        for s in Survey.objects.filter(
            estate__buildings__id=r.household.dwelling.building_id,  # type: ignore[union-attr]
            opens_on__lte=day,
            closes_on__gte=day,
        ).select_related("estate", "company"):
            out.append((s, r))
    return out


@dataclass
class PublicRow:
    estate: str
    company: str
    survey: str
    closes_on: dt.date
    results: Results


def public_rows(community: Any, now: dt.datetime) -> list[PublicRow]:
    """The board's figures: each estate's latest survey that has opened, with its company and
    results, counts under 5 suppressed."""
    day = today(now)
    latest: dict[int, Survey] = {}
    for s in (
        Survey.objects.filter(community=community, opens_on__lte=day)
        .select_related("estate", "company")
        .order_by("estate_id", "-opens_on", "-pk")
    ):
        latest.setdefault(s.estate_id, s)
    return [
        PublicRow(
            estate=s.estate.name,
            company=s.company.name,
            survey=s.title,
            closes_on=s.closes_on,
            results=results([s], public=True),
        )
        for s in sorted(latest.values(), key=lambda s: s.estate.name)
    ]


@dataclass
class CompanyRow:
    company: Company
    complaints: int
    rates: Rates
    answers: int
    overall_satisfied_pct: float | None


def company_table(viewer: policy.Viewer, now: dt.datetime) -> list[CompanyRow]:
    """Every company in reach with its complaints in reach, their three rates and the share of
    survey answers satisfied overall: the street's comparison, in a fixed number of queries."""
    companies = list(companies_for(viewer).order_by("name")[:200])
    by_ticket = dict(
        complaints_for(viewer).filter(company__in=companies).values_list("ticket_id", "company_id")
    )
    rows = {
        c.pk: CompanyRow(company=c, complaints=0, rates=_rates(), answers=0, overall_satisfied_pct=None)
        for c in companies
    }
    for company_id in by_ticket.values():
        rows[company_id].complaints += 1
    tickets = Ticket.objects.filter(pk__in=list(by_ticket))
    answered = set(tickets.filter(ANSWERED_IN_TIME).values_list("pk", flat=True))
    missed = set(tickets.filter(response_due__lt=now).exclude(ANSWERED_IN_TIME).values_list("pk", flat=True))
    for pk in answered:
        rows[by_ticket[pk]].rates.responded += 1
        rows[by_ticket[pk]].rates.responses += 1
    for pk in missed:
        rows[by_ticket[pk]].rates.responses += 1
    for ticket_id, resolved, satisfaction in Rating.objects.filter(ticket_id__in=list(by_ticket)).values_list(
        "ticket_id", "resolved", "satisfaction"
    ):
        r = rows[by_ticket[ticket_id]].rates
        r.evaluated += 1
        r.resolved += bool(resolved)
        r.satisfied += satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASIC)
    happy: Counter[int] = Counter()
    for company_id, scores in Answer.objects.filter(
        survey__in=surveys_for(viewer).filter(company__in=companies)
    ).values_list("survey__company_id", "scores"):
        rows[company_id].answers += 1
        happy[company_id] += scores.get("overall", 0) >= 4
    for row in rows.values():
        if row.answers:
            row.overall_satisfied_pct = round(100.0 * happy[row.company.pk] / row.answers, 1)
    return list(rows.values())
