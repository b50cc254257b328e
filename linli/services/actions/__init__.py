"""Every write to services: permitted, validated, saved, audited, and told to the resident.

Each lifecycle step of an order is one function, one transaction, one audit event
(`services.order.<step>`), one timeline entry and a message to the resident after commit. State
changes are conditional updates on the status the step started from, so two providers accepting
the same order at once cannot both win (`order_accept`).

One module per part (common, catalogue, orders, homecare, settlements); this package re-exports what views, the API,
sweeps, demo loaders and tests call (`from linli.services import actions` then `actions.<name>`).
"""

from linli.services.actions.catalogue import (
    certificate_add,
    provider_member_add,
    provider_register,
    provider_update,
    service_type_save,
)
from linli.services.actions.common import (
    BROADCAST_SIZE,
    MAX_ETA_HOURS,
    field_error,
)
from linli.services.actions.coverage import community_point_set, coverage_allowed, coverage_recompute
from linli.services.actions.homecare import care_plan_create, care_visit_record, care_visits_sweep
from linli.services.actions.hours import order_pay_hours
from linli.services.actions.orders import (
    _move,
    eligible_providers,
    order_accept,
    order_cancel,
    order_complete,
    order_create,
    order_decline,
    order_dispatch,
    order_escalate_overdue,
    order_evaluate,
    order_from_ticket,
    order_on_the_way,
    order_to_ticket,
)
from linli.services.actions.settlements import settlement_approve, settlement_prepare

__all__ = [
    "BROADCAST_SIZE",
    "MAX_ETA_HOURS",
    "_move",
    "care_plan_create",
    "care_visit_record",
    "care_visits_sweep",
    "certificate_add",
    "community_point_set",
    "coverage_allowed",
    "coverage_recompute",
    "eligible_providers",
    "field_error",
    "order_accept",
    "order_cancel",
    "order_complete",
    "order_create",
    "order_decline",
    "order_dispatch",
    "order_escalate_overdue",
    "order_evaluate",
    "order_from_ticket",
    "order_on_the_way",
    "order_pay_hours",
    "order_to_ticket",
    "provider_member_add",
    "provider_register",
    "provider_update",
    "service_type_save",
    "settlement_approve",
    "settlement_prepare",
]
