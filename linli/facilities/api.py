"""/api/v1/facilities: grids, components, inspection rounds, problems, maintenance and rates.

A row outside the caller's reach is 404 like an absent one; refusals are {code, message, fields}.
"""

import datetime as dt
import json
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from linli.areas.queries import area_for, community_for
from linli.common.errors import DomainError
from linli.common.schemas import BaseIn, Date, Pagination, column
from linli.facilities import actions, geojson, queries, rates
from linli.facilities.models import Check, Component, ComponentClass, Grid, GridLevel, Problem, Round, State
from linli.tickets.calendar import TZ
from linli.tickets.queries import ticket_for
from linli.ui.http import ApiRequest

router = Router(tags=["facilities"])
PHOTO = File(...)
OPTIONAL_PHOTO = File(None)


def _today() -> dt.date:
    return timezone.now().astimezone(TZ).date()


class ClassOut(Schema):
    code: str
    major: str
    name: str
    name_en: str
    maintenance_days: int | None
    checklist: list[str]

    @staticmethod
    def resolve_checklist(obj: ComponentClass) -> list[str]:
        return obj.checklist_items()


@router.get("/classes", response=list[ClassOut], summary="Component classes (GB/T 30428 / CJ/T 214)")
def list_classes(request: ApiRequest) -> Any:
    return list(queries.classes())


# --- grids ---------------------------------------------------------------------------------------


class GridIn(BaseIn):
    community_code: str = Field(max_length=20)
    code: str = Field("", max_length=30)
    name: str = Field("", max_length=100)
    polygon: dict[str, Any]
    worker_id: int | None = None
    level: int = GridLevel.TWO


class GridOut(Schema):
    code: str
    name: str
    community_code: str
    level: int
    worker: str | None
    polygon: dict[str, Any]
    in_service: int
    intact: int

    @staticmethod
    def resolve_code(obj: Grid) -> str:
        return obj.area.code

    @staticmethod
    def resolve_name(obj: Grid) -> str:
        return obj.area.name

    @staticmethod
    def resolve_community_code(obj: Grid) -> str:
        return obj.area.code.split("-")[0]

    @staticmethod
    def resolve_worker(obj: Grid) -> str | None:
        return obj.worker.display_name if obj.worker else None


@router.get("/grids", response=list[GridOut], summary="Unit grids in reach")
@paginate(Pagination, page_size=100)
def list_grids(request: ApiRequest, community: str = "") -> Any:
    qs = queries.grids(request.auth)
    if community:
        qs = qs.filter(area__parent=community_for(request.auth, community, queries.VIEW))
    return qs


@router.post("/grids", response={201: GridOut}, summary="Draw or redraw a unit grid (street and above)")
def define_grid(request: ApiRequest, payload: GridIn) -> Status[Grid]:
    user = request.auth
    community = community_for(user, payload.community_code, queries.VIEW)
    worker = None
    if payload.worker_id is not None:
        from linli.accounts.models import User

        worker = User.objects.filter(pk=payload.worker_id, is_active=True).first()
        if worker is None:
            raise DomainError("no_such_worker", "worker", fields={"worker_id": ["?"]})
    grid = actions.grid_define(
        actor=user,
        community=community,
        code=payload.code,
        name=payload.name,
        polygon=payload.polygon,
        worker=worker,
        level=payload.level,
    )
    return Status(201, grid)


@router.get("/grids/{code}", response=GridOut, summary="One grid")
def get_grid(request: ApiRequest, code: str) -> Grid:
    return queries.grid_for(request.auth, code)


# --- components ----------------------------------------------------------------------------------


class ComponentIn(BaseIn):
    grid_code: str = column(Component, "code", max_length=30)
    code: str = column(Component, "code", max_length=40)
    lat: float | None = column(Component, "lat", None)
    lon: float | None = column(Component, "lon", None)
    line: list[list[float]] | None = None
    name: str = column(Component, "name", "")
    owner: str = column(Component, "owner", "")
    maintainer: str = column(Component, "maintainer", "")
    installed_on: Date | None = None
    state: str = State.INTACT


class ComponentOut(Schema):
    code: str
    class_code: str
    class_name: str
    grid_code: str
    name: str
    lat: float
    lon: float
    line: list[list[float]] | None
    state: str
    owner: str
    maintainer: str
    installed_on: dt.date | None
    maintained_on: dt.date | None

    @staticmethod
    def resolve_class_code(obj: Component) -> str:
        return obj.cls.code

    @staticmethod
    def resolve_class_name(obj: Component) -> str:
        return obj.cls.name

    @staticmethod
    def resolve_grid_code(obj: Component) -> str:
        return obj.grid.area.code


class NearOut(ComponentOut):
    distance_m: float


@router.get("/grids/{code}/components", response=list[ComponentOut], summary="The components of one grid")
@paginate(Pagination, page_size=200)
def grid_components(request: ApiRequest, code: str) -> Any:
    grid = queries.grid_for(request.auth, code)
    return queries.components_of_grid(request.auth, grid).select_related("grid__area")


@router.get("/components/near", response=list[NearOut], summary="Components within a radius, nearest first")
def near(request: ApiRequest, lat: float, lon: float, radius: float = 200, limit: int = 50) -> Any:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < radius <= 2000 and 1 <= limit <= 500):
        raise DomainError("bad_query", "lat, lon, radius ≤ 2000 m, limit ≤ 500")
    out = []
    for comp, dist in queries.nearest(request.auth, lat, lon, radius, limit):
        comp.distance_m = round(dist, 1)  # type: ignore[attr-defined]
        out.append(comp)
    return out


@router.post("/components", response={201: ComponentOut}, summary="Register a component")
def register_component(request: ApiRequest, payload: ComponentIn) -> Status[Component]:
    grid = queries.grid_for(request.auth, payload.grid_code)
    values = payload.dict(exclude={"grid_code"})
    return Status(201, actions.component_register(actor=request.auth, grid=grid, source="api", **values))


@router.get("/components/{code}", response=ComponentOut, summary="One component")
def get_component(request: ApiRequest, code: str) -> Component:
    return queries.component_for(request.auth, code)


class StateIn(BaseIn):
    state: str
    note: str = ""


@router.post("/components/{code}/state", response=ComponentOut, summary="Change a component's state")
def set_state(request: ApiRequest, code: str, payload: StateIn) -> Component:
    comp = queries.component_for(request.auth, code)
    return actions.component_state_set(
        actor=request.auth, component=comp, state=payload.state, note=payload.note
    )


class MaintainedIn(BaseIn):
    on: Date | None = None


@router.post("/components/{code}/maintained", response=ComponentOut, summary="Record maintenance done")
def maintained(request: ApiRequest, code: str, payload: MaintainedIn) -> Component:
    comp = queries.component_for(request.auth, code)
    return actions.component_maintained(actor=request.auth, component=comp, on=payload.on)


@router.post("/components/{code}/photos", response={201: dict[str, Any]}, summary="Add a photo")
def add_photo(request: ApiRequest, code: str, photo: UploadedFile = PHOTO) -> Status[dict[str, Any]]:
    comp = queries.component_for(request.auth, code)
    p = actions.component_photo_add(actor=request.auth, component=comp, upload=photo)
    return Status(201, {"id": p.pk, "content_type": p.content_type})


class FacilityImportOut(Schema):
    created: int


@router.post(
    "/communities/{code}/import",
    response={200: FacilityImportOut},
    summary="Import components from .xlsx or .geojson (all or nothing)",
)
def import_components(request: ApiRequest, code: str, fmt: str = "xlsx", file: UploadedFile = PHOTO) -> Any:
    """Nothing is written when a row is wrong: a 422 in the error shape lists every bad row."""
    community = community_for(request.auth, code, queries.VIEW)
    result = actions.components_import(actor=request.auth, community=community, data=file.read(), fmt=fmt)
    if result.errors:
        raise DomainError(
            "bad_rows",
            _("Nothing was imported: %(n)d rows need correcting.") % {"n": len(result.errors)},
            fields={
                "file": [
                    _("Line %(line)s: %(message)s") % {"line": n, "message": m} for n, m in result.errors
                ]
            },
        )
    return {"created": result.created}


# --- rounds and problems -------------------------------------------------------------------------


class InspectionRoundOut(Schema):
    code: str
    grid_code: str
    due_on: dt.date
    status: str
    inspector: str | None

    @staticmethod
    def resolve_grid_code(obj: Round) -> str:
        return obj.grid.area.code

    @staticmethod
    def resolve_inspector(obj: Round) -> str | None:
        return obj.inspector.display_name if obj.inspector else None


class RoundIn(BaseIn):
    due_on: Date


@router.get("/rounds", response=list[InspectionRoundOut], summary="Planned rounds the caller may walk")
@paginate(Pagination, page_size=100)
def list_rounds(request: ApiRequest) -> Any:
    return queries.my_rounds(request.auth)


@router.post("/grids/{code}/rounds", response={201: InspectionRoundOut}, summary="Plan a round")
def plan_round(request: ApiRequest, code: str, payload: RoundIn) -> Status[Round]:
    grid = queries.grid_for(request.auth, code)
    return Status(
        201, actions.round_plan(actor=request.auth, grid=grid, due_on=payload.due_on, inspector=request.auth)
    )


class ComponentCheckIn(BaseIn):
    component: str = column(Component, "code", max_length=40)
    ok: bool | None = None
    # One result per checklist item of the class, in order: [{"ok": true}, {"ok": false, "note": "..."}];
    # a failed item's photo is the file `item_photo_<n>` (n from 0).
    items: str = Field("", max_length=20_000)
    note: str = column(Check, "note", "")
    lat: float | None = column(Check, "lat", None)
    lon: float | None = column(Check, "lon", None)
    state_found: str = State.DAMAGED


class CheckItemOut(Schema):
    position: int
    item: str
    ok: bool
    note: str
    photo: bool


class CheckOut(Schema):
    component: str
    result: str
    items: list[CheckItemOut] = []
    problem: str | None = None
    ticket: str | None = None


@router.post(
    "/rounds/{code}/checks", response={201: CheckOut}, summary="Confirm a component or report a problem"
)
def check(
    request: ApiRequest,
    code: str,
    payload: Form[ComponentCheckIn],
    photo: UploadedFile | None = OPTIONAL_PHOTO,
) -> Status[dict[str, Any]]:
    user = request.auth
    rnd = queries.round_for(user, code)
    try:
        comp = queries.component_for(user, payload.component)
    except Http404:
        raise DomainError("no_such_component", "component", fields={"component": ["?"]}) from None
    c = actions.check_record(
        actor=user,
        rnd=rnd,
        component=comp,
        ok=payload.ok,
        note=payload.note,
        lat=payload.lat,
        lon=payload.lon,
        photo=photo,
        state_found=payload.state_found,
        items=_item_results(request, payload.items),
    )
    problem = c.opened_problem  # what the action opened and wrote, not read back
    return Status(
        201,
        {
            "component": comp.code,
            "result": c.result,
            "items": [
                {"position": i.position, "item": i.item, "ok": i.ok, "note": i.note, "photo": bool(i.photo)}
                for i in c.recorded_items
            ],
            "problem": problem.code if problem else None,
            "ticket": problem.ticket.code if problem and problem.ticket else None,
        },
    )


def _item_results(request: ApiRequest, raw: str) -> list[dict[str, Any]] | None:
    if not raw.strip():
        return None
    try:
        items = json.loads(raw)
    except ValueError:
        items = None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        message = _(
            'Give the checklist results as a JSON list: [{"ok": true}, {"ok": false, "note": "..."}].'
        )
        raise DomainError("bad_items", message, fields={"items": [message]})
    return [{**i, "photo": request.FILES.get(f"item_photo_{n}")} for n, i in enumerate(items[:100])]


class ProblemOut(Schema):
    code: str
    component: str
    grid_code: str
    source: str
    status: str
    ticket: str | None
    found_at: dt.datetime
    confirmed_at: dt.datetime | None

    @staticmethod
    def resolve_component(obj: Problem) -> str:
        return obj.component.code

    @staticmethod
    def resolve_grid_code(obj: Problem) -> str:
        return obj.grid.area.code

    @staticmethod
    def resolve_ticket(obj: Problem) -> str | None:
        return obj.ticket.code if obj.ticket else None


@router.get("/problems", response=list[ProblemOut], summary="Problems in reach")
@paginate(Pagination, page_size=100)
def list_problems(request: ApiRequest, status: str = "") -> Any:
    qs = queries.problems(request.auth)
    return qs.filter(status=status) if status else qs


class ComponentLinkIn(BaseIn):
    ticket: str = Field(max_length=20)
    component: str = column(Component, "code", max_length=40)


@router.post("/problems", response={201: ProblemOut}, summary="Link a resident's request to a component")
def link(request: ApiRequest, payload: ComponentLinkIn) -> Status[Problem]:
    ticket = ticket_for(request.auth, payload.ticket)
    comp = queries.component_for(request.auth, payload.component)
    return Status(201, actions.problem_from_ticket(actor=request.auth, ticket=ticket, component=comp))


@router.get("/problems/{code}", response=ProblemOut, summary="One problem")
def get_problem(request: ApiRequest, code: str) -> Problem:
    return queries.problem_for(request.auth, code)


@router.post("/problems/{code}/confirm", response=ProblemOut, summary="Confirm the repair (inspector)")
def confirm(request: ApiRequest, code: str) -> Problem:
    problem = queries.problem_for(request.auth, code)
    return actions.problem_confirm(actor=request.auth, problem=problem)


# --- maintenance, rates, map ---------------------------------------------------------------------


class MaintenanceDueOut(Schema):
    component: str
    class_name: str
    grid_code: str
    maintainer: str
    due_on: dt.date
    overdue: bool


@router.get(
    "/maintenance", response=list[MaintenanceDueOut], summary="Preventive maintenance due and overdue"
)
def maintenance(request: ApiRequest, within_days: int = 14) -> Any:
    today = _today()
    rows = queries.maintenance(request.auth, today, within_days=max(0, min(within_days, 365)))[:1000]
    return [
        {
            "component": c.code,
            "class_name": c.cls.name,
            "grid_code": c.grid.area.code,
            "maintainer": c.maintainer,
            "due_on": due,
            "overdue": due < today,
        }
        for c, due in rows
    ]


class RatesOut(Schema):
    area_code: str
    area_name: str
    in_service: int
    intact: int
    intact_rate: float | None
    by_inspector: int
    by_resident: int
    tickets: int
    dispatch_rate: float | None
    closure_rate: float | None


def _rates_row(r: rates.Rates) -> dict[str, Any]:
    return {
        "area_code": r.area.code,
        "area_name": r.area.name,
        "in_service": r.in_service,
        "intact": r.intact,
        "intact_rate": r.intact_rate,
        "by_inspector": r.by_inspector,
        "by_resident": r.by_resident,
        "tickets": r.tickets,
        "dispatch_rate": r.dispatch_rate,
        "closure_rate": r.closure_rate,
    }


@router.get("/rates", response=list[RatesOut], summary="Rates of an area and its children for a month")
def rates_view(request: ApiRequest, area: str, month: str = "") -> Any:
    place = area_for(request.auth, area, queries.VIEW)
    try:
        first = dt.date.fromisoformat(month + "-01") if month else _today().replace(day=1)
    except ValueError:
        raise DomainError("bad_month", "YYYY-MM", fields={"month": ["YYYY-MM"]}) from None
    return [_rates_row(r) for r in rates.rates_table(place, first, _today())]


@router.get(
    "/communities/{code}/map",
    response=dict[str, Any],
    summary="Grids, components and open problems (GeoJSON)",
)
def community_map(request: ApiRequest, code: str) -> Any:
    community = community_for(request.auth, code, queries.VIEW)
    grids = list(queries.grids(request.auth).filter(area__parent=community))
    comps = list(queries.components(request.auth).filter(grid__in=grids)[:20000])
    problems = list(queries.open_problems(request.auth).filter(grid__in=grids)[:2000])
    return geojson.collection(grids, comps, problems)
