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
    "publicservices.seeker.registered": pgettext_lazy("audit event", "Job seeker registered"),
    "publicservices.seeker.changed": pgettext_lazy("audit event", "Job seeker changed"),
    "publicservices.seekers.imported_from_registry": pgettext_lazy(
        "audit event", "Unemployed residents registered as job seekers"
    ),
    "publicservices.posting.created": pgettext_lazy("audit event", "Job posting taken in"),
    "publicservices.employer.registered": pgettext_lazy("audit event", "Employer registered"),
    "publicservices.referral.created": pgettext_lazy("audit event", "Job seeker referred to a posting"),
    "publicservices.referral.interview": pgettext_lazy("audit event", "Job interview arranged"),
    "publicservices.referral.not_hired": pgettext_lazy("audit event", "Job seeker not hired"),
    "publicservices.placement.placed": pgettext_lazy("audit event", "Job seeker placed"),
    "publicservices.placement.followed_up": pgettext_lazy("audit event", "Placement followed up"),
    "publicservices.course.created": pgettext_lazy("audit event", "Training course opened"),
    "publicservices.course.enrolled": pgettext_lazy("audit event", "Job seeker enrolled on a course"),
    "publicservices.course.completed": pgettext_lazy("audit event", "Training course completed"),
    "publicservices.startup.created": pgettext_lazy("audit event", "Start-up support case recorded"),
    "publicservices.recipient.taken_over": pgettext_lazy(
        "audit event", "Assistance recipient taken over from a list"
    ),
    "publicservices.mediator.added": pgettext_lazy("audit event", "Mediator added"),
    "publicservices.mediation.opened": pgettext_lazy("audit event", "Mediation case opened"),
    "publicservices.mediation.session": pgettext_lazy("audit event", "Mediation session recorded"),
    "publicservices.mediation.agreed": pgettext_lazy("audit event", "Mediation agreement recorded"),
    "publicservices.mediation.referred": pgettext_lazy("audit event", "Mediation case referred on"),
    "publicservices.mediation.followed_up": pgettext_lazy("audit event", "Mediation agreement followed up"),
    "publicservices.import.completed": pgettext_lazy("audit event", "List imported"),
}
