from typing import Any

from django import template

from linli.accounts.roles import Role
from linli.areas.levels import Level
from linli.common.masking import mask_id_number, mask_phone

register = template.Library()


@register.filter
def role_label(value: str) -> Any:
    try:
        return Role(value).label
    except ValueError:
        return value


@register.filter
def level_label(value: str) -> Any:
    try:
        return Level(value).label
    except ValueError:
        return value


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)
