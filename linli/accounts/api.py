from typing import Any

from ninja import Router, Schema, Status

from linli.accounts import policy
from linli.accounts.models import User
from linli.accounts.roles import Role
from linli.common.schemas import BaseIn, Id, Offset
from linli.ui.http import ApiRequest

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


def _grant_out(role: str, area: Any) -> dict[str, Any]:
    return {
        "role": role,
        "role_label": str(Role(role).label),
        "area_code": area.code,
        "area_name": area.name,
        "area_level": area.level,
    }


@router.get("", response=MeOut, summary="The current user and their role grants")
def me(request: ApiRequest) -> dict[str, Any]:
    from linli.common.masking import mask_phone

    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "phone_masked": mask_phone(user.phone),
        "primary_role": policy.primary_role(user),
        "grants": [_grant_out(role, area) for role, area in policy.grants(user)],
    }


# ---------------------------------------------------------------- people (account administration)

people_router = Router(tags=["people"])


class PersonGrantOut(GrantOut):
    id: int


class PersonOut(Schema):
    id: int
    username: str
    display_name: str
    phone_masked: str
    is_active: bool
    must_change_password: bool
    grants: list[PersonGrantOut]


class DeactivateIn(BaseIn):
    reason: str


class TemporaryPasswordOut(Schema):
    temporary_password: str


def _person_out(user: User) -> dict[str, Any]:
    from linli.common.masking import mask_phone

    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "phone_masked": mask_phone(user.phone),
        "is_active": user.is_active,
        "must_change_password": user.must_change_password,
        "grants": [{"id": g.pk, **_grant_out(g.role, g.area)} for g in user.grants.all()],
    }


def _person(request: ApiRequest, pk: Id) -> Any:
    from linli.accounts.queries import user_for

    return user_for(request.auth, pk)


@people_router.get("", response=list[PersonOut], summary="People holding a role in your areas")
def list_people(
    request: ApiRequest, q: str = "", offset: Offset = 0, limit: int = 50
) -> list[dict[str, Any]]:
    from linli.accounts.queries import users_for

    limit = max(1, min(limit, 200))
    people = users_for(request.auth, search=q.strip())[max(0, offset) : max(0, offset) + limit]
    return [_person_out(u) for u in people]


@people_router.get("/{pk}", response=PersonOut)
def get_person(request: ApiRequest, pk: Id) -> dict[str, Any]:
    return _person_out(_person(request, pk))


@people_router.post(
    "/{pk}/password-reset",
    response=TemporaryPasswordOut,
    summary="A temporary password, shown once; it must be changed at the next sign-in",
)
def password_reset(request: ApiRequest, pk: Id) -> dict[str, str]:
    from linli.accounts import actions

    password = actions.password_reset(actor=request.auth, user=_person(request, pk))
    return {"temporary_password": password}


@people_router.post("/{pk}/authenticator-reset", response={204: None}, summary="Remove the authenticator")
def totp_reset(request: ApiRequest, pk: Id) -> Status[None]:
    from linli.accounts import actions

    actions.totp_reset(actor=request.auth, user=_person(request, pk))
    return Status(204, None)


@people_router.post("/{pk}/deactivate", response=PersonOut, summary="Stop sign-in, sessions and tokens")
def deactivate(request: ApiRequest, pk: Id, payload: DeactivateIn) -> dict[str, Any]:
    from linli.accounts import actions

    user = actions.user_set_active(
        actor=request.auth,
        user=_person(request, pk),
        active=False,
        reason=payload.reason,
    )
    return _person_out(user)


@people_router.post("/{pk}/reactivate", response=PersonOut)
def reactivate(request: ApiRequest, pk: Id) -> dict[str, Any]:
    from linli.accounts import actions

    user = actions.user_set_active(actor=request.auth, user=_person(request, pk), active=True)
    return _person_out(user)


@people_router.delete("/{pk}/grants/{grant_id}", response={204: None}, summary="Remove a role")
def revoke_grant(request: ApiRequest, pk: Id, grant_id: Id) -> Status[None]:
    from django.shortcuts import get_object_or_404

    from linli.accounts import actions
    from linli.accounts.models import RoleGrant

    grant = get_object_or_404(RoleGrant, pk=grant_id, user=_person(request, pk))
    actions.role_revoke(actor=request.auth, grant=grant)
    return Status(204, None)
