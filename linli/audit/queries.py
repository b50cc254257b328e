from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from linli.accounts import policy
from linli.audit.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from linli.accounts.models import User  # below accounts: the type only


def events_for(
    viewer: "User | AnonymousUser", *, action: str = "", object_type: str = "", object_id: str = ""
) -> QuerySet[AuditEvent]:
    """Audit events in the viewer's areas; events with no area only for those who reach everything."""
    q = policy.area_q(viewer, "audit.view")
    if policy.reaches_everything(viewer, "audit.view"):
        q |= Q(area__isnull=True)
    qs = AuditEvent.objects.filter(q).select_related("actor", "area")
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    return qs.order_by("-seq")
