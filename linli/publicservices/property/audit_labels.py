"""Readable names of the committee-owners-property audit events (registered in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "publicservices.estate.created": pgettext_lazy("audit event", "Estate made of buildings"),
    "publicservices.owners_committee.recorded": pgettext_lazy(
        "audit event", "Owners' committee and its election recorded"
    ),
    "publicservices.company.registered": pgettext_lazy("audit event", "Property company registered"),
    "publicservices.contract.created": pgettext_lazy("audit event", "Property contract recorded"),
    "publicservices.joint_meeting.recorded": pgettext_lazy("audit event", "Joint meeting recorded"),
    "publicservices.decision.added": pgettext_lazy("audit event", "Joint meeting decision added"),
    "publicservices.decision.followed_up": pgettext_lazy("audit event", "Joint meeting decision followed up"),
    "publicservices.complaint.linked": pgettext_lazy("audit event", "Ticket linked as a property complaint"),
    "publicservices.survey.opened": pgettext_lazy("audit event", "Property satisfaction survey opened"),
    "publicservices.survey.answered": pgettext_lazy("audit event", "Property satisfaction survey answered"),
}
