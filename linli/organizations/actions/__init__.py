"""Every write to organizations: permitted, validated, saved and audited in one transaction.

One module per part (orgs, contracts, party); this package re-exports what views, the API, the
sweep, the import, demo loaders and tests call (`from linli.organizations import actions`).
"""

from linli.organizations.actions.contracts import contract_close, contract_pay, contract_sign, paid_fen
from linli.organizations.actions.officers import officer_election_start, officers_apply
from linli.organizations.actions.orgs import (
    activity_record,
    due_on,
    member_add,
    member_leave,
    member_role_set,
    organization_dissolve,
    organization_grade,
    organization_register,
    organization_update,
    report_submit,
)
from linli.organizations.actions.party import (
    party_member_add,
    party_member_transfer_out,
    party_org_add,
    party_worker_set,
)
from linli.organizations.actions.reminders import reports_remind, send_reminder

__all__ = [
    "activity_record",
    "contract_close",
    "contract_pay",
    "contract_sign",
    "due_on",
    "member_add",
    "member_leave",
    "member_role_set",
    "officer_election_start",
    "officers_apply",
    "organization_dissolve",
    "organization_grade",
    "organization_register",
    "organization_update",
    "paid_fen",
    "party_member_add",
    "party_member_transfer_out",
    "party_org_add",
    "party_worker_set",
    "report_submit",
    "reports_remind",
    "send_reminder",
]
