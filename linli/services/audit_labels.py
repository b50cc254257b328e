"""Readable names of the services' audit events (registered with linli.audit.labels in apps.py).

A step of an order is recorded as `services.order.<EventKind>`; every kind has its label here.
"""

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, Promise] = {
    "services.service_type.created": pgettext_lazy("audit event", "Service added to the catalogue"),
    "services.service_type.changed": pgettext_lazy("audit event", "Catalogue service changed"),
    "services.provider.registered": pgettext_lazy("audit event", "Service provider registered"),
    "services.provider.changed": pgettext_lazy("audit event", "Service provider changed"),
    "services.provider.member_added": pgettext_lazy("audit event", "Staff member added to a provider"),
    "services.provider.certificate_added": pgettext_lazy("audit event", "Provider certificate added"),
    "services.order.created": pgettext_lazy("audit event", "Service order placed"),
    "services.order.dispatched": pgettext_lazy("audit event", "Service order sent to providers"),
    "services.order.accepted": pgettext_lazy("audit event", "Service order accepted by a provider"),
    "services.order.declined": pgettext_lazy("audit event", "Service order declined by a provider"),
    "services.order.on_the_way": pgettext_lazy("audit event", "Provider on the way"),
    "services.order.done": pgettext_lazy("audit event", "Service done"),
    "services.order.evaluated": pgettext_lazy("audit event", "Service rated"),
    "services.order.cancelled": pgettext_lazy("audit event", "Service order cancelled"),
    "services.order.escalated": pgettext_lazy("audit event", "Service order sent back to the station"),
    "services.order.ticketed": pgettext_lazy("audit event", "Service order turned into a request"),
    "services.order.paid_hours": pgettext_lazy("audit event", "Service paid with time-bank hours"),
    "services.order.redeemed": pgettext_lazy("audit event", "Service paid from an entitlement"),
    "services.entitlement.granted": pgettext_lazy("audit event", "Service entitlement granted"),
    "services.entitlement.redeemed": pgettext_lazy("audit event", "Service entitlement used"),
    "services.meal.booked": pgettext_lazy("audit event", "Meal booked"),
    "services.meal.cancelled": pgettext_lazy("audit event", "Meal booking cancelled"),
    "services.settlement.prepared": pgettext_lazy("audit event", "Provider settlement statement drawn up"),
    "services.settlement.approved": pgettext_lazy("audit event", "Provider settlement statement approved"),
    "services.settlements.exported": pgettext_lazy("audit event", "Settlement statements exported"),
    "services.orders.exported": pgettext_lazy("audit event", "Service orders exported"),
    "services.care.planned": pgettext_lazy("audit event", "Home-care visits planned"),
    "services.care.visited": pgettext_lazy("audit event", "Home-care visit recorded"),
    "services.coverage.recomputed": pgettext_lazy("audit event", "Service coverage recomputed"),
    "services.community_point.set": pgettext_lazy("audit event", "Community located for service coverage"),
    "services.care.missed": pgettext_lazy("audit event", "Home-care visit missed"),
}
