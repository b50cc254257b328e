"""The registry's REST API (/api/v1/registry/...): thin — parse, call a query or action, shape."""

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from linli.accounts import policy
from linli.areas.models import Area
from linli.common.masking import mask_id_number, mask_phone
from linli.common.schemas import BaseIn, Days, Id, Page, Pagination, column
from linli.registry import actions, queries
from linli.registry.jobs import import_job_create
from linli.registry.models import (
    Building,
    CareTag,
    ChangeReport,
    Dwelling,
    Household,
    ImportJob,
    RegistryEvent,
    Relation,
    Rental,
    Resident,
    TransferRequest,
)

router = Router(tags=["registry"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _community(request: HttpRequest, code: str) -> Area:
    area = policy.get_or_404(Area.objects.all(), _user(request), "areas.view", "", code=code)
    return area


# ---------------------------------------------------------------------------------------------
# Schemas


class BuildingIn(BaseIn):
    community: str
    name: str = column(Building, "name")
    address: str = column(Building, "address", "")
    unit_count: int = column(Building, "unit_count", 1)


class BuildingOut(Schema):
    id: int
    community: str
    name: str
    address: str
    unit_count: int

    @staticmethod
    def resolve_community(obj: Building) -> str:
        return obj.community.code


class DwellingIn(BaseIn):
    number: str = column(Dwelling, "number")
    use: str = column(Dwelling, "use", "owner")
    floor_area_m2: float | None = column(Dwelling, "floor_area_m2", None)


class DwellingOut(Schema):
    id: int
    building_id: int
    number: str
    use: str
    floor_area_m2: float | None


class PersonIn(BaseIn):
    name: str = column(Resident, "name")
    id_number: str
    phone: str = ""
    ethnicity: str = column(Resident, "ethnicity", "汉族")
    hukou_place: str = column(Resident, "hukou_place", "")
    employment: str = column(Resident, "employment", "")

    def person(self) -> actions.PersonData:
        return actions.PersonData(**self.dict(include=set(PersonIn.model_fields)))


class ResidentOut(Schema):
    id: int
    name: str
    id_number_masked: str
    phone_masked: str
    gender: str
    # The full date only with the reveal right (it is the 8 digits the masked ID hides); the
    # year always. See docs/architecture.md, personal data.
    birth_date: dt.date | None
    birth_year: int
    ethnicity: str
    hukou_place: str
    employment: str
    kind: str
    status: str
    relation: str
    household_id: int | None
    community: str
    residence_until: dt.date | None
    care_tags: list[str]

    @staticmethod
    def resolve_id_number_masked(obj: Resident) -> str:
        return mask_id_number(obj.id_number)

    @staticmethod
    def resolve_phone_masked(obj: Resident) -> str:
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_birth_date(obj: Resident, context: Any) -> dt.date | None:
        viewer = context["request"].auth if context else None
        return obj.birth_date if queries.shows_full_birth_date(viewer, obj) else None

    @staticmethod
    def resolve_birth_year(obj: Resident) -> int:
        return obj.birth_date.year

    @staticmethod
    def resolve_community(obj: Resident) -> str:
        return obj.community.code

    @staticmethod
    def resolve_care_tags(obj: Resident) -> list[str]:
        return queries.tags_of(obj, timezone.localdate())


class HouseholdOut(Schema):
    id: int
    code: str
    community: str
    kind: str
    dwelling_id: int | None
    head_id: int | None
    is_active: bool
    members: list[ResidentOut]

    @staticmethod
    def resolve_community(obj: Household) -> str:
        return obj.community.code


class RegistryEventOut(Schema):
    kind: str
    at: dt.datetime
    note: str
    household_id: int | None
    resident_id: int | None


class MoveInIn(PersonIn):
    community: str
    kind: str
    dwelling_id: int | None = None


class MemberIn(PersonIn):
    relation: str
    birth: bool = False


class MoveInOut(Schema):
    resident: ResidentOut | None = None
    transfer_id: int | None = None


class MoveOutIn(BaseIn):
    to_community: str = ""
    note: str = column(RegistryEvent, "note", "")


class DeathIn(BaseIn):
    new_head_id: int | None = None
    note: str = column(RegistryEvent, "note", "")


class HeadIn(BaseIn):
    new_head_id: int
    old_head_relation: str = Relation.OTHER_RELATIVE


class SplitIn(BaseIn):
    member_ids: list[int]
    new_head_id: int
    dwelling_id: int | None = None


class MergeIn(BaseIn):
    target_id: int
    relation: str = Relation.OTHER_RELATIVE


class TransferOut(Schema):
    id: int
    code: str
    resident_id: int
    from_community: str
    to_community: str
    direction: str
    status: str
    reason: str
    new_resident_id: int | None

    @staticmethod
    def resolve_from_community(obj: TransferRequest) -> str:
        return obj.from_community.code

    @staticmethod
    def resolve_to_community(obj: TransferRequest) -> str:
        return obj.to_community.code


class DecideIn(BaseIn):
    accept: bool
    reason: str = column(TransferRequest, "reason", "")
    dwelling_id: int | None = None
    kind: str = column(TransferRequest, "kind", "")


class ResidentReportIn(BaseIn):
    kind: str = column(ChangeReport, "kind")
    subject_id: int | None = None
    name: str = column(ChangeReport, "name", "")
    id_number: str = ""
    relation: str = column(ChangeReport, "relation", "")
    phone: str = ""
    note: str = column(ChangeReport, "note", "")


class ReportOut(Schema):
    id: int
    code: str
    household_id: int
    kind: str
    name: str
    status: str
    reason: str
    created_at: dt.datetime


class RentalIn(BaseIn):
    dwelling_id: int
    landlord_name: str = column(Rental, "landlord_name")
    landlord_phone: str = ""
    start: dt.date
    end: dt.date
    tenants: list[PersonIn]


class RentalOut(Schema):
    id: int
    dwelling_id: int
    household_id: int | None
    landlord_name: str
    start: dt.date
    end: dt.date


class TagIn(BaseIn):
    tag: str = column(CareTag, "tag")
    level: int | None = column(CareTag, "level", None)
    note: str = column(CareTag, "note", "")


class VisitIn(BaseIn):
    visited_at: dt.datetime
    findings: str
    follow_up: str = ""


class VisitOut(Schema):
    id: int
    resident_id: int
    worker_id: int | None
    visited_at: dt.datetime
    findings: str
    follow_up: str


class DueOut(Schema):
    resident_id: int
    name: str
    tags: list[str]
    every_days: int
    last_visit: dt.datetime | None
    due: dt.date
    overdue: bool


class AssignIn(BaseIn):
    worker_id: int


class ImportJobOut(Schema):
    code: str
    status: str
    dry_run: bool
    processed: int
    households: int
    residents: int
    error_count: int
    errors: list[list[Any]]  # the first LINLI_IMPORT_MAX_ERRORS
    errors_not_listed: int
    stopped: bool  # it stopped without finishing; POST .../again while can_start_again
    can_start_again: bool


class CountsOut(Schema):
    community: str
    households: dict[str, int]
    residents: dict[str, int]


# ---------------------------------------------------------------------------------------------
# Buildings and dwellings


@router.get("/buildings", response=list[BuildingOut], summary="Buildings in your reach")
@paginate(Pagination, page_size=100)
def list_buildings(request: HttpRequest, community: str = "") -> Any:
    qs = queries.buildings_for(_user(request)).order_by("community__code", "name")
    if community:
        qs = qs.filter(community__code=community)
    return qs


@router.post("/buildings", response={201: BuildingOut}, summary="Add a building")
def create_building(request: HttpRequest, payload: BuildingIn) -> Status[Building]:
    b = actions.building_create(
        actor=_user(request),
        community=_community(request, payload.community),
        name=payload.name,
        address=payload.address,
        unit_count=payload.unit_count,
    )
    return Status(201, b)


@router.get("/buildings/{pk}", response=BuildingOut)
def get_building(request: HttpRequest, pk: Id) -> Building:
    return queries.building_for(_user(request), pk)


@router.get("/buildings/{pk}/dwellings", response=list[DwellingOut])
def list_dwellings(request: HttpRequest, pk: Id) -> Any:
    return list(queries.building_for(_user(request), pk).dwellings.all())


@router.post("/buildings/{pk}/dwellings", response={201: DwellingOut})
def create_dwelling(request: HttpRequest, pk: Id, payload: DwellingIn) -> Status[Dwelling]:
    d = actions.dwelling_create(
        actor=_user(request),
        building=queries.building_for(_user(request), pk),
        number=payload.number,
        use=payload.use,
        floor_area_m2=payload.floor_area_m2,
    )
    return Status(201, d)


@router.post("/buildings/{pk}/assignments", response={204: None}, summary="Assign a worker (分片包户)")
def assign_building(request: HttpRequest, pk: Id, payload: AssignIn) -> Status[None]:
    from linli.accounts.models import User

    building = queries.building_for(_user(request), pk)
    worker = User.objects.filter(pk=payload.worker_id).first()
    if worker is None:
        raise Http404
    actions.building_assign(actor=_user(request), building=building, worker=worker)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# Residents and households


class ResidentPage(Schema):
    items: list[ResidentOut]
    count: int
    count_capped: bool = False  # True: more matches than `count`; narrow the search


class ResidentSearchIn(Schema):
    q: str = ""  # a name prefix, or an exact ID or mobile number
    building: int | None = None
    dwelling: int | None = None
    tag: str = ""
    kind: str = ""
    status: str = "active"
    page: int = 1


@router.get(
    "/residents", response=ResidentPage, summary="List residents (scoped, 50 a page); search: POST .../search"
)
def list_residents(
    request: HttpRequest,
    building: int | None = None,
    dwelling: int | None = None,
    tag: str = "",
    kind: str = "",
    status: str = "active",
    page: Page = 1,
) -> Any:
    search = ResidentSearchIn(
        building=building, dwelling=dwelling, tag=tag, kind=kind, status=status, page=page
    )
    return _residents_page(request, search)


@router.post(
    "/residents/search",
    response=ResidentPage,
    summary="Search residents by name, ID or mobile number: the term in the body, never in a URL",
)
def search_residents(request: HttpRequest, payload: ResidentSearchIn) -> Any:
    return _residents_page(request, payload)


def _residents_page(request: HttpRequest, s: ResidentSearchIn) -> Any:
    user = _user(request)
    found = queries.residents_search(
        user,
        queries.Search(
            q=s.q, building=s.building, dwelling=s.dwelling, tag=s.tag, kind=s.kind, status=s.status
        ),
    )
    result = queries.residents_page(user, found, s.page, 50)
    return {
        "items": list(result.object_list),
        "count": result.paginator.count,
        "count_capped": getattr(result.paginator, "capped", False),
    }


def _resident(request: HttpRequest, pk: Id) -> Resident:
    user = _user(request)
    found = queries.with_visible_tags(queries.residents_for(user).filter(pk=pk), user).select_related(
        "community"
    )
    resident = found.first()
    if resident is None:
        raise Http404
    return resident


@router.get("/residents/{pk}", response=ResidentOut)
def get_resident(request: HttpRequest, pk: Id) -> Resident:
    return _resident(request, pk)


class ResidentEditIn(BaseIn):
    """Only the fields sent change."""

    name: str | None = column(Resident, "name", None)
    ethnicity: str | None = column(Resident, "ethnicity", None)
    hukou_place: str | None = column(Resident, "hukou_place", None)
    employment: str | None = column(Resident, "employment", None)


@router.patch(
    "/residents/{pk}", response=ResidentOut, summary="Correct name, ethnicity, 户籍地 or employment"
)
def update_resident(request: HttpRequest, pk: Id, payload: ResidentEditIn) -> Resident:
    resident = _resident(request, pk)
    changes = payload.dict(exclude_none=True)
    actions.resident_update(actor=_user(request), resident=resident, **changes)
    return _resident(request, pk)


@router.get("/residents/{pk}/history", response=list[RegistryEventOut])
def resident_history(request: HttpRequest, pk: Id) -> Any:
    return list(queries.resident_history(_resident(request, pk)))


def _household(request: HttpRequest, pk: Id) -> Household:
    household = queries.household_for(_user(request), pk)
    user = _user(request)
    household.members_list = list(  # type: ignore[attr-defined]
        queries.with_visible_tags(household.members.all().select_related("community").order_by("id"), user)
    )
    return household


class _HouseholdOut(HouseholdOut):
    @staticmethod
    def resolve_members(obj: Household) -> list[Resident]:
        return obj.members_list  # type: ignore[attr-defined,no-any-return]


@router.get("/households/{pk}", response=_HouseholdOut, summary="A household (yours, or one in your reach)")
def get_household(request: HttpRequest, pk: Id) -> Household:
    return _household(request, pk)


@router.get("/households/{pk}/history", response=list[RegistryEventOut])
def household_history(request: HttpRequest, pk: Id) -> Any:
    household = queries.household_for(_user(request), pk)
    if not policy.can(_user(request), "areas.view", household.community):
        raise Http404
    return list(queries.household_history(household))


def _managed_household(request: HttpRequest, pk: Id) -> Household:
    household = queries.household_for(_user(request), pk)
    if not policy.can(_user(request), "areas.view", household.community):
        raise Http404
    return household


def _move_in_out(result: actions.MoveIn) -> dict[str, Any]:
    return {"resident": result.resident, "transfer_id": result.transfer.pk if result.transfer else None}


@router.post("/households", response={201: MoveInOut, 202: MoveInOut}, summary="Move in as a new household")
def move_in(request: HttpRequest, payload: MoveInIn) -> Status[Any]:
    """201 with the new resident, or 202 with a transfer request when the ID is active elsewhere."""
    community = _community(request, payload.community)
    dwelling = queries.dwelling_for(_user(request), payload.dwelling_id) if payload.dwelling_id else None
    result = actions.resident_move_in(
        actor=_user(request),
        community=community,
        person=payload.person(),
        kind=payload.kind,
        dwelling=dwelling,
    )
    return Status(202 if result.transfer else 201, _move_in_out(result))


@router.post(
    "/households/{pk}/members", response={201: MoveInOut, 202: MoveInOut}, summary="Move in or birth"
)
def add_member(request: HttpRequest, pk: Id, payload: MemberIn) -> Status[Any]:
    household = _managed_household(request, pk)
    if payload.birth:
        r = actions.resident_birth(
            actor=_user(request), household=household, person=payload.person(), relation=payload.relation
        )
        return Status(201, _move_in_out(actions.MoveIn(resident=r)))
    result = actions.resident_move_in(
        actor=_user(request),
        community=household.community,
        person=payload.person(),
        kind=household.kind,
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
def change_head(request: HttpRequest, pk: Id, payload: HeadIn) -> Household:
    household = _managed_household(request, pk)
    actions.household_change_head(
        actor=_user(request),
        household=household,
        new_head=_member(household, payload.new_head_id),
        old_head_relation=payload.old_head_relation,
    )
    return _household(request, pk)


@router.post("/households/{pk}/split", response={201: _HouseholdOut}, summary="Split off a new household")
def split(request: HttpRequest, pk: Id, payload: SplitIn) -> Status[Household]:
    household = _managed_household(request, pk)
    dwelling = queries.dwelling_for(_user(request), payload.dwelling_id) if payload.dwelling_id else None
    new = actions.household_split(
        actor=_user(request),
        household=household,
        members=[_member(household, i) for i in payload.member_ids],
        new_head=_member(household, payload.new_head_id),
        dwelling=dwelling,
    )
    return Status(201, _household(request, new.pk))


@router.post("/households/{pk}/merge", response=_HouseholdOut, summary="Merge this household into another")
def merge(request: HttpRequest, pk: Id, payload: MergeIn) -> Household:
    source = _managed_household(request, pk)
    target = _managed_household(request, payload.target_id)
    actions.household_merge(actor=_user(request), source=source, target=target, relation=payload.relation)
    return _household(request, target.pk)


@router.post("/residents/{pk}/move-out", response={200: ResidentOut, 202: TransferOut})
def move_out(request: HttpRequest, pk: Id, payload: MoveOutIn) -> Any:
    """Out of the city (200), or to another community: 202 with the transfer it must accept."""
    resident = _resident(request, pk)
    target = Area.objects.filter(code=payload.to_community).first() if payload.to_community else None
    if payload.to_community and target is None:
        raise Http404
    transfer = actions.resident_move_out(
        actor=_user(request), resident=resident, to_community=target, note=payload.note
    )
    if transfer is not None:
        return Status(202, transfer)
    return _resident(request, pk)


@router.post("/residents/{pk}/death", response=ResidentOut)
def death(request: HttpRequest, pk: Id, payload: DeathIn) -> Resident:
    resident = _resident(request, pk)
    new_head = _member(resident.household, payload.new_head_id) if payload.new_head_id else None  # type: ignore[arg-type]
    actions.resident_death(actor=_user(request), resident=resident, new_head=new_head, note=payload.note)
    return _resident(request, pk)


@router.post("/residents/{pk}/tags", response=ResidentOut, summary="Set a care tag")
def set_tag(request: HttpRequest, pk: Id, payload: TagIn) -> Resident:
    actions.care_tag_set(
        actor=_user(request),
        resident=_resident(request, pk),
        tag=payload.tag,
        level=payload.level,
        note=payload.note,
    )
    return _resident(request, pk)


@router.delete("/residents/{pk}/tags/{tag}", response=ResidentOut, summary="Remove a care tag")
def remove_tag(request: HttpRequest, pk: Id, tag: str) -> Resident:
    actions.care_tag_remove(actor=_user(request), resident=_resident(request, pk), tag=tag)
    return _resident(request, pk)


@router.post("/residents/{pk}/visits", response={201: VisitOut}, summary="Log a home visit")
def log_visit(request: HttpRequest, pk: Id, payload: VisitIn) -> Status[Any]:
    visit = actions.visit_log(
        actor=_user(request),
        resident=_resident(request, pk),
        visited_at=payload.visited_at,
        findings=payload.findings,
        follow_up=payload.follow_up,
    )
    return Status(201, visit)


@router.get("/visits/due", response=list[DueOut], summary="Visits due and overdue (your buildings)")
def visits_due(request: HttpRequest, all: bool = False) -> Any:
    return [
        DueOut(
            resident_id=d.resident.pk,
            name=d.resident.name,
            tags=d.tags,
            every_days=d.every_days,
            last_visit=d.last_visit,
            due=d.due,
            overdue=d.overdue,
        )
        for d in queries.visits_due(_user(request), mine_only=not all)
    ]


@router.get("/counts", response=list[CountsOut], summary="Households and residents per community, by kind")
def counts(request: HttpRequest) -> Any:
    from linli.areas.levels import Level

    communities = list(
        policy.scope(Area.objects.filter(level=Level.COMMUNITY), _user(request), "areas.view", "")
    )
    data = queries.counts_by_community(communities)
    return [
        CountsOut(
            community=c.code,
            households=data.get(c.pk, {}).get("households", {}),
            residents=data.get(c.pk, {}).get("residents", {}),
        )
        for c in communities
    ]


# ---------------------------------------------------------------------------------------------
# Transfers and reports


@router.get("/transfers", response=list[TransferOut])
@paginate(Pagination, page_size=50)
def list_transfers(request: HttpRequest, pending: bool = False) -> Any:
    user = _user(request)
    return queries.transfers_to_decide(user) if pending else queries.transfers_for(user)


@router.post("/transfers/{pk}/decide", response=TransferOut)
def decide_transfer(request: HttpRequest, pk: Id, payload: DecideIn) -> TransferRequest:
    transfer = queries.transfer_for(_user(request), pk)
    dwelling = queries.dwelling_for(_user(request), payload.dwelling_id) if payload.dwelling_id else None
    return actions.transfer_decide(
        actor=_user(request),
        transfer=transfer,
        accept=payload.accept,
        reason=payload.reason,
        dwelling=dwelling,
        kind=payload.kind,
    )


@router.get("/me/household", response=_HouseholdOut, summary="Your own household (residents)")
def my_household(request: HttpRequest) -> Household:
    household = queries.household_of_user(_user(request))
    if household is None:
        raise Http404
    return _household(request, household.pk)


@router.get("/me/reports", response=list[ReportOut])
def my_reports(request: HttpRequest) -> Any:
    return list(queries.reports_of_user(_user(request)))


@router.post("/me/reports", response={201: ReportOut}, summary="Report a change in your household")
def submit_report(request: HttpRequest, payload: ResidentReportIn) -> Status[Any]:
    household = queries.household_of_user(_user(request))
    subject = (
        household.members.filter(pk=payload.subject_id).first() if household and payload.subject_id else None
    )
    report = actions.change_report_submit(
        actor=_user(request),
        kind=payload.kind,
        subject=subject,
        name=payload.name,
        id_number=payload.id_number,
        relation=payload.relation,
        phone=payload.phone,
        note=payload.note,
    )
    return Status(201, report)


@router.get("/reports", response=list[ReportOut])
@paginate(Pagination, page_size=50)
def list_reports(request: HttpRequest, status: str = "") -> Any:
    qs = queries.reports_for(_user(request))
    return qs.filter(status=status) if status else qs


@router.post("/reports/{pk}/decide", response=ReportOut)
def decide_report(request: HttpRequest, pk: Id, payload: DecideIn) -> Any:
    report = queries.report_for(_user(request), pk)
    return actions.change_report_decide(
        actor=_user(request), report=report, approve=payload.accept, reason=payload.reason
    )


# ---------------------------------------------------------------------------------------------
# Rentals


@router.get("/rentals", response=list[RentalOut])
@paginate(Pagination, page_size=50)
def list_rentals(request: HttpRequest) -> Any:
    return queries.rentals_for(_user(request))


@router.post("/rentals", response={201: RentalOut}, summary="Register a rental and its tenants")
def create_rental(request: HttpRequest, payload: RentalIn) -> Status[Rental]:
    rental = actions.rental_register(
        actor=_user(request),
        dwelling=queries.dwelling_for(_user(request), payload.dwelling_id),
        landlord_name=payload.landlord_name,
        landlord_phone=payload.landlord_phone,
        start=payload.start,
        end=payload.end,
        tenants=[t.person() for t in payload.tenants],
    )
    return Status(201, rental)


@router.get("/rentals/expiring", response=list[ResidentOut], summary="Residence registrations ending soon")
@paginate(Pagination, page_size=50)
def expiring(request: HttpRequest, days: Days = 30) -> Any:
    user = _user(request)
    return queries.with_visible_tags(
        queries.registrations_expiring(user, days=days).select_related("community"), user
    )


@router.get(
    "/rentals/unregistered", response=list[DwellingOut], summary="Rented dwellings with no current lease"
)
@paginate(Pagination, page_size=50)
def unregistered(request: HttpRequest) -> Any:
    return queries.rented_dwellings_unregistered(_user(request))


# ---------------------------------------------------------------------------------------------
# Import and export


@router.post(
    "/imports", response={202: ImportJobOut}, summary="Upload a CSV/XLSX import (dry_run: preview only)"
)
def create_import(
    request: HttpRequest, community: Form[str], file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[ImportJob]:
    if not file.name or not file.name.lower().endswith((".csv", ".xlsx")):
        from linli.common.errors import DomainError

        raise DomainError("bad_file", "Upload a .csv or .xlsx file.", fields={"file": ["csv/xlsx"]})
    job = import_job_create(
        actor=_user(request), community=_community(request, community), upload=file, dry_run=dry_run
    )
    job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{code}", response=ImportJobOut, summary="An import's progress and result")
def get_import(request: HttpRequest, code: str) -> ImportJob:
    return queries.import_job_for(_user(request), code)


@router.post(
    "/imports/{code}/again",
    response={202: ImportJobOut},
    summary="Start again an import that stopped without finishing (stopped: true), from its kept upload",
)
def start_import_again(request: HttpRequest, code: str) -> Status[ImportJob]:
    from linli.registry.jobs import import_job_start_again

    job = import_job_start_again(actor=_user(request), job=queries.import_job_for(_user(request), code))
    job.refresh_from_db()
    return Status(202, job)


class ExportIn(Schema):
    format: Literal["csv", "xlsx"] = "csv"
    q: str = ""
    building: int | None = None
    tag: str = ""
    kind: str = ""
    reveal: bool = False  # ID and mobile numbers in full: needs `reason`, writes an audit event
    reason: str = ""


@router.post(
    "/export",
    summary="Residents as CSV/XLSX (masked unless reveal with a reason); a POST, so a link cannot start it",
)
def export(request: HttpRequest, payload: ExportIn) -> HttpResponse:
    from linli.registry.views import export_response

    user = _user(request)
    search = queries.Search(q=payload.q, building=payload.building, tag=payload.tag, kind=payload.kind)
    if payload.reveal:
        actions.export_reveal_allow(actor=user, reason=payload.reason, search=search)
    return export_response(user, search, fmt=payload.format, reveal=payload.reveal)  # type: ignore[return-value]
