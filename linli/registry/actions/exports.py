"""Permission to export full ID numbers."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError, Forbidden


def export_reveal_allow(
    *, actor: User | None, reason: str, search: Any, now: dt.datetime | None = None
) -> None:
    """An export with ID and mobile numbers in full: needs the reveal right everywhere it reaches and a reason."""
    from linli.accounts.reveal import MIN_REASON

    reach = policy.roots(actor, "areas.view")
    if not reach or not all(policy.can(actor, "pii.reveal", area) for area in reach):
        raise Forbidden(_("You may not see this in full."))
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        msg = _("Say why you need to see this in full (at least %(n)d characters).") % {"n": MIN_REASON}
        raise DomainError("reason_required", msg, fields={"reason": [msg]})
    with transaction.atomic():
        record(
            actor=actor,
            action="registry.export.revealed",
            area=reach[0] if len(reach) == 1 else None,
            # The filters as codes; the search text (a name, an ID or phone number) is not kept.
            details={
                "reason": reason[:300],
                "filters": {
                    "q": bool(search.q),
                    "building": search.building,
                    "tag": search.tag,
                    "kind": search.kind,
                },
            },
            now=now,
        )
