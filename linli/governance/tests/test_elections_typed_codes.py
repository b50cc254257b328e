"""Voting codes typed from a paper slip, and tracking codes typed back to check the board: lower
case, full-width, with spaces or dashes between groups (issue 10, item 7)."""

import time_machine

from linli.common.tests.fullwidth import full_width
from linli.governance.elections.actions import ballot_cast, credentials_issue, round_close
from linli.governance.elections.queries import is_on_board
from linli.governance.models import Ballot
from linli.governance.tests.conftest import CLOSES, DURING, picks


def _grouped(code: str, sep: str) -> str:
    return sep.join(code[i : i + 4] for i in range(0, len(code), 4))


def test_a_voting_code_typed_in_groups_or_full_width_opens_the_ballot_page(scene, worker_a, client):
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    with time_machine.travel(DURING, tick=False):
        for typed in (
            _grouped(code, "-"),
            _grouped(code.lower(), " "),
            full_width(_grouped(code.lower(), "-")),
        ):
            page = client.post("/governance/vote/", {"credential": typed})
            assert page.status_code == 200, typed
            assert scene.candidates["director"][0].name in page.content.decode()


def test_the_api_casts_with_a_full_width_grouped_code(scene, worker_a, client):
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    chosen = picks(scene)
    with time_machine.travel(DURING, tick=False):
        cast = client.post(
            "/api/v1/governance/vote",
            {"credential": full_width(_grouped(code.lower(), " ")), "picks": chosen, "write_ins": {}},
            content_type="application/json",
        )
    assert cast.status_code == 201, cast.content
    assert Ballot.objects.get().tracking_code == cast.json()["tracking_code"]


def test_a_tracking_code_typed_in_full_width_groups_is_found_on_the_board(scene, worker_a, client):
    (_entry, code), *_ = credentials_issue(actor=worker_a, round=scene.round, now=DURING)
    tracking = ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    assert is_on_board(scene.round, full_width(_grouped(tracking.lower(), "-"))) is not None
    board = client.get(
        f"/governance/e/{scene.election.code}/r/1/board/", {"code": full_width(_grouped(tracking, " "))}
    )
    assert "ok-box" in board.content.decode()
