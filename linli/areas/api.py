from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.areas import actions, queries
from linli.areas.codes import parent_code
from linli.areas.models import Area
from linli.common.schemas import BaseIn, Pagination, column
from linli.ui.http import ApiRequest

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    office_m2: int | None
    service_m2: int | None

    @staticmethod
    def resolve_parent_code(obj: Area) -> str | None:
        return obj.parent.code if obj.parent else None


class AreaIn(BaseIn):
    code: str = column(Area, "code")
    name: str = column(Area, "name")


@router.get("", response=list[AreaOut], summary="Areas in your reach")
@paginate(Pagination, page_size=100)
def list_areas(request: ApiRequest, parent: str = "", level: str = "") -> Any:
    parent_area = queries.area_for(request.auth, parent) if parent else None
    return queries.areas_for(request.auth, parent=parent_area, level=level)


@router.get("/{code}", response=AreaOut, summary="One area (404 outside your reach)")
def get_area(request: ApiRequest, code: str) -> Area:
    return queries.area_for(request.auth, code)


@router.post("", response={201: AreaOut}, summary="Add an area below one in your reach")
def create_area(request: ApiRequest, payload: AreaIn) -> Status[Area]:
    try:
        want = parent_code(payload.code)
    except ValidationError:
        want = None  # the action reports a bad code with its message
    parent = queries.area_for(request.auth, want) if want else None
    area = actions.area_create(actor=request.auth, code=payload.code, name=payload.name, parent=parent)
    return Status(201, area)
