"""What every app's API schemas share: the error shape and input types bounded like the columns.

A value the database cannot hold (an integer past the column's range, a string past its length,
a date whose UTC form leaves the calendar) must be refused by the schema with a 422, not reach
the database and come back as a 500.
"""

import datetime as dt
import math
from typing import Annotated, Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, field_validator


class ErrorOut(Schema):
    """Every refusal: `code` for machines, `message` for people, `fields` per input."""

    code: str
    message: str
    fields: dict[str, list[str]]


# Dates outside these years are typing mistakes or probes; inside them every offset and every
# conversion to UTC or Asia/Shanghai stays within what Python and both databases can hold.
MIN_YEAR = 1900
MAX_YEAR = 2200


def _date_in_range(value: dt.date) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(
            _("The year must be between %(low)d and %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR}
        )
    return value


def _datetime_in_range(value: dt.datetime) -> dt.datetime:
    _date_in_range(value)
    if value.utcoffset() is not None and abs(value.utcoffset() or dt.timedelta()) > dt.timedelta(hours=14):
        raise ValueError(_("The UTC offset must be between -14:00 and +14:00."))
    return value


Date = Annotated[dt.date, AfterValidator(_date_in_range)]
DateTime = Annotated[dt.datetime, AfterValidator(_datetime_in_range)]

# The widest integer columns hold 64 bits; an id or a count in a query is one of those.
_RANGES = BaseDatabaseOperations.integer_field_ranges
Int64 = Annotated[int, Field(ge=_RANGES["BigIntegerField"][0], le=_RANGES["BigIntegerField"][1])]
Id = Annotated[int, Field(ge=1, le=_RANGES["BigIntegerField"][1])]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
# A span in days: a hundred years is past any rule or deadline in the plan.
Days = Annotated[int, Field(ge=0, le=36_500)]
Offset = Annotated[int, Field(ge=0, le=1_000_000_000)]
# Page numbers: past this no list has rows, and the offset stays far inside every database.
Page = Annotated[int, Field(ge=1, le=100_000)]


def bounds(model: type[models.Model], name: str) -> dict[str, Any]:
    """The `Field(...)` keywords that keep a value inside `model.name`'s column."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a relation, not a column")
    found: dict[str, Any] = {}
    internal = field.get_internal_type()
    if internal in _RANGES:
        low, high = _RANGES[internal]
        found.update(ge=low, le=high)
    if isinstance(field, models.DecimalField) and field.max_digits is not None:
        whole = field.max_digits - (field.decimal_places or 0)
        found.update(lt=10**whole, gt=-(10**whole))
    if isinstance(field, models.FloatField):
        found.update(allow_inf_nan=False)
    max_length = getattr(field, "max_length", None)
    if max_length and isinstance(field, models.CharField):
        found["max_length"] = max_length
    for validator in field.validators:
        # MinValueValidator / MaxValueValidator narrow the range further, never widen it (the
        # database in use may allow more than the portable range above: SQLite's are 64-bit).
        limit = getattr(validator, "limit_value", None)
        kind = getattr(validator, "code", "")
        if isinstance(limit, int | float) and not isinstance(limit, bool):
            if kind == "min_value":
                found["ge"] = max(found.get("ge", limit), limit)
            elif kind == "max_value":
                found["le"] = min(found.get("le", limit), limit)
    return found


def column(model: type[models.Model], name: str, default: Any = ..., **extra: Any) -> Any:
    """A schema field bounded like `model.name`'s column: `unit_count: int = column(Dwelling, ...)`."""
    return Field(default, **{**bounds(model, name), **extra})


def _storable(value: Any) -> Any:
    """`value` if every number and date in it fits a column; a ValueError names what does not."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        low, high = _RANGES["BigIntegerField"]
        if not low <= value <= high:
            raise ValueError(_("The number is too large."))
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) > 1e15:
            raise ValueError(_("The number is too large."))
    elif isinstance(value, dt.datetime):
        _datetime_in_range(value)
    elif isinstance(value, dt.date):
        _date_in_range(value)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _storable(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key)
            _storable(item)
    return value


class BaseIn(Schema):
    """The base of every request body: numbers and dates the database and calendar can hold.

    Narrower limits of one column come from `column(Model, "field")`.
    """

    @field_validator("*", mode="after")
    @classmethod
    def _within_storable_range(cls, value: Any) -> Any:
        return _storable(value)


class Pagination(PageNumberPagination):
    """Ninja's page-number pagination with a last possible page, so an offset always fits."""

    class Input(Schema):
        page: Page = 1
        page_size: int | None = Field(None, ge=1, le=1000)
