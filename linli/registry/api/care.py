"""Care tags on a resident."""

from linli.common.schemas import Id
from linli.registry import actions
from linli.registry.api.common import _resident, router
from linli.registry.api.schemas import ResidentOut, TagIn
from linli.registry.models import (
    Resident,
)
from linli.ui.http import ApiRequest


@router.post("/residents/{pk}/tags", response=ResidentOut, summary="Set a care tag")
def set_tag(request: ApiRequest, pk: Id, payload: TagIn) -> Resident:
    actions.care_tag_set(
        actor=request.auth,
        resident=_resident(request, pk),
        tag=payload.tag,
        level=payload.level,
        note=payload.note,
    )
    return _resident(request, pk)


@router.delete("/residents/{pk}/tags/{tag}", response=ResidentOut, summary="Remove a care tag")
def remove_tag(request: ApiRequest, pk: Id, tag: str) -> Resident:
    actions.care_tag_remove(actor=request.auth, resident=_resident(request, pk), tag=tag)
    return _resident(request, pk)
