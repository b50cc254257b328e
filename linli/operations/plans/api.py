"""/api/v1/operations/plans: emergency plans of communities and streets (contact tree, drills),
shelters with their live counts, check-in and check-out. A person is looked up through the
registry's own search (masked ID and mobile; a full number answers only where the caller may
reveal); a value in full goes through the reveal endpoint with a reason, audited. A row outside
the caller's reach is 404."""

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from linli.accounts.reveal import pii_reveal
from linli.areas.queries import area_for
from linli.common.masking import mask_id_number, mask_phone
from linli.common.schemas import BaseIn, Id, Pagination, column
from linli.operations.models import Drill, EmergencyPlan, PlanContact, Shelter, ShelterStay
from linli.operations.plans import actions, queries
from linli.registry.models import Resident
from linli.registry.queries import resident_for
from linli.ui.http import ApiRequest

router = Router(tags=["operations: emergency plans and shelters"])
VIEW = "operations.view"


class PlanContactOut(Schema):
    id: int
    position: int
    kind: str
    name: str
    duty: str
    phone_masked: str

    @staticmethod
    def resolve_phone_masked(obj: PlanContact) -> str:
        return mask_phone(obj.phone) if obj.phone else ""


class PlanDrillOut(Schema):
    held_on: dt.date
    scenario: str
    participants: int
    findings: str


class PlanOut(Schema):
    code: str
    area_code: str
    kind: str
    title: str
    summary: str
    revision: int
    updated_at: dt.datetime
    contacts: list[PlanContactOut]
    drills: list[PlanDrillOut]

    @staticmethod
    def resolve_area_code(obj: EmergencyPlan) -> str:
        return obj.area.code

    @staticmethod
    def resolve_contacts(obj: EmergencyPlan) -> list[PlanContact]:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_drills(obj: EmergencyPlan) -> list[Drill]:
        return list(obj.drills.all())


class PlanIn(BaseIn):
    area_code: str
    kind: str = column(EmergencyPlan, "kind")
    title: str = column(EmergencyPlan, "title")
    summary: str = column(EmergencyPlan, "summary")


@router.get("/plans", response=list[PlanOut], summary="Emergency plans in reach")
@paginate(Pagination)
def list_plans(request: ApiRequest, kind: str = "") -> Any:
    qs = queries.plans(request.auth).prefetch_related("contacts", "drills").order_by("area__code", "kind")
    return qs.filter(kind=kind) if kind else qs


@router.post("/plans", response={201: PlanOut}, summary="Write or revise the area's plan for a kind")
def post_plan(request: ApiRequest, payload: PlanIn) -> Any:
    area = area_for(request.auth, payload.area_code, VIEW)
    plan = actions.plan_save(actor=request.auth, area=area, **payload.dict(exclude={"area_code"}))
    return Status(201, queries.plan_for(request.auth, plan.code))


@router.get("/plans/{code}", response=PlanOut, summary="One plan with its contact tree and drills")
def get_plan(request: ApiRequest, code: str) -> EmergencyPlan:
    return queries.plan_for(request.auth, code)


class PlanContactIn(BaseIn):
    kind: str = column(PlanContact, "kind")
    name: str = column(PlanContact, "name")
    duty: str = column(PlanContact, "duty")
    phone: str = ""
    position: int | None = column(PlanContact, "position", None)


@router.post("/plans/{code}/contacts", response={201: PlanOut}, summary="Add a contact to the tree")
def post_contact(request: ApiRequest, code: str, payload: PlanContactIn) -> Any:
    plan = queries.plan_for(request.auth, code)
    actions.contact_add(actor=request.auth, plan=plan, **payload.dict())
    return Status(201, queries.plan_for(request.auth, code))


@router.delete("/plans/contacts/{pk}", response=PlanOut, summary="Remove a contact (the rest move up)")
def delete_contact(request: ApiRequest, pk: Id) -> EmergencyPlan:
    contact = queries.contact_for(request.auth, pk)
    actions.contact_remove(actor=request.auth, contact=contact)
    return queries.plan_for(request.auth, contact.plan.code)


class PlanDrillIn(BaseIn):
    held_on: dt.date
    scenario: str = column(Drill, "scenario")
    participants: int = column(Drill, "participants")
    findings: str = column(Drill, "findings")


@router.post("/plans/{code}/drills", response={201: PlanOut}, summary="Record a drill held")
def post_drill(request: ApiRequest, code: str, payload: PlanDrillIn) -> Any:
    plan = queries.plan_for(request.auth, code)
    actions.drill_record(actor=request.auth, plan=plan, **payload.dict())
    return Status(201, queries.plan_for(request.auth, code))


class ShelterOut(Schema):
    code: str
    area_code: str
    name: str
    address: str
    capacity: int
    is_open: bool
    present: int
    stays_total: int

    @staticmethod
    def resolve_area_code(obj: Shelter) -> str:
        return obj.area.code


class ShelterIn(BaseIn):
    area_code: str
    name: str = column(Shelter, "name")
    address: str = column(Shelter, "address")
    capacity: int = column(Shelter, "capacity")


@router.get("/shelters", response=list[ShelterOut], summary="Shelters in reach with their counts")
@paginate(Pagination)
def list_shelters(request: ApiRequest) -> Any:
    return queries.shelters(request.auth).order_by("area__code", "name")


@router.post("/shelters", response={201: ShelterOut}, summary="Add a shelter")
def post_shelter(request: ApiRequest, payload: ShelterIn) -> Any:
    area = area_for(request.auth, payload.area_code, VIEW)
    shelter = actions.shelter_save(actor=request.auth, area=area, **payload.dict(exclude={"area_code"}))
    return Status(201, queries.shelter_for(request.auth, shelter.code))


@router.get("/shelters/{code}", response=ShelterOut, summary="One shelter with its counts")
def get_shelter(request: ApiRequest, code: str) -> Shelter:
    return queries.shelter_for(request.auth, code)


class ShelterOpenIn(BaseIn):
    is_open: bool


@router.post("/shelters/{code}/open", response=ShelterOut, summary="Open or close a shelter")
def post_open(request: ApiRequest, code: str, payload: ShelterOpenIn) -> Shelter:
    actions.shelter_open(
        actor=request.auth, shelter=queries.shelter_for(request.auth, code), **payload.dict()
    )
    return queries.shelter_for(request.auth, code)


class ShelterPersonOut(Schema):
    id: int
    name: str
    community_code: str
    id_number_masked: str
    phone_masked: str

    @staticmethod
    def resolve_community_code(obj: Resident) -> str:
        return obj.community.code

    @staticmethod
    def resolve_id_number_masked(obj: Resident) -> str:
        return mask_id_number(obj.id_number)

    @staticmethod
    def resolve_phone_masked(obj: Resident) -> str:
        return mask_phone(obj.phone) if obj.phone else ""


@router.get(
    "/shelters/{code}/lookup",
    response=list[ShelterPersonOut],
    summary="Find a registered person to check in (the registry's search and reveal rules)",
)
def get_lookup(request: ApiRequest, code: str, q: str = "") -> list[Resident]:
    queries.shelter_for(request.auth, code)
    return queries.lookup(request.auth, q[:50])


class ShelterRevealIn(BaseIn):
    field: str
    reason: str


class ShelterRevealOut(Schema):
    value: str


@router.post(
    "/shelters/{code}/lookup/{pk}/reveal",
    response=ShelterRevealOut,
    summary="One person's ID or mobile number in full: needs a reason, leaves an audit event",
)
def post_reveal(request: ApiRequest, code: str, pk: Id, payload: ShelterRevealIn) -> dict[str, str]:
    queries.shelter_for(request.auth, code)
    field = payload.field if payload.field in ("id_number", "phone") else "phone"
    value = pii_reveal(
        actor=request.auth, kind=f"registry.resident.{field}", pk=str(pk), reason=payload.reason
    )
    return {"value": value}


class ShelterStayOut(Schema):
    id: int
    shelter: str
    resident: str | None
    name: str
    checked_in_at: dt.datetime
    checked_out_at: dt.datetime | None
    note: str

    @staticmethod
    def resolve_shelter(obj: ShelterStay) -> str:
        return obj.shelter.code

    @staticmethod
    def resolve_resident(obj: ShelterStay) -> str | None:
        return obj.resident.community.code if obj.resident else None

    @staticmethod
    def resolve_name(obj: ShelterStay) -> str:
        return obj.resident.name if obj.resident else obj.guest_name


@router.get(
    "/shelters/{code}/stays", response=list[ShelterStayOut], summary="Who is in (present=true) or was"
)
@paginate(Pagination)
def list_stays(request: ApiRequest, code: str, present: bool | None = None) -> Any:
    return queries.stays(request.auth, queries.shelter_for(request.auth, code), present=present)


class ShelterCheckInIn(BaseIn):
    resident_id: Id | None = None
    guest_name: str = column(ShelterStay, "guest_name", "")
    note: str = column(ShelterStay, "note", "")


@router.post("/shelters/{code}/stays", response={201: ShelterStayOut}, summary="Check a person in")
def post_stay(request: ApiRequest, code: str, payload: ShelterCheckInIn) -> Any:
    shelter = queries.shelter_for(request.auth, code)
    resident = resident_for(request.auth, payload.resident_id) if payload.resident_id else None
    stay = actions.stay_check_in(
        actor=request.auth,
        shelter=shelter,
        resident=resident,
        guest_name=payload.guest_name,
        note=payload.note,
    )
    return Status(201, queries.stay_for(request.auth, stay.pk))


@router.post("/stays/{pk}/check-out", response=ShelterStayOut, summary="Check a person out")
def post_check_out(request: ApiRequest, pk: Id) -> ShelterStay:
    stay = actions.stay_check_out(actor=request.auth, stay=queries.stay_for(request.auth, pk))
    return queries.stay_for(request.auth, stay.pk)
