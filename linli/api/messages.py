"""The user's-language message for one of pydantic's validation errors.

pydantic writes its messages in English; the API answers in the caller's language, so each error
type a request can trigger gets its own gettext string, with the numbers from the error's context.
A type not listed here gets a plain "This value is not valid." rather than English.
"""

from typing import Any

from django.utils.translation import gettext as _


def _limit(ctx: dict[str, Any], key: str) -> Any:
    return ctx.get(key, "?")


def pydantic_message(err: dict[str, Any]) -> str:
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": _limit(ctx, "max_length")}
    if kind == "string_too_short":
        return _("At least %(n)s characters.") % {"n": _limit(ctx, "min_length")}
    if kind == "too_long":
        return _("At most %(n)s items.") % {"n": _limit(ctx, "max_length")}
    if kind == "too_short":
        return _("At least %(n)s items.") % {"n": _limit(ctx, "min_length")}
    if kind in ("greater_than_equal", "greater_than"):
        key = "ge" if kind == "greater_than_equal" else "gt"
        word = _("at least %(n)s") if key == "ge" else _("more than %(n)s")
        return _("Must be %(limit)s.") % {"limit": word % {"n": _limit(ctx, key)}}
    if kind in ("less_than_equal", "less_than"):
        key = "le" if kind == "less_than_equal" else "lt"
        word = _("at most %(n)s") if key == "le" else _("less than %(n)s")
        return _("Must be %(limit)s.") % {"limit": word % {"n": _limit(ctx, key)}}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return _("Enter a number.")
    if kind.startswith("decimal_max") or kind == "decimal_whole_digits":
        return _("The number has too many digits.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind.startswith("date") and "time" not in kind:
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("datetime"):
        return _("Enter a date and time as YYYY-MM-DDTHH:MM.")
    if kind.startswith("time"):
        return _("Enter a time as HH:MM.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind == "string_pattern_mismatch":
        return _("This value is not in the expected form.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Enter a list.")
    if kind in ("dict_type", "model_type", "model_attributes_type", "json_type", "json_invalid"):
        return _("The request body is not valid JSON of the expected shape.")
    if kind in ("uuid_parsing", "uuid_type"):
        return _("Enter a valid identifier.")
    if kind == "extra_forbidden":
        return _("This field is not accepted here.")
    if kind in ("value_error", "assertion_error"):
        # Our own validators raise ValueError with a message already in the user's language.
        error = ctx.get("error")
        if error is not None and str(error):
            return str(error)
    return _("This value is not valid.")
