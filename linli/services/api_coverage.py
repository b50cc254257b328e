"""/api/v1/services/coverage: the stored coverage of an area and its recompute (city admins)."""

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema

from linli.areas.levels import Level
from linli.areas.queries import area_for, community_for
from linli.common.schemas import BaseIn
from linli.services import actions, coverage
from linli.services.models import CommunityPoint, Coverage, CoverageArea
from linli.ui.http import ApiRequest

router = Router(tags=["services"])


class RecomputeOut(Schema):
    communities: int
    services: int
    cells: int


@router.post("/coverage/recompute", response=RecomputeOut, summary="Recompute the coverage (city admin)")
def coverage_recompute(request: ApiRequest) -> dict[str, int]:
    return actions.coverage_recompute(actor=request.auth)


class CoverageRollupOut(Schema):
    area_code: str
    area_name: str
    level: str
    communities: int
    cells: int
    in_community: int
    in_street: int
    gaps: int
    community_share: int
    street_share: int
    located: int
    walkable: int
    walk_share: int | None
    laundries: int
    groceries: int
    convenience: int
    computed_at: dt.datetime

    @staticmethod
    def resolve_area_code(obj: CoverageArea) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: CoverageArea) -> str:
        return obj.area.name

    @staticmethod
    def resolve_level(obj: CoverageArea) -> str:
        return obj.area.level


class CoverageCellOut(Schema):
    service: str
    in_community: int
    in_street: int
    wider: int
    within_walk: int | None
    reach: str

    @staticmethod
    def resolve_service(obj: Coverage) -> str:
        return obj.service.code


class CoverageOut(Schema):
    walk_metres: int
    area: CoverageRollupOut | None
    children: list[CoverageRollupOut]
    services: list[CoverageCellOut]


@router.get("/coverage/{code}", response=CoverageOut, summary="Service coverage of an area and its children")
def coverage_of(request: ApiRequest, code: str) -> dict[str, Any]:
    area = area_for(request.auth, code, coverage.VIEW)
    if area.level == Level.GRID:
        raise Http404
    rows = [] if area.level == Level.COMMUNITY else coverage.children(request.auth, area)
    return {
        "walk_metres": coverage.walk_metres(),
        "area": coverage.summary(area),
        "children": [r["coverage"] for r in rows if r["coverage"] is not None],
        "services": list(coverage.cells(area)) if area.level == Level.COMMUNITY else [],
    }


class PointIn(BaseIn):
    lat: float
    lon: float


class PointOut(Schema):
    community_code: str
    lat: float
    lon: float

    @staticmethod
    def resolve_community_code(obj: CommunityPoint) -> str:
        return obj.community.code


@router.put(
    "/coverage/{code}/point",
    response=PointOut,
    summary="Place a community's 15-minute circle (street or district officer, city admin)",
)
def coverage_point(request: ApiRequest, code: str, payload: PointIn) -> CommunityPoint:
    community = community_for(request.auth, code, "services.providers")
    return actions.community_point_set(
        actor=request.auth, community=community, lat=payload.lat, lon=payload.lon
    )
