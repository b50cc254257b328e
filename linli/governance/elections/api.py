"""Election API under /api/v1/governance/elections and /vote."""

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from linli.common.errors import DomainError
from linli.common.schemas import BaseIn, Id, Pagination, column
from linli.governance import crypto
from linli.governance.elections import actions, queries
from linli.governance.lookups import _get, managed_community
from linli.governance.models import (
    Application,
    Candidate,
    Credential,
    Election,
    Objection,
    PollingStation,
    Round,
    StationCount,
    Trustee,
    VoterEntry,
)
from linli.governance.permissions import can_manage_election, own_records
from linli.registry.models import Resident
from linli.ui.http import ApiRequest

router = Router(tags=["governance"])


class SeatOut(Schema):
    position: str
    count: int


class ElectionOut(Schema):
    code: str
    title: str
    community_code: str
    method: str
    stage: str
    election_day: dt.date
    register_cutoff: dt.date
    objection_deadline: dt.date | None
    allow_write_ins: bool
    require_surplus: bool
    term_years: int
    seats: list[SeatOut]

    @staticmethod
    def resolve_community_code(obj: Election) -> str:
        return obj.community.code

    @staticmethod
    def resolve_seats(obj: Election) -> list[Any]:
        return list(obj.seats.all())


class ElectionIn(BaseIn):
    community_code: str
    title: str = column(Election, "title")
    election_day: dt.date
    register_cutoff: dt.date
    seats: dict[str, int]
    method: str = column(Election, "method", "direct")
    allow_write_ins: bool = True
    require_surplus: bool = True


class RegisterEntryOut(Schema):
    id: int
    name: str
    basis: str
    group_name: str
    is_listed: bool
    removed_reason: str


class CorrectionIn(BaseIn):
    resident_id: int
    listed: bool
    reason: str
    group_name: str = column(VoterEntry, "group_name", "")


class ObjectionIn(BaseIn):
    kind: str = column(Objection, "kind")
    subject_id: int
    text: str


class CandidateOut(Schema):
    id: int
    name: str
    position: str
    nominated_by: str
    supporters: int
    status: str
    statement: str


class NominationIn(BaseIn):
    position: str = column(Candidate, "position")
    entry_id: int
    nominated_by: str = column(Candidate, "nominated_by")
    supporters: int = column(Candidate, "supporters", 0)
    statement: str = ""


class PublishIn(BaseIn):
    official: list[int] | None = None


class WindowIn(BaseIn):
    opens_at: dt.datetime
    closes_at: dt.datetime


class RoundOut(Schema):
    number: int
    status: str
    seats: dict[str, int]
    is_runoff: bool
    opens_at: dt.datetime
    closes_at: dt.datetime
    voters_registered: int
    voters_voted: int
    ballots_online: int
    board_head: str
    turnout_valid: bool | None
    candidates: list[CandidateOut]

    @staticmethod
    def resolve_candidates(obj: Round) -> list[Any]:
        return list(obj.candidates.all())


class BallotIn(BaseIn):
    """Candidate ids per position, e.g. {"director": [3], "member": [7, 9]}, and write-in names."""

    picks: dict[str, list[int]] = {}
    write_ins: dict[str, list[str]] = {}
    # Or the ballot encrypted on the voter's device under the round's layout (`POST /vote/layout`):
    # accepted after a check of its form; its proofs are checked before the count.
    encrypted: str = Field("", max_length=400_000)


class CredentialBallotIn(BallotIn):
    credential: str


class CredentialIn(BaseIn):
    credential: str


_POSITIONS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "array",
        "minItems": 3,
        "maxItems": 3,
        "items": {
            "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "array", "items": {"type": "string"}}]
        },
    },
}


class LayoutOut(Schema):
    """What a ballot encrypts: proofs are bound to `context`; ciphertexts under `key` (hex) in
    ElectionGuard 1.0's group; one 0/1 ciphertext per token, a 0..seats proof per position."""

    context: str
    key: str
    # (position, seats, tokens) as a 3-item array; the schema is spelled out because the tuple's
    # own JSON schema (prefixItems) comes out as an array-valued `items`, which OpenAPI 3.1 refuses.
    positions: Annotated[list[tuple[str, int, list[str]]], WithJsonSchema(_POSITIONS_SCHEMA)]


class CastOut(Schema):
    tracking_code: str


class MarkIn(BaseIn):
    entry_id: int
    station_id: int


class StationCountIn(BaseIn):
    station_id: int
    ballots_returned: int = column(StationCount, "ballots_returned")
    ballots_invalid: int = column(StationCount, "ballots_invalid", 0)
    votes: dict[str, int]
    teller_1: str = column(StationCount, "teller_1")
    teller_2: str = column(StationCount, "teller_2")


class StationCountOut(Schema):
    id: int
    station: str
    ballots_returned: int
    ballots_invalid: int
    votes: dict[str, int]
    teller_1: str
    teller_2: str
    confirmed: bool

    @staticmethod
    def resolve_station(obj: StationCount) -> str:
        return obj.station.name

    @staticmethod
    def resolve_confirmed(obj: StationCount) -> bool:
        return obj.confirmed_by_id is not None


class ResultOut(Schema):
    position: str
    name: str
    candidate_id: int | None
    votes: int
    elected: bool
    tied: bool


class CredentialOut(Schema):
    entry_id: int
    name: str
    code: str


def _round(request: ApiRequest, code: str, number: Id) -> Round:
    election = queries.election_for(request.auth, code)
    return queries.round_of(election, number)


# Elections


@router.get("/elections", response=list[ElectionOut], summary="Elections you can see")
@paginate(Pagination, page_size=50)
def list_elections(request: ApiRequest) -> Any:
    return queries.elections_for(request.auth).prefetch_related("seats")


@router.post("/elections", response={201: ElectionOut}, summary="Announce an election")
def create_election(request: ApiRequest, payload: ElectionIn) -> Status[Election]:
    election = actions.election_announce(
        actor=request.auth,
        community=managed_community(request.auth, payload.community_code),
        title=payload.title,
        election_day=payload.election_day,
        register_cutoff=payload.register_cutoff,
        seats=payload.seats,
        method=payload.method,
        allow_write_ins=payload.allow_write_ins,
        require_surplus=payload.require_surplus,
    )
    return Status(201, election)


@router.get("/elections/{code}", response=ElectionOut, summary="One election (404 outside your reach)")
def get_election(request: ApiRequest, code: str) -> Election:
    return queries.election_for(request.auth, code)


@router.post(
    "/elections/{code}/register", response=ElectionOut, summary="Build and publish the voter register"
)
def build_register(request: ApiRequest, code: str) -> Election:
    election = queries.election_for(request.auth, code)
    actions.register_build(actor=request.auth, election=election)
    election.refresh_from_db()
    return election


@router.get("/elections/{code}/register", response=list[RegisterEntryOut], summary="The voter register")
@paginate(Pagination, page_size=200)
def get_register(request: ApiRequest, code: str) -> Any:
    return queries.register(queries.election_for(request.auth, code))


@router.post(
    "/elections/{code}/register/corrections",
    response=RegisterEntryOut,
    summary="Correct the register (audited)",
)
def correct_register(request: ApiRequest, code: str, payload: CorrectionIn) -> VoterEntry:
    election = queries.election_for(request.auth, code)
    resident = _get(Resident, pk=payload.resident_id, community=election.community)
    return actions.register_correct(
        actor=request.auth,
        election=election,
        resident=resident,
        listed=payload.listed,
        reason=payload.reason,
        group_name=payload.group_name,
    )


@router.post("/elections/{code}/objections", response={201: dict[str, Any]}, summary="Object to the register")
def file_objection(request: ApiRequest, code: str, payload: ObjectionIn) -> Status[dict[str, Any]]:
    election = queries.election_for(request.auth, code)
    subject = _get(Resident, pk=payload.subject_id, community=election.community)
    o = actions.objection_file(
        actor=request.auth, election=election, kind=payload.kind, subject=subject, text=payload.text
    )
    return Status(201, {"id": o.pk, "status": o.status})


class ObjectionDecisionIn(BaseIn):
    accept: bool
    answer: str = ""


class ApplicationIn(BaseIn):
    resident_id: int | None = None


@router.post(
    "/elections/{code}/objections/{objection_id}/decision",
    response=dict[str, Any],
    summary="Decide an objection (an accepted one corrects the register)",
)
def decide_objection(
    request: ApiRequest, code: str, objection_id: Id, payload: ObjectionDecisionIn
) -> dict[str, Any]:
    election = queries.election_for(request.auth, code)
    o = actions.objection_decide(
        actor=request.auth,
        objection=_get(Objection, pk=objection_id, election=election),
        accept=payload.accept,
        answer=payload.answer,
    )
    return {"id": o.pk, "status": o.status}


@router.post(
    "/elections/{code}/applications",
    response={201: dict[str, Any]},
    summary="Apply to vote here (a resident registered elsewhere; staff may apply for them)",
)
def apply(request: ApiRequest, code: str, payload: ApplicationIn) -> Status[dict[str, Any]]:
    user = request.auth
    election = queries.election_for(user, code)
    if payload.resident_id is not None:
        resident = _get(Resident, pk=payload.resident_id, community=election.community)
    else:
        mine = own_records(user, election.community)
        if not mine:
            raise Http404
        resident = mine[0]
    a = actions.application_submit(actor=user, election=election, resident=resident)
    return Status(201, {"id": a.pk, "status": a.status})


@router.post(
    "/elections/{code}/applications/{application_id}/decision",
    response=dict[str, Any],
    summary="Accept (only if the residence rule is met) or reject an application",
)
def decide_application(
    request: ApiRequest, code: str, application_id: Id, payload: ObjectionDecisionIn
) -> dict[str, Any]:
    election = queries.election_for(request.auth, code)
    a = actions.application_decide(
        actor=request.auth,
        application=_get(Application, pk=application_id, election=election),
        accept=payload.accept,
        answer=payload.answer,
    )
    return {"id": a.pk, "status": a.status}


@router.post("/elections/{code}/nomination", response=ElectionOut, summary="Open nominations")
def open_nomination(request: ApiRequest, code: str) -> Election:
    return actions.nomination_open(actor=request.auth, election=queries.election_for(request.auth, code))


@router.get("/elections/{code}/candidates", response=list[CandidateOut], summary="Nominations and candidates")
def list_candidates(request: ApiRequest, code: str) -> Any:
    return queries.election_for(request.auth, code).candidates.all()


@router.post("/elections/{code}/candidates", response={201: CandidateOut}, summary="Record a nomination")
def nominate(request: ApiRequest, code: str, payload: NominationIn) -> Status[Candidate]:
    election = queries.election_for(request.auth, code)
    candidate = actions.candidate_nominate(
        actor=request.auth,
        election=election,
        position=payload.position,
        entry=_get(VoterEntry, pk=payload.entry_id, election=election),
        nominated_by=payload.nominated_by,
        supporters=payload.supporters,
        statement=payload.statement,
    )
    return Status(201, candidate)


@router.post(
    "/elections/{code}/candidates/publish", response=list[CandidateOut], summary="Publish official candidates"
)
def publish_candidates(request: ApiRequest, code: str, payload: PublishIn) -> Any:
    election = queries.election_for(request.auth, code)
    return actions.candidates_publish(actor=request.auth, election=election, official=payload.official)


class StationIn(BaseIn):
    name: str = column(PollingStation, "name")
    place: str = column(PollingStation, "place", "")


class StationOut(Schema):
    id: int
    name: str


@router.post("/elections/{code}/stations", response={201: StationOut}, summary="Add a polling station")
def add_station(request: ApiRequest, code: str, payload: StationIn) -> Status[dict[str, Any]]:
    election = queries.election_for(request.auth, code)
    station = actions.station_add(
        actor=request.auth, election=election, name=payload.name, place=payload.place
    )
    return Status(201, {"id": station.pk, "name": station.name})


@router.post(
    "/elections/{code}/rounds",
    response={201: RoundOut},
    summary="Open voting (first round, or another round)",
)
def open_round(request: ApiRequest, code: str, payload: WindowIn) -> Status[Round]:
    election = queries.election_for(request.auth, code)
    fn = actions.voting_open if not election.rounds.exists() else actions.runoff_open
    r = fn(actor=request.auth, election=election, opens_at=payload.opens_at, closes_at=payload.closes_at)
    return Status(201, r)


@router.get("/elections/{code}/rounds/{number}", response=RoundOut, summary="One round")
def get_round(request: ApiRequest, code: str, number: Id) -> Round:
    return _round(request, code, number)


@router.post(
    "/elections/{code}/rounds/{number}/credentials",
    response=list[CredentialOut],
    summary="Issue one-time voting codes (shown once)",
)
def issue_credentials(request: ApiRequest, code: str, number: Id) -> Any:
    r = _round(request, code, number)
    return [
        {"entry_id": e.pk, "name": e.name, "code": c}
        for e, c in actions.credentials_issue(actor=request.auth, round=r)
    ]


@router.post(
    "/elections/{code}/rounds/{number}/ballots",
    response={201: CastOut},
    summary="Cast your ballot (signed-in voter)",
)
def cast(request: ApiRequest, code: str, number: Id, payload: BallotIn) -> Status[dict[str, str]]:
    r = _round(request, code, number)
    picks: dict[str, Any] = {**payload.picks, "write_ins": payload.write_ins}
    return Status(
        201,
        {
            "tracking_code": actions.ballot_cast(
                round=r, picks=picks, voter=request.auth, encrypted=payload.encrypted
            )
        },
    )


def _credential(code: str) -> Credential:
    cred = Credential.objects.filter(code_hash=actions.credential_hash(code)).select_related("round").first()
    if cred is None:
        raise DomainError(
            "bad_credential",
            _("This voting code is not valid."),
            fields={"credential": [_("This voting code is not valid.")]},
            status=403,
        )
    return cred


@router.post("/vote/layout", response=LayoutOut, auth=None, summary="What to encrypt a ballot under")
def vote_layout(request: HttpRequest, payload: CredentialIn) -> dict[str, Any]:
    layout = actions.ballot_layout(_credential(payload.credential).round)
    return {
        "context": layout.context,
        "key": crypto.h(layout.key),
        "positions": [[p, seats, list(tokens)] for p, seats, tokens in layout.positions],
    }


@router.post("/vote", response={201: CastOut}, auth=None, summary="Cast a ballot with a one-time voting code")
def cast_with_code(request: HttpRequest, payload: CredentialBallotIn) -> Status[dict[str, str]]:
    cred = _credential(payload.credential)
    picks: dict[str, Any] = {**payload.picks, "write_ins": payload.write_ins}
    code = actions.ballot_cast(
        round=cred.round, picks=picks, credential=payload.credential, encrypted=payload.encrypted
    )
    return Status(201, {"tracking_code": code})


@router.post(
    "/elections/{code}/rounds/{number}/marks",
    response={201: dict[str, Any]},
    summary="Mark a voter as voted at a polling station",
)
def mark(request: ApiRequest, code: str, number: Id, payload: MarkIn) -> Status[dict[str, Any]]:
    r = _round(request, code, number)
    m = actions.voter_mark_in_person(
        actor=request.auth,
        round=r,
        entry=_get(VoterEntry, pk=payload.entry_id, election=r.election),
        station=_get(PollingStation, pk=payload.station_id, election=r.election),
    )
    return Status(201, {"entry_id": m.entry_id, "channel": m.channel})


@router.post(
    "/elections/{code}/rounds/{number}/close", response=RoundOut, summary="Close voting and publish the board"
)
def close_round(request: ApiRequest, code: str, number: Id) -> Round:
    return actions.round_close(actor=request.auth, round=_round(request, code, number))


@router.post(
    "/elections/{code}/rounds/{number}/station-counts",
    response={201: StationCountOut},
    summary="Enter a station's paper count",
)
def enter_count(request: ApiRequest, code: str, number: Id, payload: StationCountIn) -> Status[StationCount]:
    r = _round(request, code, number)
    sc = actions.station_count_enter(
        actor=request.auth,
        round=r,
        station=_get(PollingStation, pk=payload.station_id, election=r.election),
        ballots_returned=payload.ballots_returned,
        ballots_invalid=payload.ballots_invalid,
        votes=payload.votes,
        teller_1=payload.teller_1,
        teller_2=payload.teller_2,
    )
    return Status(201, sc)


@router.post(
    "/elections/{code}/rounds/{number}/station-counts/{count_id}/confirm",
    response=StationCountOut,
    summary="Confirm a count (another official)",
)
def confirm_count(request: ApiRequest, code: str, number: Id, count_id: Id) -> StationCount:
    r = _round(request, code, number)
    return actions.station_count_confirm(actor=request.auth, count=_get(StationCount, pk=count_id, round=r))


@router.post("/elections/{code}/rounds/{number}/count", response=RoundOut, summary="Count the round")
def count_round(request: ApiRequest, code: str, number: Id) -> Round:
    return actions.round_count(actor=request.auth, round=_round(request, code, number))


@router.get(
    "/elections/{code}/rounds/{number}/results",
    response=list[ResultOut],
    summary="Results of a counted round",
)
def results(request: ApiRequest, code: str, number: Id) -> Any:
    r = _round(request, code, number)
    return [
        {
            "position": x.position,
            "name": x.name,
            "candidate_id": x.candidate_id,
            "votes": x.votes,
            "elected": x.elected,
            "tied": x.tied,
        }
        for x in r.results.select_related("candidate")
    ]


@router.get(
    "/elections/{code}/rounds/{number}/board", auth=None, summary="The public board (after the close)"
)
def board(request: HttpRequest, code: str, number: Id) -> dict[str, Any]:
    r = Round.objects.select_related("election").filter(election__code=code, number=number).first()
    if r is None or r.status == "open":
        raise Http404
    return queries.board_export(r)


@router.post("/elections/{code}/certify", response=ElectionOut, summary="Certify the result")
def certify(request: ApiRequest, code: str) -> Election:
    return actions.election_certify(actor=request.auth, election=queries.election_for(request.auth, code))


# Key ceremony and the trustees' part in the count


class TrusteeOut(Schema):
    """Public values only: what `tools/trustee_key.py` reads to contribute and to check shares."""

    number: int
    name: str
    has_key_file: bool
    contributed: bool
    seal_key: str
    commitments: list[str]
    sealed: dict[str, str]

    @staticmethod
    def resolve_has_key_file(obj: Trustee) -> bool:
        return bool(obj.seal_key)

    @staticmethod
    def resolve_contributed(obj: Trustee) -> bool:
        return bool(obj.commitments)


class CeremonyIn(BaseIn):
    needed: int
    names: list[str]


class PassphraseIn(BaseIn):
    """A passphrase (linli makes the key file), or the public key of one made offline."""

    passphrase: str = ""
    seal_key: str = ""


class ContributionIn(BaseIn):
    """Made offline by `tools/trustee_key.py contribute`; empty: linli makes it."""

    commitments: list[str] = []
    proofs: list[list[str]] = []
    sealed: dict[str, str] = {}


class KeyFileOut(Schema):
    number: int
    key_file: str


class DecryptionIn(BaseIn):
    """What `tools/trustee_key.py decrypt` writes: the trustee's number and {token: [d, c, v]}
    (its "election" and "round" are checked against the URL when present)."""

    election: str = ""
    round: int = 0
    trustee: int
    parts: dict[str, list[str]]


def _managed(request: ApiRequest, code: str) -> Election:
    election = queries.election_for(request.auth, code)
    if not can_manage_election(request.auth, election):
        raise Http404
    return election


@router.get("/elections/{code}/trustees", response=list[TrusteeOut], summary="The election's trustees")
def trustees(request: ApiRequest, code: str) -> list[Trustee]:
    return list(_managed(request, code).trustees.order_by("number"))


@router.post(
    "/elections/{code}/trustees", response={201: list[TrusteeOut]}, summary="Name the trustees and k"
)
def ceremony_open(request: ApiRequest, code: str, payload: CeremonyIn) -> Status[list[Trustee]]:
    election = queries.election_for(request.auth, code)
    return Status(
        201,
        actions.ceremony_open(
            actor=request.auth, election=election, needed=payload.needed, names=payload.names
        ),
    )


@router.post(
    "/elections/{code}/trustees/{number}/key",
    response=KeyFileOut,
    summary="A trustee's key file (given once, protected by their passphrase)",
)
def trustee_enrol(request: ApiRequest, code: str, number: Id, payload: PassphraseIn) -> dict[str, Any]:
    election = _managed(request, code)
    trustee = _get(Trustee, election=election, number=number)
    pem = actions.trustee_enrol(
        actor=request.auth, trustee=trustee, passphrase=payload.passphrase, seal_key=payload.seal_key
    )
    return {"number": trustee.number, "key_file": pem.decode()}


@router.post(
    "/elections/{code}/trustees/{number}/contribute", response=TrusteeOut, summary="A trustee's contribution"
)
def trustee_contribute(
    request: ApiRequest, code: str, number: Id, payload: ContributionIn | None = None
) -> Trustee:
    election = _managed(request, code)
    offline = payload.dict() if payload is not None and payload.commitments else None
    return actions.trustee_contribute(
        actor=request.auth, trustee=_get(Trustee, election=election, number=number), offline=offline
    )


@router.get(
    "/elections/{code}/rounds/{number}/tally",
    response=dict[str, Any],
    summary="A closed round's encrypted totals, for its trustees to decrypt offline",
)
def trustee_tally(request: ApiRequest, code: str, number: Id) -> dict[str, Any]:
    election = _managed(request, code)
    return actions.tally_for_trustees(queries.round_of(election, number))


@router.post(
    "/elections/{code}/rounds/{number}/decryption",
    response={201: dict[str, int]},
    summary="A trustee's partial decryption of a closed round's totals, with its proofs",
)
def trustee_decryption(
    request: ApiRequest, code: str, number: Id, payload: DecryptionIn
) -> Status[dict[str, int]]:
    election = _managed(request, code)
    r = queries.round_of(election, number)
    if (payload.election and payload.election != code) or (payload.round and payload.round != r.number):
        raise DomainError(
            "other_round",
            _("This file is for round %(r)d of election %(e)s.")
            % {"r": payload.round, "e": payload.election},
        )
    pd = actions.decryption_upload(
        actor=request.auth,
        round=r,
        trustee=_get(Trustee, election=election, number=payload.trustee),
        parts=payload.parts,
    )
    return Status(201, {"round": r.number, "trustee": pd.trustee.number})
