"""Units of the indicators, how their figures are written, and the traffic light."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.indicators import Indicator

UNITS = {
    "percent": "%",
    "permille": "‰",
    "persons": _("persons"),
    "households": pgettext_lazy("count", "households"),
    "count": "",
    "yuan": _("yuan"),
    "yuan_per_household": _("yuan per household"),
    "m2": "m²",
    "ratio": "",
    "yesno": "",
}
DECIMALS = {"ratio": 2, "percent": 1, "permille": 2, "yuan": 0, "yuan_per_household": 2}
YES = pgettext_lazy("indicator figure", "yes")
NO = pgettext_lazy("indicator figure", "no")
SMALL = 5  # counts from 1 to 4 are not shown on public views


def shown_unit(ind: Indicator, *, share_level: bool) -> str:
    """The unit a figure is written in: a share above its units is a percentage; a unit's own
    figure is in `unit_own` (a community's floor space in m², a yes/no), else in `unit`."""
    if ind.rollup != "share":
        return ind.unit
    return "percent" if share_level else (ind.unit_own or ind.unit)


def unit_label(ind: Indicator, *, share_level: bool = False) -> str:
    return str(UNITS.get(shown_unit(ind, share_level=share_level), ""))


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "yesno":
        return str(YES if value >= 1 - 1e-9 else NO)
    return number_format(
        round(value, DECIMALS.get(unit, 0)), decimal_pos=DECIMALS.get(unit, 0), force_grouping=True
    )


def goal_text(goal: float | None, unit: str) -> str:
    """The goal with its unit's digits ("350 m²" reads "350"); a yes/no's goal goes without saying."""
    if goal is None or unit == "yesno":
        return ""
    return f"{fmt(goal, unit)} {UNITS.get(unit, '')}".strip()


def status(ind: Indicator, value: float | None, goal: float | None) -> str:
    """green: meets the goal; amber: within a tenth of it; red: further; none: no goal or no figure."""
    if value is None or goal is None:
        return "none"
    if ind.direction == "up":
        if value >= goal - 1e-9:
            return "green"
        return "amber" if value >= goal * 0.9 else "red"
    if value <= goal + 1e-9:
        return "green"
    return "amber" if value <= goal * 1.1 else "red"


STATUS_LABELS = {
    "green": _("meets the target"),
    "amber": _("close to the target"),
    "red": _("behind the target"),
    "none": _("no target"),
}
