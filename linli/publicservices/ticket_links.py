"""What public services link to a ticket, for the ticket's page (ui.registries.TICKET_LINKS): the
property complaint's estate and company, and a mediation case opened from the ticket. Each row
only when the viewer may open its page (the same scoped reads as those pages: nothing otherwise)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.publicservices.mediation import queries as mediation
from linli.publicservices.property import queries as property_queries
from linli.ui.registries import CallerRow


def property_rows(viewer: policy.Viewer, ticket: Any) -> list[CallerRow]:
    complaint = property_queries.complaints_for(viewer).filter(ticket_id=ticket.pk).first()
    if complaint is None:
        return []
    rows = []
    if property_queries.estates_for(viewer).filter(pk=complaint.estate_id).exists():
        estate = complaint.estate
        rows.append(
            CallerRow(
                estate.code,
                reverse("publicservices:property_estate", args=[estate.code]),
                estate.name,
                _("estate"),
            )
        )
    if property_queries.companies_for(viewer).filter(pk=complaint.company_id).exists():
        company = complaint.company
        rows.append(
            CallerRow(
                company.code,
                reverse("publicservices:property_company", args=[company.code]),
                company.name,
                _("property company under contract"),
            )
        )
    return rows


def mediation_rows(viewer: policy.Viewer, ticket: Any) -> list[CallerRow]:
    return [
        CallerRow(
            case.code,
            reverse("publicservices:mediation_case", args=[case.code]),
            case.get_kind_display(),
            case.get_status_display(),
        )
        for case in mediation.cases_for(viewer).filter(ticket_code=ticket.code).order_by("pk")
    ]
