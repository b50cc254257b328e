"""Labels that template filters show for codes owned by lower apps (roles, area levels, audit actions).

The filters live here, below every app; each app registers how to label its own codes in its
`AppConfig.ready`, so this layer imports none of them.
"""

from collections.abc import Callable
from typing import Any

# kind -> lookup(code) -> label, raising ValueError for an unknown code
LABELLERS: dict[str, Callable[[str], Any]] = {}


def register_labeller(kind: str, lookup: Callable[[str], Any]) -> None:
    LABELLERS[kind] = lookup


def label(kind: str, value: str) -> Any:
    """The label of `value`; the code itself when it has none (unknown code or nothing registered)."""
    lookup = LABELLERS.get(kind)
    if lookup is None:
        return value
    try:
        return lookup(value)
    except ValueError:
        return value
