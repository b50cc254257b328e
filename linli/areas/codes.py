"""Official area codes and what they say about the tree.

City and district: 6-digit GB/T 2260 codes (110000 北京市, 110105 朝阳区).
Street and community: 12-digit statistical division codes (统计用区划代码): the county's 6
digits, a 3-digit township (street) segment and a 3-digit village (community) segment; a street
ends in 000 (110105001000), its communities share its first 9 digits (110105001001).
Grid: its community's code, a dash and a 2- or 3-digit number (110105001001-03).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from linli.areas.levels import Level
from linli.common.identifiers import fold

# ASCII only: `\d` would also take full-width and other scripts' digits.
SIX = re.compile(r"^[0-9]{6}$")
TWELVE = re.compile(r"^[0-9]{12}$")
GRID = re.compile(r"^([0-9]{12})-([0-9]{2,3})$")


def normalize_area_code(raw: str | None) -> str:
    """The one spelling of an area code: full-width or other digits as ASCII, no spaces."""
    return fold(raw)


def level_of(code: str) -> Level:
    """The level an official code belongs to; ValidationError when it fits none."""
    code = normalize_area_code(code)
    if SIX.match(code):
        # xx0000 is a municipality or province, xxxx00 a prefecture-level city; others districts.
        return Level.CITY if code.endswith("00") else Level.DISTRICT
    if TWELVE.match(code):
        if code[6:9] == "000":
            raise ValidationError(
                _("In %(code)s the street segment (digits 7 to 9) must not be 000."),
                code="area_code",
                params={"code": code},
            )
        return Level.STREET if code[9:] == "000" else Level.COMMUNITY
    if GRID.match(code):
        if code[9:12] == "000" or code[6:9] == "000":
            raise ValidationError(
                _("The grid %(code)s must be numbered below a community code."),
                code="area_code",
                params={"code": code},
            )
        return Level.GRID
    raise ValidationError(
        _(
            "%(code)s is not an area code: use 6 digits for a city or district, 12 digits for a "
            "street or community, or a community code with -NN for a grid."
        ),
        code="area_code",
        params={"code": code},
    )


def parent_code(code: str) -> str | None:
    """The code of the parent area that an official code implies (None for a city)."""
    code = normalize_area_code(code)
    level = level_of(code)
    if level == Level.CITY:
        return None
    if level == Level.DISTRICT:
        # Municipalities (11, 12, 31, 50) hang districts straight under the city code.
        return code[:2] + "0000" if code[:2] in {"11", "12", "31", "50"} else code[:4] + "00"
    if level == Level.STREET:
        return code[:6]
    if level == Level.COMMUNITY:
        return code[:9] + "000"
    return code.split("-")[0]


def validate_code(code: str, level: Level | str, parent_code_given: str | None) -> None:
    """Check that `code` is of `level` and belongs below `parent_code_given`."""
    actual = level_of(code)
    if actual != level:
        raise ValidationError(
            _("%(code)s is the code of a %(actual)s, not of a %(level)s."),
            code="area_level",
            params={"code": code, "actual": actual.label, "level": Level(level).label},
        )
    expected = parent_code(code)
    if expected != (parent_code_given or None):
        raise ValidationError(
            _("%(code)s does not belong below %(parent)s."),
            code="area_parent",
            params={"code": code, "parent": parent_code_given or "—"},
        )
