"""Choosing a provider's service areas among the streets and communities in the officer's reach.

A city admin reaches 352 streets and 3,454 communities: one checkbox each made a page nobody could
use. The picker shows the streets (grouped by district, narrowed by a search for a street's or a
community's name or code), and checkboxes only for the streets being worked on: the one picked,
those the search found alone, and those already holding a ticked area, so that what was ticked
stays ticked while another street is shown. Plain form posts: it works without JavaScript and on a
phone. The choices stay those of `policy.scope` (`services.providers`): a code outside the reach is
never shown and never accepted.
"""

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.areas.levels import Level
from linli.areas.models import Area

MANAGE = "services.providers"


@dataclass
class _Street:
    pk: int
    code: str
    name: str
    parent_id: int | None
    communities: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Picker:
    """What the form shows: the street choices (grouped), the area choices, what is shown."""

    street_choices: list[Any]
    area_choices: list[tuple[str, str]]
    shown: list[str]  # codes of the streets whose areas are shown
    matches: int  # streets the search found (all in reach without a search)

    @property
    def empty(self) -> bool:
        return not self.street_choices and not self.area_choices


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().casefold()


def build(user: Any, *, find: str = "", street: str = "", selected: list[str] | None = None) -> Picker:
    """The picker for `user`: `find` narrows the streets, `street` is the one asked for, `selected`
    are the area codes already ticked (kept, with their streets shown)."""
    rows = (
        policy.scope(
            Area.objects.filter(level__in=(Level.STREET, Level.COMMUNITY), is_active=True),
            user,
            MANAGE,
            field="",
        )
        .order_by("path")
        .values_list("pk", "code", "name", "level", "parent_id")
    )
    streets: dict[int, _Street] = {}
    orphans: list[tuple[str, str]] = []  # communities in reach whose street is not
    street_of: dict[str, str] = {}
    communities = []
    for pk, code, name, level, parent_id in rows:
        if level == Level.STREET:
            streets[pk] = _Street(pk, code, name, parent_id)
        else:
            communities.append((code, name, parent_id))
    for code, name, parent_id in communities:
        owner = streets.get(parent_id)
        if owner is None:
            orphans.append((code, name))
        else:
            owner.communities.append((code, name))
            street_of[code] = owner.code
    for s in streets.values():
        street_of[s.code] = s.code
    needle = _fold(find)
    if needle:
        found = [
            s
            for s in streets.values()
            if needle in _fold(s.name)
            or s.code.startswith(needle)
            or any(needle in _fold(n) or c.startswith(needle) for c, n in s.communities)
        ]
    else:
        found = list(streets.values())
    shown = {street_of[c] for c in selected or () if c in street_of}
    if street in street_of and street_of[street] == street:
        shown.add(street)
    if len(found) == 1:
        shown.add(found[0].code)
    districts: dict[int | None, str] = dict(
        Area.objects.filter(pk__in={s.parent_id for s in found}).values_list("pk", "name")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for s in found:
        groups.setdefault(districts.get(s.parent_id, ""), []).append((s.code, s.name))
    street_choices: list[Any] = [("", _("— choose a street —"))]
    street_choices += [(label, options) for label, options in groups.items()]
    areas: list[tuple[str, str]] = []
    for s in streets.values():
        if s.code not in shown:
            continue
        areas.append((s.code, _("%(street)s (the whole street)") % {"street": s.name}))
        areas += [(c, f"— {n}") for c, n in s.communities]
    areas += [(c, n) for c, n in orphans]
    return Picker(
        street_choices=street_choices if streets else [],
        area_choices=areas,
        shown=sorted(shown),
        matches=len(found),
    )
