"""Households and the moves of their members: move in, add, head, split, merge, move out, death."""

from typing import Any

from django.http import Http404
from ninja import Status

from linli.accounts import policy
from linli.areas.queries import public_community
from linli.common.schemas import Id
from linli.registry import actions, queries
from linli.registry.api.common import _community, _household, _managed_household, _resident, router
from linli.registry.api.schemas import (
    DeathIn,
    HeadIn,
    HouseholdOut,
    MemberIn,
    MergeIn,
    MoveInIn,
    MoveInOut,
    MoveOutIn,
    RegistryEventOut,
    ResidentOut,
    SplitIn,
    TransferOut,
)
from linli.registry.models import (
    Household,
    Resident,
)
from linli.ui.http import ApiRequest


class _HouseholdOut(HouseholdOut):
    @staticmethod
    def resolve_members(obj: Household) -> list[Resident]:
        return obj.members_list  # type: ignore[attr-defined]


@router.get("/households/{pk}", response=_HouseholdOut, summary="A household (yours, or one in your reach)")
def get_household(request: ApiRequest, pk: Id) -> Household:
    return _household(request, pk)


@router.get("/households/{pk}/history", response=list[RegistryEventOut])
def household_history(request: ApiRequest, pk: Id) -> Any:
    household = queries.household_for(request.auth, pk)
    if not policy.can(request.auth, "areas.view", household.community):
        raise Http404
    return list(queries.household_history(household))


def _move_in_out(result: actions.MoveIn) -> dict[str, Any]:
    return {"resident": result.resident, "transfer_id": result.transfer.pk if result.transfer else None}


@router.post("/households", response={201: MoveInOut, 202: MoveInOut}, summary="Move in as a new household")
def move_in(request: ApiRequest, payload: MoveInIn) -> Status[Any]:
    """201 with the new resident, or 202 with a transfer request when the ID is active elsewhere."""
    community = _community(request, payload.community)
    dwelling = queries.dwelling_for(request.auth, payload.dwelling_id) if payload.dwelling_id else None
    result = actions.resident_move_in(
        actor=request.auth,
        community=community,
        person=payload.person(),
        dwelling=dwelling,
        collective_unit=payload.collective_unit,
    )
    return Status(202 if result.transfer else 201, _move_in_out(result))


@router.post(
    "/households/{pk}/members", response={201: MoveInOut, 202: MoveInOut}, summary="Move in or birth"
)
def add_member(request: ApiRequest, pk: Id, payload: MemberIn) -> Status[Any]:
    household = _managed_household(request, pk)
    if payload.birth:
        r = actions.resident_birth(
            actor=request.auth, household=household, person=payload.person(), relation=payload.relation
        )
        return Status(201, _move_in_out(actions.MoveIn(resident=r)))
    result = actions.resident_move_in(
        actor=request.auth,
        community=household.community,
        person=payload.person(),
        household=household,
        relation=payload.relation,
    )
    return Status(202 if result.transfer else 201, _move_in_out(result))


def _member(household: Household, pk: int | None) -> Resident:
    found = household.members.filter(pk=pk).first() if pk else None
    if found is None:
        from linli.common.errors import DomainError

        raise DomainError("not_member", "Choose a member of this household.", fields={"member": ["?"]})
    return found


@router.post("/households/{pk}/head", response=_HouseholdOut, summary="Change the head of household")
def change_head(request: ApiRequest, pk: Id, payload: HeadIn) -> Household:
    household = _managed_household(request, pk)
    actions.household_change_head(
        actor=request.auth,
        household=household,
        new_head=_member(household, payload.new_head_id),
        old_head_relation=payload.old_head_relation,
    )
    return _household(request, pk)


@router.post("/households/{pk}/split", response={201: _HouseholdOut}, summary="Split off a new household")
def split(request: ApiRequest, pk: Id, payload: SplitIn) -> Status[Household]:
    household = _managed_household(request, pk)
    dwelling = queries.dwelling_for(request.auth, payload.dwelling_id) if payload.dwelling_id else None
    new = actions.household_split(
        actor=request.auth,
        household=household,
        members=[_member(household, i) for i in payload.member_ids],
        new_head=_member(household, payload.new_head_id),
        dwelling=dwelling,
    )
    return Status(201, _household(request, new.pk))


@router.post("/households/{pk}/merge", response=_HouseholdOut, summary="Merge this household into another")
def merge(request: ApiRequest, pk: Id, payload: MergeIn) -> Household:
    source = _managed_household(request, pk)
    target = _managed_household(request, payload.target_id)
    actions.household_merge(actor=request.auth, source=source, target=target, relation=payload.relation)
    return _household(request, target.pk)


@router.post("/residents/{pk}/move-out", response={200: ResidentOut, 202: TransferOut})
def move_out(request: ApiRequest, pk: Id, payload: MoveOutIn) -> Any:
    """Out of the city (200), or to another community: 202 with the transfer it must accept."""
    resident = _resident(request, pk)
    # Any active community may receive a transfer: it is outside the mover's reach by design.
    target = public_community(payload.to_community) if payload.to_community else None
    transfer = actions.resident_move_out(
        actor=request.auth, resident=resident, to_community=target, note=payload.note
    )
    if transfer is not None:
        return Status(202, transfer)
    return _resident(request, pk)


@router.post("/residents/{pk}/death", response=ResidentOut)
def death(request: ApiRequest, pk: Id, payload: DeathIn) -> Resident:
    resident = _resident(request, pk)
    new_head = _member(resident.household, payload.new_head_id) if payload.new_head_id else None  # type: ignore[arg-type]
    actions.resident_death(actor=request.auth, resident=resident, new_head=new_head, note=payload.note)
    return _resident(request, pk)
