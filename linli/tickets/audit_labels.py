"""Readable names of the tickets' audit events (registered with linli.audit.labels in apps.py).

A step of a ticket is recorded as `tickets.ticket.<EventKind>`; every kind has its label here.
"""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "tickets.ticket.submitted": pgettext_lazy("audit event", "Request submitted"),
    "tickets.ticket.accepted": pgettext_lazy("audit event", "Request accepted"),
    "tickets.ticket.started": pgettext_lazy("audit event", "Work on a request started"),
    "tickets.ticket.resolved": pgettext_lazy("audit event", "Request resolved"),
    "tickets.ticket.rejected": pgettext_lazy("audit event", "Request rejected"),
    "tickets.ticket.transferred": pgettext_lazy("audit event", "Request transferred to another community"),
    "tickets.ticket.escalated": pgettext_lazy("audit event", "Request escalated to the street"),
    "tickets.ticket.auto_escalated": pgettext_lazy("audit event", "Overdue request escalated automatically"),
    "tickets.ticket.department_called": pgettext_lazy("audit event", "Department called in"),
    "tickets.ticket.department_reported": pgettext_lazy("audit event", "Department reported back"),
    "tickets.ticket.extension_requested": pgettext_lazy("audit event", "Extension requested"),
    "tickets.ticket.extension_approved": pgettext_lazy("audit event", "Extension approved"),
    "tickets.ticket.extension_refused": pgettext_lazy("audit event", "Extension refused"),
    "tickets.ticket.supervised": pgettext_lazy("audit event", "Request put under supervision"),
    "tickets.ticket.evaluated": pgettext_lazy("audit event", "Request evaluated by the resident"),
    "tickets.ticket.return_visit": pgettext_lazy("audit event", "Return visit recorded"),
    "tickets.ticket.reopened": pgettext_lazy("audit event", "Request reopened by the resident"),
    "tickets.ticket.linked": pgettext_lazy("audit event", "Request linked as the same problem"),
    "tickets.ticket.attached": pgettext_lazy("audit event", "Photo added to a request"),
    "tickets.ticket.warned": pgettext_lazy("audit event", "Request's deadline near"),
    "tickets.ticket.overdue": pgettext_lazy("audit event", "Request overdue"),
    "tickets.ticket.auto_closed": pgettext_lazy("audit event", "Request closed without evaluation"),
    "tickets.ticket.deadline_moved": pgettext_lazy("audit event", "Request's deadline counted again"),
    "tickets.category.created": pgettext_lazy("audit event", "Request category added"),
    "tickets.category.changed": pgettext_lazy("audit event", "Request category changed"),
    "tickets.department.created": pgettext_lazy("audit event", "Department added"),
    "tickets.calendar.notice_added": pgettext_lazy("audit event", "Holiday notice entered"),
    "tickets.sweep.ran": pgettext_lazy("audit event", "Deadlines checked"),
}
