"""Readable names of the volunteers' audit events (registered with linli.audit.labels in apps.py)."""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "volunteers.volunteer.registered": pgettext_lazy("audit event", "Volunteer registered"),
    "volunteers.volunteer.changed": pgettext_lazy("audit event", "Volunteer's details changed"),
    "volunteers.volunteer.left": pgettext_lazy("audit event", "Volunteer left the roll"),
    "volunteers.team.created": pgettext_lazy("audit event", "Volunteer team created"),
    "volunteers.team.changed": pgettext_lazy("audit event", "Volunteer team changed"),
    "volunteers.team.member_added": pgettext_lazy("audit event", "Volunteer added to a team"),
    "volunteers.team.member_removed": pgettext_lazy("audit event", "Volunteer taken out of a team"),
    "volunteers.activity.created": pgettext_lazy("audit event", "Volunteer activity created"),
    "volunteers.activity.changed": pgettext_lazy("audit event", "Volunteer activity changed"),
    "volunteers.activity.repeated": pgettext_lazy("audit event", "Volunteer activity repeated"),
    "volunteers.activity.cancelled": pgettext_lazy("audit event", "Volunteer activity cancelled"),
    "volunteers.activity.from_organization": pgettext_lazy(
        "audit event", "Volunteer activity made for an organization's activity"
    ),
    "volunteers.signup.created": pgettext_lazy("audit event", "Signed up for a volunteer shift"),
    "volunteers.signup.cancelled": pgettext_lazy("audit event", "Volunteer sign-up cancelled"),
    "volunteers.signup.checked_in": pgettext_lazy("audit event", "Volunteer checked in"),
    "volunteers.signup.checked_out": pgettext_lazy("audit event", "Volunteer checked out"),
    "volunteers.signup.signed_off": pgettext_lazy("audit event", "Volunteer hours signed off"),
    "volunteers.shift.signed_off": pgettext_lazy("audit event", "Volunteer hours of a shift signed off"),
    "volunteers.hours.carried_over": pgettext_lazy("audit event", "Volunteer hours carried over"),
    "volunteers.hours.gifted": pgettext_lazy("audit event", "Volunteer hours given to family"),
    "volunteers.hours.redeemed": pgettext_lazy("audit event", "Volunteer hours spent on a service"),
    "volunteers.hours.corrected": pgettext_lazy("audit event", "Volunteer hours corrected"),
    "volunteers.account.credit_limit": pgettext_lazy("audit event", "Time bank credit limit set"),
    "volunteers.certificate.issued": pgettext_lazy("audit event", "Volunteer certificate issued"),
    "volunteers.import.completed": pgettext_lazy("audit event", "Volunteer roster imported"),
}
