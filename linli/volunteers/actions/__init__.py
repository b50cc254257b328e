"""Every write to volunteers: permitted, validated, saved and audited in one transaction.

One module per part (people, activities, ledger); this package re-exports what views, the API,
the import, demo loaders and tests call (`from linli.volunteers import actions`).
"""

from linli.volunteers.actions.activities import (
    ShiftIn,
    activity_cancel,
    activity_create,
    activity_repeat,
    activity_update,
    check_in,
    check_out,
    served_minutes,
    shift_sign_off,
    sign_off,
    signup,
    signup_cancel,
)
from linli.volunteers.actions.common import field_error, organises
from linli.volunteers.actions.ledger import (
    account_of,
    certificate_issue,
    credit_limit_set,
    family_of,
    hours_carry_over,
    hours_gift,
    hours_redeem,
    recorded_minutes,
    transfer_reverse,
)
from linli.volunteers.actions.orgs import activity_from_org, may_make_from_org, org_activity_for
from linli.volunteers.actions.people import (
    clean_volunteer,
    registry_record,
    volunteer_join,
    volunteer_leave,
    volunteer_register,
    volunteer_update,
)
from linli.volunteers.actions.teams import team_create, team_member_add, team_member_remove, team_update

__all__ = [
    "ShiftIn",
    "account_of",
    "activity_cancel",
    "activity_create",
    "activity_from_org",
    "activity_repeat",
    "activity_update",
    "certificate_issue",
    "check_in",
    "check_out",
    "clean_volunteer",
    "credit_limit_set",
    "family_of",
    "field_error",
    "hours_carry_over",
    "hours_gift",
    "hours_redeem",
    "may_make_from_org",
    "org_activity_for",
    "organises",
    "recorded_minutes",
    "registry_record",
    "served_minutes",
    "shift_sign_off",
    "sign_off",
    "signup",
    "signup_cancel",
    "team_create",
    "team_member_add",
    "team_member_remove",
    "team_update",
    "transfer_reverse",
    "volunteer_join",
    "volunteer_leave",
    "volunteer_register",
    "volunteer_update",
]
