"""Readable names of the operations' audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "operations.application.submitted": pgettext_lazy("audit event", "Admission application entered"),
    "operations.application.reviewed": pgettext_lazy(
        "audit event", "Admission application passed by the street"
    ),
    "operations.application.refused": pgettext_lazy("audit event", "Admission application refused"),
    "operations.application.approved": pgettext_lazy("audit event", "Admission application approved"),
    "operations.item.revoked": pgettext_lazy("audit event", "Item taken off the admission list"),
    "operations.task.arrived": pgettext_lazy("audit event", "Admitted task arrived in the community"),
    "operations.task.flagged": pgettext_lazy("audit event", "Task outside the admission list recorded"),
    "operations.task.refused": pgettext_lazy("audit event", "Task refused by the community"),
    "operations.task.taken": pgettext_lazy("audit event", "Task outside the list taken on"),
    "operations.task.completed": pgettext_lazy("audit event", "Government task completed"),
    "operations.incident.opened": pgettext_lazy("audit event", "Incident opened"),
    "operations.incident.noted": pgettext_lazy("audit event", "Incident timeline note or task"),
    "operations.incident.closed": pgettext_lazy("audit event", "Incident closed with a report"),
    "operations.incident.task_assigned": pgettext_lazy("audit event", "Incident task given"),
    "operations.incident.task_done": pgettext_lazy("audit event", "Incident task reported done"),
    "operations.alert.alert": pgettext_lazy("audit event", "Alert sent to residents"),
    "operations.alert.update": pgettext_lazy("audit event", "Alert updated"),
    "operations.alert.cancel": pgettext_lazy("audit event", "Alert lifted"),
    "operations.check.built": pgettext_lazy("audit event", "Welfare check list built"),
    "operations.check.recorded": pgettext_lazy("audit event", "Welfare check recorded"),
    "operations.check.ticketed": pgettext_lazy("audit event", "Welfare check turned into a request"),
    "operations.check.escalated": pgettext_lazy("audit event", "Unreached residents escalated"),
    "operations.plan.saved": pgettext_lazy("audit event", "Emergency plan written or revised"),
    "operations.plan.contact_added": pgettext_lazy("audit event", "Contact added to an emergency plan"),
    "operations.plan.contact_removed": pgettext_lazy("audit event", "Contact removed from an emergency plan"),
    "operations.plan.drilled": pgettext_lazy("audit event", "Emergency drill recorded"),
    "operations.shelter.saved": pgettext_lazy("audit event", "Shelter added or changed"),
    "operations.shelter.opened": pgettext_lazy("audit event", "Shelter opened"),
    "operations.shelter.closed": pgettext_lazy("audit event", "Shelter closed"),
    "operations.shelter.checked_in": pgettext_lazy("audit event", "Checked in to a shelter"),
    "operations.shelter.checked_out": pgettext_lazy("audit event", "Checked out of a shelter"),
    "operations.check.ordered": pgettext_lazy("audit event", "Welfare check turned into a service order"),
}
