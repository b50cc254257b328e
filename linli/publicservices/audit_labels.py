"""Readable names of the public services' audit events (registered with linli.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "publicservices.application.submitted": pgettext_lazy("audit event", "Assistance application submitted"),
    "publicservices.application.checked": pgettext_lazy("audit event", "Assistance home visit recorded"),
    "publicservices.application.noticed": pgettext_lazy(
        "audit event", "Assistance reviewed by the street, notice started"
    ),
    "publicservices.application.granted": pgettext_lazy("audit event", "Assistance granted by the district"),
    "publicservices.application.refused": pgettext_lazy("audit event", "Assistance application refused"),
    "publicservices.document.added": pgettext_lazy("audit event", "Assistance document added"),
    "publicservices.document.opened": pgettext_lazy("audit event", "Assistance document opened"),
    "publicservices.objection.filed": pgettext_lazy("audit event", "Objection to an assistance notice filed"),
    "publicservices.payment.recorded": pgettext_lazy("audit event", "Assistance payment recorded"),
    "publicservices.recipient.reviewed": pgettext_lazy(
        "audit event", "Assistance recipient reviewed and kept"
    ),
    "publicservices.recipient.ended": pgettext_lazy("audit event", "Assistance ended at review"),
    "publicservices.review.flagged": pgettext_lazy("audit event", "Assistance reviews fell due"),
}
