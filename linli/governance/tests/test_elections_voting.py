import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, NotFound
from linli.governance.elections.actions import (
    ballot_cast,
    credentials_issue,
    round_close,
    round_count,
    station_add,
    voter_mark_in_person,
)
from linli.governance.elections.queries import board_export, board_rows, check_round, is_on_board
from linli.governance.models import Ballot, Credential, PollingStation, VoterEntry, VoterMark
from linli.governance.tests.conftest import CLOSES, DURING, decrypt, picks


def _codes(scene, worker):
    issued = credentials_issue(actor=worker, round=scene.round, now=DURING)
    return {entry.resident_id: code for entry, code in issued}


def test_voter_casts_with_a_one_time_code_and_finds_it_on_the_board(scene, worker_a):
    codes = _codes(scene, worker_a)
    code = codes[scene.voters[0].pk]
    tracking = ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
    with pytest.raises(DomainError) as again:
        ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
    assert again.value.code == "already_voted"
    assert is_on_board(scene.round, tracking) is None  # the board appears only after the close
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    ballot = is_on_board(scene.round, tracking.lower())
    assert ballot is not None and ballot.seq == 1 and ballot.valid is True
    # Every candidate has a ciphertext and every position a proof: the shape says nothing of the picks.
    tokens = {f"c{c.pk}" for c in scene.round.candidates.all()}
    assert set(json.loads(ballot.content)) == tokens | {"=director", "=deputy", "=member"}


def test_codes_are_stored_only_as_hashes(scene, worker_a):
    codes = _codes(scene, worker_a)
    stored = set(Credential.objects.values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes.values())


def test_a_signed_in_resident_votes_without_a_code(scene, resident):
    from linli.registry.models import Resident

    Resident.objects.filter(pk=scene.voters[3].pk).update(user=resident)
    tracking = ballot_cast(round=scene.round, picks=picks(scene), voter=resident, now=DURING)
    assert len(tracking) == 12
    assert VoterMark.objects.get().entry.resident_id == scene.voters[3].pk


def test_an_outsider_cannot_vote(scene, worker_b):
    with pytest.raises(NotFound):
        ballot_cast(round=scene.round, picks=picks(scene), voter=worker_b, now=DURING)
    with pytest.raises(DomainError) as bad:
        ballot_cast(round=scene.round, picks=picks(scene), credential="NOTACODE1234", now=DURING)
    assert bad.value.code == "bad_credential"


def test_too_many_choices_or_foreign_candidates_are_refused(scene, worker_a):
    code = _codes(scene, worker_a)[scene.voters[0].pk]
    too_many = picks(scene, members=(0, 1, 2, 3))
    with pytest.raises(DomainError) as info:
        ballot_cast(round=scene.round, picks=too_many, credential=code, now=DURING)
    assert info.value.code == "too_many" and "member" in info.value.fields
    wrong = {"director": [scene.candidates["member"][0].pk]}
    with pytest.raises(DomainError):
        ballot_cast(round=scene.round, picks=wrong, credential=code, now=DURING)
    assert not VoterMark.objects.exists() and not Ballot.objects.exists()


def test_online_write_ins_go_to_paper_but_a_listed_name_merges(scene, worker_a):
    code = _codes(scene, worker_a)[scene.voters[0].pk]
    listed = scene.candidates["member"][3].name
    ballot = {
        "director": [],
        "member": [scene.candidates["member"][0].pk],
        "write_ins": {"member": ["张 三", listed]},
    }
    with pytest.raises(DomainError) as info:
        ballot_cast(round=scene.round, picks=ballot, credential=code, now=DURING)
    assert info.value.code == "no_online_write_ins"
    assert not VoterMark.objects.exists() and not Ballot.objects.exists()
    ballot["write_ins"] = {"member": [listed]}  # the name of a candidate counts as that candidate
    ballot_cast(round=scene.round, picks=ballot, credential=code, now=DURING)
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    decrypt(scene, worker_a)
    scene.round = round_count(actor=worker_a, round=scene.round, now=CLOSES)
    assert scene.round.online_totals[f"c{scene.candidates['member'][3].pk}"] == 1


def test_in_person_mark_blocks_online_vote_and_the_other_way(scene, worker_a):
    station = station_add(actor=worker_a, election=scene.election, name="第一投票站")
    codes = _codes(scene, worker_a)
    entries = {e.resident_id: e for e in scene.election.register.all()}
    voter_mark_in_person(
        actor=worker_a, round=scene.round, entry=entries[scene.voters[0].pk], station=station
    )
    with pytest.raises(DomainError) as info:
        ballot_cast(round=scene.round, picks={}, credential=codes[scene.voters[0].pk], now=DURING)
    assert info.value.code == "already_voted"
    ballot_cast(round=scene.round, picks={}, credential=codes[scene.voters[1].pk], now=DURING)
    with pytest.raises(DomainError):
        voter_mark_in_person(
            actor=worker_a, round=scene.round, entry=entries[scene.voters[1].pk], station=station
        )


def test_voting_outside_the_window_is_refused(scene, worker_a):
    code = _codes(scene, worker_a)[scene.voters[0].pk]
    with pytest.raises(DomainError) as info:
        ballot_cast(round=scene.round, picks={}, credential=code, now=CLOSES)
    assert info.value.code == "voting_closed"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises all writers; race needs PostgreSQL"
)
def test_fifty_concurrent_casts_by_one_voter_count_once(tree, worker_a):
    from linli.governance.tests.conftest import person, to_voting

    voters = [person(tree.community_a, f"并发{i}") for i in range(10)]
    scene = to_voting(tree.community_a, worker_a, voters)
    code = _codes(scene, worker_a)[voters[0].pk]
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def cast():
        barrier.wait()
        try:
            ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
            result = "ok"
        except DomainError as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=cast) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("already_voted") == 49
    assert Ballot.objects.count() == 1 and VoterMark.objects.count() == 1


# Secrecy: nothing joins who voted to what was voted.


def _links(model, targets):
    return [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "related_model", None) in targets and not f.auto_created
    ]


def test_schema_has_no_link_between_voters_and_ballots():
    from linli.accounts.models import User
    from linli.registry.models import Resident

    who = {VoterEntry, VoterMark, Credential, Resident, User, PollingStation}
    assert _links(Ballot, who) == []
    assert _links(VoterMark, {Ballot}) == [] and _links(Credential, {Ballot}) == []
    assert _links(VoterEntry, {Ballot}) == []
    for model in (Ballot, VoterMark, Credential):
        kinds = [type(f) for f in model._meta.concrete_fields]
        assert not any(
            issubclass(k, (models.DateTimeField, models.DateField, models.TimeField)) for k in kinds
        ), model
    # The ballot's key is a random code, not a counter that follows the order of casting.
    assert isinstance(Ballot._meta.pk, models.CharField)
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "tracking_code",
        "round",
        "content",
        "valid",
        "seq",
        "prev_hash",
        "hash",
    }


def test_database_constraints_give_no_path_from_a_ballot_to_a_voter(db):
    """Introspect the real tables: the ballot's only foreign key is its round."""
    with connection.cursor() as cur:
        constraints = connection.introspection.get_constraints(cur, "governance_ballot")
        columns = {c.name for c in connection.introspection.get_table_description(cur, "governance_ballot")}
    targets = {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}
    assert targets == {"governance_round"}
    assert columns == {"tracking_code", "round_id", "content", "valid", "seq", "prev_hash", "hash"}
    with connection.cursor() as cur:
        mark_columns = {
            c.name for c in connection.introspection.get_table_description(cur, "governance_votermark")
        }
    assert mark_columns == {"id", "round_id", "entry_id", "channel", "station_id"}


def test_stored_order_follows_tracking_codes_not_casting(scene, worker_a):
    codes = _codes(scene, worker_a)
    cast_order = [
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
        for v in scene.voters
    ]
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    board = list(board_rows(scene.round).values_list("tracking_code", flat=True))
    assert board == sorted(cast_order) and board != cast_order
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT tracking_code FROM governance_ballot ORDER BY ctid")
            assert [r[0] for r in cur.fetchall()] == sorted(cast_order)
            cur.execute("SELECT count(DISTINCT xmin::text) FROM governance_ballot")
            assert cur.fetchone()[0] == 1  # rewritten in one transaction at close
            cur.execute("SELECT count(DISTINCT xmin::text) FROM governance_votermark")
            assert cur.fetchone()[0] == 1  # the marks too: no cast's transaction id is left
    # The marks are re-written in register order: their ids no longer follow the casting order.
    marks = list(
        VoterMark.objects.filter(round=scene.round).order_by("id").values_list("entry_id", flat=True)
    )
    assert marks == sorted(marks)


def test_no_audit_event_mentions_a_ballot(scene, worker_a):
    codes = _codes(scene, worker_a)
    tracking = [
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
        for v in scene.voters[:4]
    ]
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    text = " ".join(f"{e.object_repr} {e.object_id} {e.details}" for e in AuditEvent.objects.all())
    assert not any(t in text for t in tracking)
    closed = AuditEvent.objects.get(action="governance.round.closed")
    assert closed.details["ballots_online"] == 4 and closed.details["board_head"] == scene.round.board_head


# Verifiability


def _closed_with_votes(scene, worker_a, n=6):
    codes = _codes(scene, worker_a)
    for v in scene.voters[:n]:
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    decrypt(scene, worker_a)
    scene.round = round_count(actor=worker_a, round=scene.round, now=CLOSES)


def test_verification_command_passes_on_an_untouched_board(scene, worker_a, capsys):
    _closed_with_votes(scene, worker_a)
    call_command("governance_verify", scene.election.code)
    assert "OK" in capsys.readouterr().out


def test_tampering_with_one_published_ballot_breaks_verification(scene, worker_a):
    _closed_with_votes(scene, worker_a)
    victim, other = board_rows(scene.round)[2], board_rows(scene.round)[0]
    Ballot.objects.filter(pk=victim.pk).update(content=other.content)
    check = check_round(scene.round)
    assert check.bad_seq == 3 and "changed" in check.problem
    with pytest.raises(CommandError):
        call_command("governance_verify", scene.election.code)


def test_rehashing_a_tampered_board_still_fails_against_the_sealed_head(scene, worker_a):
    from linli.governance import tally

    _closed_with_votes(scene, worker_a)
    rows = list(board_rows(scene.round).values_list("tracking_code", "content"))
    rows[0] = (rows[0][0], rows[1][1])
    key = f"{scene.election.code}/1"
    for seq, code, content, prev, digest in tally.chain(key, rows):
        Ballot.objects.filter(pk=code).update(content=content, prev_hash=prev, hash=digest, seq=seq)
    assert check_round(scene.round).problem == ""
    with pytest.raises(CommandError):
        call_command("governance_verify", scene.election.code)


def test_removing_a_ballot_breaks_verification(scene, worker_a):
    _closed_with_votes(scene, worker_a)
    Ballot.objects.filter(seq=4).delete()
    assert check_round(scene.round).bad_seq == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions and VACUUM are PostgreSQL's")
def test_vacuum_after_close_runs_outside_a_transaction(tree, worker_a):
    from linli.governance import maintenance

    maintenance.vacuum("governance_ballot", "governance_ratingcount", "not_a_governance_table")


def test_an_exported_board_is_checked_and_recounted_without_the_database(scene, worker_a, tmp_path, capsys):
    _closed_with_votes(scene, worker_a, n=4)
    board = board_export(scene.round)
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    call_command("governance_verify", board=str(path))
    out = capsys.readouterr().out
    assert "4 online ballots chained (4 with valid proofs)" in out and "online 20 + paper 0 = 20" in out
    board["ballots"][1][2] = board["ballots"][1][2].replace("a", "b", 1)
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="ballot #2"):
        call_command("governance_verify", board=str(path))
