"""The caller's open service orders in the 96156 console (tickets renders the panel through
linli.ui.registries, so it never imports services)."""

from typing import Any

from django.urls import reverse

from linli.services import queries
from linli.ui.registries import CallerRow


def caller_orders(viewer: Any, residents: list[Any]) -> list[CallerRow]:
    """Open orders for the residents the caller's number found, those the viewer may see, newest first."""
    rows = []
    for resident in residents:
        for order in queries.open_orders_of_resident(viewer, resident).order_by("-created_at")[:20]:
            rows.append(
                CallerRow(
                    code=order.code,
                    url=reverse("services:order", args=[order.code]),
                    text=f"{order.service.display_name} · {resident.name}",
                    status=order.get_status_display(),
                )
            )
    return rows
