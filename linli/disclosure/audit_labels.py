"""Readable names of disclosure's audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "disclosure.item.created": pgettext_lazy("audit event", "Notice drafted"),
    "disclosure.item.updated": pgettext_lazy("audit event", "Notice changed"),
    "disclosure.item.published": pgettext_lazy("audit event", "Notice published"),
    "disclosure.item.withdrawn": pgettext_lazy("audit event", "Notice withdrawn"),
    "disclosure.schedule.set": pgettext_lazy("audit event", "Disclosure schedule set"),
    "disclosure.overdue.swept": pgettext_lazy("audit event", "Overdue notices checked"),
    "disclosure.question.asked": pgettext_lazy("audit event", "Question asked about a notice"),
    "disclosure.question.answered": pgettext_lazy("audit event", "Question answered"),
}
