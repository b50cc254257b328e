"""Mainland mobile numbers: 11 digits starting with 1, optionally +86 / 86 in front."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from linli.common.identifiers import fold_phone

# ASCII only: `\d` would also take full-width and other scripts' digits.
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def normalize_mobile(raw: str) -> str:
    """The one spelling of a mobile number (11 ASCII digits); ValidationError if it is none."""
    value = fold_phone(raw)
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    if not MOBILE.match(value):
        raise ValidationError(
            _("Enter an 11-digit mobile number starting with 1, such as 13800138000."),
            code="mobile",
        )
    return value


def looks_like_mobile(raw: str) -> bool:
    try:
        normalize_mobile(raw)
    except ValidationError:
        return False
    return True
