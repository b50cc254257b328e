"""Readable names of finance's audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "finance.parameters.set": pgettext_lazy("audit event", "Funding parameters set"),
    "finance.funding.computed": pgettext_lazy("audit event", "Funding computed"),
    "finance.budget.set": pgettext_lazy("audit event", "Budget set"),
    "finance.entry.entered": pgettext_lazy("audit event", "Ledger entry entered"),
    "finance.entry.reviewed": pgettext_lazy("audit event", "Ledger entry reviewed"),
    "finance.entry.approved": pgettext_lazy("audit event", "Ledger entry approved"),
    "finance.entry.rejected": pgettext_lazy("audit event", "Ledger entry rejected"),
    "finance.entry.reversed": pgettext_lazy("audit event", "Ledger entry reversed"),
    "finance.donation.recorded": pgettext_lazy("audit event", "Donation recorded"),
    "finance.period.closed": pgettext_lazy("audit event", "Accounting period closed"),
}
