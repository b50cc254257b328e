"""Readable names of the facilities' audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "facilities.grid.defined": pgettext_lazy("audit event", "Unit grid drawn"),
    "facilities.grid.redrawn": pgettext_lazy("audit event", "Unit grid redrawn"),
    "facilities.classes.seeded": pgettext_lazy("audit event", "Component classes added"),
    "facilities.component.registered": pgettext_lazy("audit event", "Component registered"),
    "facilities.component.state_changed": pgettext_lazy("audit event", "Component state changed"),
    "facilities.component.maintained": pgettext_lazy("audit event", "Component maintenance recorded"),
    "facilities.component.photo_added": pgettext_lazy("audit event", "Component photo added"),
    "facilities.components.imported": pgettext_lazy("audit event", "Components imported"),
    "facilities.round.planned": pgettext_lazy("audit event", "Inspection round planned"),
    "facilities.round.checked": pgettext_lazy("audit event", "Component checked on a round"),
    "facilities.problem.linked": pgettext_lazy("audit event", "Request linked to a component"),
    "facilities.problem.reported": pgettext_lazy("audit event", "Resident's request about a component"),
    "facilities.problem.reported_again": pgettext_lazy(
        "audit event", "Another request about a component with an open problem"
    ),
    "facilities.maintenance.reminded": pgettext_lazy("audit event", "Maintenance reminder sent"),
    "facilities.problem.repaired": pgettext_lazy("audit event", "Component repaired (request resolved)"),
    "facilities.problem.confirmed": pgettext_lazy("audit event", "Repair confirmed by the inspector"),
}
