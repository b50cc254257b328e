"""Every write to facilities: permitted, validated, saved and audited in one transaction.

One module per part (grids, components, inspections, importing); this package re-exports what
views, the API, sweeps, demo loaders and tests call.
"""

from linli.facilities.actions.components import (
    component_maintained,
    component_photo_add,
    component_register,
    component_state_set,
)
from linli.facilities.actions.grids import classes_seed, grid_define
from linli.facilities.actions.importing import ImportResult, components_import
from linli.facilities.actions.inspections import (
    check_record,
    problem_confirm,
    problem_from_ticket,
    problems_sync,
    round_plan,
    rounds_schedule,
)
from linli.facilities.actions.maintenance import maintenance_remind

__all__ = [
    "ImportResult",
    "check_record",
    "classes_seed",
    "component_maintained",
    "component_photo_add",
    "component_register",
    "component_state_set",
    "components_import",
    "grid_define",
    "maintenance_remind",
    "problem_confirm",
    "problem_from_ticket",
    "problems_sync",
    "round_plan",
    "rounds_schedule",
]
