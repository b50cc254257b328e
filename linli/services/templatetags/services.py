"""Template filters of the services pages."""

from django import template

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Integer fen as yuan with two decimals ("15.00")."""
    if fen is None:
        return "—"
    return f"{fen // 100}.{fen % 100:02d}"


@register.filter
def stars(n: float | int | None) -> str:
    if not n:
        return "—"
    return "★" * round(n) + "☆" * (5 - round(n))
