"""Reads of social assistance, scoped through accounts.policy AND the `dibao` sensitive grant:
an application the viewer may not see is absent (404), like one outside their areas."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from linli.accounts import policy
from linli.areas.models import Area
from linli.common.masking import mask_name
from linli.publicservices.models.assistance import Application, Document, Kind, Status
from linli.publicservices.permissions import SENSITIVE, VIEW


def _q(viewer: policy.Viewer, capability: str = VIEW) -> Q:
    return policy.area_q(viewer, capability, "community") & policy.sensitive_q(viewer, SENSITIVE, "community")


def applications_for(viewer: policy.Viewer, capability: str = VIEW) -> QuerySet[Application]:
    return Application.objects.filter(_q(viewer, capability)).select_related(
        "community", "applicant", "household"
    )


def application_for(viewer: policy.Viewer, code: str) -> Application:
    try:
        return applications_for(viewer).get(code=(code or "").strip().upper())
    except Application.DoesNotExist:
        raise Http404 from None


def document_for(viewer: policy.Viewer, application: Application, pk: Any) -> Document:
    try:
        return application.documents.get(pk=int(pk))
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# What waits for whom: each step's queue holds only what the viewer may act on.
STEP_QUEUES = {
    "check": (Status.SUBMITTED, "assistance.check", "check_due"),
    "review": (Status.CHECKED, "assistance.review", "review_due"),
    "approve": (Status.NOTICE, "assistance.approve", "approve_due"),
}


def queue(viewer: policy.Viewer, step: str) -> QuerySet[Application]:
    status, capability, due = STEP_QUEUES[step]
    return applications_for(viewer, capability).filter(status=status).order_by(due)


def reviews_due(viewer: policy.Viewer) -> QuerySet[Application]:
    return (
        applications_for(viewer, "assistance.check")
        .filter(status=Status.GRANTED, review_flagged_on__isnull=False)
        .order_by("next_review_on")
    )


def notice_rows(community: Area, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """The community board's assistance notice (no sign-in): names masked, the amount, and for a
    running notice its application number and the end of the objection window. Nothing else of
    the household leaves the application."""
    # Plain tuples and the kinds' labels looked up once: the board is read by anyone, and model
    # instances with a `get_kind_display()` per row cost more than the rest of the page.
    qs = (
        Application.objects.filter(community=community)
        .filter(Q(status=Status.NOTICE, notice_until__gt=now) | Q(status=Status.GRANTED))
        .order_by("status", "kind", "code")
        .values_list("code", "kind", "status", "amount_fen", "notice_until", "applicant__name")
    )
    kinds = {value: str(label) for value, label in Kind.choices}
    notices: list[dict[str, Any]] = []
    recipients: list[dict[str, Any]] = []
    for code, kind, status, amount_fen, notice_until, name in qs:
        row = {
            "code": code,
            "name": mask_name(name),
            "kind": kinds.get(kind, kind),
            "amount_fen": amount_fen,
            "yuan": round((amount_fen or 0) / 100),
            "notice_until": notice_until,
        }
        (notices if status == Status.NOTICE else recipients).append(row)
    return {"notices": notices, "recipients": recipients}


def notice_for_objection(viewer: policy.Viewer, code: str) -> Application:
    """A running notice the viewer may object to (a resident or staff of its community)."""
    try:
        application = Application.objects.select_related("community").get(
            code=(code or "").strip().upper(), status=Status.NOTICE
        )
    except Application.DoesNotExist:
        raise Http404 from None
    if not policy.can(viewer, "assistance.object", application.community):
        raise Http404
    return application
