"""The numbers of owners' self-government and their checks, in exact arithmetic.

Civil Code art. 278: electing the owners' committee needs owners holding two thirds of the
exclusive floor area and two thirds of the owners to take part (三分之二以上: the share itself
suffices), and each member more than half of the area and more than half of the owners taking
part (过半数). The national guidance (业主大会和业主委员会指导规则, art. 31) and Beijing's rules: a
committee of 5 to 11 members, an odd number, elected for at most 5 years.
"""

from decimal import Decimal
from fractions import Fraction

PARTICIPATION = Fraction(2, 3)
MAJORITY = Fraction(1, 2)
MEMBERS_MIN = 5
MEMBERS_MAX = 11
TERM_YEARS_MAX = 5
# Survey figures on public pages: a count below this is shown as "fewer than 5".
PUBLIC_MIN_COUNT = 5


def reaches(part: int | Decimal, whole: int | Decimal, share: Fraction) -> bool:
    return whole > 0 and Fraction(part) * share.denominator >= Fraction(whole) * share.numerator


def exceeds(part: int | Decimal, whole: int | Decimal, share: Fraction) -> bool:
    return whole > 0 and Fraction(part) * share.denominator > Fraction(whole) * share.numerator


# The unified social credit code (GB 32100-2015): 18 characters of this alphabet, the last a check.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in CREDIT_ALPHABET for c in code)
        and credit_check_char(code[:17]) == code[17]
    )
