"""Readable names of the organizations' audit events (registered with linli.audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "organizations.organization.registered": pgettext_lazy(
        "audit event", "Community organization registered or filed"
    ),
    "organizations.organization.changed": pgettext_lazy("audit event", "Community organization changed"),
    "organizations.organization.graded": pgettext_lazy("audit event", "Community organization graded"),
    "organizations.organization.dissolved": pgettext_lazy("audit event", "Community organization dissolved"),
    "organizations.member.joined": pgettext_lazy("audit event", "Member joined an organization"),
    "organizations.member.left": pgettext_lazy("audit event", "Member left an organization"),
    "organizations.member.role_changed": pgettext_lazy(
        "audit event", "Member's role in an organization changed"
    ),
    "organizations.activity.recorded": pgettext_lazy("audit event", "Organization activity recorded"),
    "organizations.report.submitted": pgettext_lazy("audit event", "Organization annual report filed"),
    "organizations.reports.reminded": pgettext_lazy("audit event", "Annual report reminders sent"),
    "organizations.reports.overdue_noticed": pgettext_lazy(
        "audit event", "Overdue annual report notices sent"
    ),
    "organizations.contract.signed": pgettext_lazy("audit event", "Government service contract signed"),
    "organizations.contract.paid": pgettext_lazy("audit event", "Government service contract paid"),
    "organizations.contract.closed": pgettext_lazy("audit event", "Government service contract closed"),
    "organizations.import.completed": pgettext_lazy("audit event", "Organization list imported"),
    "organizations.party_org.created": pgettext_lazy("audit event", "Party organization set up"),
    "organizations.party_member.added": pgettext_lazy("audit event", "Party member recorded"),
    "organizations.party_member.transferred_in": pgettext_lazy("audit event", "Party member transferred in"),
    "organizations.party_member.transferred_out": pgettext_lazy(
        "audit event", "Party member transferred out"
    ),
    "organizations.party_worker.set": pgettext_lazy("audit event", "Community Party worker recorded"),
    "organizations.officer_election.started": pgettext_lazy("audit event", "Officer election started"),
    "organizations.officer_election.applied": pgettext_lazy(
        "audit event", "Elected officers given their roles"
    ),
}
