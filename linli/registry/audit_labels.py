"""Readable names of the registry's audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "registry.building.created": pgettext_lazy("audit event", "Building added"),
    "registry.building.assigned": pgettext_lazy("audit event", "Building assigned to a worker"),
    "registry.building.unassigned": pgettext_lazy("audit event", "Building taken from a worker"),
    "registry.dwelling.created": pgettext_lazy("audit event", "Dwelling added"),
    "registry.household.registered": pgettext_lazy("audit event", "Household registered"),
    "registry.household.head_changed": pgettext_lazy("audit event", "Head of household changed"),
    "registry.household.merged": pgettext_lazy("audit event", "Households merged"),
    "registry.household.split": pgettext_lazy("audit event", "Household split"),
    "registry.resident.created": pgettext_lazy("audit event", "Resident registered"),
    "registry.resident.updated": pgettext_lazy("audit event", "Resident's details changed"),
    "registry.resident.phone_changed": pgettext_lazy("audit event", "Resident's mobile number changed"),
    "registry.resident.moved_in": pgettext_lazy("audit event", "Resident moved in"),
    "registry.resident.moved_out": pgettext_lazy("audit event", "Resident moved out"),
    "registry.resident.residence_moved": pgettext_lazy(
        "audit event", "Resident moved house, registered residence unchanged"
    ),
    "registry.resident.hukou_moved": pgettext_lazy(
        "audit event", "Resident's registered residence moved, home unchanged"
    ),
    "registry.resident.residence_confirmed": pgettext_lazy("audit event", "Resident's residence confirmed"),
    "registry.resident.born": pgettext_lazy("audit event", "Birth registered"),
    "registry.resident.died": pgettext_lazy("audit event", "Death registered"),
    "registry.resident.account_linked": pgettext_lazy("audit event", "Resident linked to an account"),
    "registry.care_tag.set": pgettext_lazy("audit event", "Care tag set"),
    "registry.care_tag.removed": pgettext_lazy("audit event", "Care tag removed"),
    "registry.report.submitted": pgettext_lazy("audit event", "Household change reported"),
    "registry.report.approved": pgettext_lazy("audit event", "Household change report approved"),
    "registry.report.rejected": pgettext_lazy("audit event", "Household change report rejected"),
    "registry.rental.registered": pgettext_lazy("audit event", "Rental registered"),
    "registry.rental.extended": pgettext_lazy("audit event", "Rental extended"),
    "registry.transfer.requested": pgettext_lazy("audit event", "Transfer to another community requested"),
    "registry.transfer.accepted": pgettext_lazy("audit event", "Transfer accepted"),
    "registry.transfer.rejected": pgettext_lazy("audit event", "Transfer refused"),
    "registry.visit.logged": pgettext_lazy("audit event", "Home visit recorded"),
    "registry.visit_frequency.set": pgettext_lazy("audit event", "Visit frequency set"),
    "registry.import.completed": pgettext_lazy("audit event", "Residents imported"),
    "registry.export.revealed": pgettext_lazy("audit event", "Export with full personal data"),
}
