"""Ballot secrecy against whoever holds the database and the server's secrets; k-of-n counting;
the verifier on a real demo board; the group against ElectionGuard's published parameters."""

import json
import re
from io import StringIO

import gmpy2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.governance import board_check, crypto
from linli.governance.elections.actions import (
    ballot_cast,
    ballots_pass,
    ceremony_open,
    credentials_issue,
    decryption_upload,
    round_close,
    round_count,
    tally_for_trustees,
    trustee_contribute,
    trustee_enrol,
)
from linli.governance.elections.queries import board_export
from linli.governance.models import Ballot, Election, Round, RoundStatus, Trustee
from linli.governance.tests.conftest import CLOSES, DURING, PASSPHRASE, PUBLISH, announce, decrypt, picks

# ---------------------------------------------------------------------------------------------
# The group: ElectionGuard 1.0 baseline parameters (spec 0.95.0, "Baseline Election Parameters")


def test_the_group_is_electionguards_published_baseline():
    grp = crypto.group()
    assert grp.q == 2**256 - 189 and format(int(grp.q), "X").endswith("FFFFFF43")
    hex_p = format(int(grp.p), "X")
    # The spec's hexadecimal p: 256 one bits, then the bits of Euler's gamma from "93C467E3 7DB0C7A4", ending in
    # "…3A52566A" and 256 one bits (the full values: test_elections_vectors.py).
    assert hex_p.startswith("F" * 64 + "93C467E37DB0C7A4D1BE3F810152CB56")
    assert hex_p.endswith("CEDDD4533A52566A" + "F" * 64)
    # The cofactor r = (p-1)/q and g = 2^r mod p, as published.
    r = (grp.p - 1) // grp.q
    assert (grp.p - 1) % grp.q == 0 and format(int(r), "X").startswith("100000000000000000000000000000000")
    assert format(int(r), "X").endswith("4A7F529FD4A7F52A")
    hex_g = format(int(grp.g), "X").rjust(1024, "0")
    assert hex_g.startswith("1D41E49C477E15EAEEF0C5E4AC08D4A4") and hex_g.endswith("BBADB987")
    assert (
        gmpy2.is_prime(grp.p, 30)
        and gmpy2.is_prime(grp.q, 30)
        and gmpy2.is_prime((grp.p - 1) // (2 * grp.q), 30)
    )
    assert gmpy2.powmod(grp.g, grp.q, grp.p) == 1 and grp.g != 1


def test_fixed_base_exponentiation_equals_powmod():
    grp = crypto.group()
    key = crypto.gpow(12345)
    for e in (0, 1, 2, 255, 256, 2**255 + 7, grp.q - 1, crypto.rand_q(), 2**300 + 1):
        assert crypto.gpow(e) == gmpy2.powmod(grp.g, e, grp.p)
        assert crypto.kpow(key, e) == gmpy2.powmod(key, e, grp.p)


def _layout(key):
    return crypto.Layout(
        context="T/1", key=key, positions=(("director", 1, ("c1", "c2")), ("member", 2, ("c3", "c4", "c5")))
    )


def test_proofs_hold_for_honest_ballots_and_fail_for_over_votes_and_edits():
    x = crypto.rand_q()
    layout = _layout(crypto.gpow(x))
    content = crypto.encrypt_ballot(layout, ["c2", "c3", "c5"])
    assert crypto.ballot_ciphertexts(layout, content) is not None
    with pytest.raises(ValueError):
        crypto.encrypt_ballot(layout, ["c1", "c2"])  # two directors for one seat
    data = json.loads(content)
    # A 2 in one box, with the honest proof of another box: the proof fails.
    a, b, _r = crypto.encrypt(layout.key, 2)
    forged = dict(data, c1=[crypto.h(a), crypto.h(b), data["c1"][2]])
    assert crypto.ballot_ciphertexts(layout, json.dumps(forged)) is None
    # Swapping two candidates' boxes breaks the proofs (each is bound to its candidate).
    swapped = dict(data, c1=data["c2"], c2=data["c1"])
    assert crypto.ballot_ciphertexts(layout, json.dumps(swapped)) is None
    # A proof for "two members" cannot be passed off as the director's "0..1".
    assert crypto.ballot_ciphertexts(layout, json.dumps(dict(data, **{"=director": data["=member"]}))) is None
    assert crypto.ballot_ciphertexts(layout, "not json") is None
    # With the private key, each box decrypts to what was chosen (the test's own key, not linli's).
    chosen = {
        t: crypto.n(v[1])
        * gmpy2.invert(gmpy2.powmod(crypto.n(v[0]), x, crypto.group().p), crypto.group().p)
        % crypto.group().p
        for t, v in data.items()
        if not t.startswith("=")
    }
    assert {t for t, m in chosen.items() if m == crypto.group().g} == {"c2", "c3", "c5"}


def test_any_k_trustees_decrypt_and_k_minus_one_learn_nothing_usable():
    keys = {i: crypto.new_seal_key(f"passphrase {i}") for i in (1, 2, 3, 4, 5)}
    parts = [crypto.contribute(3, {i: k[0] for i, k in keys.items()}) for _ in range(5)]
    commitments = [p.commitments for p in parts]
    key = crypto.public_key(commitments)
    shares = {
        i: crypto.open_share(
            crypto.open_seal_key(keys[i][1], f"passphrase {i}"), i, [p.sealed[i] for p in parts], commitments
        )
        for i in keys
    }
    a, b, _r = crypto.encrypt(key, 7)
    for present in ((1, 2, 3), (2, 4, 5), (1, 3, 5)):
        d = {i: gmpy2.powmod(a, shares[i], crypto.group().p) for i in present}
        assert crypto.discrete_logs({"t": crypto.combine(b, d)}, 10) == {"t": 7}
    d = {i: gmpy2.powmod(a, shares[i], crypto.group().p) for i in (1, 2)}
    with pytest.raises(ValueError):
        crypto.discrete_logs({"t": crypto.combine(b, d)}, 1000)
    with pytest.raises((ValueError, TypeError)):
        crypto.open_seal_key(keys[1][1], "wrong passphrase")


# ---------------------------------------------------------------------------------------------
# Secrecy against the database and the server's secrets


def _dump() -> str:
    out = StringIO()
    # Every model of every app linli stores data in (django-rq's dashboard model has no table).
    call_command("dumpdata", exclude=["django_rq"], stdout=out)
    return out.getvalue()


def test_a_database_dump_taken_mid_vote_with_the_servers_secrets_reveals_no_choice(scene, worker_a):
    codes = {e.resident_id: c for e, c in credentials_issue(actor=worker_a, round=scene.round, now=DURING)}
    first, second = picks(scene, director=0), picks(scene, director=1, deputy=1, members=(1, 2, 3))
    t1 = ballot_cast(round=scene.round, picks=first, credential=codes[scene.voters[0].pk], now=DURING)
    t2 = ballot_cast(round=scene.round, picks=second, credential=codes[scene.voters[1].pk], now=DURING)
    dump = _dump()  # everything the database holds while voting is open
    secrets = [
        str(settings.SECRET_KEY),
        str(getattr(settings, "LINLI_BLIND_INDEX_KEY", "")),
        str(getattr(settings, "LINLI_AUDIT_KEY", "")),
        *[str(k) for k in (getattr(settings, "LINLI_FIELD_KEYS", None) or [])],
    ]
    grp = crypto.group()
    election = Election.objects.get(pk=scene.election.pk)
    key = crypto.n(election.public_key)
    trustees = list(Trustee.objects.filter(election=election).order_by("number"))
    commitments = [t.commitments for t in trustees]
    share_keys = {crypto.share_public(commitments, t.number) for t in trustees}
    # 1. Two ballots with different choices look alike: same candidates, same sizes of numbers.
    b1, b2 = (json.loads(Ballot.objects.get(pk=t).content) for t in (t1, t2))
    assert set(b1) == set(b2)
    assert all(len(b1[t][0]) > 900 and len(b2[t][0]) > 900 for t in b1 if not t.startswith("="))
    # 2. No number anywhere in the dump or the secrets is the election's private key or a share,
    #    and none opens a trustee's sealed shares as an X25519 private key.
    numbers = {crypto.n(x) for x in re.findall(r"[0-9a-f]{40,}", dump)}
    for s in secrets:
        numbers.add(crypto.mpz(int.from_bytes(s.encode()[:64] or b"\0", "big")))
    sealed = [bytes.fromhex(v) for t in trustees for v in t.sealed.values()]
    for x in numbers:
        e = x % grp.q
        assert crypto.gpow(e) != key and crypto.gpow(e) not in share_keys
        raw = int(x % (1 << 256)).to_bytes(32, "big")
        with pytest.raises(CryptoError):
            SealedBox(PrivateKey(raw)).decrypt(sealed[0])
    # 3. Encryption is randomised: the same choice never gives the same ciphertext twice.
    for t in b1:
        if not t.startswith("="):
            assert b1[t][0] != b2[t][0]
    # 4. No voter<->ballot link in the dump: a ballot row names no voter, no mark, no time; a
    #    mark names no ballot. After the background pass the ballots are stored in tracking-code
    #    order (rowid / ctid), not in casting order. (Transaction ids: the PostgreSQL test in
    #    test_elections_deferred.py, which needs real transactions.)
    rows = json.loads(dump)
    ballot_rows = [r for r in rows if r["model"] == "governance.ballot"]
    assert {r["pk"] for r in ballot_rows} == {t1, t2}
    assert all(
        set(r["fields"]) == {"round", "content", "valid", "seq", "prev_hash", "hash"} for r in ballot_rows
    )
    marks = [r for r in rows if r["model"] == "governance.votermark"]
    assert marks and all(set(r["fields"]) == {"round", "entry", "channel", "station"} for r in marks)
    assert not any(
        t1 in json.dumps(r) or t2 in json.dumps(r) for r in rows if r["model"] != "governance.ballot"
    )
    ballots_pass(scene.round.pk)
    with connection.cursor() as cur:
        stored_order = {
            "postgresql": "SELECT tracking_code FROM governance_ballot ORDER BY ctid",
            "sqlite": "SELECT tracking_code FROM governance_ballot ORDER BY rowid",
        }
        cur.execute(stored_order[connection.vendor])
        assert [r[0] for r in cur.fetchall()] == sorted([t1, t2])
    # 5. And the server alone cannot count: the round refuses without trustees.
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    with pytest.raises(DomainError) as refused:
        round_count(actor=worker_a, round=scene.round, now=CLOSES)
    assert refused.value.code == "trustees_missing"


def test_the_count_refuses_with_fewer_than_k_trustees_and_proceeds_with_k(scene, worker_a):
    codes = {e.resident_id: c for e, c in credentials_issue(actor=worker_a, round=scene.round, now=DURING)}
    for v in scene.voters[:6]:
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    decrypt(scene, worker_a, numbers=(3,))
    with pytest.raises(DomainError) as refused:
        round_count(actor=worker_a, round=scene.round, now=CLOSES)
    assert refused.value.code == "trustees_missing" and scene.round.decryptions.count() == 1
    with pytest.raises(DomainError) as again:
        decrypt(scene, worker_a, numbers=(3,))
    assert again.value.code == "decrypted"
    # Uploads whose proofs do not hold are refused (400), audited, and not counted: trustee 2's
    # file uploaded as trustee 1's, and trustee 1's with one partial decryption altered.
    tally = tally_for_trustees(scene.round)
    mine = {n: board_check.decrypt_tally(scene.keys[n], PASSPHRASE, tally)["parts"] for n in (1, 2)}
    token = f"c{scene.candidates['director'][0].pk}"
    altered = {**mine[1], token: [crypto.h(crypto.n(mine[1][token][0]) * 2), *mine[1][token][1:]]}
    for parts in (mine[2], altered, {token: mine[1][token]}):
        with pytest.raises(DomainError) as bad:
            decryption_upload(
                actor=worker_a,
                round=scene.round,
                trustee=scene.election.trustees.get(number=1),
                parts=parts,
                now=CLOSES,
            )
        assert bad.value.code == "bad_decryption" and bad.value.status == 400
    refused = AuditEvent.objects.filter(action="governance.decryption.refused")
    assert refused.count() == 3 and refused.first().details["trustee"] == 1
    assert scene.round.decryptions.count() == 1
    with pytest.raises(DomainError) as still:
        round_count(actor=worker_a, round=scene.round, now=CLOSES)
    assert still.value.code == "trustees_missing"
    decrypt(scene, worker_a, numbers=(1,))
    r = round_count(actor=worker_a, round=scene.round, now=CLOSES)
    assert r.online_totals[f"c{scene.candidates['director'][0].pk}"] == 6
    assert r.online_totals[f"c{scene.candidates['director'][1].pk}"] == 0


def test_voting_needs_the_key_ceremony_and_the_ceremony_checks_k_and_n(tree, worker_a):
    from linli.governance.elections.actions import voting_open
    from linli.governance.tests.conftest import OPENS

    election = announce(tree.community_a, worker_a)
    with pytest.raises(DomainError) as quorum:
        ceremony_open(actor=worker_a, election=election, needed=3, names=["甲", "乙"], now=PUBLISH)
    assert quorum.value.code == "bad_quorum"
    with pytest.raises(DomainError) as same:
        ceremony_open(actor=worker_a, election=election, needed=1, names=["甲", "甲"], now=PUBLISH)
    assert same.value.code == "same_trustee"
    trustees = ceremony_open(
        actor=worker_a, election=election, needed=2, names=["甲", "乙", "丙"], now=PUBLISH
    )
    with pytest.raises(DomainError) as early:
        trustee_contribute(actor=worker_a, trustee=trustees[0], now=PUBLISH)
    assert early.value.code == "not_enrolled"
    with pytest.raises(DomainError) as short:
        trustee_enrol(actor=worker_a, trustee=trustees[0], passphrase="short", now=PUBLISH)
    assert short.value.code == "short_passphrase"
    election.stage = "candidates"
    election.save(update_fields=["stage"])
    with pytest.raises(DomainError) as no_key:
        voting_open(actor=worker_a, election=election, opens_at=OPENS, closes_at=CLOSES, now=PUBLISH)
    assert no_key.value.code == "no_election_key"


def test_an_invalid_ballot_is_rejected_by_its_proofs_and_left_out_of_the_sum(scene, worker_a):
    codes = {e.resident_id: c for e, c in credentials_issue(actor=worker_a, round=scene.round, now=DURING)}
    tracking = [
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
        for v in scene.voters[:3]
    ]
    # Someone with write access puts a 5 into one box of a stored ballot.
    data = json.loads(Ballot.objects.get(pk=tracking[0]).content)
    token = f"c{scene.candidates['director'][1].pk}"
    a, b, _r = crypto.encrypt(crypto.n(scene.election.public_key), 5)
    data[token] = [crypto.h(a), crypto.h(b), data[token][2]]
    Ballot.objects.filter(pk=tracking[0]).update(
        content=json.dumps(data, sort_keys=True, separators=(",", ":"))
    )
    r = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    assert Ballot.objects.get(pk=tracking[0]).valid is False
    decrypt(scene, worker_a, r)
    r = round_count(actor=worker_a, round=r, now=CLOSES)
    assert r.online_totals[f"c{scene.candidates['director'][0].pk}"] == 2 and r.online_totals[token] == 0
    result = board_check.verify(board_export(r))
    assert result.problems == [] and result.ballots == 3 and result.valid == 2


# ---------------------------------------------------------------------------------------------
# The verifier on a real demo election


def test_the_verifier_passes_on_the_demo_election_and_fails_with_one_ballot_altered(db, tmp_path, settings):
    import datetime as dt
    import subprocess
    import sys
    from pathlib import Path

    from linli.governance.demo import PAST_TITLE

    settings.VAR_DIR = tmp_path
    call_command(
        "demo_load", "--now", dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC).isoformat(), stdout=StringIO()
    )
    r = Round.objects.get(election__title=PAST_TITLE, number=1)
    assert r.status == RoundStatus.COUNTED
    board = board_export(r)
    assert board["ballots"] and board["decryptions"]
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    tool = Path(settings.BASE_DIR) / "tools" / "verify_board.py"
    ok = subprocess.run(  # proofs checked in two processes
        [sys.executable, str(tool), str(path), "--workers", "2"], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK" in ok.stdout and "李建华" in ok.stdout
    call_command("governance_verify", r.election.code, stdout=StringIO())
    assert all(len(t["proofs"]) == len(t["commitments"]) for t in board["trustees"])
    pristine = json.dumps(board, ensure_ascii=False)

    def fails(altered: dict, says: str) -> None:
        path.write_text(json.dumps(altered, ensure_ascii=False), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(tool), str(path)], capture_output=True, text=True, check=False
        )
        assert out.returncode == 1 and says in out.stdout, out.stdout
        with pytest.raises(CommandError):
            call_command("governance_verify", "--board", str(path), stdout=StringIO(), stderr=StringIO())

    # One trustee's partial decryption of one total altered (its proof no longer holds) ...
    altered = json.loads(pristine)
    d = altered["decryptions"][0]
    token = sorted(d["parts"])[0]
    d["parts"][token][0] = crypto.h(crypto.n(d["parts"][token][0]) * crypto.group().g % crypto.group().p)
    fails(altered, f"trustee {d['trustee']}'s decryption of {token} fails its proof")
    # ... or only its proof's response ...
    altered = json.loads(pristine)
    d = altered["decryptions"][-1]
    d["parts"][token][2] = crypto.h((crypto.n(d["parts"][token][2]) + 1) % crypto.group().q)
    fails(altered, "fails its proof")
    # ... or a trustee's proof of knowledge of a coefficient: the verifier fails.
    altered = json.loads(pristine)
    altered["trustees"][1]["proofs"][0] = list(reversed(altered["trustees"][1]["proofs"][0]))
    fails(altered, "proofs of knowledge")
    # governance_verify against the database catches a partial decryption altered in place.
    pd = r.decryptions.order_by("trustee__number").first()
    kept = dict(pd.parts)
    pd.parts = {**kept, token: [kept[token][0], kept[token][1], crypto.h(7)]}
    pd.save(update_fields=["parts"])
    with pytest.raises(CommandError):
        call_command("governance_verify", r.election.code, stdout=StringIO(), stderr=StringIO())
    pd.parts = kept
    pd.save(update_fields=["parts"])
    board = json.loads(pristine)
    # One ballot altered — and, to get past the hash chain, the chain and its head re-computed:
    # its proofs, the encrypted sum and the decryption catch it.
    rows = board["ballots"]
    victim = json.loads(rows[0][2])
    token = next(t for t in victim if not t.startswith("="))
    a, b, _r = crypto.encrypt(crypto.n(board["public_key"]), 1)
    victim[token] = [crypto.h(a), crypto.h(b), victim[token][2]]
    rows[0][2] = json.dumps(victim, sort_keys=True, separators=(",", ":"))
    chained = list(board_check.chain(board["round_key"], [(row[1], row[2]) for row in rows]))
    board["ballots"] = [
        [s, c, content, prev, d, row[5]] for (s, c, content, prev, d), row in zip(chained, rows, strict=True)
    ]
    board["board_head"] = chained[-1][4]
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    bad = subprocess.run([sys.executable, str(tool), str(path)], capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "FAIL" in bad.stdout
