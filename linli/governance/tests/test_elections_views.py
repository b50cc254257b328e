import json
import re

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from linli.governance import board_check
from linli.governance.elections.actions import (
    ballot_cast,
    credentials_issue,
    register_build,
    register_correct,
    round_close,
)
from linli.governance.elections.queries import board_export
from linli.governance.models import (
    Ballot,
    Credential,
    Election,
    Round,
    RoundStatus,
    Stage,
    VoterMark,
)
from linli.governance.tests.conftest import (
    BUILD,
    CLOSES,
    DURING,
    NOMINATE,
    PASSPHRASE,
    PUBLISH,
    announce,
    person,
    picks,
    to_voting,
)
from linli.registry.models import Resident


def _says(response, *words: str) -> bool:
    """The page says one of these (in whichever language the test client was served)."""
    body = response.content.decode()
    return any(w in body for w in words)


def test_worker_announces_an_election_in_the_browser(tree, worker_a, login):
    client = login(worker_a)
    assert client.get("/governance/elections/new/").status_code == 200
    form = {
        "community": tree.community_a.code,
        "title": "换届选举",
        "method": "direct",
        "election_day": "2099-04-18",
        "register_cutoff": "2099-03-20",
        "director": 1,
        "deputy": 1,
        "member": 9,
        "allow_write_ins": "on",
        "require_surplus": "on",
    }
    refused = client.post("/governance/elections/new/", form)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "换届选举" in page and "2099-03-20" in page  # the form keeps what was typed
    form["member"] = 3
    done = client.post("/governance/elections/new/", form)
    election = Election.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/governance/e/{election.code}/"
    assert client.get(done["Location"]).status_code == 200


def test_outsiders_get_404_on_every_election_page(scene, worker_a, worker_b, login):
    code = scene.election.code
    client = login(worker_b)
    for url in [
        f"/governance/e/{code}/",
        f"/governance/e/{code}/register/",
        f"/governance/e/{code}/candidates/",
        f"/governance/e/{code}/r/1/",
        f"/governance/e/{code}/r/1/ballot/",
        f"/governance/e/{code}/trustees/",
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"do": "close"}).status_code == 404, url
    stations, stage = scene.election.stations.count(), scene.election.stage
    for action in ["register/build", "nomination", "stations", "voting", "runoff", "certify"]:
        posted = {"name": "x", "opens_at": "2026-04-18T08:00", "closes_at": "2026-04-18T18:00"}
        assert client.post(f"/governance/e/{code}/{action}/", posted).status_code == 404, action
    for action in ["register/correct", "register/apply", "register/objections"]:
        assert client.post(f"/governance/e/{code}/{action}/", {"reason": "x"}).status_code == 404, action
    for action in ["register/objections/1", "register/applications/1"]:
        assert client.post(f"/governance/e/{code}/{action}/", {"accept": "1"}).status_code == 404, action
    key = scene.election.public_key
    for action in ["trustees/open", "trustees/1/key", "trustees/1/contribute"]:
        posted = {"names": "x\ny", "needed": "1", "passphrase": "long enough", "again": "long enough"}
        assert client.post(f"/governance/e/{code}/{action}/", posted).status_code == 404, action
    assert Election.objects.get().public_key == key and scene.election.trustees.count() == 3
    for action in [
        "credentials",
        "reissue",
        "mark",
        "counts",
        "counts/1/confirm",
        "close",
        "count",
        "decryption",
    ]:
        posted = {"entry": "1", "station": "1", "ballots_returned": "1"}
        assert client.post(f"/governance/e/{code}/r/1/{action}/", posted).status_code == 404, action
    assert (
        not Credential.objects.exists() and Round.objects.get(pk=scene.round.pk).status == scene.round.status
    )
    for action in ["candidates/nominate", "candidates/publish"]:
        assert client.post(f"/governance/e/{code}/{action}/", {"official": "1"}).status_code == 404, action
    assert scene.election.stations.count() == stations and Election.objects.get().stage == stage
    # Another community is not even offered as a choice.
    assert (
        client.post("/governance/elections/new/", {"community": scene.election.community.code}).status_code
        == 400
    )
    assert Election.objects.count() == 1


def test_outsider_lists_show_nothing_of_another_community(scene, worker_b, login):
    page = login(worker_b).get("/governance/").content.decode()
    assert scene.election.title not in page


def test_street_officer_sees_the_election(scene, street_officer, login):
    assert login(street_officer).get(f"/governance/e/{scene.election.code}/").status_code == 200


def test_worker_walks_the_stages_in_the_browser(tree, worker_a, voters, login):
    client = login(worker_a)
    election = announce(tree.community_a, worker_a)
    url = f"/governance/e/{election.code}/"
    with time_machine.travel(BUILD, tick=False):
        assert client.post(f"{url}register/build/").status_code == 302
        page = client.get(f"{url}register/?q=选民").content.decode()
        assert "选民00" in page
        victim = voters[9]
        bad = client.post(
            f"{url}register/correct/?q=选民", {"resident": victim.pk, "listed": "0", "reason": ""}
        )
        assert bad.status_code == 400
        ok = client.post(
            f"{url}register/correct/", {"resident": victim.pk, "listed": "0", "reason": "已去世"}
        )
        assert ok.status_code == 302
    with time_machine.travel(NOMINATE, tick=False):
        assert client.post(f"{url}nomination/").status_code == 302
        entries = {e.resident_id: e.pk for e in election.register.all()}
        for i, position in enumerate(
            ["director", "director", "deputy", "deputy", "member", "member", "member", "member"]
        ):
            r = client.post(
                f"{url}candidates/nominate/",
                {
                    "position": position,
                    "entry": entries[voters[i].pk],
                    "nominated_by": "self",
                },
            )
            assert r.status_code == 302
        assert client.get(f"{url}candidates/").status_code == 200
    with time_machine.travel(PUBLISH, tick=False):
        assert (
            client.post(
                f"{url}candidates/publish/", {"official": [c.pk for c in election.candidates.all()]}
            ).status_code
            == 302
        )
        assert client.post(f"{url}stations/", {"name": "第一投票站", "place": "活动室"}).status_code == 302
        no_key = client.post(
            f"{url}voting/", {"opens_at": "2026-04-18T08:00", "closes_at": "2026-04-18T18:00"}
        )
        assert no_key.status_code == 400 and _says(no_key, "密钥仪式", "key ceremony")
        # The key ceremony: name the trustees and k, each takes a key file, then each contributes.
        assert client.get(f"{url}trustees/").status_code == 200
        short = client.post(f"{url}trustees/open/", {"names": "委员甲", "needed": 2})
        assert short.status_code == 400 and "委员甲" in short.content.decode()
        assert (
            client.post(f"{url}trustees/open/", {"names": "委员甲\n委员乙\n委员丙", "needed": 2}).status_code
            == 302
        )
        differ = client.post(f"{url}trustees/1/key/", {"passphrase": "trustee passphrase", "again": "other"})
        assert differ.status_code == 400
        for n in (1, 2, 3):
            key = client.post(
                f"{url}trustees/{n}/key/", {"passphrase": "trustee passphrase", "again": "trustee passphrase"}
            )
            assert key.status_code == 200 and b"ENCRYPTED PRIVATE KEY" in key.content
            assert key["Content-Disposition"].startswith("attachment")
        for n in (1, 2, 3):
            assert client.post(f"{url}trustees/{n}/contribute/").status_code == 302
        assert _says(client.get(f"{url}trustees/"), "选举密钥已生成", "election key is ready")
        assert Election.objects.get().public_key
        bad_window = client.post(
            f"{url}voting/", {"opens_at": "2026-04-18T18:00", "closes_at": "2026-04-18T08:00"}
        )
        assert bad_window.status_code == 400 and "2026-04-18T18:00" in bad_window.content.decode()
        opened = client.post(
            f"{url}voting/", {"opens_at": "2026-04-18T08:00", "closes_at": "2026-04-18T18:00"}
        )
        assert opened.status_code == 302
    election.refresh_from_db()
    assert election.stage == Stage.VOTING
    with time_machine.travel(DURING, tick=False):
        slips = client.post(f"{url}r/1/credentials/")
        codes = re.findall(r'class="code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<', slips.content.decode())
        assert len(codes) == 9
        page = client.get(f"{url}r/1/?q=选民01").content.decode()
        assert "选民01" in page
        entry = election.register.get(resident=voters[1])
        station = election.stations.get()
        assert (
            client.post(f"{url}r/1/mark/?q=选民01", {"entry": entry.pk, "station": station.pk}).status_code
            == 302
        )
        assert VoterMark.objects.filter(channel="in_person").count() == 1
    with time_machine.travel(CLOSES, tick=False):
        assert client.post(f"{url}r/1/close/").status_code == 302
        assert client.get(f"{url}r/1/").status_code == 200


def test_voter_with_a_slip_votes_without_signing_in(scene, worker_a, client):
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    with time_machine.travel(DURING, tick=False):
        assert client.get("/governance/vote/").status_code == 200
        wrong = client.post("/governance/vote/", {"credential": "AAAAAAAAAAAA"})
        assert wrong.status_code == 400
        ballot = client.post("/governance/vote/", {"credential": code.lower()})
        assert ballot.status_code == 200 and scene.candidates["director"][0].name in ballot.content.decode()
        c = scene.candidates
        too_many = client.post(
            "/governance/vote/",
            {"credential": code, "cast": "1", "member": [m.pk for m in c["member"]]},
        )
        assert too_many.status_code == 400 and not Ballot.objects.exists()
        written_in = client.post(
            "/governance/vote/",
            {"credential": code, "cast": "1", "member": [c["member"][0].pk], "w_member": "张三"},
        )
        assert written_in.status_code == 400 and not Ballot.objects.exists()
        done = client.post(
            "/governance/vote/",
            {
                "credential": code,
                "cast": "1",
                "director": c["director"][0].pk,
                "member": [c["member"][0].pk],
            },
        )
        assert done.status_code == 302 and done["Location"] == "/governance/vote/receipt/"
        receipt = client.get(done["Location"]).content.decode()
        tracking = re.search(r'class="tracking"[^>]*>([0-9A-Z-]{14})<', receipt).group(1).replace("-", "")
        assert Ballot.objects.get().tracking_code == tracking
        again = client.post("/governance/vote/", {"credential": code, "cast": "1"})
        assert again.status_code == 400
    round_close(actor=worker_a, round=scene.round, now=CLOSES)
    board = client.get(f"/governance/e/{scene.election.code}/r/1/board/?code={tracking}")
    assert board.status_code == 200 and "ok-box" in board.content.decode()
    assert c["director"][0].name not in board.content.decode()  # nothing on the board reads a choice
    streamed = client.get(f"/governance/e/{scene.election.code}/r/1/board.json")
    exported = json.loads(b"".join(streamed.streaming_content))
    assert exported["ballots"][0][1] == tracking
    # Streamed row by row, it is the same board the verifier reads.
    assert exported == json.loads(json.dumps(board_export(Round.objects.get(pk=scene.round.pk))))


def test_signed_in_resident_votes_on_the_ballot_page(scene, resident, login):
    Resident.objects.filter(pk=scene.voters[5].pk).update(user=resident)
    client = login(resident)
    url = f"/governance/e/{scene.election.code}/r/1/ballot/"
    with time_machine.travel(DURING, tick=False):
        assert client.get("/governance/").status_code == 200
        assert client.get(url).status_code == 200
        done = client.post(url, picks(scene), follow=True)
        assert done.status_code == 200 and 'class="tracking"' in done.content.decode()
        assert client.post(url, picks(scene)).status_code == 400


def test_board_is_hidden_while_voting_and_public_after(scene, worker_a, client):
    url = f"/governance/e/{scene.election.code}/r/1/board/"
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    tracking = ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
    pending = client.get(url, {"code": tracking})
    # While voting is open the board says when it is published, and shows no ballot.
    assert pending.status_code == 200 and "2026-04-18 18:00" in pending.content.decode()
    assert "ok-box" not in pending.content.decode() and "<table" not in pending.content.decode()
    assert client.get(f"{url[:-1]}.json").status_code == 404
    round_close(actor=worker_a, round=scene.round, now=CLOSES)
    assert client.get(url).status_code == 200


def test_count_and_certify_in_the_browser(tree, worker_a, worker_b, director_a, login):
    voters = [person(tree.community_a, f"页面{i}") for i in range(10)]
    scene = to_voting(tree.community_a, worker_a, voters)
    issued = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    for _entry, code in issued:
        ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
    client = login(worker_a)
    url = f"/governance/e/{scene.election.code}/"
    with time_machine.travel(CLOSES, tick=False):
        assert client.post(f"{url}r/1/close/").status_code == 302
        early = client.post(f"{url}r/1/count/")
        assert early.status_code == 400 and _says(early, "位保管人中", "trustees needed")
        tally_file = client.get(f"{url}r/1/tally.json")
        assert tally_file.status_code == 200 and "attachment" in tally_file["Content-Disposition"]
        tally = json.loads(tally_file.content)
        assert login(worker_b).get(f"{url}r/1/tally.json").status_code == 404  # another community's
        assert login(worker_b).post(f"{url}r/1/decryption/", {"trustee": 1}).status_code == 404
        mine = {n: board_check.decrypt_tally(scene.keys[n], PASSPHRASE, tally) for n in (1, 2, 3)}
        for n in (1, 3):
            upload = SimpleUploadedFile("partial.json", json.dumps(mine[n]).encode())
            assert (
                client.post(f"{url}r/1/decryption/", {"trustee": n, "decryption": upload}).status_code == 302
            )
        wrong = client.post(
            f"{url}r/1/decryption/",
            {"trustee": 2, "decryption": SimpleUploadedFile("p.json", json.dumps(mine[1]).encode())},
        )
        assert wrong.status_code == 400 and _says(wrong, "未予记录", "it was not recorded")
        junk = client.post(
            f"{url}r/1/decryption/", {"trustee": 2, "decryption": SimpleUploadedFile("p.json", b"{not json")}
        )
        assert junk.status_code == 400 and _says(junk, "tools/trustee_key.py", "tools/trustee_key.py")
        assert client.post(f"{url}r/1/count/").status_code == 302
        page = client.get(f"{url}r/1/").content.decode()
        assert scene.candidates["director"][0].name in page
        refused = client.post(f"{url}certify/")
        assert refused.status_code == 403 or (
            refused.status_code == 400 and 'role="alert"' in refused.content.decode()
        )
        assert Election.objects.get().stage == Stage.COUNTED  # a worker cannot certify
        assert login(director_a).post(f"{url}certify/").status_code == 302
    assert Election.objects.get().stage == Stage.CERTIFIED


def test_residents_see_the_published_register_but_not_the_registry(tree, worker_a, resident, login):
    person(tree.community_a, "我本人", user=resident)
    person(tree.community_a, "小朋友", "20150101")
    gone = person(tree.community_a, "已除名者")
    election = announce(tree.community_a, worker_a)
    register_build(actor=worker_a, election=election, now=BUILD)
    register_correct(
        actor=worker_a, election=election, resident=gone, listed=False, reason="被剥夺政治权利", now=BUILD
    )
    with time_machine.travel(BUILD, tick=False):
        page = login(resident).get(f"/governance/e/{election.code}/register/").content.decode()
        assert "我本人" in page and "小朋友" not in page
        assert "已除名者" not in page and "被剥夺政治权利" not in page
        staff = login(worker_a).get(f"/governance/e/{election.code}/register/").content.decode()
        assert "被剥夺政治权利" in staff


def test_closing_a_round_too_early_shows_the_refusal_on_the_round_page(scene, worker_a, login):
    url = f"/governance/e/{scene.election.code}/r/1/"
    with time_machine.travel(DURING, tick=False):
        refused = login(worker_a).post(f"{url}close/")
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert Round.objects.get(pk=scene.round.pk).status == RoundStatus.OPEN
