"""Officers elected through governance: the members are the register, they vote by secret ballot,
and the certified result gives the elected their roles. The residents' committee path is unchanged
(governance's own suite)."""

import datetime as dt

import pytest

from conftest import _user
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.governance import board_check
from linli.governance.elections.actions import (
    ballot_cast,
    candidate_nominate,
    candidates_publish,
    ceremony_open,
    decryption_upload,
    election_announce,
    election_certify,
    nomination_open,
    round_close,
    round_count,
    tally_for_trustees,
    trustee_contribute,
    trustee_enrol,
    voting_open,
)
from linli.governance.models import Basis, Election, Stage
from linli.governance.tests.conftest import person
from linli.organizations import actions
from linli.organizations.models import Membership, OfficerElection
from linli.organizations.tests.conftest import NOW, TZ

DAY = (NOW + dt.timedelta(days=39)).date()
NOMINATE = NOW + dt.timedelta(days=6)
PUBLISH = NOW + dt.timedelta(days=11)
OPENS = dt.datetime.combine(DAY, dt.time(8), tzinfo=TZ)
DURING = OPENS + dt.timedelta(hours=4)
CLOSES = OPENS + dt.timedelta(hours=10)
SEATS = {"chair": 1, "treasurer": 1}


@pytest.fixture
def members(tree, scene):
    """Four members of the dance team linked to their registry records, the first with an account."""
    people = [person(tree.community_a, f"队员{i}") for i in range(4)]
    rows = [
        actions.member_add(
            actor=None, org=scene.dance, name=p.name, resident=p, joined_on=dt.date(2021, 1, 1), now=NOW
        )
        for p in people
    ]
    return rows


def start(scene, worker_a, **kw):
    args = {"title": "舞蹈队换届", "election_day": DAY, "seats": SEATS, "now": NOW}
    args.update(kw)
    return actions.officer_election_start(actor=worker_a, org=scene.dance, **args)


def test_the_register_is_the_linked_members(scene, members, worker_a):
    link = start(scene, worker_a)
    election = link.election
    assert election.body == scene.dance.code and election.stage == Stage.REGISTER
    entries = list(election.register.all())
    assert {e.resident_id for e in entries} == {m.resident_id for m in members}
    assert {e.basis for e in entries} == {Basis.MEMBER}
    # The organiser (a member without a registry record) is not listed; nor is anyone else.
    assert len(entries) == 4
    assert AuditEvent.objects.filter(action="organizations.officer_election.started").count() == 1


def test_officer_seats_follow_the_organizations_rules(scene, members, worker_a):
    with pytest.raises(DomainError) as info:
        start(scene, worker_a, seats={"chair": 2})
    assert info.value.code == "one_each"
    with pytest.raises(DomainError) as info:
        start(scene, worker_a, seats={"director": 1})  # a committee position, not an officer
    assert info.value.code == "officer_seats"
    assert not Election.objects.exists()


def test_the_committee_keeps_its_own_positions(tree, worker_a):
    with pytest.raises(DomainError) as info:
        election_announce(
            actor=worker_a,
            community=tree.community_a,
            title="居委会换届",
            election_day=DAY,
            register_cutoff=NOW.date(),
            seats={"chair": 1, "director": 1, "member": 3},
            now=NOW,
        )
    assert info.value.code == "committee_size"  # the officer's seat is not a committee seat: 4 left
    assert not Election.objects.filter(body="").exists()


def test_no_linked_member_no_election(scene, worker_a):
    with pytest.raises(DomainError) as info:
        start(scene, worker_a)
    assert info.value.code == "no_voters"
    assert not Election.objects.exists()


def test_one_election_at_a_time(scene, members, worker_a):
    start(scene, worker_a)
    with pytest.raises(DomainError) as info:
        start(scene, worker_a)
    assert info.value.code == "election_running"


def _ceremony(election, actor):
    trustees = ceremony_open(actor=actor, election=election, needed=2, names=["甲", "乙"], now=PUBLISH)
    keys = {
        t.number: trustee_enrol(actor=actor, trustee=t, passphrase="pass phrase", now=PUBLISH)
        for t in trustees
    }
    for t in trustees:
        trustee_contribute(actor=actor, trustee=t, now=PUBLISH)
    return keys


def test_members_elect_by_secret_ballot_and_the_result_sets_the_officers(
    tree, scene, members, worker_a, resident
):
    director = _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")
    old_chair = Membership.objects.get(organization=scene.dance, role="chair")  # the organiser
    link = start(scene, worker_a)
    election = link.election
    nomination_open(actor=worker_a, election=election, now=NOMINATE)
    entry = {e.resident_id: e for e in election.register.all()}
    chair_a, chair_b, treasurer = members[0], members[1], members[2]
    cands = {}
    for m, position in ((chair_a, "chair"), (chair_b, "chair"), (treasurer, "treasurer")):
        cands[m.pk] = candidate_nominate(
            actor=worker_a,
            election=election,
            position=position,
            entry=entry[m.resident_id],
            nominated_by="self",
            now=NOMINATE,
        )
    candidates_publish(actor=worker_a, election=election, now=PUBLISH)  # no 差额 needed
    keys = _ceremony(election, worker_a)
    r = voting_open(actor=worker_a, election=election, opens_at=OPENS, closes_at=CLOSES, now=PUBLISH)
    # Three of the four members vote; the first signs in (a linked account) to vote.
    from linli.registry.models import Resident

    Resident.objects.filter(pk=members[0].resident_id).update(user=resident)
    ballot_cast(
        round=r,
        picks={"chair": [cands[chair_a.pk].pk], "treasurer": [cands[treasurer.pk].pk]},
        voter=resident,
        now=DURING,
    )
    from linli.governance.elections.actions import credentials_issue

    codes = {e.resident_id: c for e, c in credentials_issue(actor=worker_a, round=r, now=DURING)}
    for m in members[1:3]:
        ballot_cast(
            round=r,
            picks={"chair": [cands[chair_a.pk].pk], "treasurer": [cands[treasurer.pk].pk]},
            credential=codes[m.resident_id],
            now=DURING,
        )
    r = round_close(actor=worker_a, round=r, now=CLOSES)
    tally = tally_for_trustees(r)
    for number in (1, 2):
        mine = board_check.decrypt_tally(keys[number], "pass phrase", tally)
        decryption_upload(
            actor=worker_a,
            round=r,
            trustee=election.trustees.get(number=number),
            parts=mine["parts"],
            now=CLOSES,
        )
    r = round_count(actor=worker_a, round=r, now=CLOSES)

    with pytest.raises(DomainError) as info:
        actions.officers_apply(actor=worker_a, link=link, now=CLOSES)
    assert info.value.code == "not_certified"
    election_certify(actor=director, election=election, now=CLOSES)

    actions.officers_apply(actor=worker_a, link=link, now=CLOSES)
    roles = dict(
        Membership.objects.filter(organization=scene.dance, left_on__isnull=True).values_list("pk", "role")
    )
    assert roles[chair_a.pk] == "chair" and roles[treasurer.pk] == "treasurer"
    assert roles[chair_b.pk] == "member" and roles[old_chair.pk] == "member"
    link.refresh_from_db()
    assert link.applied_at is not None
    with pytest.raises(DomainError) as info:
        actions.officers_apply(actor=worker_a, link=link, now=CLOSES)
    assert info.value.code == "applied"


def test_an_officer_election_needs_every_seat_filled_to_certify(tree, scene, members, worker_a):
    """Certification refuses while a seat is empty (the committee's minimum of 5 does not apply)."""
    from linli.governance.elections.actions.voting import election_certify as certify

    director = _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")
    link = start(scene, worker_a)
    Election.objects.filter(pk=link.election.pk).update(stage=Stage.COUNTED)
    with pytest.raises(DomainError) as info:
        certify(actor=director, election=link.election, now=CLOSES)
    assert info.value.code == "seats_unfilled"


def test_residents_who_run_no_organization_cannot_start_one(tree, scene, members):
    """Only the community's staff and the organization's own chair or secretary announce one."""
    stranger = _user("居民李", Role.RESIDENT, tree.community_a, username="stranger")
    with pytest.raises(DomainError):
        start(scene, stranger)
    assert not OfficerElection.objects.exists()


def test_staff_start_one_from_the_page_and_the_api(scene, members, worker_a, login):
    import time_machine

    with time_machine.travel(NOW, tick=False):
        client = login(worker_a)
        url = f"/organizations/g/{scene.dance.code}/officers/election/"
        bad = client.post(url, {"title": "换届", "election_day": str(DAY), "chair": "1", "secretary": "2"})
        assert bad.status_code == 400 and "换届" in bad.content.decode()  # the form keeps its input
        r = client.post(
            url,
            {
                "title": "舞蹈队换届",
                "election_day": str(DAY),
                "chair": "1",
                "vice_chair": "1",
                "secretary": "0",
                "treasurer": "0",
            },
        )
        assert r.status_code == 302
        page = client.get(f"/organizations/g/{scene.dance.code}/").content.decode()
        code = OfficerElection.objects.get().election.code
        assert f"/governance/e/{code}/" in page
        assert f'action="{url}"' not in page  # no second election while this one runs
        api = "/api/v1/organizations/orgs"
        listed = client.get(f"{api}/{scene.dance.code}/officer-elections").json()
        assert [(e["code"], e["stage"], e["voters"]) for e in listed] == [(code, "register", 4)]
        again = client.post(
            f"{api}/{scene.dance.code}/officer-elections",
            {"title": "再选", "election_day": str(DAY), "seats": {"chair": 1}},
            content_type="application/json",
        )
        assert again.status_code == 409 and again.json()["code"] == "election_running"
        early = client.post(
            f"{api}/{scene.dance.code}/officer-elections/{code}/apply", {}, content_type="application/json"
        )
        assert early.status_code == 409 and early.json()["code"] == "not_certified"
