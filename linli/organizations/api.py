"""/api/v1/organizations: community social organizations (members, activities, annual reports,
grades, service contracts paid through the ledger), Party organizations (members only with a
"party" grant), targets rolled up, and the Excel import.

Phones masked; a row outside the caller's reach is 404 like an absent one.
"""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from linli.accounts import policy
from linli.common.masking import mask_phone
from linli.common.schemas import BaseIn, Date, Id, Pagination, Year, column
from linli.organizations import actions, importing, queries, targets
from linli.organizations import permissions as perms
from linli.organizations.models import (
    Activity,
    AnnualReport,
    ContractPayment,
    MemberRole,
    Membership,
    OfficerElection,
    Organization,
    PartyMember,
    PartyOrganization,
    PartyTransfer,
    PartyWorker,
    ServiceContract,
)
from linli.ui.http import ApiRequest

router = Router(tags=["organizations"])


# --- organizations -------------------------------------------------------------------------------


class OrganizationIn(BaseIn):
    name: str = column(Organization, "name")
    kind: str = column(Organization, "kind")
    standing: str = column(Organization, "standing")
    purpose: str = column(Organization, "purpose", "")
    founded_on: Date
    contact_name: str = column(Organization, "contact_name")
    contact_phone: str = ""
    incubation: str = column(Organization, "incubation", "none")
    is_fitness_association: bool = False


class OrganizationNewIn(OrganizationIn):
    community_code: str


class OrganizationOut(Schema):
    code: str
    community_code: str
    name: str
    kind: str
    standing: str
    purpose: str
    founded_on: dt.date
    contact_name: str
    contact_phone: str
    incubation: str
    is_fitness_association: bool
    grade: str
    graded_on: dt.date | None
    status: str

    @staticmethod
    def resolve_community_code(obj: Organization) -> str:
        return obj.community.code

    @staticmethod
    def resolve_contact_phone(obj: Organization) -> str:
        return mask_phone(obj.contact_phone)


@router.get("/orgs", response=list[OrganizationOut], summary="Organizations in the caller's reach")
@paginate(Pagination, page_size=50)
def list_orgs(request: ApiRequest, community: str = "", kind: str = "", status: str = "active") -> Any:
    where = queries.community_for(request.auth, community) if community else None
    return queries.orgs_for(request.auth, community=where, kind=kind, status=status)


@router.post("/orgs", response={201: OrganizationOut}, summary="Register or file an organization")
def create_org(request: ApiRequest, payload: OrganizationNewIn) -> Status[Organization]:
    community = queries.community_for(request.auth, payload.community_code, perms.MANAGE)
    values = payload.dict(exclude={"community_code"})
    return Status(201, actions.organization_register(actor=request.auth, community=community, **values))


@router.get("/orgs/{code}", response=OrganizationOut, summary="One organization")
def get_org(request: ApiRequest, code: str) -> Organization:
    return queries.org_for(request.auth, code)


@router.put("/orgs/{code}", response=OrganizationOut, summary="Change an organization")
def put_org(request: ApiRequest, code: str, payload: OrganizationIn) -> Organization:
    org = queries.org_for(request.auth, code)
    return actions.organization_update(actor=request.auth, org=org, **payload.dict())


class GradeIn(BaseIn):
    grade: str = column(Organization, "grade", "")


@router.post(
    "/orgs/{code}/grade", response=OrganizationOut, summary="Grade an organization (street, district)"
)
def grade_org(request: ApiRequest, code: str, payload: GradeIn) -> Organization:
    org = queries.org_for(request.auth, code)
    return actions.organization_grade(actor=request.auth, org=org, grade=payload.grade)


@router.post("/orgs/{code}/dissolve", response=OrganizationOut, summary="Record an organization as dissolved")
def dissolve_org(request: ApiRequest, code: str) -> Organization:
    org = queries.org_for(request.auth, code)
    return actions.organization_dissolve(actor=request.auth, org=org)


# --- members, activities, reports ----------------------------------------------------------------


class OrgMemberIn(BaseIn):
    name: str = column(Membership, "name")
    role: str = column(Membership, "role", MemberRole.MEMBER)
    joined_on: Date
    sports_instructor: bool = False


class OrgMemberOut(Schema):
    id: int
    name: str
    role: str
    sports_instructor: bool
    joined_on: dt.date
    left_on: dt.date | None


@router.get("/orgs/{code}/members", response=list[OrgMemberOut], summary="Members, current and former")
def list_members(request: ApiRequest, code: str) -> Any:
    return list(queries.members_of(queries.org_for(request.auth, code)))


@router.post("/orgs/{code}/members", response={201: OrgMemberOut}, summary="Add a member or officer")
def add_member(request: ApiRequest, code: str, payload: OrgMemberIn) -> Status[Membership]:
    org = queries.org_for(request.auth, code)
    return Status(201, actions.member_add(actor=request.auth, org=org, **payload.dict()))


class LeaveIn(BaseIn):
    left_on: Date


@router.post("/orgs/{code}/members/{member_id}/leave", response=OrgMemberOut, summary="A member leaves")
def leave_member(request: ApiRequest, code: str, member_id: Id, payload: LeaveIn) -> Membership:
    org = queries.org_for(request.auth, code)
    member = queries.member_for(request.auth, org, member_id)
    return actions.member_leave(actor=request.auth, member=member, left_on=payload.left_on)


class RoleIn(BaseIn):
    role: str = column(Membership, "role")


@router.post("/orgs/{code}/members/{member_id}/role", response=OrgMemberOut, summary="Change a member's role")
def role_member(request: ApiRequest, code: str, member_id: Id, payload: RoleIn) -> Membership:
    org = queries.org_for(request.auth, code)
    member = queries.member_for(request.auth, org, member_id)
    return actions.member_role_set(actor=request.auth, member=member, role=payload.role)


class OfficerElectionIn(BaseIn):
    title: str
    election_day: Date
    # Officer seats by position: chair, vice_chair, secretary, treasurer (one chair, secretary
    # and treasurer at most).
    seats: dict[str, int]


class OfficerElectionOut(Schema):
    code: str
    title: str
    stage: str
    election_day: dt.date
    voters: int
    applied_at: dt.datetime | None

    @staticmethod
    def resolve_code(obj: OfficerElection) -> str:
        return obj.election.code

    @staticmethod
    def resolve_title(obj: OfficerElection) -> str:
        return obj.election.title

    @staticmethod
    def resolve_stage(obj: OfficerElection) -> str:
        return obj.election.stage

    @staticmethod
    def resolve_election_day(obj: OfficerElection) -> dt.date:
        return obj.election.election_day

    @staticmethod
    def resolve_voters(obj: OfficerElection) -> int:
        return obj.election.register.filter(is_listed=True).count()


@router.get(
    "/orgs/{code}/officer-elections",
    response=list[OfficerElectionOut],
    summary="Officer elections (run through /api/v1/governance/elections/{code})",
)
def list_officer_elections(request: ApiRequest, code: str) -> Any:
    return list(queries.officer_elections_of(queries.org_for(request.auth, code)))


@router.post(
    "/orgs/{code}/officer-elections", response={201: OfficerElectionOut}, summary="Start an officer election"
)
def start_officer_election(
    request: ApiRequest, code: str, payload: OfficerElectionIn
) -> Status[OfficerElection]:
    org = queries.org_for(request.auth, code)
    return Status(201, actions.officer_election_start(actor=request.auth, org=org, **payload.dict()))


@router.post(
    "/orgs/{code}/officer-elections/{election}/apply",
    response=list[OrgMemberOut],
    summary="Give the elected their roles (the election is certified)",
)
def apply_officer_election(request: ApiRequest, code: str, election: str) -> Any:
    org = queries.org_for(request.auth, code)
    link = queries.officer_election_for(org, election)
    return actions.officers_apply(actor=request.auth, link=link)


class OrgActivityIn(BaseIn):
    title: str = column(Activity, "title")
    held_on: Date
    place: str = column(Activity, "place", "")
    participants: int = column(Activity, "participants", 0)
    is_volunteer: bool = False


class OrgActivityOut(Schema):
    id: int
    title: str
    held_on: dt.date
    place: str
    participants: int
    is_volunteer: bool
    volunteer_activity: str | None = Field(
        None, description="The number of its volunteer activity (/api/v1/volunteers/activities/{code})."
    )

    @staticmethod
    def resolve_volunteer_activity(obj: Activity) -> str | None:
        linked = getattr(obj, "volunteer_activity", None)
        return linked.code if linked is not None else None


@router.get("/orgs/{code}/activities", response=list[OrgActivityOut], summary="Activities")
@paginate(Pagination, page_size=50)
def list_activities(request: ApiRequest, code: str) -> Any:
    return queries.activities_of(queries.org_for(request.auth, code))


@router.post("/orgs/{code}/activities", response={201: OrgActivityOut}, summary="Record an activity")
def add_activity(request: ApiRequest, code: str, payload: OrgActivityIn) -> Status[Activity]:
    org = queries.org_for(request.auth, code)
    return Status(201, actions.activity_record(actor=request.auth, org=org, **payload.dict()))


class AnnualReportIn(BaseIn):
    year: Year
    summary: str
    activities_held: int = column(AnnualReport, "activities_held", 0)
    income_fen: int = column(AnnualReport, "income_fen", 0)
    expense_fen: int = column(AnnualReport, "expense_fen", 0)


class AnnualReportOut(Schema):
    year: int
    due_on: dt.date
    status: str
    activities_held: int
    income_fen: int
    expense_fen: int
    submitted_at: dt.datetime | None


@router.get("/orgs/{code}/reports", response=list[AnnualReportOut], summary="Annual reports")
def list_reports(request: ApiRequest, code: str) -> Any:
    return list(queries.reports_of(queries.org_for(request.auth, code)))


@router.post("/orgs/{code}/reports", response={201: AnnualReportOut}, summary="File an annual report")
def submit_report(request: ApiRequest, code: str, payload: AnnualReportIn) -> Status[AnnualReport]:
    org = queries.org_for(request.auth, code)
    return Status(201, actions.report_submit(actor=request.auth, org=org, **payload.dict()))


@router.get(
    "/reports/overdue",
    response=list[OrganizationOut],
    summary="Organizations with last year's report overdue",
)
def overdue_reports(request: ApiRequest) -> Any:
    return list(queries.overdue_for(request.auth, timezone.now())[:1000])


# --- contracts -----------------------------------------------------------------------------------


class ContractIn(BaseIn):
    title: str = column(ServiceContract, "title")
    amount_fen: int = column(ServiceContract, "amount_fen")
    starts_on: Date
    ends_on: Date


class PaymentOut(Schema):
    amount_fen: int
    paid_on: dt.date
    entry_code: str
    entry_status: str

    @staticmethod
    def resolve_entry_code(obj: ContractPayment) -> str:
        return obj.entry.code

    @staticmethod
    def resolve_entry_status(obj: ContractPayment) -> str:
        return obj.entry.status


class ContractOut(Schema):
    code: str
    organization_code: str
    title: str
    amount_fen: int
    paid_fen: int
    starts_on: dt.date
    ends_on: dt.date
    status: str

    @staticmethod
    def resolve_organization_code(obj: ServiceContract) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_paid_fen(obj: ServiceContract) -> int:
        return actions.paid_fen(obj)


@router.post(
    "/orgs/{code}/contracts", response={201: ContractOut}, summary="Enter a government service contract"
)
def add_contract(request: ApiRequest, code: str, payload: ContractIn) -> Status[ServiceContract]:
    org = queries.org_for(request.auth, code)
    return Status(201, actions.contract_sign(actor=request.auth, org=org, **payload.dict()))


@router.get("/contracts", response=list[ContractOut], summary="Contracts in the caller's reach")
@paginate(Pagination, page_size=50)
def list_contracts(request: ApiRequest) -> Any:
    return queries.contracts_for(request.auth)


@router.get("/contracts/{code}", response=ContractOut, summary="One contract")
def get_contract(request: ApiRequest, code: str) -> ServiceContract:
    return queries.contract_for(request.auth, code)


class PaymentIn(BaseIn):
    amount_fen: int = column(ContractPayment, "amount_fen")
    paid_on: Date


@router.post("/contracts/{code}/payments", response={201: PaymentOut}, summary="Pay through the ledger")
def pay_contract(request: ApiRequest, code: str, payload: PaymentIn) -> Status[ContractPayment]:
    contract = queries.contract_for(request.auth, code)
    return Status(201, actions.contract_pay(actor=request.auth, contract=contract, **payload.dict()))


# --- Party ---------------------------------------------------------------------------------------


class PartyOrgOut(Schema):
    code: str
    kind: str
    name: str
    parent_code: str | None
    secretary_name: str

    @staticmethod
    def resolve_parent_code(obj: PartyOrganization) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class PartyWorkerOut(Schema):
    name: str
    phone: str
    since: dt.date

    @staticmethod
    def resolve_phone(obj: PartyWorker) -> str:
        return mask_phone(obj.phone)


class PartyOut(Schema):
    community_code: str
    organizations: list[PartyOrgOut]
    worker: PartyWorkerOut | None


@router.get("/party/{community}", response=PartyOut, summary="A community's Party organizations and worker")
def get_party(request: ApiRequest, community: str) -> dict[str, Any]:
    area = queries.community_for(request.auth, community)
    return {
        "community_code": area.code,
        "organizations": queries.party_orgs_of(request.auth, area),
        "worker": queries.party_worker_of(request.auth, area),
    }


class PartyOrgIn(BaseIn):
    kind: str = column(PartyOrganization, "kind")
    name: str = column(PartyOrganization, "name")
    parent_code: str = ""
    secretary_name: str = column(PartyOrganization, "secretary_name", "")


def _party_parent(request: ApiRequest, community: Any, code: str) -> PartyOrganization | None:
    if not code:
        return None
    parent = queries.party_org_for(request.auth, code)
    if parent.community_id != community.pk:
        raise Http404
    return parent


@router.post("/party/{community}/orgs", response={201: PartyOrgOut}, summary="Set up a Party organization")
def add_party_org(request: ApiRequest, community: str, payload: PartyOrgIn) -> Status[PartyOrganization]:
    area = queries.community_for(request.auth, community)
    parent = _party_parent(request, area, payload.parent_code)
    values = payload.dict(exclude={"parent_code"})
    return Status(201, actions.party_org_add(actor=request.auth, community=area, parent=parent, **values))


class PartyWorkerIn(BaseIn):
    name: str = column(PartyWorker, "name")
    phone: str = ""
    since: Date


@router.put(
    "/party/{community}/worker", response=PartyWorkerOut, summary="Record the community's Party worker"
)
def put_party_worker(request: ApiRequest, community: str, payload: PartyWorkerIn) -> PartyWorker:
    area = queries.community_for(request.auth, community)
    return actions.party_worker_set(actor=request.auth, community=area, **payload.dict())


class PartyTransferOut(Schema):
    direction: str
    on: dt.date
    other_side: str


class PartyMemberOut(Schema):
    id: int
    name: str
    party_org_code: str
    joined_party_on: dt.date | None
    status: str
    transfers: list[PartyTransferOut]

    @staticmethod
    def resolve_party_org_code(obj: PartyMember) -> str:
        return obj.party_org.code

    @staticmethod
    def resolve_transfers(obj: PartyMember) -> list[PartyTransfer]:
        return list(obj.transfers.all())


@router.get(
    "/party/{community}/members",
    response=list[PartyMemberOut],
    summary="Party members (only with a party grant: otherwise 404)",
)
def list_party_members(request: ApiRequest, community: str) -> Any:
    area = queries.community_for(request.auth, community)
    if not perms.can_see_party_members(request.auth, area):
        raise Http404
    return list(queries.party_members_for(request.auth, area).prefetch_related("transfers"))


class PartyMemberIn(BaseIn):
    party_org_code: str
    name: str = column(PartyMember, "name")
    joined_party_on: Date | None = None
    transferred_from: str = ""
    on: Date | None = None


@router.post("/party/{community}/members", response={201: PartyMemberOut}, summary="Record a Party member")
def add_party_member(request: ApiRequest, community: str, payload: PartyMemberIn) -> Status[PartyMember]:
    area = queries.community_for(request.auth, community)
    if not perms.can_see_party_members(request.auth, area):
        raise Http404
    party_org = _party_parent(request, area, payload.party_org_code)
    if party_org is None:
        raise Http404
    values = payload.dict(exclude={"party_org_code"})
    return Status(201, actions.party_member_add(actor=request.auth, party_org=party_org, **values))


class TransferOutIn(BaseIn):
    to: str
    on: Date


@router.post(
    "/party/members/{member_id}/transfer-out", response=PartyMemberOut, summary="A member transfers out"
)
def transfer_out(request: ApiRequest, member_id: Id, payload: TransferOutIn) -> PartyMember:
    member = queries.party_member_for(request.auth, member_id)
    actions.party_member_transfer_out(actor=request.auth, member=member, **payload.dict())
    return queries.party_member_for(request.auth, member_id)


# --- targets and import --------------------------------------------------------------------------


class FiguresOut(Schema):
    area_code: str
    area_name: str
    communities: int
    organizations: int
    communities_with_ten: int
    communities_with_fitness: int
    share_with_fitness: float | None
    instructors: int
    residents: int
    instructors_per_400: float | None
    children: list[str]

    @staticmethod
    def resolve_area_code(obj: targets.Figures) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: targets.Figures) -> str:
        return obj.area.name

    @staticmethod
    def resolve_children(obj: targets.Figures) -> list[str]:
        return [c.area.code for c in obj.children]


@router.get(
    "/targets", response=list[FiguresOut], summary="Targets per area, rolled up (every area in reach)"
)
def get_targets(request: ApiRequest, area: str = "") -> Any:
    if not policy.roots(request.auth, perms.VIEW):
        raise Http404
    figures = targets.compute(request.auth, now=timezone.now())
    if area:
        if area not in figures:
            raise Http404
        return [figures[area], *figures[area].children]
    return sorted(figures.values(), key=lambda f: f.area.code)


class ImportOut(Schema):
    imported: int


@router.post("/import", response=ImportOut, summary="Import a list of organizations (.xlsx, all or nothing)")
def import_orgs(request: ApiRequest, file: File[UploadedFile]) -> dict[str, int]:
    if not policy.roots(request.auth, perms.MANAGE):
        raise Http404
    return {"imported": importing.organizations_import(actor=request.auth, file=file)}
