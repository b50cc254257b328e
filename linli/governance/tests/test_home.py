"""The ballot on the resident's home page: only for a voter on the register of a round open now."""

import datetime as dt

from linli.governance import home
from linli.governance.elections.actions import ballot_cast
from linli.governance.elections.queries import rounds_to_vote
from linli.governance.tests.conftest import CLOSES, DURING, OPENS, picks
from linli.registry.actions import resident_link_account


def test_a_voter_on_the_register_finds_the_ballot_while_the_round_is_open(scene, resident, worker_a):
    resident_link_account(actor=worker_a, resident=scene.voters[9], user=resident)
    [tile] = home.tiles(resident, "resident", DURING)
    assert tile.url == f"/governance/e/{scene.election.code}/r/{scene.round.number}/ballot/" and tile.alert
    assert home.tiles(resident, "resident", OPENS - dt.timedelta(minutes=1)) == []
    assert home.tiles(resident, "resident", CLOSES) == []


def test_after_voting_the_tile_says_so_and_leads_to_the_election(scene, resident, worker_a):
    resident_link_account(actor=worker_a, resident=scene.voters[9], user=resident)
    ballot_cast(round=scene.round, picks=picks(scene), voter=resident, now=DURING)
    [(r, voted)] = rounds_to_vote(resident, DURING)
    assert r == scene.round
    assert voted
    [tile] = home.tiles(resident, "resident", DURING)
    assert tile.url == f"/governance/e/{scene.election.code}/" and not tile.alert


def test_no_ballot_for_a_resident_on_no_register(scene, resident):
    assert rounds_to_vote(resident, DURING) == []
    assert home.tiles(resident, "resident", DURING) == []


def test_staff_get_no_ballot(scene, worker_a):
    assert home.tiles(worker_a, "worker", DURING) == []
