"""Every legal number of self-government, as a Django setting with the law's default.

Sources (see docs/governance.md for the article behind each): the City Residents' Committee
Organisation Law (城市居民委员会组织法, 2018) and the Beijing residents' committee election
rules (北京市居民委员会选举办法). A deployment overrides any of them in its settings module.
Shares are fractions "a/b"; whether the share must be exceeded ("more than half") or only
reached ("one fifth or more", 以上) is part of the rule's name and never a setting.
"""

from fractions import Fraction
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Organisation Law art. 8: the committee's term is five years.
    "GOV_TERM_YEARS": 5,
    # Art. 8: residents aged 18 on election day vote and stand.
    "GOV_VOTING_AGE": 18,
    # Art. 7: a committee has 5 to 9 members (a director, deputies, members).
    "GOV_COMMITTEE_MIN": 5,
    "GOV_COMMITTEE_MAX": 9,
    # Art. 8: election by 2-3 representatives of each residents' group.
    "GOV_GROUP_REPRESENTATIVES_MIN": 2,
    "GOV_GROUP_REPRESENTATIVES_MAX": 3,
    # Local rules: valid only if more than half of the registered voters vote.
    "GOV_TURNOUT_SHARE": "1/2",
    # Local rules: elected with more than half of the votes of those who voted.
    "GOV_ELECTED_SHARE": "1/2",
    # Local rules: in another round, the most votes win provided they reach one third.
    "GOV_RUNOFF_SHARE": "1/3",
    # Extra candidates in another round, above the seats left unfilled.
    "GOV_RUNOFF_SURPLUS": 1,
    # Local rules: more candidates than seats (差额), by at least this many per position.
    "GOV_CANDIDATE_SURPLUS_MIN": 1,
    # Local rules: a nomination needs this many voters' signatures (or is a self-nomination).
    "GOV_NOMINATION_MIN_SUPPORTERS": 10,
    # Local rules: the register is published 20 days before election day; objections within 5 days.
    "GOV_REGISTER_PUBLISH_DAYS_BEFORE": 20,
    "GOV_OBJECTION_DAYS": 5,
    # Local rules: official candidates are published 5 days before election day.
    "GOV_CANDIDATES_PUBLISH_DAYS_BEFORE": 5,
    # Local rules: residents registered elsewhere who have lived here a year may apply to vote
    # here, and the election committee decides (counted from when they live here, `lives_since`).
    "GOV_FLOATING_MIN_RESIDENCE_DAYS": 365,
    # Registry kinds (derived, registry.models.ResidenceKind) listed without applying: registered
    # and living here (人户一致).
    "GOV_AUTO_KINDS": ("consistent",),
    # Listed when they say they will take part here, without a decision: registered here and
    # living elsewhere (户在人不在).
    "GOV_OPT_IN_KINDS": ("away",),
    # Art. 9: a residents' meeting needs more than half of its members present...
    "GOV_MEETING_QUORUM_SHARE": "1/2",
    # ...and decides by more than half of those present.
    "GOV_MEETING_MAJORITY_SHARE": "1/2",
    # Art. 10: one fifth of residents aged 18+, one fifth of households or one third of
    # residents' groups may have a meeting convened (五分之一以上: the fifth itself suffices).
    "GOV_PETITION_RESIDENTS_SHARE": "1/5",
    "GOV_PETITION_HOUSEHOLDS_SHARE": "1/5",
    "GOV_PETITION_GROUPS_SHARE": "1/3",
    # Local practice: a meeting is announced this many days ahead.
    "GOV_MEETING_NOTICE_DAYS": 7,
    # Democratic evaluation: results hidden until this many residents answered.
    "GOV_EVALUATION_MIN_ANSWERS": 10,
}


def rule(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def share(name: str) -> Fraction:
    return Fraction(str(rule(name)))


def more_than(part: int, whole: int, name: str) -> bool:
    """part > share * whole, in exact arithmetic: exactly half is not more than half."""
    s = share(name)
    return part * s.denominator > whole * s.numerator


def at_least(part: int, whole: int, name: str) -> bool:
    """part >= share * whole (a share 以上, which includes the share itself)."""
    s = share(name)
    return whole > 0 and part * s.denominator >= whole * s.numerator


def needed_more_than(whole: int, name: str) -> int:
    """The smallest count that is more than the share of `whole`."""
    s = share(name)
    return whole * s.numerator // s.denominator + 1


def needed_at_least(whole: int, name: str) -> int:
    s = share(name)
    return -(-whole * s.numerator // s.denominator)
