"""The funding formula of plan 3.3.(二), as pure functions of a household count and a rate set."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from linli.finance.money import yuan


class Basis(Protocol):
    count_registered: bool
    count_resident: bool
    count_floating: bool


# The registry's groups of household (registry.counts.GROUPS: 户籍, 常住, 流动), in reading order.
KINDS = ("registered", "resident", "floating")


def counted_kinds(basis: Basis) -> list[str]:
    """Which groups of household the year's funding counts: the one place that decides it.

    户籍户 have a member whose 户口 is here; 常住户 a member living here six months or more;
    流动户 a member living here with a 户口 outside Beijing (registry.counts).
    """
    flags = {
        "registered": basis.count_registered,
        "resident": basis.count_resident,
        "floating": basis.count_floating,
    }
    return [kind for kind in KINDS if flags[kind]]


def counted_households(by_kind: Mapping[str, int], kinds: Iterable[str]) -> int:
    """The households that count, from a snapshot of every combination of groups.

    The snapshot's keys name the groups a household is in ("registered+resident", from
    `registry.counts.households_on`; older runs hold one group each): a household counts once if
    it is in any group the basis names.
    """
    wanted = set(kinds)
    return sum(n for key, n in by_kind.items() if wanted & set(key.split("+")))


class Rates(Protocol):
    office_per_household_fen: int
    welfare_base_fen: int
    welfare_threshold: int
    welfare_per_extra_fen: int


@dataclass(frozen=True)
class Funding:
    households: int
    office_fen: int
    welfare_fen: int

    @property
    def total_fen(self) -> int:
        return self.office_fen + self.welfare_fen


def office_fen(households: int, rates: Rates) -> int:
    return max(0, households) * rates.office_per_household_fen


def welfare_fen(households: int, rates: Rates) -> int:
    """The base for up to `threshold` households (a community with none still gets it)."""
    extra = max(0, households - rates.welfare_threshold)
    return rates.welfare_base_fen + extra * rates.welfare_per_extra_fen


def funding_for(households: int, rates: Rates) -> Funding:
    return Funding(households, office_fen(households, rates), welfare_fen(households, rates))


def explain(households: int, rates: Rates) -> list[str]:
    """The calculation as people write it: one line for each part."""
    office = _("Office funds: %(n)s households × %(rate)s yuan = %(total)s yuan") % {
        "n": f"{households:,}",
        "rate": yuan(rates.office_per_household_fen),
        "total": yuan(office_fen(households, rates)),
    }
    extra = max(0, households - rates.welfare_threshold)
    if extra:
        welfare = _(
            "Public-welfare subsidy: %(base)s yuan + (%(n)s − %(limit)s) households × %(rate)s yuan = %(total)s yuan"
        ) % {
            "base": yuan(rates.welfare_base_fen),
            "n": f"{households:,}",
            "limit": f"{rates.welfare_threshold:,}",
            "rate": yuan(rates.welfare_per_extra_fen),
            "total": yuan(welfare_fen(households, rates)),
        }
    else:
        welfare = _(
            "Public-welfare subsidy: %(n)s households, not above %(limit)s, so the base of %(base)s yuan"
        ) % {
            "n": f"{households:,}",
            "limit": f"{rates.welfare_threshold:,}",
            "base": yuan(rates.welfare_base_fen),
        }
    return [office, welfare]
