"""Resident identity numbers (公民身份号码) as GB 11643-1999 defines them.

18 characters: a 6-digit address code (GB/T 2260), an 8-digit birth date YYYYMMDD, a 3-digit
sequence (odd for men, even for women) and a check character by ISO 7064 MOD 11-2.
"""

import datetime as dt
import operator
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.common.identifiers import fold

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# First two digits of GB/T 2260 codes: provinces, autonomous regions, municipalities, HK/MO/TW.
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
# ASCII only: `\d` would also take full-width and other scripts' digits.
SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: dt.date
    gender: str  # "M" or "F"

    @property
    def area_code(self) -> str:
        return self.value[:6]


def check_character(first17: str) -> str:
    if len(first17) != 17:
        raise ValueError("the check character is computed from 17 digits")
    return CHECK_CHARS[sum(map(operator.mul, map(int, first17), WEIGHTS)) % 11]


def normalize_id_number(raw: str | None) -> str:
    """The one spelling of an ID number: full-width or other digits as ASCII, no spaces, X."""
    return fold(raw)


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise an ID number; raise ValidationError with the reason."""
    value = normalize_id_number(raw)
    if len(value) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)d."),
            code="id_length",
            params={"n": len(value)},
        )
    if not SHAPE.match(value):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="id_characters")
    if value[:2] not in PROVINCE_PREFIXES or value[2:6] == "0000":
        raise ValidationError(
            _("The first six digits (%(code)s) are not a valid area code."),
            code="id_area",
            params={"code": value[:6]},
        )
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date %(date)s in the ID number does not exist."),
            code="id_birth_date",
            params={"date": value[6:14]},
        ) from None
    today = today or timezone.localdate()
    if birth > today:
        raise ValidationError(
            _("The birth date %(date)s in the ID number is in the future."),
            code="id_birth_future",
            params={"date": birth.isoformat()},
        )
    if birth.year < 1880:
        raise ValidationError(
            _("The birth date %(date)s in the ID number is too early."),
            code="id_birth_early",
            params={"date": birth.isoformat()},
        )
    expected = check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("The check character is wrong: the last character should be %(expected)s."),
            code="id_check",
            params={"expected": expected},
        )
    gender = "M" if int(value[16]) % 2 == 1 else "F"
    return IdNumber(value=value, birth_date=birth, gender=gender)


def validate_id_number(value: str) -> None:
    """Django validator form of parse_id_number."""
    parse_id_number(value)
