"""Emergency reads, scoped through accounts.policy (`operations.view`); residents see the alerts
in force where they live."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.identifiers import fold_code
from linli.operations.common import VIEW
from linli.operations.models import Alert, AlertMsgType, Incident

Viewer = User | AnonymousUser | None


def incidents(viewer: Viewer, *, open_only: bool = False) -> QuerySet[Incident]:
    qs = policy.scope(Incident.objects.select_related("area"), viewer, VIEW, "area")
    return qs.filter(closed_at__isnull=True) if open_only else qs


def incident_for(viewer: Viewer, code: str) -> Incident:
    return policy.get_or_404(
        Incident.objects.select_related("area").prefetch_related("entries__actor"),
        viewer,
        VIEW,
        "area",
        code=fold_code(code or ""),
    )


def alerts(viewer: Viewer) -> QuerySet[Alert]:
    return policy.scope(Alert.objects.select_related("area", "incident", "references"), viewer, VIEW, "area")


def alert_for(viewer: Viewer, code: str) -> Alert:
    return policy.get_or_404(
        Alert.objects.select_related("area", "incident", "references"),
        viewer,
        VIEW,
        "area",
        code=fold_code(code or ""),
    )


def _in_force(qs: QuerySet[Alert], now: dt.datetime) -> QuerySet[Alert]:
    """Not yet expired, neither replaced by an update nor lifted."""
    return (
        qs.filter(expires_at__gt=now)
        .exclude(msg_type=AlertMsgType.CANCEL)
        .exclude(pk__in=Alert.objects.filter(references__isnull=False).values("references_id"))
        .order_by("-sent_at")
    )


def alerts_in_force(viewer: Viewer, now: dt.datetime) -> QuerySet[Alert]:
    """The alerts in force in the viewer's areas (the CAP feed for other warning systems)."""
    return _in_force(alerts(viewer), now)


def alerts_in_force_for(community: Area, now: dt.datetime) -> QuerySet[Alert]:
    """What residents of a community are warned of now: alerts for it or any area above it, not
    yet expired, neither replaced nor lifted."""
    paths = [community.path[: i + 1] for i, ch in enumerate(community.path) if ch == "/"]
    return _in_force(Alert.objects.filter(area__path__in=paths), now)
