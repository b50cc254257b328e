"""Every write to the registry: validated, permitted, written and audited in one transaction.

One module per sub-domain; this package re-exports what views, the API, jobs, demo loaders and
other apps call (`from linli.registry import actions` then `actions.<name>`).
"""

from linli.registry.actions.care import care_tag_remove, care_tag_set
from linli.registry.actions.common import (
    WRITE,
    PersonData,
    _community,
    active_record,
    clean_person,
    require_manage,
)
from linli.registry.actions.exports import export_reveal_allow
from linli.registry.actions.households import (
    EDITABLE,
    building_create,
    dwelling_create,
    household_change_head,
    household_merge,
    household_register,
    household_split,
    resident_add,
    resident_link_account,
    resident_update,
    resident_update_phone,
)
from linli.registry.actions.moves import (
    MoveIn,
    resident_birth,
    resident_death,
    resident_move_in,
    resident_move_out,
)
from linli.registry.actions.rentals import rental_extend, rental_register
from linli.registry.actions.reports import change_report_decide, change_report_submit
from linli.registry.actions.residence import (
    resident_move_hukou,
    resident_move_residence,
    resident_residence_confirm,
)
from linli.registry.actions.transfers import transfer_decide
from linli.registry.actions.visits import (
    building_assign,
    building_unassign,
    visit_frequency_set,
    visit_log,
)

__all__ = [
    "EDITABLE",
    "WRITE",
    "MoveIn",
    "PersonData",
    "_community",
    "active_record",
    "building_assign",
    "building_create",
    "building_unassign",
    "care_tag_remove",
    "care_tag_set",
    "change_report_decide",
    "change_report_submit",
    "clean_person",
    "dwelling_create",
    "export_reveal_allow",
    "household_change_head",
    "household_merge",
    "household_register",
    "household_split",
    "rental_extend",
    "rental_register",
    "require_manage",
    "resident_add",
    "resident_birth",
    "resident_death",
    "resident_link_account",
    "resident_move_hukou",
    "resident_move_in",
    "resident_move_out",
    "resident_move_residence",
    "resident_residence_confirm",
    "resident_update",
    "resident_update_phone",
    "transfer_decide",
    "visit_frequency_set",
    "visit_log",
]
