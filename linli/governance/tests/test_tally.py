import datetime as dt
from collections import Counter

import pytest

from linli.common.errors import DomainError
from linli.governance import rules
from linli.governance.elections import queries as election_queries
from linli.governance.elections.actions import (
    ballot_cast,
    credentials_issue,
    election_certify,
    round_close,
    round_count,
    runoff_open,
    station_add,
    station_count_confirm,
    station_count_enter,
    unfilled_seats,
    voter_mark_in_person,
)
from linli.governance.models import Result, Stage
from linli.governance.public import published_items
from linli.governance.tally import decide
from linli.governance.tests.conftest import CLOSES, DURING, TZ, decrypt, person, picks, to_voting

POS = {"c1": "member", "c2": "member", "c3": "member"}


def elected(outcome) -> set[str]:
    return {o.token for rows in outcome.values() for o in rows if o.elected}


def test_exactly_half_of_the_voters_is_not_more_than_half():
    kw = {"seats": {"member": 1}, "candidate_positions": POS, "participants": 10, "runoff": False}
    assert elected(decide(counts=Counter({"c1": 5, "c2": 5}), turnout_valid=True, **kw)) == set()
    assert elected(decide(counts=Counter({"c1": 6, "c2": 4}), turnout_valid=True, **kw)) == {"c1"}


def test_a_tie_across_the_last_seat_leaves_it_unfilled():
    out = decide(
        seats={"member": 2},
        counts=Counter({"c1": 9, "c2": 7, "c3": 7}),
        candidate_positions=POS,
        participants=10,
        runoff=False,
        turnout_valid=True,
    )
    assert elected(out) == {"c1"}
    assert {o.token for o in out["member"] if o.tied} == {"c2", "c3"}


def test_runoff_needs_one_third_and_the_most_votes():
    kw = {
        "seats": {"member": 1},
        "candidate_positions": POS,
        "participants": 9,
        "runoff": True,
        "turnout_valid": True,
    }
    assert elected(decide(counts=Counter({"c1": 3, "c2": 2}), **kw)) == {"c1"}  # 3 of 9 is one third
    assert elected(decide(counts=Counter({"c1": 2, "c2": 2, "c3": 1}), **kw)) == set()


def test_invalid_turnout_elects_nobody():
    out = decide(
        seats={"member": 1},
        counts=Counter({"c1": 10}),
        candidate_positions=POS,
        participants=10,
        runoff=False,
        turnout_valid=False,
    )
    assert elected(out) == set()


def test_turnout_exactly_half_is_not_valid():
    assert not rules.more_than(5, 10, "GOV_TURNOUT_SHARE")
    assert rules.more_than(6, 10, "GOV_TURNOUT_SHARE")
    assert rules.needed_more_than(10, "GOV_TURNOUT_SHARE") == 6
    assert rules.needed_more_than(11, "GOV_TURNOUT_SHARE") == 6


def test_thresholds_follow_the_settings(settings):
    settings.GOV_ELECTED_SHARE = "2/3"
    kw = {
        "seats": {"member": 1},
        "candidate_positions": POS,
        "participants": 9,
        "runoff": False,
        "turnout_valid": True,
    }
    assert elected(decide(counts=Counter({"c1": 6}), **kw)) == set()
    assert elected(decide(counts=Counter({"c1": 7}), **kw)) == {"c1"}


def _vote(scene, worker, ballots):
    issued = credentials_issue(actor=worker, round=scene.round, now=DURING)
    codes = [code for _, code in issued]
    for code, ballot in zip(codes, ballots, strict=False):
        ballot_cast(round=scene.round, picks=ballot, credential=code, now=DURING)


def test_full_election_with_paper_ballots_two_tellers_and_another_round(tree, worker_a, director_a, voters):
    scene = to_voting(tree.community_a, worker_a, voters)
    station = station_add(actor=worker_a, election=scene.election, name="第一投票站")
    entries = {e.resident_id: e for e in scene.election.register.all()}
    # Four vote on paper, four online: 8 of 10 voters.
    for v in voters[6:]:
        voter_mark_in_person(
            actor=worker_a, round=scene.round, entry=entries[v.pk], station=station, now=DURING
        )
    c = scene.candidates
    online = [picks(scene, members=(0, 1, 2))] * 3 + [picks(scene, director=1, deputy=1, members=(0, 1, 3))]
    issued = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    by_resident = {e.resident_id: code for e, code in issued}
    for v, ballot in zip(voters[:4], online, strict=True):
        ballot_cast(round=scene.round, picks=ballot, credential=by_resident[v.pk], now=DURING)
    r = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    with pytest.raises(DomainError) as waiting:
        round_count(actor=worker_a, round=r, now=CLOSES)
    assert waiting.value.code == "counts_missing"
    paper = {
        c["director"][0].token: 3,
        c["deputy"][0].token: 3,
        c["member"][0].token: 2,
        c["member"][1].token: 1,
        c["member"][3].token: 1,
        "wmember:赵六": 1,
    }
    with pytest.raises(DomainError) as same:
        station_count_enter(
            actor=worker_a,
            round=r,
            station=station,
            ballots_returned=4,
            ballots_invalid=1,
            votes=paper,
            teller_1="计票员甲",
            teller_2="计票员甲",
        )
    assert same.value.code == "same_teller"
    with pytest.raises(DomainError) as over:
        station_count_enter(
            actor=worker_a,
            round=r,
            station=station,
            ballots_returned=5,
            ballots_invalid=0,
            votes=paper,
            teller_1="计票员甲",
            teller_2="监票员乙",
        )
    assert over.value.code == "more_than_issued"
    count = station_count_enter(
        actor=worker_a,
        round=r,
        station=station,
        ballots_returned=4,
        ballots_invalid=1,
        votes=paper,
        teller_1="计票员甲",
        teller_2="监票员乙",
    )
    with pytest.raises(DomainError) as self_confirm:
        station_count_confirm(actor=worker_a, count=count)
    assert self_confirm.value.code == "same_official"
    station_count_confirm(actor=director_a, count=count)
    decrypt(scene, worker_a, r)
    r = round_count(actor=worker_a, round=r, now=CLOSES)
    # The board shows online and paper apart, and how they add up to the result.
    sums = {x.name: (x.online, x.paper, x.total) for x in election_queries.board_sums(r)}
    assert sums[c["director"][0].name] == (3, 3, 6) and sums["赵六*"] == (0, 1, 1)
    assert r.turnout_valid is True and r.voters_voted == 8
    won = {x.name: x.votes for x in Result.objects.filter(round=r, elected=True)}
    # Director: 3 online + 3 paper = 6 of 8 voters; members c0 5+2... c1 4+1 = 5 > 4; c2 3 = not more than half.
    assert won == {
        c["director"][0].name: 6,
        c["deputy"][0].name: 6,
        c["member"][0].name: 6,
        c["member"][1].name: 5,
    }
    assert Result.objects.get(round=r, write_in="赵六").votes == 1
    assert unfilled_seats(scene.election) == {"member": 1}
    with pytest.raises(DomainError) as short:
        election_certify(actor=director_a, election=scene.election)
    assert short.value.code == "too_few_elected"
    # Another round for the last member seat: the two best of the rest stand; one third suffices.
    opens = dt.datetime(2026, 4, 19, 8, tzinfo=TZ)
    closes = dt.datetime(2026, 4, 19, 18, tzinfo=TZ)
    r2 = runoff_open(actor=worker_a, election=scene.election, opens_at=opens, closes_at=closes)
    assert r2.seats == {"member": 1} and r2.is_runoff
    standing = {x.name for x in r2.candidates.all()}
    assert standing == {c["member"][2].name, c["member"][3].name}
    codes = [code for _, code in credentials_issue(actor=worker_a, round=r2, now=opens)]
    for code, who in zip(codes[:6], [2, 2, 2, 3, 3, 3], strict=True):
        ballot = {"member": [c["member"][who].pk]} if who == 2 or code != codes[5] else {"member": []}
        ballot_cast(round=r2, picks=ballot, credential=code, now=opens + dt.timedelta(hours=1))
    r2 = round_close(actor=worker_a, round=r2, now=closes)
    decrypt(scene, worker_a, r2, numbers=(2, 3), now=closes)
    r2 = round_count(actor=worker_a, round=r2, now=closes)
    assert {x.name for x in r2.results.filter(elected=True)} == {c["member"][2].name}
    election = election_certify(actor=director_a, election=scene.election, now=closes)
    assert election.stage == Stage.CERTIFIED
    assert len(election_queries.elected(election)) == 5


def test_turnout_of_exactly_half_elects_nobody_and_a_new_vote_follows(tree, worker_a, voters):
    scene = to_voting(tree.community_a, worker_a, voters)
    _vote(scene, worker_a, [picks(scene)] * 5)
    r = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    decrypt(scene, worker_a, r)
    r = round_count(actor=worker_a, round=r, now=CLOSES)
    assert r.turnout_valid is False and not r.results.filter(elected=True).exists()
    again = runoff_open(
        actor=worker_a,
        election=scene.election,
        opens_at=dt.datetime(2026, 4, 25, 8, tzinfo=TZ),
        closes_at=dt.datetime(2026, 4, 25, 18, tzinfo=TZ),
    )
    assert again.number == 2 and not again.is_runoff and again.candidates.count() == 8


def test_close_refuses_before_the_time(tree, worker_a, voters):
    scene = to_voting(tree.community_a, worker_a, voters)
    with pytest.raises(DomainError) as info:
        round_close(actor=worker_a, round=scene.round, now=DURING)
    assert info.value.code == "still_open"


def test_results_appear_on_the_public_page_only_once_certified(tree, worker_a, director_a, client):
    voters = [person(tree.community_a, f"公开{i}") for i in range(10)]
    scene = to_voting(tree.community_a, worker_a, voters)
    _vote(scene, worker_a, [picks(scene)] * 10)
    r = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    decrypt(scene, worker_a, r)
    round_count(actor=worker_a, round=r, now=CLOSES)
    url = f"/governance/c/{tree.community_a.code}/"
    name = scene.candidates["director"][0].name
    assert name not in client.get(url).content.decode()
    election_certify(actor=director_a, election=scene.election, now=CLOSES)
    page = client.get(url)
    assert page.status_code == 200 and name in page.content.decode()


def test_published_items_list_certified_results_for_disclosure(tree, worker_a, director_a):
    voters = [person(tree.community_a, f"公开项{i}") for i in range(10)]
    scene = to_voting(tree.community_a, worker_a, voters)
    _vote(scene, worker_a, [picks(scene)] * 8)
    r = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    decrypt(scene, worker_a, r)
    round_count(actor=worker_a, round=r, now=CLOSES)
    assert published_items(tree.community_a) == []
    election_certify(actor=director_a, election=scene.election, now=CLOSES)
    (item,) = published_items(tree.community_a)
    assert item["kind"] == "election_result" and item["code"] == scene.election.code
    assert published_items(tree.community_b) == []
