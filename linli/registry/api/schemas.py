"""Schemas of the registry API (`<Noun>In` / `<Noun>Out`)."""

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Schema

from linli.common.masking import mask_id_number, mask_phone
from linli.common.schemas import BaseIn, column
from linli.registry import actions, queries
from linli.registry.models import (
    Building,
    CareTag,
    ChangeReport,
    Dwelling,
    Household,
    RegistryEvent,
    Relation,
    Rental,
    Resident,
    TransferRequest,
)


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
    hukou_where: str = column(Resident, "hukou_where", "here")
    hukou_code: str = column(Resident, "hukou_code", "")
    lives_where: str = column(Resident, "lives_where", "here")
    lives_code: str = column(Resident, "lives_code", "")
    lives_address: str = column(Resident, "lives_address", "")
    lives_since: dt.date | None = None

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
    hukou_where: str
    hukou_code: str
    lives_where: str
    lives_code: str
    lives_address: str
    lives_since: dt.date | None
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
    collective_unit: str
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
    collective_unit: str = column(Household, "collective_unit", "")
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


class ResidentReportIn(BaseIn):
    kind: str = column(ChangeReport, "kind")
    subject_id: int | None = None
    name: str = column(ChangeReport, "name", "")
    id_number: str = ""
    relation: str = column(ChangeReport, "relation", "")
    phone: str = ""
    note: str = column(ChangeReport, "note", "")
    lives_where: str = column(ChangeReport, "lives_where", "")
    lives_address: str = column(ChangeReport, "lives_address", "")
    lives_since: dt.date | None = None


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
