import datetime as dt
import json

import time_machine
from django.test import Client

from linli.audit.models import AuditEvent
from linli.governance import board_check
from linli.governance.elections.actions import register_build, round_close, station_add
from linli.governance.models import Ballot, Election
from linli.governance.tests.conftest import (
    BUILD,
    CLOSES,
    DURING,
    NOMINATE,
    PUBLISH,
    TZ,
    person,
    picks,
)


def post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def test_election_lifecycle_through_the_api(tree, worker_a, director_a, login):
    for i in range(10):
        person(tree.community_a, f"接口{i}")
    api = login(worker_a)
    created = post(
        api,
        "/api/v1/governance/elections",
        {
            "community_code": tree.community_a.code,
            "title": "接口选举",
            "election_day": "2099-04-18",
            "register_cutoff": "2099-03-20",
            "seats": {"director": 1, "deputy": 1, "member": 3},
        },
    )
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    assert api.get(f"/api/v1/governance/elections/{code}").json()["stage"] == "announced"
    Election.objects.filter(code=code).update(
        election_day=dt.date(2026, 4, 18), register_cutoff=dt.date(2026, 3, 20)
    )
    with time_machine.travel(BUILD, tick=False):
        assert post(api, f"/api/v1/governance/elections/{code}/register", {}).json()["stage"] == "register"
        entries = api.get(f"/api/v1/governance/elections/{code}/register").json()["items"]
        assert len(entries) == 10
    with time_machine.travel(NOMINATE, tick=False):
        api = login(worker_a)
        assert post(api, f"/api/v1/governance/elections/{code}/nomination", {}).status_code == 200
        for entry, position in zip(entries, ["director"] * 2 + ["deputy"] * 2 + ["member"] * 4, strict=False):
            r = post(
                api,
                f"/api/v1/governance/elections/{code}/candidates",
                {"position": position, "entry_id": entry["id"], "nominated_by": "self"},
            )
            assert r.status_code == 201
    with time_machine.travel(PUBLISH, tick=False):
        api = login(worker_a)
        assert post(api, f"/api/v1/governance/elections/{code}/candidates/publish", {}).status_code == 200
        trustees = post(
            api, f"/api/v1/governance/elections/{code}/trustees", {"needed": 2, "names": ["甲", "乙", "丙"]}
        )
        assert trustees.status_code == 201 and len(trustees.json()) == 3
        keys = {}
        for n in (1, 2, 3):
            r = post(
                api,
                f"/api/v1/governance/elections/{code}/trustees/{n}/key",
                {"passphrase": "trustee passphrase"},
            )
            assert r.status_code == 200
            keys[n] = r.json()["key_file"]
        for n in (1, 2, 3):
            assert (
                post(api, f"/api/v1/governance/elections/{code}/trustees/{n}/contribute", {}).status_code
                == 200
            )
        r = post(
            api,
            f"/api/v1/governance/elections/{code}/rounds",
            {"opens_at": "2026-04-18T08:00:00+08:00", "closes_at": "2026-04-18T18:00:00+08:00"},
        )
        assert r.status_code == 201
        candidates = {c["position"]: c["id"] for c in r.json()["candidates"]}
    with time_machine.travel(DURING, tick=False):
        api = login(worker_a)
        codes = post(api, f"/api/v1/governance/elections/{code}/rounds/1/credentials", {}).json()
        assert len(codes) == 10
        ballot = {"picks": {"director": [candidates["director"]]}, "write_ins": {}}
        written = post(
            Client(),
            "/api/v1/governance/vote",
            {**ballot, "write_ins": {"member": ["赵六"]}, "credential": codes[9]["code"]},
        )
        assert written.status_code == 400 and written.json()["code"] == "no_online_write_ins"
        anonymous = Client()
        bad = post(anonymous, "/api/v1/governance/vote", {**ballot, "credential": "WRONGWRONG12"})
        assert bad.status_code == 403 and bad.json()["code"] == "bad_credential"
        tracking = []
        for c in codes[:6]:
            r = post(anonymous, "/api/v1/governance/vote", {**ballot, "credential": c["code"]})
            assert r.status_code == 201
            tracking.append(r.json()["tracking_code"])
        again = post(anonymous, "/api/v1/governance/vote", {**ballot, "credential": codes[0]["code"]})
        assert again.status_code == 409 and again.json()["code"] == "already_voted"
        assert anonymous.get(f"/api/v1/governance/elections/{code}/rounds/1/board").status_code == 404
    with time_machine.travel(CLOSES, tick=False):
        api = login(worker_a)
        closed = post(api, f"/api/v1/governance/elections/{code}/rounds/1/close", {}).json()
        assert closed["ballots_online"] == 6 and closed["voters_voted"] == 6
        board = Client().get(f"/api/v1/governance/elections/{code}/rounds/1/board").json()
        assert sorted(tracking) == [row[1] for row in board["ballots"]]
        early = post(api, f"/api/v1/governance/elections/{code}/rounds/1/count", {})
        assert early.status_code == 409 and early.json()["code"] == "trustees_missing"
        # Each trustee downloads the encrypted totals, decrypts at home, uploads the result.
        tally = api.get(f"/api/v1/governance/elections/{code}/rounds/1/tally").json()
        assert tally["encrypted_tally"] == board["encrypted_tally"]
        assert Client().get(f"/api/v1/governance/elections/{code}/rounds/1/tally").status_code in (401, 404)
        mine = {
            n: board_check.decrypt_tally(keys[n].encode(), "trustee passphrase", tally) for n in (1, 2, 3)
        }
        url = f"/api/v1/governance/elections/{code}/rounds/1/decryption"
        # Trustee 1's file uploaded as trustee 2's: its proofs do not hold for 2's public share.
        wrong = post(api, url, {**mine[1], "trustee": 2})
        assert wrong.status_code == 400 and wrong.json()["code"] == "bad_decryption"
        assert any(w in wrong.json()["message"] for w in ("trustee 2 ", "第 2 号保管人"))
        assert AuditEvent.objects.filter(action="governance.decryption.refused").count() == 1
        other = post(api, url, {**mine[2], "round": 2})
        assert other.status_code == 400 and other.json()["code"] == "other_round"
        for n in (2, 3):
            d = post(api, url, mine[n])
            assert d.status_code == 201, d.json()
        assert post(api, url, mine[3]).json()["code"] == "decrypted"
        counted = post(api, f"/api/v1/governance/elections/{code}/rounds/1/count", {}).json()
        assert counted["turnout_valid"] is True
        results = api.get(f"/api/v1/governance/elections/{code}/rounds/1/results").json()
        director = next(x for x in results if x["candidate_id"] == candidates["director"])
        assert director["votes"] == 6 and director["elected"]
        assert not any(x["name"] == "赵六" for x in results)


def test_outsiders_get_404_from_the_api(scene, worker_b, login):
    api = login(worker_b)
    code = scene.election.code
    for url in [
        f"/api/v1/governance/elections/{code}",
        f"/api/v1/governance/elections/{code}/register",
        f"/api/v1/governance/elections/{code}/candidates",
        f"/api/v1/governance/elections/{code}/rounds/1",
        f"/api/v1/governance/elections/{code}/trustees",
    ]:
        assert api.get(url).status_code == 404, url
    for url in [
        f"/api/v1/governance/elections/{code}/register",
        f"/api/v1/governance/elections/{code}/rounds/1/close",
        f"/api/v1/governance/elections/{code}/rounds/1/ballots",
        f"/api/v1/governance/elections/{code}/certify",
    ]:
        assert post(api, url, {}).status_code == 404, url
    body = {"needed": 1, "names": ["x"], "passphrase": "long enough", "trustee": 1, "parts": {}}
    for url in [
        f"/api/v1/governance/elections/{code}/trustees",
        f"/api/v1/governance/elections/{code}/trustees/1/key",
        f"/api/v1/governance/elections/{code}/trustees/1/contribute",
        f"/api/v1/governance/elections/{code}/rounds/1/decryption",
    ]:
        assert post(api, url, body).status_code == 404, url
    assert api.get(f"/api/v1/governance/elections/{code}/rounds/1/tally").status_code == 404
    assert scene.election.trustees.count() == 3
    assert api.get("/api/v1/governance/elections").json()["items"] == []


def test_signed_in_voter_casts_through_the_api(scene, resident, login):
    from linli.registry.models import Resident

    Resident.objects.filter(pk=scene.voters[2].pk).update(user=resident)
    p = picks(scene)
    body = {"picks": {k: v for k, v in p.items()}, "write_ins": {}}
    with time_machine.travel(DURING, tick=False):
        r = post(
            login(resident), f"/api/v1/governance/elections/{scene.election.code}/rounds/1/ballots", body
        )
    assert r.status_code == 201 and Ballot.objects.get().tracking_code == r.json()["tracking_code"]


def test_station_counts_through_the_api(scene, worker_a, director_a, login):
    station = station_add(actor=worker_a, election=scene.election, name="站一")
    entry = scene.election.register.first()
    code = scene.election.code
    with time_machine.travel(DURING, tick=False):
        r = post(
            login(worker_a),
            f"/api/v1/governance/elections/{code}/rounds/1/marks",
            {"entry_id": entry.pk, "station_id": station.pk},
        )
        assert r.status_code == 201
    round_close(actor=worker_a, round=scene.round, now=CLOSES)
    body = {
        "station_id": station.pk,
        "ballots_returned": 1,
        "votes": {f"c{scene.candidates['director'][0].pk}": 1},
        "teller_1": "甲",
        "teller_2": "乙",
    }
    sc = post(login(worker_a), f"/api/v1/governance/elections/{code}/rounds/1/station-counts", body)
    assert sc.status_code == 201
    assert (
        post(
            login(worker_a),
            f"/api/v1/governance/elections/{code}/rounds/1/station-counts/{sc.json()['id']}/confirm",
            {},
        ).status_code
        == 403
    )
    ok = post(
        login(director_a),
        f"/api/v1/governance/elections/{code}/rounds/1/station-counts/{sc.json()['id']}/confirm",
        {},
    )
    assert ok.json()["confirmed"] is True


def test_applications_and_objections_through_the_api(tree, worker_a, worker_b, resident, login):
    from linli.governance.tests.conftest import announce
    from linli.registry.models import Resident

    me = person(
        tree.community_a,
        "流动申请",
        kind="floating",
        registered=dt.datetime(2024, 1, 1, tzinfo=TZ),
        user=resident,
    )
    other = person(tree.community_a, "被异议")
    election = announce(tree.community_a, worker_a)
    with time_machine.travel(BUILD, tick=False):
        register_build(actor=worker_a, election=election, now=BUILD)
        applied = post(login(resident), f"/api/v1/governance/elections/{election.code}/applications", {})
        assert applied.status_code == 201
        url = f"/api/v1/governance/elections/{election.code}/applications/{applied.json()['id']}/decision"
        assert post(login(worker_b), url, {"accept": True}).status_code == 404
        assert post(login(resident), url, {"accept": True}).status_code == 403
        assert post(login(worker_a), url, {"accept": True}).json()["status"] == "accepted"
        assert election.register.filter(resident=me, is_listed=True).exists()
        filed = post(
            login(resident),
            f"/api/v1/governance/elections/{election.code}/objections",
            {"kind": "wrongly_listed", "subject_id": other.pk, "text": "已搬走多年"},
        )
        assert filed.status_code == 201
        decide = f"/api/v1/governance/elections/{election.code}/objections/{filed.json()['id']}/decision"
        assert (
            post(login(worker_a), decide, {"accept": True, "answer": "核实属实"}).json()["status"]
            == "accepted"
        )
    assert not election.register.filter(resident=other, is_listed=True).exists()
    assert Resident.objects.filter(pk=me.pk).exists()
