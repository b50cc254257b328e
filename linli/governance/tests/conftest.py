"""Governance fixtures: a community of voters and an election walked through its stages."""

import datetime as dt
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from conftest import id_number
from linli.governance import board_check
from linli.governance.elections.actions import (
    ballots,
    candidate_nominate,
    candidates_publish,
    ceremony_open,
    decryption_upload,
    election_announce,
    nomination_open,
    register_build,
    tally_for_trustees,
    trustee_contribute,
    trustee_enrol,
    voting_open,
)
from linli.governance.models import Election, Round
from linli.registry.actions import PersonData, household_register
from linli.registry.models import Resident

TZ = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=TZ)  # announcement
CUTOFF = dt.date(2026, 3, 20)
DAY = dt.date(2026, 4, 18)
BUILD = dt.datetime(2026, 3, 20, 10, 0, tzinfo=TZ)
NOMINATE = dt.datetime(2026, 3, 26, 10, 0, tzinfo=TZ)
PUBLISH = dt.datetime(2026, 4, 1, 10, 0, tzinfo=TZ)
OPENS = dt.datetime(2026, 4, 18, 8, 0, tzinfo=TZ)
DURING = dt.datetime(2026, 4, 18, 12, 0, tzinfo=TZ)
CLOSES = dt.datetime(2026, 4, 18, 18, 0, tzinfo=TZ)
SEATS = {"director": 1, "deputy": 1, "member": 3}
_seq = itertools.count(100)


def person(
    community,
    name: str,
    birth: str = "19700101",
    *,
    kind: str = "registered",
    registered: dt.datetime | None = None,
    user=None,
    lives_where: str | None = None,
    id_digits: str | None = None,
) -> Resident:
    """A head of household; `kind` is the old shorthand (户籍 / 常住 / 流动) for where the 户口 is."""
    from linli.registry.models import LEGACY_KINDS

    hukou, lives = LEGACY_KINDS[kind]
    household = household_register(
        actor=None,
        community=community,
        head=PersonData(
            name=name,
            id_number=id_digits or id_number(birth, f"{next(_seq) % 1000:03d}"),
            hukou_where=hukou,
            lives_where=lives_where or lives,
        ),
        now=registered or dt.datetime(2020, 1, 1, 9, 0, tzinfo=TZ),
    )
    resident = household.head
    if user is not None:
        Resident.objects.filter(pk=resident.pk).update(user=user)
        resident.refresh_from_db()
    return resident


@dataclass
class Scene:
    election: Election
    voters: list[Resident]
    round: Round | None = None
    candidates: dict[str, list] = field(default_factory=dict)
    keys: dict[int, bytes] = field(default_factory=dict)  # trustee number -> key file


def announce(community, actor, **kw) -> Election:
    args = {
        "title": "第八届社区居委会换届选举",
        "election_day": DAY,
        "register_cutoff": CUTOFF,
        "seats": SEATS,
        "now": T0,
    }
    args.update(kw)
    return election_announce(actor=actor, community=community, **args)


TRUSTEES = ["委员甲", "委员乙", "委员丙"]
PASSPHRASE = "trustee passphrase"


def hold_ceremony(election, actor, *, needed: int = 2, names=TRUSTEES) -> dict[int, bytes]:
    """The key ceremony: n trustees take their key files, then each contributes."""
    trustees = ceremony_open(actor=actor, election=election, needed=needed, names=list(names), now=PUBLISH)
    keys = {
        t.number: trustee_enrol(actor=actor, trustee=t, passphrase=PASSPHRASE, now=PUBLISH) for t in trustees
    }
    for t in trustees:
        trustee_contribute(actor=actor, trustee=t, now=PUBLISH)
    election.refresh_from_db()
    return keys


def decrypt(scene: "Scene", actor, r: Round | None = None, numbers=(1, 2), now=None) -> None:
    """Trustees download the closed round's encrypted totals, decrypt their part at home
    (`board_check.decrypt_tally`, what `tools/trustee_key.py decrypt` runs) and upload it."""
    r = r or scene.round
    tally = tally_for_trustees(r)
    for number in numbers:
        mine = board_check.decrypt_tally(scene.keys[number], PASSPHRASE, tally)
        assert mine["trustee"] == number
        decryption_upload(
            actor=actor,
            round=r,
            trustee=scene.election.trustees.get(number=number),
            parts=mine["parts"],
            now=now or CLOSES,
        )


def to_voting(community, actor, voters: list[Resident], *, write_ins: bool = True) -> Scene:
    """Announce, build the register, nominate 2/2/4 candidates, publish and open round 1."""
    election = announce(community, actor, allow_write_ins=write_ins)
    register_build(actor=actor, election=election, now=BUILD)
    nomination_open(actor=actor, election=election, now=NOMINATE)
    entries = {e.resident_id: e for e in election.register.all()}
    plan = [("director", 2), ("deputy", 2), ("member", 4)]
    pool = iter(voters)
    candidates: dict[str, list] = {}
    for position, n in plan:
        for _ in range(n):
            voter = next(pool)
            candidates.setdefault(position, []).append(
                candidate_nominate(
                    actor=actor,
                    election=election,
                    position=position,
                    entry=entries[voter.pk],
                    nominated_by="self",
                    now=NOMINATE,
                )
            )
    candidates_publish(actor=actor, election=election, now=PUBLISH)
    keys = hold_ceremony(election, actor)
    r = voting_open(actor=actor, election=election, opens_at=OPENS, closes_at=CLOSES, now=PUBLISH)
    election.refresh_from_db()
    return Scene(election=election, voters=voters, round=r, candidates=candidates, keys=keys)


@pytest.fixture
def voters(tree):
    return [person(tree.community_a, f"选民{i:02d}") for i in range(10)]


@pytest.fixture
def scene(tree, worker_a, voters) -> Scene:
    return to_voting(tree.community_a, worker_a, voters)


@pytest.fixture
def director_a(tree):
    from conftest import _user
    from linli.accounts.roles import Role

    return _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")


def picks(scene: Scene, director: int = 0, deputy: int = 0, members=(0, 1, 2)) -> dict:
    c = scene.candidates
    return {
        "director": [c["director"][director].pk],
        "deputy": [c["deputy"][deputy].pk],
        "member": [c["member"][i].pk for i in members],
    }


@pytest.fixture(autouse=True)
def _board_files(settings, tmp_path):
    """Each test writes counted boards' files in its own directory (ids repeat on SQLite)."""
    settings.LINLI_BOARD_DIR = str(tmp_path / "boards")


@pytest.fixture(autouse=True)
def _fresh_ballot_boxes():
    """Rolled-back test rounds can reuse ids on SQLite; the per-process box cache must not carry over."""

    ballots._BOXES.clear()
    yield
    ballots._BOXES.clear()
