"""Readable names of the indicators' audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "indicators.entry.recorded": pgettext_lazy("audit event", "Indicator figure entered"),
    "indicators.period.signed_off": pgettext_lazy("audit event", "Indicator period signed off"),
}
