from typing import Any

from django import template

from linli.finance.models import Category, Direction, DonorKind, Fund
from linli.finance.money import yuan as _yuan
from linli.finance.money import yuan_exact

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Integer fen shown as yuan: 123450 → 1,234.50, 2000 → 20 (decimals only when there are cents)."""
    return _yuan(fen)


@register.filter
def yuan2(fen: int | None) -> str:
    return "" if fen is None else yuan_exact(fen)


@register.filter
def fund_label(value: str) -> str:
    """Label of a fund code (cheaper than get_fund_display, which rebuilds the choices each call)."""
    return _label(Fund, value)


@register.filter
def category_label(value: str) -> str:
    return _label(Category, value)


@register.filter
def direction_label(value: str) -> str:
    return _label(Direction, value)


@register.filter
def donor_kind_label(value: str) -> str:
    return _label(DonorKind, value)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
