"""Who may vote: age and residence on a given day, and the register entry that records why."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from linli.areas.models import Area
from linli.governance import rules
from linli.governance.models import (
    Application,
    Basis,
    Decision,
    Election,
    VoterEntry,
)
from linli.registry.models import Resident, ResidentStatus

# ---------------------------------------------------------------------------------------------
# Eligibility


def latest_birth_date(day: dt.date) -> dt.date:
    """The latest birth date of someone who has reached the voting age on `day` (29 Feb → 28 Feb)."""
    years = rules.rule("GOV_VOTING_AGE")
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def living_on(community: Area, day: dt.date) -> Q:
    """Residents of `community` who lived there on `day` (registered by then, not left before)."""
    return (
        Q(community=community, registered_at__date__lte=day)
        & ~Q(status=ResidentStatus.DECEASED)
        & (Q(status=ResidentStatus.ACTIVE, left_at__isnull=True) | Q(left_at__date__gt=day))
    )


def residence_rule_met(resident: Resident, election: Election) -> bool:
    """Listed without a decision (`GOV_OPT_IN_KINDS`), or living here long enough by the cut-off date.

    How long is counted from when the person lives here (`lives_since`, kept by the registry),
    else from the registration.
    """
    if resident.kind in rules.rule("GOV_OPT_IN_KINDS"):
        return True
    days = rules.rule("GOV_FLOATING_MIN_RESIDENCE_DAYS")
    since = resident.lives_since or timezone.localtime(resident.registered_at).date()
    return resident.lives_here and since + dt.timedelta(days=days) <= election.register_cutoff


def same_period(election: Election) -> Q:
    """Elections of the same period as `election`: Beijing's communities elect in one round, so
    those whose election day falls in the same year."""
    return Q(election_day__year=election.election_day.year)


def listed_elsewhere(election: Election, residents: list[Resident]) -> set[str]:
    """ID blind indexes of `residents` already listed on another community's register for the
    same period: nobody stands on two registers, across communities and records. Only committee
    elections count: an organization's members elect its officers whatever else they vote in."""
    indexes = {r.id_index for r in residents}
    if not indexes or election.body:
        return set()
    others = Election.objects.filter(same_period(election), body="").exclude(community=election.community)
    return set(
        VoterEntry.objects.filter(
            election__in=others, is_listed=True, resident__id_index__in=indexes
        ).values_list("resident__id_index", flat=True)
    )


def is_of_age(resident: Resident, election: Election) -> bool:
    return resident.birth_date <= latest_birth_date(election.election_day)


def eligible_residents(election: Election) -> list[Resident]:
    """Everyone the register lists on the cut-off date, before the method picks representatives."""
    base = Resident.objects.filter(
        living_on(election.community, election.register_cutoff),
        birth_date__lte=latest_birth_date(election.election_day),
    ).select_related("household")
    auto = list(base.filter(kind__in=list(rules.rule("GOV_AUTO_KINDS"))))
    applied_ids = Application.objects.filter(election=election, status=Decision.ACCEPTED).values(
        "resident_id"
    )
    applied = [
        r
        for r in base.exclude(kind__in=list(rules.rule("GOV_AUTO_KINDS"))).filter(pk__in=applied_ids)
        if residence_rule_met(r, election)
    ]
    people = auto + applied
    elsewhere = listed_elsewhere(election, people)
    return [r for r in people if r.id_index not in elsewhere]


def _basis_of(resident: Resident) -> str:
    if resident.kind in rules.rule("GOV_AUTO_KINDS"):
        return Basis.AGE_RESIDENCE
    return Basis.OPT_IN if resident.kind in rules.rule("GOV_OPT_IN_KINDS") else Basis.APPLICATION


def _entry(election: Election, resident: Resident, basis: str, group_name: str = "") -> VoterEntry:
    return VoterEntry(
        election=election,
        resident=resident,
        name=resident.name,
        household_code=resident.household.code if resident.household else "",
        basis=basis,
        group_name=group_name,
    )
