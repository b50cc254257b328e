"""Every write of the committee-owners-property triangle: permitted, validated, saved and audited in
one transaction. Estates, owners' committees, companies, contracts and joint meetings are kept by
the community's workers or the street (`property.manage`); residents answer the survey."""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError, NotFound
from linli.governance.models import Position
from linli.publicservices.common import add_months, field_error, new_code, text, today
from linli.publicservices.models.property import (
    Answer,
    Aspect,
    Attendee,
    Committee,
    Company,
    Complaint,
    Contract,
    ContractItem,
    Decision,
    DecisionStatus,
    Estate,
    EstateBuilding,
    FollowUp,
    Meeting,
    Member,
    Party,
    Respondent,
    Scope,
    Survey,
)
from linli.publicservices.permissions import VIEW
from linli.publicservices.property import rules
from linli.registry.models import Building, Resident, ResidentStatus
from linli.tickets.models import Ticket

MANAGE = "property.manage"
ANSWER = "property.answer"
# The tickets' category branch of property management (物业管理): its tickets are complaints.
PROPERTY_CATEGORY = "property"


def _require(actor: User | None, area: Area) -> None:
    policy.require(actor, MANAGE, area, visible=VIEW)


# ---------------------------------------------------------------- estates


def estate_create(
    *,
    actor: User | None,
    community: Area,
    name: str,
    buildings: list[Building],
    now: dt.datetime | None = None,
) -> Estate:
    """An estate of the community's buildings; a building belongs to one estate at most."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, community)
        name = text(name, "name", _("the estate's name"), required=True, limit=60)
        if not buildings:
            raise field_error("buildings_required", "buildings", _("Choose the estate's buildings."))
        if any(b.community_id != community.pk for b in buildings):
            raise field_error("building_elsewhere", "buildings", _("Choose buildings of this community."))
        taken = EstateBuilding.objects.filter(building__in=buildings).select_related("building").first()
        if taken is not None:
            raise field_error(
                "building_taken",
                "buildings",
                _("%(b)s already belongs to an estate.") % {"b": taken.building.name},
            )
        if Estate.objects.filter(community=community, name=name).exists():
            raise field_error("name_taken", "name", _("The community has an estate of this name."))
        estate = Estate.objects.create(code=new_code("ES"), community=community, name=name, created_at=now)
        EstateBuilding.objects.bulk_create([EstateBuilding(estate=estate, building=b) for b in buildings])
        record(actor=actor, action="publicservices.estate.created", obj=estate, area=community, now=now)
    return estate


# ---------------------------------------------------------------- owners' committees


@dataclass(frozen=True)
class MemberIn:
    name: str
    position: str
    votes_owners: int
    votes_area_m2: Decimal
    dwelling: str = ""


def _area(value: Decimal | float | int | None, name: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception:
        amount = Decimal(-1)
    if amount < 0 or amount >= Decimal("100000000"):
        raise field_error(f"{name}_invalid", name, _("Enter a floor area in m²."))
    return amount


def committee_record(
    *,
    actor: User | None,
    estate: Estate,
    elected_on: dt.date,
    term_years: int,
    owners_total: int,
    owners_voted: int,
    area_total_m2: Decimal,
    area_voted_m2: Decimal,
    record_ref: str,
    members: list[MemberIn],
    filed_with_street_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Committee:
    """Record an owners' committee elected by the owners' assembly, checked against art. 278:
    two thirds taking part by number and by area, each member more than half of both."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, estate.community)
        Estate.objects.select_for_update().filter(pk=estate.pk).first()
        if elected_on > today(now):
            raise field_error("future", "elected_on", _("Record an election after it was held."))
        if not 1 <= term_years <= rules.TERM_YEARS_MAX:
            raise field_error(
                "term_invalid", "term_years", _("A term is 1 to %(n)d years.") % {"n": rules.TERM_YEARS_MAX}
            )
        total_area = _area(area_total_m2, "area_total_m2")
        voted_area = _area(area_voted_m2, "area_voted_m2")
        if owners_total < 1 or not 0 <= owners_voted <= owners_total:
            raise field_error(
                "owners_invalid", "owners_voted", _("Those who took part cannot outnumber the owners.")
            )
        if voted_area > total_area:
            raise field_error(
                "area_invalid", "area_voted_m2", _("The area taking part cannot exceed the whole area.")
            )
        if not (
            rules.reaches(owners_voted, owners_total, rules.PARTICIPATION)
            and rules.reaches(voted_area, total_area, rules.PARTICIPATION)
        ):
            raise DomainError(
                "quorum",
                _(
                    "Two thirds of the owners, by number and by floor area, must take part in electing "
                    "an owners' committee (Civil Code art. 278)."
                ),
            )
        if not (rules.MEMBERS_MIN <= len(members) <= rules.MEMBERS_MAX and len(members) % 2 == 1):
            raise field_error(
                "members_count", "members", _("An owners' committee has an odd number of 5 to 11 members.")
            )
        if sum(1 for m in members if m.position == Position.DIRECTOR) != 1:
            raise field_error("director", "members", _("Name one director."))
        rows = []
        for m in members:
            if m.position not in Position.values:
                raise field_error("position_invalid", "members", _("Choose each member's position."))
            votes_area = _area(m.votes_area_m2, "members")
            if m.votes_owners > owners_voted or votes_area > voted_area:
                raise field_error(
                    "votes_invalid", "members", _("A member's votes cannot exceed those who took part.")
                )
            if not (
                rules.exceeds(m.votes_owners, owners_voted, rules.MAJORITY)
                and rules.exceeds(votes_area, voted_area, rules.MAJORITY)
            ):
                raise field_error(
                    "not_elected",
                    "members",
                    _("%(name)s did not get more than half of the owners taking part, by number and by area.")
                    % {"name": m.name},
                )
            rows.append(
                Member(
                    name=text(m.name, "members", _("the name"), required=True, limit=50),
                    position=m.position,
                    dwelling=text(m.dwelling, "members", _("the dwelling"), required=False, limit=40),
                    votes_owners=m.votes_owners,
                    votes_area_m2=votes_area,
                )
            )
        term_ends = add_months(elected_on, 12 * term_years) - dt.timedelta(days=1)
        if Committee.objects.filter(estate=estate, term_ends__gte=elected_on).exists():
            raise DomainError(
                "term_running", _("The estate's owners' committee is still in its term on this date.")
            )
        committee = Committee.objects.create(
            code=new_code("OC"),
            estate=estate,
            community=estate.community,
            elected_on=elected_on,
            term_starts=elected_on,
            term_ends=term_ends,
            owners_total=owners_total,
            owners_voted=owners_voted,
            area_total_m2=total_area,
            area_voted_m2=voted_area,
            record=text(record_ref, "record_ref", _("the election record"), required=True, limit=200),
            filed_with_street_on=filed_with_street_on,
            recorded_at=now,
            recorded_by=actor,
        )
        for row in rows:
            row.committee = committee
        Member.objects.bulk_create(rows)
        record(
            actor=actor,
            action="publicservices.owners_committee.recorded",
            obj=committee,
            area=estate.community,
            details={"estate": estate.code},
            now=now,
        )
    return committee


# ---------------------------------------------------------------- companies and contracts


def _scopes(values: list[str], name: str) -> list[str]:
    picked = sorted(set(values))
    if not picked or any(v not in Scope.values for v in picked):
        raise field_error(f"{name}_invalid", name, _("Choose the services."))
    return picked


def company_register(
    *,
    actor: User | None,
    area: Area,
    name: str,
    credit_code: str,
    scopes: list[str],
    contact: str = "",
    phone: str = "",
    now: dt.datetime | None = None,
) -> Company:
    """A property company in the register of a community or a street."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, area)
        if area.level not in (Level.COMMUNITY, Level.STREET):
            raise field_error("area_level", "area", _("Choose a community or a street."))
        code = unicodedata.normalize("NFKC", credit_code or "").strip().upper()
        if not rules.credit_code_valid(code):
            raise field_error(
                "credit_code_invalid", "credit_code", _("Enter the 18-character unified social credit code.")
            )
        if Company.objects.filter(credit_code=code).exists():
            raise field_error(
                "credit_code_taken", "credit_code", _("A company with this credit code is registered.")
            )
        company = Company.objects.create(
            code=new_code("PC"),
            area=area,
            name=text(name, "name", _("the company's name"), required=True, limit=100),
            credit_code=code,
            contact=text(contact, "contact", _("the contact"), required=False, limit=50),
            phone=text(phone, "phone", _("the service phone"), required=False, limit=20),
            scopes=_scopes(scopes, "scopes"),
            created_at=now,
        )
        record(actor=actor, action="publicservices.company.registered", obj=company, area=area, now=now)
    return company


@dataclass(frozen=True)
class ItemIn:
    scope: str
    standard: str


def contract_in_force(estate: Estate, day: dt.date) -> Contract | None:
    return (
        Contract.objects.filter(estate=estate, starts_on__lte=day, ends_on__gte=day)
        .select_related("company")
        .first()
    )


def contract_create(
    *,
    actor: User | None,
    company: Company,
    estate: Estate,
    starts_on: dt.date,
    ends_on: dt.date,
    fee_fen_m2: int,
    items: list[ItemIn],
    now: dt.datetime | None = None,
) -> Contract:
    """A property service contract for an estate: its period, fee and service items (each within the
    company's scopes). An estate has one company at a time: periods may not overlap."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, estate.community)
        Estate.objects.select_for_update().filter(pk=estate.pk).first()
        if ends_on < starts_on:
            raise field_error("period_invalid", "ends_on", _("The contract ends after it starts."))
        if not 0 < fee_fen_m2 <= 10_000:
            raise field_error(
                "fee_invalid", "fee_fen_m2", _("Enter the fee per m² and month, up to 100 yuan.")
            )
        if not items:
            raise field_error("items_required", "items", _("List the services the contract covers."))
        scopes = [i.scope for i in items]
        if len(set(scopes)) != len(scopes) or any(s not in Scope.values for s in scopes):
            raise field_error("items_invalid", "items", _("Name each service once."))
        outside = [s for s in scopes if s not in company.scopes]
        if outside:
            raise field_error(
                "scope_outside",
                "items",
                _("The company does not offer: %(s)s.")
                % {"s": "、".join(str(Scope(s).label) for s in outside)},
            )
        if Contract.objects.filter(estate=estate, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
            raise field_error(
                "period_overlap", "starts_on", _("The estate has a contract in this period already.")
            )
        contract = Contract.objects.create(
            code=new_code("CT"),
            company=company,
            estate=estate,
            community=estate.community,
            starts_on=starts_on,
            ends_on=ends_on,
            fee_fen_m2=fee_fen_m2,
            created_at=now,
        )
        ContractItem.objects.bulk_create(
            [
                ContractItem(
                    contract=contract,
                    scope=i.scope,
                    standard=text(i.standard, "items", _("the standard"), required=True, limit=200),
                )
                for i in items
            ]
        )
        record(
            actor=actor,
            action="publicservices.contract.created",
            obj=contract,
            area=estate.community,
            details={"company": company.code, "estate": estate.code},
            now=now,
        )
    return contract


# ---------------------------------------------------------------- joint meetings


@dataclass(frozen=True)
class DecisionIn:
    text: str
    owner_party: str
    owner_name: str
    due_on: dt.date


@dataclass(frozen=True)
class AttendeeIn:
    party: str
    name: str


def _decision(meeting: Meeting, d: DecisionIn) -> Decision:
    if d.owner_party not in Party.values:
        raise field_error("owner_invalid", "owner_party", _("Choose who is responsible."))
    if d.due_on < timezone.localtime(meeting.held_at).date():
        raise field_error("due_invalid", "due_on", _("A decision falls due after the meeting."))
    return Decision(
        code=new_code("DE"),
        meeting=meeting,
        community=meeting.community,
        text=text(d.text, "text", _("the decision"), required=True, limit=500),
        owner_party=d.owner_party,
        owner_name=text(d.owner_name, "owner_name", _("the responsible person"), required=True, limit=50),
        due_on=d.due_on,
    )


def meeting_record(
    *,
    actor: User | None,
    estate: Estate,
    held_at: dt.datetime,
    topic: str,
    minutes: str,
    attendees: list[AttendeeIn],
    place: str = "",
    decisions: list[DecisionIn] | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """A joint meeting (三方协调) held: all three sides attended, with its minutes and decisions."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, estate.community)
        if held_at > now:
            raise field_error("future", "held_at", _("Record a meeting after it was held."))
        named = [a for a in attendees if (a.name or "").strip()]
        if any(a.party not in Party.values for a in named):
            raise field_error("party_invalid", "attendees", _("Choose whom each attendee speaks for."))
        sides = {a.party for a in named}
        if not {Party.RESIDENTS, Party.OWNERS, Party.COMPANY} <= sides:
            raise field_error(
                "three_sides",
                "attendees",
                _("A joint meeting has the residents' committee, the owners and the property company."),
            )
        meeting = Meeting.objects.create(
            code=new_code("JM"),
            estate=estate,
            community=estate.community,
            held_at=held_at,
            place=text(place, "place", _("the place"), required=False, limit=100),
            topic=text(topic, "topic", _("the topic"), required=True, limit=200),
            minutes=text(minutes, "minutes", _("the minutes"), required=True, limit=8000),
            recorded_by=actor,
        )
        Attendee.objects.bulk_create(
            [
                Attendee(
                    meeting=meeting,
                    party=a.party,
                    name=text(a.name, "attendees", _("the name"), required=True, limit=50),
                )
                for a in named
            ]
        )
        Decision.objects.bulk_create([_decision(meeting, d) for d in decisions or []])
        record(
            actor=actor,
            action="publicservices.joint_meeting.recorded",
            obj=meeting,
            area=estate.community,
            now=now,
        )
    return meeting


def decision_add(
    *, actor: User | None, meeting: Meeting, decision: DecisionIn, now: dt.datetime | None = None
) -> Decision:
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, meeting.community)
        row = _decision(meeting, decision)
        row.save()
        record(actor=actor, action="publicservices.decision.added", obj=row, area=meeting.community, now=now)
    return row


def decision_follow_up(
    *, actor: User | None, decision: Decision, note: str, done: bool, now: dt.datetime | None = None
) -> Decision:
    """Note how a decision stands; `done` closes it (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, decision.community)
        note = text(note, "note", _("the note"), required=True, limit=500)
        if decision.status != DecisionStatus.OPEN:
            raise DomainError("decision_done", _("This decision has been carried out already."))
        FollowUp.objects.create(decision=decision, at=now, note=note, by=actor)
        if done:
            moved = Decision.objects.filter(pk=decision.pk, status=DecisionStatus.OPEN).update(
                status=DecisionStatus.DONE, done_on=today(now)
            )
            if not moved:
                raise DomainError("decision_done", _("This decision has been carried out already."))
            decision.status, decision.done_on = DecisionStatus.DONE, today(now)
        record(
            actor=actor,
            action="publicservices.decision.followed_up",
            obj=decision,
            area=decision.community,
            details={"done": done},
            now=now,
        )
    return decision


# ---------------------------------------------------------------- complaints


def complaint_link(
    *, actor: User | None, ticket: Ticket, estate: Estate, now: dt.datetime | None = None
) -> Complaint:
    """Link a ticket about property service to its estate and the company under contract when the
    ticket came in."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, estate.community)
        if ticket.community_id != estate.community_id:
            raise field_error("ticket_elsewhere", "ticket", _("The ticket is about another community."))
        contract = contract_in_force(estate, timezone.localtime(ticket.submitted_at).date())
        if contract is None:
            raise field_error(
                "no_contract", "estate", _("No property company served the estate when the ticket came in.")
            )
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    ticket=ticket,
                    estate=estate,
                    company=contract.company,
                    community=estate.community,
                    linked_at=now,
                    linked_by=actor,
                )
        except IntegrityError:
            raise field_error(
                "already_linked", "ticket", _("This ticket is linked as a property complaint already.")
            ) from None
        record(
            actor=actor,
            action="publicservices.complaint.linked",
            obj=complaint,
            area=estate.community,
            details={"ticket": ticket.code, "company": contract.company.code},
            now=now,
        )
    return complaint


def complaints_sweep(now: dt.datetime | None = None) -> int:
    """Link every unlinked ticket of the property categories about a building of an estate to that
    estate and its company of the day (idempotent; as the system)."""
    now = now or timezone.now()
    candidates = (
        Ticket.objects.filter(
            Q(category__code=PROPERTY_CATEGORY) | Q(category__parent__code=PROPERTY_CATEGORY),
            building__isnull=False,
        )
        .exclude(pk__in=Complaint.objects.values("ticket_id"))
        .only("pk", "building_id", "community_id", "submitted_at", "code")
    )
    estate_of = dict(
        EstateBuilding.objects.filter(building_id__in=candidates.values("building_id")).values_list(
            "building_id", "estate_id"
        )
    )
    estates = {
        e.pk: e for e in Estate.objects.filter(pk__in=set(estate_of.values())).select_related("community")
    }
    linked = 0
    for ticket in candidates.filter(building_id__in=list(estate_of)):
        estate = estates[estate_of[ticket.building_id or 0]]
        if estate.community_id != ticket.community_id:
            continue
        try:
            complaint_link(actor=None, ticket=ticket, estate=estate, now=now)
        except DomainError:
            continue
        linked += 1
    return linked


# ---------------------------------------------------------------- satisfaction survey


def survey_open(
    *,
    actor: User | None,
    estate: Estate,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    now: dt.datetime | None = None,
) -> Survey:
    """A satisfaction survey of the estate's property service, about the company under contract
    on the opening day; open to the estate's residents for at most 90 days."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, estate.community)
        if closes_on < opens_on or (closes_on - opens_on).days > 90:
            raise field_error("period_invalid", "closes_on", _("A survey runs for 1 to 90 days."))
        contract = contract_in_force(estate, opens_on)
        if contract is None:
            raise field_error(
                "no_contract", "opens_on", _("No property company serves the estate on the opening day.")
            )
        survey = Survey.objects.create(
            code=new_code("SV"),
            estate=estate,
            company=contract.company,
            community=estate.community,
            title=text(title, "title", _("the title"), required=True, limit=100),
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=actor,
        )
        record(actor=actor, action="publicservices.survey.opened", obj=survey, area=estate.community, now=now)
    return survey


def lives_in(resident: Resident, estate: Estate) -> bool:
    return (
        resident.status == ResidentStatus.ACTIVE
        and resident.household is not None
        and resident.household.dwelling is not None
        and EstateBuilding.objects.filter(
            estate=estate, building_id=resident.household.dwelling.building_id
        ).exists()
    )


def survey_answer(
    *,
    actor: User | None,
    survey: Survey,
    resident: Resident,
    scores: dict[str, int],
    now: dt.datetime | None = None,
) -> None:
    """A resident of the estate answers once, through their own registry record. Who answered and
    what was answered are stored apart."""
    now = now or timezone.now()
    with transaction.atomic():
        if actor is not None and (
            resident.user_id != actor.pk or not policy.can(actor, ANSWER, survey.community)
        ):
            raise NotFound()
        if not lives_in(resident, survey.estate):
            raise NotFound()
        day = today(now)
        if not survey.opens_on <= day <= survey.closes_on:
            raise DomainError("survey_closed", _("This survey is not open."))
        clean: dict[str, int] = {}
        for aspect in Aspect.values:
            value = scores.get(aspect)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                raise field_error(aspect, aspect, _("Choose a score from 1 to 5."))
            clean[aspect] = value
        try:
            with transaction.atomic():
                Respondent.objects.create(survey=survey, resident=resident)
        except IntegrityError:
            raise DomainError("already_answered", _("You have answered this survey already.")) from None
        Answer.objects.create(survey=survey, scores=clean)
        # The event names the survey only: what was answered stays unlinked to who answered.
        record(
            actor=actor, action="publicservices.survey.answered", obj=survey, area=survey.community, now=now
        )
