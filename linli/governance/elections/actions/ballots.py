"""Ballots: one-time voting codes, who may vote now, casting a ballot and marking a paper voter.

Secret ballot: `ballot_cast` encrypts the choices under the election key before anything is
written, then writes a `VoterMark` (who) and a `Ballot` (the ciphertext) and no audit event;
nothing it writes names both, and nothing the server keeps can decrypt the ballot."""

import contextlib
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, NotFound
from linli.common.identifiers import fold_code
from linli.governance import board_check, crypto
from linli.governance.checks import _err, _now
from linli.governance.models import (
    POSITION_CHOICES,
    POSITION_ORDER,
    Candidate,
    Channel,
    Credential,
    Election,
    PollingStation,
    Round,
    RoundStatus,
    VoterEntry,
    VoterMark,
)
from linli.governance.permissions import own_records, require_manage_election

CREDENTIAL_LENGTH = 12  # letters and digits of a one-time voting code, printed in groups of 4


def credential_hash(code: str) -> str:
    key = (settings.LINLI_BLIND_INDEX_KEY or settings.SECRET_KEY).encode()
    # Typed from a paper slip: full-width, lower case, "XRFY-EMWZ-AK8B" or "xrfy emwz ak8b" alike.
    return hmac.new(key, b"governance.credential:" + fold_code(code).encode(), hashlib.sha256).hexdigest()


def credentials_issue(
    *,
    actor: User | None,
    round: Round,
    entries: Iterable[VoterEntry] | None = None,
    now: dt.datetime | None = None,
) -> list[tuple[VoterEntry, str]]:
    """One-time voting codes for listed voters who have none (or the given ones: re-issue).

    Only the keyed hash is stored; the codes are returned once, to be printed and sealed.
    """
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_for_update().select_related("election__community").get(pk=round.pk)
        require_manage_election(actor, r.election)
        if r.status != RoundStatus.OPEN:
            raise _err("round_closed", _("Voting in this round is closed."), status=409)
        voted = VoterMark.objects.filter(round=r).values("entry_id")
        qs = VoterEntry.objects.filter(election=r.election, is_listed=True).exclude(pk__in=voted)
        if entries is not None:
            qs = qs.filter(pk__in=[e.pk for e in entries])
            Credential.objects.filter(round=r, entry__in=qs).delete()
        else:
            qs = qs.exclude(pk__in=Credential.objects.filter(round=r).values("entry_id"))
        issued = []
        rows = []
        for entry in qs.order_by("name", "pk"):
            code = short_code("", CREDENTIAL_LENGTH)
            issued.append((entry, code))
            rows.append(Credential(round=r, entry=entry, code_hash=credential_hash(code)))
        Credential.objects.bulk_create(rows)
        record(
            actor=actor,
            action="governance.credentials.issued",
            obj=r,
            area=r.election.community,
            details={"count": len(rows), "reissue": entries is not None},
            now=now,
        )
    return issued


def encode_choices(
    r: Round,
    candidates: dict[int, Candidate],
    picks: dict[str, Any],
    allow_write_ins: bool,
    seats: dict[str, int] | None = None,
) -> str:
    """Validate one ballot's picks ({position: [candidate ids]}, "write_ins": {position: [names]})."""
    seats = seats if seats is not None else {p: int(n) for p, n in r.seats.items()}
    tokens: list[str] = []
    write_ins = picks.get("write_ins") or {}
    for position in POSITION_ORDER:
        if position not in seats:
            continue
        ids = picks.get(position) or []
        try:
            chosen = sorted({int(i) for i in ids})
        except (TypeError, ValueError):
            raise _err("invalid_choice", _("The ballot names an unknown candidate."), position) from None
        for cid in chosen:
            c = candidates.get(cid)
            if c is None or c.position != position:
                raise _err("invalid_choice", _("The ballot names an unknown candidate."), position)
        names = []
        for raw in write_ins.get(position) or []:
            name = "".join(str(raw).split())[:20].replace(":", "")
            if not name:
                continue
            if not allow_write_ins:
                raise _err("no_write_ins", _("This election does not allow write-in names."), position)
            same = next((c for c in candidates.values() if c.position == position and c.name == name), None)
            if same is not None:
                chosen = sorted({*chosen, same.pk})
            elif name not in names:
                names.append(name)
        if len(chosen) + len(names) > seats[position]:
            raise _err(
                "too_many",
                _("Choose at most %(n)d for %(position)s.")
                % {"n": seats[position], "position": dict(POSITION_CHOICES)[position]},
                position,
            )
        tokens += [f"c{cid}" for cid in chosen] + [f"w{position}:{n}" for n in sorted(names)]
    return " ".join(tokens)


@dataclass(frozen=True)
class _Box:
    """What a ballot is checked against; fixed when the round opens, so kept once per process."""

    seats: dict[str, int]
    allow_write_ins: bool
    candidates: dict[int, Candidate]
    layout: crypto.Layout


_BOXES: dict[tuple[int, str], _Box] = {}


def _box(round_id: int, key: str | None = None) -> _Box:
    # Keyed by the election key too: a round id reused (a rolled-back test, a restored database)
    # must never encrypt under another election's key. A cast passes the key it read with the
    # voter's code (one query for both).
    if key is None:
        key = Round.objects.filter(pk=round_id).values_list("election__public_key", flat=True).first()
    key = key or ""
    box = _BOXES.get((round_id, key))
    if box is None:
        r = Round.objects.select_related("election").get(pk=round_id)
        if len(_BOXES) > 1000:
            _BOXES.clear()
        candidates = {c.pk: c for c in r.candidates.all()}
        seats = {p: int(n) for p, n in r.seats.items()}
        box = _BOXES[(round_id, key)] = _Box(
            seats=seats,
            allow_write_ins=r.election.allow_write_ins,
            candidates=candidates,
            layout=round_layout(r, candidates.values()),
        )
    return box


def round_layout(r: Round, candidates: Iterable[Candidate]) -> crypto.Layout:
    return board_check.layout(
        f"{r.election.code}/{r.number}",
        r.election.public_key,
        r.seats,
        {f"c{c.pk}": {"position": c.position} for c in candidates},
    )


def ballot_layout(r: Round) -> crypto.Layout:
    """The round's layout, for a voter's device that encrypts its own ballot."""
    return _box(r.pk).layout


def _round_candidates(r: Round) -> dict[int, Candidate]:
    return _box(r.pk).candidates


def _hold_open(round_id: int) -> bool:
    """Share-lock an open round (PostgreSQL): the close, holding it FOR UPDATE, waits for us."""
    if connection.vendor != "postgresql":
        return Round.objects.filter(pk=round_id, status=RoundStatus.OPEN).exists()
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM governance_round WHERE id = %s AND status = 'open' FOR SHARE", [round_id])
        return cur.fetchone() is not None


# The ballot box of a round is guarded by a PostgreSQL advisory lock (class BOX_LOCK, the round's
# id): each cast holds it shared from its mark to its ballot, the close takes it exclusively, so
# the close waits for casts under way and a cast never writes a ballot into a closed round.
BOX_LOCK = 0x676F76  # "gov"

# The mark: one statement that share-locks the round row while it is open and inserts the mark.
_MARK_SQL = """
WITH box AS (
    SELECT id FROM governance_round
    WHERE id = %s AND status = 'open' AND opens_at <= %s AND closes_at > %s
    FOR SHARE
)
INSERT INTO governance_votermark (round_id, entry_id, channel, station_id)
SELECT id, %s, 'online', NULL FROM box RETURNING round_id
"""
_BALLOT_SQL = """
INSERT INTO governance_ballot (tracking_code, round_id, content, valid, seq, prev_hash, hash)
VALUES (%s, %s, %s, NULL, NULL, '', '')
"""


def box_lock_exclusive(round_id: int) -> None:
    """Inside the close's transaction: wait for casts under way, keep new ones out until commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [BOX_LOCK, round_id])


def _drop_in(round_id: int, entry_id: int, content: str, now: dt.datetime) -> str | None:
    """Mark the voter, then drop the ballot in, in two transactions: the mark and the ballot never
    share a transaction id (xmin), a statement or a row order. The mark goes first, so a second
    cast by the same voter is refused before any ballot exists; a failure writing the ballot takes
    the mark back. (A crash between the two leaves a mark without a ballot: the close refuses to
    go on with a mismatch, as it would for any lost ballot.)"""
    code = short_code("", 12)
    if connection.vendor != "postgresql":
        with transaction.atomic():
            r = Round.objects.get(pk=round_id)
            if r.status != RoundStatus.OPEN or not r.opens_at <= now < r.closes_at:
                return None
            VoterMark.objects.create(round_id=round_id, entry_id=entry_id, channel=Channel.ONLINE)
        _ballot_or_unmark(round_id, entry_id, code, content)
        return code
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_lock_shared(%s, %s)", [BOX_LOCK, round_id])
        try:
            with _own_transaction():
                cur.execute(_MARK_SQL, [round_id, now, now, entry_id])
                if cur.fetchone() is None:
                    return None
            _ballot_or_unmark(round_id, entry_id, code, content)
        finally:
            cur.execute("SELECT pg_advisory_unlock_shared(%s, %s)", [BOX_LOCK, round_id])
    return code


def _own_transaction() -> Any:
    """One statement in a transaction of its own. In autocommit (a request, the API) the statement
    is that transaction: no BEGIN / COMMIT round trips (a cast's two writes are 2 of its ~6
    round trips instead of 6 of ~10). Inside a caller's transaction: a savepoint, which gets a
    transaction id of its own too."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def _ballot_or_unmark(round_id: int, entry_id: int, code: str, content: str) -> None:
    try:
        with _own_transaction(), connection.cursor() as cur:
            cur.execute(_BALLOT_SQL, [code, round_id, content])
    except Exception:
        VoterMark.objects.filter(round_id=round_id, entry_id=entry_id, channel=Channel.ONLINE).delete()
        raise


def _entry_for(r: Round, *, credential: str, voter: Any) -> int:
    """The listed register entry voting in `r` with this code, or as this signed-in voter."""
    return _entry_and_key(r, credential=credential, voter=voter)[0]


def _entry_and_key(r: Round, *, credential: str, voter: Any) -> tuple[int, str | None]:
    """`_entry_for`, and with a code the round's election key read in the same query."""
    if credential:
        found = (
            Credential.objects.filter(
                round_id=r.pk, code_hash=credential_hash(credential), entry__is_listed=True
            )
            .values_list("entry_id", "round__election__public_key")
            .first()
        )
        if found is None:
            raise _err("bad_credential", _("This voting code is not valid."), "credential", 403)
        return found[0], found[1]
    election = Election.objects.select_related("community").get(pk=r.election_id)
    records = [rec.pk for rec in own_records(voter, election.community)]
    entry_id = (
        VoterEntry.objects.filter(election=election, resident_id__in=records, is_listed=True)
        .values_list("pk", flat=True)
        .first()
    )
    if entry_id is None:
        if voter is not None and records:
            raise _err("not_on_register", _("You are not on this election's register."), status=403)
        raise NotFound()
    return entry_id, None


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def ballot_check(
    *, round: Round, credential: str = "", voter: Any = None, now: dt.datetime | None = None
) -> int:
    """Whether this voter may cast a ballot in `round` now, before the ballot is shown: returns
    their register entry or raises the refusal (not on the register, not open, already voted)
    with what to do about it. Writes nothing; `ballot_cast` decides again, in the database."""
    now = _now(now)
    r = round
    try:
        entry_id = _entry_for(r, credential=credential, voter=voter)
    except NotFound:
        # Signed in, but no resident record in this community: nobody to find on the register.
        raise _err(
            "not_a_voter",
            _(
                "Only residents on this election's register can vote here, and your account is not "
                "linked to a resident of this community. If you live here, ask the residents' "
                "committee for a voting slip."
            ),
            status=403,
        ) from None
    except DomainError as exc:
        if exc.code != "not_on_register":
            raise
        election = Election.objects.get(pk=r.election_id)
        raise _err(
            "not_on_register",
            _(
                "You are not on this election's register, so there is no ballot for you. The register "
                "lists the residents of this community who are 18 or older on election day and were "
                "registered here by %(cutoff)s. If you think this is wrong, look at the register and "
                "ask the residents' committee."
            )
            % {"cutoff": date_format(election.register_cutoff, "Y-m-d")},
            status=403,
        ) from None
    if r.status != RoundStatus.OPEN or now >= r.closes_at:
        raise _err(
            "voting_closed",
            _("Voting in this round closed on %(closes)s.") % {"closes": _when(r.closes_at)},
            status=409,
        )
    if now < r.opens_at:
        raise _err(
            "voting_not_open",
            _("Voting opens on %(opens)s and closes on %(closes)s. Come back then.")
            % {"opens": _when(r.opens_at), "closes": _when(r.closes_at)},
            status=409,
        )
    if VoterMark.objects.filter(round_id=r.pk, entry_id=entry_id).exists():
        message = (
            _("This voting code has already been used: a vote was recorded for it in this round.")
            if credential
            else _("You have already voted in this round.")
        )
        raise _err("already_voted", message, "credential" if credential else None, 409)
    return entry_id


def ballot_cast(
    *,
    round: Round,
    picks: dict[str, Any] | None = None,
    credential: str = "",
    voter: Any = None,
    encrypted: str = "",
    now: dt.datetime | None = None,
) -> str:
    """Cast one online ballot, by one-time code or as a signed-in voter; returns its tracking code.

    Either `picks` (the server encrypts them here, before anything is written) or `encrypted`, a
    ballot the voter's device encrypted (`crypto.encrypt_ballot` under the round's layout): it is
    accepted after the cheap checks of `crypto.ballot_shape`; its proofs are checked by the
    background pass (`ballots_pass`) or at the latest at close, and a ballot whose proofs fail is
    left out of the sum and shown as rejected on the board.

    One vote per voter and round, whatever the channel and however many requests race: the
    database's unique (round, voter) mark decides. No audit event: an event naming the voter
    would sit next to the ballot in time (the marks are sealed at close instead).
    """
    now = _now(now)
    r = round
    entry_id, key = _entry_and_key(r, credential=credential, voter=voter)
    box = _box(r.pk, key)
    if encrypted:
        if crypto.ballot_shape(box.layout, encrypted) is None:
            raise _err(
                "malformed_ballot", _("This encrypted ballot is not in the round's form."), "encrypted"
            )
        content = encrypted
    else:
        tokens = encode_choices(r, box.candidates, picks or {}, box.allow_write_ins, seats=box.seats).split()
        if any(t.startswith("w") for t in tokens):
            # A name typed in cannot be added up under encryption: write-ins stay on paper ballots.
            raise _err(
                "no_online_write_ins",
                _("Names written in are counted on paper ballots only: vote at a polling station."),
            )
        content = crypto.encrypt_ballot(box.layout, tokens)
    try:
        code = _drop_in(r.pk, entry_id, content, now)
    except IntegrityError:
        raise _err("already_voted", _("You have already voted in this round."), status=409) from None
    if code is None:
        raise _err("voting_closed", _("Voting is not open."), status=409)
    return code


def voter_mark_in_person(
    *,
    actor: User | None,
    round: Round,
    entry: VoterEntry,
    station: PollingStation,
    now: dt.datetime | None = None,
) -> VoterMark:
    """An official marks a voter on the register as having taken a paper ballot at a station."""
    now = _now(now)
    with transaction.atomic():
        r = Round.objects.select_related("election__community").get(pk=round.pk)
        require_manage_election(actor, r.election)
        if not _hold_open(r.pk):
            raise _err("voting_closed", _("Voting is not open."), status=409)
        if entry.election_id != r.election_id or not entry.is_listed:
            raise _err("not_on_register", _("This person is not on the register."), "entry", 403)
        if station.election_id != r.election_id:
            raise NotFound()
        try:
            with transaction.atomic():
                mark = VoterMark.objects.create(
                    round=r, entry=entry, channel=Channel.IN_PERSON, station=station
                )
        except IntegrityError:
            raise _err(
                "already_voted",
                _("%(name)s has already voted in this round.") % {"name": entry.name},
                status=409,
            ) from None
        # Paper ballots are never stored one by one, so naming the voter here reveals no choice.
        record(
            actor=actor,
            action="governance.voter.marked",
            obj=entry,
            area=r.election.community,
            details={"round": r.number, "station": station.name},
            now=now,
        )
    return mark
