"""The organization's own chair or secretary runs its officer election (announce, nominations,
the key ceremony, the vote, the count, the roles), for their own organization only; the
certification stays with the community's director. Other organisers and officers of other
organizations get 404; a treasurer of the same organization is refused."""

import datetime as dt

import pytest
import time_machine

from conftest import _user
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.governance import board_check
from linli.governance.elections import actions as el
from linli.governance.models import Stage
from linli.governance.tests.conftest import person
from linli.organizations import actions
from linli.organizations.models import Membership, OfficerElection
from linli.organizations.tests.conftest import NOW
from linli.organizations.tests.test_officer_elections import (
    CLOSES,
    DAY,
    DURING,
    NOMINATE,
    OPENS,
    PUBLISH,
    SEATS,
)

API = "/api/v1/organizations/orgs"
GOV = "/api/v1/governance/elections"


@pytest.fixture
def members(tree, scene):
    people = [person(tree.community_a, f"队员{i}") for i in range(3)]
    return [
        actions.member_add(
            actor=None, org=scene.dance, name=p.name, resident=p, joined_on=dt.date(2021, 1, 1), now=NOW
        )
        for p in people
    ]


@pytest.fixture
def other_chair(tree, scene):
    """The chair of community B's organization: an organiser, but not of the dance team."""
    user = _user("乙社长", Role.RESIDENT, tree.community_b, username="b_chair")
    actions.member_add(
        actor=None,
        org=scene.b_org,
        name="乙社长",
        role="chair",
        joined_on=dt.date(2021, 1, 1),
        user=user,
        now=NOW,
    )
    return user


@pytest.fixture
def neighbour_chair(tree, scene):
    """The chair of the fitness association in the same community."""
    user = _user("健身会长", Role.RESIDENT, tree.community_a, username="fit_chair")
    actions.member_add(
        actor=None,
        org=scene.fitness,
        name="健身会长",
        role="chair",
        joined_on=dt.date(2021, 1, 1),
        user=user,
        now=NOW,
    )
    return user


def _start(scene, actor):
    return actions.officer_election_start(
        actor=actor, org=scene.dance, title="舞蹈队换届", election_day=DAY, seats=SEATS, now=NOW
    )


def test_the_chair_runs_the_election_and_the_director_certifies(tree, scene, members):
    chair = scene.organiser  # chairs the dance team (conftest)
    link = _start(scene, chair)
    election = link.election
    started = AuditEvent.objects.get(action="organizations.officer_election.started")
    assert started.actor_id == chair.pk
    el.nomination_open(actor=chair, election=election, now=NOMINATE)
    entry = {e.resident_id: e for e in election.register.all()}
    cands = [
        el.candidate_nominate(
            actor=chair,
            election=election,
            position=pos,
            entry=entry[m.resident_id],
            nominated_by="self",
            now=NOMINATE,
        )
        for m, pos in ((members[0], "chair"), (members[1], "treasurer"))
    ]
    el.candidates_publish(actor=chair, election=election, now=PUBLISH)
    trustees = el.ceremony_open(actor=chair, election=election, needed=2, names=["甲", "乙"], now=PUBLISH)
    keys = {
        t.number: el.trustee_enrol(actor=chair, trustee=t, passphrase="pass phrase", now=PUBLISH)
        for t in trustees
    }
    for t in trustees:
        el.trustee_contribute(actor=chair, trustee=t, now=PUBLISH)
    r = el.voting_open(actor=chair, election=election, opens_at=OPENS, closes_at=CLOSES, now=PUBLISH)
    codes = {e.resident_id: c for e, c in el.credentials_issue(actor=chair, round=r, now=DURING)}
    for m in members[:2]:
        el.ballot_cast(
            round=r,
            picks={"chair": [cands[0].pk], "treasurer": [cands[1].pk]},
            credential=codes[m.resident_id],
            now=DURING,
        )
    r = el.round_close(actor=chair, round=r, now=CLOSES)
    tally = el.tally_for_trustees(r)
    for number in (1, 2):  # each trustee decrypts on their own computer and uploads the parts
        mine = board_check.decrypt_tally(keys[number], "pass phrase", tally)
        el.decryption_upload(
            actor=chair,
            round=r,
            trustee=election.trustees.get(number=number),
            parts=mine["parts"],
            now=CLOSES,
        )
    el.round_count(actor=chair, round=r, now=CLOSES)
    with pytest.raises(Forbidden):  # certifying is not the organiser's: an independent check
        el.election_certify(actor=chair, election=election, now=CLOSES)
    director = _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")
    el.election_certify(actor=director, election=election, now=CLOSES)
    actions.officers_apply(actor=chair, link=link, now=CLOSES)
    assert Membership.objects.get(pk=members[0].pk).role == "chair"
    # Every step is audited in the organiser's name.
    mine = set(AuditEvent.objects.filter(actor_id=chair.pk).values_list("action", flat=True))
    assert {"organizations.officer_election.started", "organizations.officer_election.applied"} <= mine
    assert any(a.startswith("governance.") for a in mine)


def test_other_organisers_get_not_found(scene, members, other_chair, neighbour_chair):
    with pytest.raises(NotFound):
        _start(scene, other_chair)
    with pytest.raises(NotFound):
        _start(scene, neighbour_chair)
    link = _start(scene, scene.organiser)
    for outsider in (other_chair, neighbour_chair):
        with pytest.raises(NotFound):
            el.nomination_open(actor=outsider, election=link.election, now=NOMINATE)
    assert link.election.stage == Stage.REGISTER


def test_a_treasurer_does_not_run_it(tree, scene, members):
    treasurer = _user("管账的", Role.RESIDENT, tree.community_a, username="treasurer")
    actions.member_add(
        actor=None,
        org=scene.dance,
        name="管账的",
        role="treasurer",
        joined_on=dt.date(2021, 1, 1),
        user=treasurer,
        now=NOW,
    )
    with pytest.raises(DomainError):
        _start(scene, treasurer)
    link = _start(scene, scene.organiser)
    with pytest.raises((Forbidden, NotFound)):  # governance does not show them the election either
        el.nomination_open(actor=treasurer, election=link.election, now=NOMINATE)


def test_the_organiser_through_the_api_and_pages_outsiders_404(
    scene, members, other_chair, neighbour_chair, login
):
    with time_machine.travel(NOW, tick=False):
        chair = login(scene.organiser)
        page = chair.get(f"/organizations/g/{scene.dance.code}/").content.decode()
        assert f'action="/organizations/g/{scene.dance.code}/officers/election/"' in page
        made = chair.post(
            f"{API}/{scene.dance.code}/officer-elections",
            {"title": "舞蹈队换届", "election_day": str(DAY), "seats": SEATS},
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
        code = OfficerElection.objects.get().election.code
        assert chair.get(f"{GOV}/{code}").status_code == 200
        assert code in [e["code"] for e in chair.get(GOV).json()["items"]]
        assert chair.get(f"/governance/e/{code}/").status_code == 200
        for outsider in (other_chair, neighbour_chair):
            c = login(outsider)
            assert c.get(f"{API}/{scene.dance.code}/officer-elections").status_code == 404
            r = c.post(
                f"{API}/{scene.dance.code}/officer-elections",
                {"title": "x", "election_day": str(DAY), "seats": SEATS},
                content_type="application/json",
            )
            assert r.status_code == 404
            assert c.get(f"{GOV}/{code}").status_code == 404
            assert c.post(f"{GOV}/{code}/nomination", {}, content_type="application/json").status_code == 404
            assert c.get(f"{GOV}/{code}/trustees").status_code == 404
            assert code not in [e["code"] for e in c.get(GOV).json()["items"]]
            assert c.get(f"/governance/e/{code}/").status_code == 404
        with time_machine.travel(NOMINATE, tick=False):
            chair = login(scene.organiser)
            opened = chair.post(f"{GOV}/{code}/nomination", {}, content_type="application/json")
        assert opened.status_code == 200 and opened.json()["stage"] == "nomination"


def test_the_organiser_corrects_the_register_but_adds_nobody_new(tree, scene, members):
    chair = scene.organiser
    link = _start(scene, chair)
    entry = link.election.register.get(resident_id=members[0].resident_id)
    el.register_correct(
        actor=chair, election=link.election, resident=entry.resident, listed=False, reason="已搬走", now=NOW
    )
    stranger = person(tree.community_a, "非会员")
    with pytest.raises(Forbidden):
        el.register_correct(
            actor=chair, election=link.election, resident=stranger, listed=True, reason="加进来", now=NOW
        )
    assert not link.election.register.filter(resident=stranger).exists()
