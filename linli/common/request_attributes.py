"""Attributes of a citizen's request that another app defines (Open311 service attributes).

The tickets' Open311 endpoint lists every registered attribute in each service definition and
hands a submitted `attribute[<code>]` to the app that owns it: the app checks the value (scoped to
the submitter and the request's community), may give the request its community and position, names
the reference the ticket carries, and acts once the ticket exists (in the same transaction). The
registry sits here so that the tickets import no other domain app (the facilities register the
`component` attribute: a request about one component, by its 16-digit code).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class AttributeNotFound(Exception):
    """The value names nothing the submitter may report on (unknown, or outside their reach)."""


@dataclass
class Resolved:
    """What a value stands for: the community and position it gives the request, the reference the
    ticket carries, and what to do once the ticket is saved (`attach(ticket, actor, now)`)."""

    community: Any
    reference: str
    lat: Any = None
    long: Any = None
    address: str = ""
    attach: Callable[[Any, Any, Any], Any] | None = field(default=None)


@dataclass(frozen=True)
class RequestAttribute:
    code: str
    order: int
    # The Open311 attribute definition (datatype, required, description ...), built per request
    # so its text is in the caller's language.
    definition: Callable[[], dict[str, Any]]
    # (submitter, raw value, the request's community or None) -> Resolved; DomainError for a bad
    # value, AttributeNotFound for one that names nothing in reach.
    resolve: Callable[[Any, str, Any], Resolved]


_ATTRIBUTES: dict[str, RequestAttribute] = {}


def register(attribute: RequestAttribute) -> None:
    _ATTRIBUTES[attribute.code] = attribute


def registered() -> list[RequestAttribute]:
    return sorted(_ATTRIBUTES.values(), key=lambda a: (a.order, a.code))
