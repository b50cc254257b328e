"""The export for the credit link (与个人信用相挂钩): recorded hours and star level per volunteer.

One grouped query over the ledger: signed-off and carried-over hours net of their corrections.
The ID number goes out masked; the receiving credit system matches on the volunteer number.
"""

from typing import Any

from django.db.models import Q, Sum

from linli.areas.models import Area
from linli.common.masking import mask_id_number
from linli.volunteers.models import Movement, TransferKind, Volunteer, stars_for

RECORDED = (TransferKind.EARNED, TransferKind.IMPORTED)


def recorded_by_volunteer(community: Area) -> dict[int, int]:
    q = Q(account__volunteer__community=community) & (
        Q(transfer__kind__in=RECORDED, minutes__gt=0) | Q(transfer__reverses__kind__in=RECORDED)
    )
    rows = Movement.objects.filter(q).values("account__volunteer_id").annotate(n=Sum("minutes"))
    return {r["account__volunteer_id"]: int(r["n"] or 0) for r in rows}


def export_rows(community: Area) -> list[dict[str, Any]]:
    minutes = recorded_by_volunteer(community)
    return [
        {
            "number": v.number,
            "name": v.name,
            "id_number": mask_id_number(v.id_number),
            "recorded_hours": round(minutes.get(v.pk, 0) / 60, 1),
            "stars": stars_for(minutes.get(v.pk, 0)),
        }
        for v in Volunteer.objects.filter(community=community).order_by("number")
    ]
