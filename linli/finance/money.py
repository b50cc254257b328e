"""Integer fen in, yuan text out (and back): no floats anywhere near money."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_AMOUNT = re.compile(r"^\d{1,13}(\.\d{1,2})?$")


def yuan(fen: int | None) -> str:
    """12345 → '123.45'; 2000 → '20' (cents only when there are any); thousands separated."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(int(fen)), 100)
    text = f"{whole:,}"
    if part:
        text += f".{part:02d}"
    return sign + text


def yuan_exact(fen: int) -> str:
    """Always two decimals, for tables that line up."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{part:02d}"


def parse_yuan(text: str) -> int:
    """'1,234.5' → 123450 fen; refuses negatives, more than two decimals and junk."""
    cleaned = (text or "").strip().replace(",", "").replace("，", "").replace("¥", "").replace("元", "")
    if not _AMOUNT.match(cleaned):
        raise ValidationError(_("Enter an amount in yuan, e.g. 1250 or 1250.50."), code="invalid_amount")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(
            _("Enter an amount in yuan, e.g. 1250 or 1250.50."), code="invalid_amount"
        ) from None
    return int(value * 100)
