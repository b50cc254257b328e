from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from linli.accounts import policy
from linli.accounts.roles import Role

router = Router(tags=["accounts"])


class GrantOut(Schema):
    role: str
    role_label: str
    area_code: str
    area_name: str
    area_level: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    phone_masked: str
    primary_role: str | None
    grants: list[GrantOut]


@router.get("", response=MeOut, summary="The current user and their role grants")
def me(request: HttpRequest) -> dict[str, Any]:
    from linli.common.masking import mask_phone

    user = request.auth  # type: ignore[attr-defined]
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "phone_masked": mask_phone(user.phone),
        "primary_role": policy.primary_role(user),
        "grants": [
            {
                "role": role,
                "role_label": str(Role(role).label),
                "area_code": area.code,
                "area_name": area.name,
                "area_level": area.level,
            }
            for role, area in policy.grants(user)
        ],
    }
