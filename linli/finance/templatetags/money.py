from django import template

from linli.finance.money import yuan as _yuan
from linli.finance.money import yuan_exact

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Integer fen shown as yuan: 123450 → 1,234.5 (two decimals only when there are cents)."""
    return _yuan(fen)


@register.filter
def yuan2(fen: int | None) -> str:
    return "" if fen is None else yuan_exact(fen)
