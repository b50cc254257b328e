"""Showing one piece of personal data in full: needs a reason, leaves an audit event.

Each app registers what may be revealed: a kind name, how to fetch the row for a viewer (404
outside their areas), which attribute holds the value and which area the row belongs to.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError, Forbidden, NotFound

MIN_REASON = 4


@dataclass(frozen=True)
class Revealable:
    fetch: Callable[[Any, str], Any]  # (viewer, pk) -> row, raising Http404 outside
    attribute: str
    area_of: Callable[[Any], Area | None]


REVEALABLE: dict[str, Revealable] = {}


def register(kind: str, revealable: Revealable) -> None:
    REVEALABLE[kind] = revealable


def revealable_row(actor: User | None, kind: str, pk: str) -> Any:
    """The row behind a reveal request, or None when absent or outside the viewer's areas."""
    spec = REVEALABLE.get(kind)
    if spec is None:
        return None
    try:
        return spec.fetch(actor, pk)
    except Http404:
        return None


def pii_reveal(*, actor: User | None, kind: str, pk: str, reason: str) -> str:
    """The plain value of one field of one row, for a viewer who says why they need it."""
    row = revealable_row(actor, kind, pk)
    if row is None:
        raise NotFound()
    spec = REVEALABLE[kind]
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        msg = _("Say why you need to see this in full (at least %(n)d characters).") % {"n": MIN_REASON}
        raise DomainError("reason_required", msg, fields={"reason": [msg]})
    area = spec.area_of(row)
    if not policy.can(actor, "pii.reveal", area):
        raise Forbidden(_("You may not see this in full."))
    with transaction.atomic():
        record(
            actor=actor,
            action="pii.revealed",
            obj=row,
            area=area,
            details={"field": spec.attribute, "kind": kind, "reason": reason[:500]},
        )
    return str(getattr(row, spec.attribute) or "")
