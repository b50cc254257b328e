"""The key ceremony and the trustees' part in the count.

The election committee names n trustees and k (`trustees_needed`). Each trustee, in the
committee office, sets a passphrase and downloads a key file (`trustee_enrol`): linli keeps only
its public half. Then each trustee's contribution (`trustee_contribute`) draws a random
polynomial of degree k-1, publishes its commitments and seals its value at every trustee's number
to that trustee's key; the polynomial is forgotten at once. The election key is the product of the
contributions' constant commitments, and the private key exists nowhere whole, not even in memory.
At the count, each trustee downloads the round's encrypted totals (`tally_for_trustees`), decrypts
their part on their own computer with their file and passphrase (`tools/trustee_key.py decrypt`)
and uploads it with its proofs (`decryption_upload`): the share never reaches linli.
`round_count` refuses to proceed with fewer than k trustees.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.governance import board_check, crypto
from linli.governance.checks import _err, _lock, _now, _stage
from linli.governance.models import (
    Election,
    PartialDecryption,
    Round,
    RoundStatus,
    Stage,
    Trustee,
)
from linli.governance.permissions import require_manage_election

PASSPHRASE_MIN = 8
BEFORE_VOTING = (Stage.ANNOUNCED, Stage.REGISTER, Stage.NOMINATION, Stage.CANDIDATES)


def ceremony_open(
    *,
    actor: User | None,
    election: Election,
    needed: int,
    names: list[str],
    now: dt.datetime | None = None,
) -> list[Trustee]:
    """Name the trustees (n) and how many must take part in each count (k); starts afresh."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(election)
        require_manage_election(actor, election)
        _stage(election, *BEFORE_VOTING)
        clean = [" ".join(str(x).split())[:50] for x in names if str(x).strip()]
        if len(set(clean)) != len(clean):
            raise _err("same_trustee", _("Each trustee must be a different person."), "names")
        if not 1 <= needed <= len(clean):
            raise _err(
                "bad_quorum",
                _("Between 1 and %(n)d trustees can be required (the number of trustees named).")
                % {"n": len(clean)},
                "needed",
            )
        if len(clean) > 15:
            raise _err("too_many_trustees", _("Name at most 15 trustees."), "names")
        election.trustees.all().delete()
        trustees = Trustee.objects.bulk_create(
            [Trustee(election=election, number=i, name=name) for i, name in enumerate(clean, start=1)]
        )
        election.trustees_needed = needed
        election.public_key = ""
        election.save(update_fields=["trustees_needed", "public_key"])
        record(
            actor=actor,
            action="governance.ceremony.opened",
            obj=election,
            area=election.community,
            details={"trustees": clean, "needed": needed},
            now=now,
        )
    return trustees


def trustee_enrol(
    *,
    actor: User | None,
    trustee: Trustee,
    passphrase: str = "",
    seal_key: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """The trustee's key file (PEM, protected by their passphrase), given once; linli keeps the
    public half. Or, with `seal_key`, the public half of a key the trustee made offline
    (`tools/trustee_key.py keygen`): linli never sees the file; returns b"". Can be done again
    until the first contribution (a lost file, a typo)."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(trustee.election)
        require_manage_election(actor, election)
        _stage(election, *BEFORE_VOTING)
        t = Trustee.objects.select_for_update().get(pk=trustee.pk, election=election)
        if election.trustees.exclude(commitments=[]).exists():
            raise _err(
                "ceremony_started",
                _("The trustees have started contributing; start the ceremony again."),
                status=409,
            )
        if seal_key:
            public, pem = _seal_key(seal_key), b""
        elif len(passphrase) < PASSPHRASE_MIN:
            raise _err(
                "short_passphrase",
                _("Choose a passphrase of at least %(n)d characters.") % {"n": PASSPHRASE_MIN},
                "passphrase",
            )
        else:
            public, pem = crypto.new_seal_key(passphrase)
        t.seal_key = public
        t.save(update_fields=["seal_key"])
        record(
            actor=actor,
            action="governance.trustee.enrolled",
            obj=election,
            area=election.community,
            details={"trustee": t.number, "name": t.name, "key": public, "offline": bool(seal_key)},
            now=now,
        )
    return pem


def _seal_key(value: str) -> str:
    value = value.strip().lower()
    try:
        ok = len(bytes.fromhex(value)) == 32
    except ValueError:
        ok = False
    if not ok:
        raise _err(
            "bad_seal_key", _("This is not a trustee's public key (64 hexadecimal digits)."), "seal_key"
        )
    return value


def contribution_context(election: Election, number: int) -> str:
    return board_check.contribution_context(election.code, number)


def _offline_part(
    election: Election, trustees: list[Trustee], t: Trustee, offline: dict
) -> crypto.Contribution:
    """An uploaded contribution (`tools/trustee_key.py contribute`): k commitments in the group,
    each with its proof of knowledge, and one sealed value for every trustee."""
    bad = _err("bad_contribution", _("This contribution is not valid for this election."), "contribution")
    try:
        commitments = [str(x).lower() for x in offline["commitments"]]
        proofs = [[str(y) for y in x] for x in offline["proofs"]]
        sealed = {int(k): str(v).lower() for k, v in offline["sealed"].items()}
        if len(commitments) != election.trustees_needed or len(proofs) != len(commitments):
            raise bad
        if set(sealed) != {x.number for x in trustees} or any(
            not 48 < len(bytes.fromhex(v)) <= 48 + 64 for v in sealed.values()
        ):
            raise bad
        if not board_check.check_contribution(election.code, t.number, commitments, proofs):
            raise bad
    except (KeyError, TypeError, ValueError, AttributeError):
        raise bad from None
    return crypto.Contribution(commitments=commitments, sealed=sealed, proofs=proofs)


def trustee_contribute(
    *, actor: User | None, trustee: Trustee, offline: dict | None = None, now: dt.datetime | None = None
) -> Trustee:
    """The trustee's random polynomial: commitments published, values sealed to each trustee.
    With `offline`, the contribution the trustee made on their own computer (`tools/trustee_key.py
    contribute`), checked (proofs of knowledge, one value per trustee) and stored: the server
    never sees the polynomial. The last contribution fixes the election key."""
    now = _now(now)
    with transaction.atomic():
        election = _lock(trustee.election)
        require_manage_election(actor, election)
        _stage(election, *BEFORE_VOTING)
        trustees = list(election.trustees.select_for_update().order_by("number"))
        t = next((x for x in trustees if x.pk == trustee.pk), None)
        if t is None:
            raise _err("not_a_trustee", _("This trustee is not in this election."), status=404)
        if any(not x.seal_key for x in trustees):
            raise _err("not_enrolled", _("Every trustee must take their key file first."), status=409)
        if t.commitments:
            raise _err("contributed", _("This trustee has already contributed."), status=409)
        if offline is not None:
            part = _offline_part(election, trustees, t, offline)
        else:
            part = crypto.contribute(
                election.trustees_needed,
                {x.number: x.seal_key for x in trustees},
                contribution_context(election, t.number),
            )
        t.commitments = part.commitments
        t.sealed = {str(k): v for k, v in part.sealed.items()}
        t.proofs = part.proofs
        t.save(update_fields=["commitments", "sealed", "proofs"])
        if all(x.commitments for x in trustees):
            election.public_key = crypto.h(crypto.public_key(x.commitments for x in trustees))
            election.save(update_fields=["public_key"])
        record(
            actor=actor,
            action="governance.trustee.contributed",
            obj=election,
            area=election.community,
            details={
                "trustee": t.number,
                "commitments": part.commitments,
                "proofs": part.proofs,
                "offline": offline is not None,
                "public_key": election.public_key,
            },
            now=now,
        )
    return t


def tally_for_trustees(r: Round) -> dict[str, Any]:
    """What a trustee takes home to decrypt a closed round's totals (`tools/trustee_key.py
    decrypt`): the round's encrypted totals and the ceremony's public values. Public values only
    (the same numbers are on the board); the pages give it to the election's trustees."""
    election = r.election
    if r.status != RoundStatus.CLOSED:
        raise _err("not_closed", _("The totals are decrypted after voting closes."), status=409)
    return {
        "election": election.code,
        "round": r.number,
        "round_key": f"{election.code}/{r.number}",
        "group": crypto.GROUP_NAME,
        "public_key": election.public_key,
        "trustees_needed": election.trustees_needed,
        "trustees": [
            {
                "number": t.number,
                "name": t.name,
                "seal_key": t.seal_key,
                "commitments": t.commitments,
                "sealed": t.sealed,
            }
            for t in election.trustees.order_by("number")
        ],
        "encrypted_tally": r.encrypted_tally,
    }


def decryption_upload(
    *,
    actor: User | None,
    round: Round,
    trustee: Trustee,
    parts: Any,
    now: dt.datetime | None = None,
) -> PartialDecryption:
    """A trustee's partial decryption of a closed round's totals, made on their own computer
    (`tools/trustee_key.py decrypt`): stored only if every proof holds against the trustee's
    public share (g^s, from the commitments). A refused upload is audited too. linli never sees
    a share, a key file or a passphrase."""
    now = _now(now)
    r = Round.objects.select_related("election__community").get(pk=round.pk)
    election = r.election
    require_manage_election(actor, election)
    if r.status != RoundStatus.CLOSED:
        raise _err("not_closed", _("The totals are decrypted after voting closes."), status=409)
    trustees = list(election.trustees.order_by("number"))
    t = next((x for x in trustees if x.pk == trustee.pk), None)
    if t is None:
        raise _err("not_a_trustee", _("This trustee is not in this election."), status=404)
    key = f"{election.code}/{r.number}"
    # The proofs are checked before any lock (a few exponentiations per candidate).
    bad = board_check.check_partials(
        t.number, [x.commitments for x in trustees], key, r.encrypted_tally, parts
    )
    if bad:
        with transaction.atomic():
            record(
                actor=actor,
                action="governance.decryption.refused",
                obj=r,
                area=election.community,
                details={"round": r.number, "trustee": t.number, "problem": bad},
                now=now,
            )
        raise _err(
            "bad_decryption",
            _(
                "This partial decryption does not prove itself for trustee %(n)d of round %(r)d "
                "(the file is damaged, of another trustee or of another round); it was not recorded."
            )
            % {"n": t.number, "r": r.number},
            "parts",
        )
    with transaction.atomic():
        r = Round.objects.select_for_update().get(pk=r.pk)
        if r.status != RoundStatus.CLOSED:
            raise _err("not_closed", _("The totals are decrypted after voting closes."), status=409)
        if PartialDecryption.objects.filter(round=r, trustee=t).exists():
            raise _err("decrypted", _("This trustee has already taken part in this count."), status=409)
        pd = PartialDecryption.objects.create(
            round=r, trustee=t, parts={k: [str(x) for x in v] for k, v in sorted(parts.items())}
        )
        record(
            actor=actor,
            action="governance.round.decrypted",
            obj=r,
            area=election.community,
            details={"round": r.number, "trustee": t.number},
            now=now,
        )
    return pd


def online_totals(r: Round) -> dict[str, int]:
    """The round's online totals from the trustees' partial decryptions (at least k)."""
    election = r.election
    decryptions = list(PartialDecryption.objects.filter(round=r).select_related("trustee"))
    if len(decryptions) < election.trustees_needed or not election.trustees_needed:
        raise _err(
            "trustees_missing",
            _("%(n)d of the %(k)d trustees needed have decrypted the totals.")
            % {"n": len(decryptions), "k": election.trustees_needed},
            status=409,
        )
    targets = {
        token: crypto.combine(
            crypto.n(beta), {d.trustee.number: crypto.n(d.parts[token][0]) for d in decryptions}
        )
        for token, (_alpha, beta) in r.encrypted_tally.items()
    }
    valid = r.ballots.filter(valid=True).count()
    return crypto.discrete_logs(targets, valid)
