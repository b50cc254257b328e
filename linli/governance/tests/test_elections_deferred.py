"""Ballots encrypted on the voter's device: accepted on their form, proofs checked by the
background pass before the count; the mark and the ballot never share a transaction, and after a
pass no row version of a ballot follows its cast (issue 20)."""

import json

import pytest
import time_machine
from django.db import connection
from django.test import Client

from linli.common.errors import DomainError
from linli.governance import board_check, crypto
from linli.governance.elections.actions import (
    ballot_cast,
    ballot_layout,
    ballots_pass,
    credentials_issue,
    round_close,
)
from linli.governance.elections.queries import board_export
from linli.governance.models import Ballot, VoterMark
from linli.governance.tests.conftest import CLOSES, DURING, picks


def _codes(scene, worker):
    return {e.resident_id: c for e, c in credentials_issue(actor=worker, round=scene.round, now=DURING)}


def _tokens(scene, p):
    return [f"c{cid}" for ids in p.values() for cid in ids]


def _forged(layout) -> str:
    """A ballot that votes 2 for the director's first candidate: the 0/1 proof cannot hold, so
    the proof is made for 1 while the ciphertext says 2 (an honest-looking form)."""
    content = json.loads(crypto.encrypt_ballot(layout, []))
    _position, _seats, tokens = layout.positions[0]
    a, b, r = crypto.encrypt(layout.key, 2)
    content[tokens[0]] = [crypto.h(a), crypto.h(b), crypto.prove_range(layout.key, a, b, 1, r, 1, "x")]
    return json.dumps(content, sort_keys=True, separators=(",", ":"))


def test_a_device_encrypted_ballot_is_accepted_on_its_form_and_a_forged_one_is_rejected_before_the_count(
    scene, worker_a
):
    codes = _codes(scene, worker_a)
    layout = ballot_layout(scene.round)
    honest = crypto.encrypt_ballot(layout, _tokens(scene, picks(scene)))
    t1 = ballot_cast(round=scene.round, encrypted=honest, credential=codes[scene.voters[0].pk], now=DURING)
    forged = ballot_cast(
        round=scene.round, encrypted=_forged(layout), credential=codes[scene.voters[1].pk], now=DURING
    )
    # Malformed: refused on arrival, and the voter is not marked.
    for bad in ("{}", "not json", honest.replace('"=director"', '"=nobody"'), json.dumps({"x": 1})):
        with pytest.raises(DomainError) as refused:
            ballot_cast(round=scene.round, encrypted=bad, credential=codes[scene.voters[2].pk], now=DURING)
        assert refused.value.code == "malformed_ballot"
    assert not VoterMark.objects.filter(round=scene.round, entry__resident=scene.voters[2]).exists()
    assert set(Ballot.objects.filter(round=scene.round).values_list("valid", flat=True)) == {None}
    # The background pass checks the proofs while voting is open.
    rewritten, checked, rejected = ballots_pass(scene.round.pk)
    assert (rewritten, checked, rejected) == (2, 2, 1)
    assert Ballot.objects.get(pk=t1).valid is True and Ballot.objects.get(pk=forged).valid is False
    assert ballots_pass(scene.round.pk) == (0, 0, 0)  # idempotent
    # The close keeps the verdicts, sums the valid one only; the verifier agrees from the board.
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    assert Ballot.objects.get(pk=forged).valid is False
    board = json.loads(json.dumps(board_export(scene.round), default=str))
    checked = board_check.verify(board)
    assert checked.problems == [] and (checked.ballots, checked.valid) == (2, 1)
    assert {row[1]: row[5] for row in board["ballots"]} == {t1: True, forged: False}


def test_a_flag_flipped_in_the_database_is_caught_by_the_verifier(scene, worker_a):
    codes = _codes(scene, worker_a)
    forged = ballot_cast(
        round=scene.round,
        encrypted=_forged(ballot_layout(scene.round)),
        credential=codes[scene.voters[0].pk],
        now=DURING,
    )
    ballot_cast(round=scene.round, picks=picks(scene), credential=codes[scene.voters[1].pk], now=DURING)
    ballots_pass(scene.round.pk)
    Ballot.objects.filter(pk=forged).update(valid=True)  # a DBA marks the forged ballot valid
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    board = json.loads(json.dumps(board_export(scene.round), default=str))
    assert f"ballot {forged}: its proofs fail, the board says otherwise" in board_check.verify(board).problems


def test_the_api_takes_an_encrypted_ballot_and_gives_the_layout_to_encrypt_under(scene, worker_a):
    codes = _codes(scene, worker_a)
    client = Client()
    with time_machine.travel(DURING, tick=False):
        code = codes[scene.voters[0].pk]
        got = client.post(
            "/api/v1/governance/vote/layout", {"credential": code}, content_type="application/json"
        )
        assert got.status_code == 200
        spec = got.json()
        layout = crypto.Layout(
            context=spec["context"],
            key=crypto.n(spec["key"]),
            positions=tuple((p, s, tuple(ts)) for p, s, ts in spec["positions"]),
        )
        assert layout == ballot_layout(scene.round)
        body = {"credential": code, "encrypted": crypto.encrypt_ballot(layout, _tokens(scene, picks(scene)))}
        cast = client.post("/api/v1/governance/vote", body, content_type="application/json")
        assert cast.status_code == 201
        bad = client.post(
            "/api/v1/governance/vote",
            {"credential": codes[scene.voters[1].pk], "encrypted": "[1, 2]"},
            content_type="application/json",
        )
        assert bad.status_code == 400 and bad.json()["code"] == "malformed_ballot"
        nobody = client.post(
            "/api/v1/governance/vote/layout", {"credential": "WRONGWRONG12"}, content_type="application/json"
        )
        assert nobody.status_code == 403


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin and ctid are PostgreSQL's")
def test_mid_vote_a_mark_and_its_ballot_share_no_transaction_and_a_pass_leaves_no_casting_trace(
    scene, worker_a
):
    codes = _codes(scene, worker_a)
    cast = [
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
        for v in scene.voters[:6]
    ]

    def xmins(table: str) -> list[str]:
        with connection.cursor() as cur:
            cur.execute(f"SELECT xmin::text FROM {table}")  # noqa: S608 - fixed table names
            return [r[0] for r in cur.fetchall()]

    marks, ballots = xmins("governance_votermark"), xmins("governance_ballot")
    assert len(set(marks)) == 6 and len(set(ballots)) == 6  # each cast: two transactions
    assert not set(marks) & set(ballots)  # never the mark's transaction
    ballots_pass(scene.round.pk)
    after = xmins("governance_ballot")
    assert len(set(after)) == 1 and not set(after) & set(ballots) and not set(after) & set(marks)
    with connection.cursor() as cur:
        cur.execute("SELECT tracking_code FROM governance_ballot ORDER BY ctid")
        assert [r[0] for r in cur.fetchall()] == sorted(cast)
        cur.execute("VACUUM governance_ballot")  # what the pass queues after commit
        cur.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'governance_ballot'")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED is PostgreSQL's")
def test_two_passes_at_once_check_each_ballot_exactly_once(scene, worker_a, monkeypatch):
    import threading
    from collections import Counter

    from django.db import connections

    from linli.governance.elections.actions import mixing

    codes = _codes(scene, worker_a)
    cast = [
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
        for v in scene.voters
    ]
    assert len(cast) >= 10
    content_of = dict(Ballot.objects.values_list("content", "tracking_code"))
    seen: Counter[str] = Counter()
    by_pass: dict[str, int] = {}
    guard = threading.Lock()
    real = crypto.ballot_ciphertexts

    def counted(layout, content):
        with guard:
            seen[content_of[content]] += 1
        return real(layout, content)

    monkeypatch.setattr(mixing.crypto, "ballot_ciphertexts", counted)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            start.wait()
            by_pass[name] = mixing.ballots_pass(scene.round.pk, batch=2)[1]
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert seen == Counter({code: 1 for code in cast})  # every ballot checked, none twice
    assert sum(by_pass.values()) == len(cast) and all(by_pass.values()), by_pass  # both worked
    assert Ballot.objects.filter(round=scene.round, valid=True).count() == len(cast)
    assert mixing.ballots_pass(scene.round.pk) == (0, 0, 0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED is PostgreSQL's")
def test_the_command_checks_every_ballot_in_several_processes(scene, worker_a):
    from io import StringIO

    from django.core.management import call_command

    codes = _codes(scene, worker_a)
    for v in scene.voters[:4]:
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
    out = StringIO()
    call_command("governance_ballots_pass", "--workers", "2", stdout=out)
    assert out.getvalue().startswith("checked 4 ballots in 2 processes")
    assert Ballot.objects.filter(round=scene.round, valid=True).count() == 4
