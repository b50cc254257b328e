"""An organization's activity run as a volunteer activity: its officer makes it, volunteers sign
up and check in, the officer signs off the hours; both pages and both APIs show the link.
Outsiders (another community's worker, another organization's chair, a plain member) get 404."""

import datetime as dt

import pytest
import time_machine

from conftest import _user
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, NotFound
from linli.organizations import actions as org_actions
from linli.organizations.models import Activity as OrgActivity
from linli.volunteers import actions
from linli.volunteers.tests.conftest import NOW

DAY = NOW.date()
STARTS = NOW + dt.timedelta(hours=2)  # 10:00 the same day
ENDS = STARTS + dt.timedelta(hours=2)


def _org(tree, name, community, chair=None, member=None):
    org = org_actions.organization_register(
        actor=None,
        community=community,
        name=name,
        kind="charity",
        standing="filed",
        founded_on=dt.date(2020, 1, 1),
        contact_name="刘平",
        now=NOW,
    )
    for user, role in ((chair, "chair"), (member, "member")):
        if user is not None:
            org_actions.member_add(
                actor=None,
                org=org,
                name=user.display_name,
                role=role,
                joined_on=dt.date(2021, 1, 1),
                user=user,
                now=NOW,
            )
    return org


@pytest.fixture
def cast(tree, scene):
    chair = _user("爱心社长", Role.RESIDENT, tree.community_a, username="love_chair")
    member = _user("爱心社员", Role.RESIDENT, tree.community_a, username="love_member")
    org = _org(tree, "甲社区爱心社", tree.community_a, chair=chair, member=member)
    other_chair = _user("乙社长", Role.RESIDENT, tree.community_b, username="b_chair")
    _org(tree, "乙社区互助社", tree.community_b, chair=other_chair)
    held = org_actions.activity_record(
        actor=chair, org=org, title="敬老院慰问", held_on=DAY, place="敬老院", now=NOW
    )
    return {"chair": chair, "member": member, "org": org, "other_chair": other_chair, "held": held}


def test_the_officer_makes_it_and_runs_sign_up_check_in_and_hours(scene, cast):
    chair = cast["chair"]
    act = actions.activity_from_org(
        actor=chair, org_activity=cast["held"], starts_at=STARTS, ends_at=ENDS, capacity=5, now=NOW
    )
    assert act.org_activity_id == cast["held"].pk and act.organiser_id == chair.pk
    assert act.title == "敬老院慰问" and act.area_id == cast["org"].community_id
    held = OrgActivity.objects.get(pk=cast["held"].pk)
    assert held.is_volunteer and held.volunteer_activity.pk == act.pk
    entry = actions.signup(actor=scene.me.user, shift=act.shifts.get(), volunteer=scene.me, now=NOW)
    actions.check_in(actor=chair, entry=entry, now=STARTS + dt.timedelta(minutes=2))
    actions.check_out(actor=chair, entry=entry, now=ENDS - dt.timedelta(minutes=2))
    actions.sign_off(actor=chair, entry=entry, now=ENDS)
    assert actions.recorded_minutes(scene.me) == 116
    assert (
        AuditEvent.objects.filter(action="volunteers.activity.from_organization", actor_id=chair.pk).count()
        == 1
    )
    with pytest.raises(DomainError) as info:  # one volunteer activity per organization's activity
        actions.activity_from_org(
            actor=chair, org_activity=cast["held"], starts_at=STARTS, ends_at=ENDS, capacity=5, now=NOW
        )
    assert info.value.code == "already_linked"


def test_bad_input_is_refused(scene, cast):
    with pytest.raises(DomainError) as info:
        actions.activity_from_org(
            actor=cast["chair"],
            org_activity=cast["held"],
            starts_at=STARTS + dt.timedelta(days=2),
            ends_at=ENDS + dt.timedelta(days=2),
            capacity=5,
            now=NOW,
        )
    assert info.value.code == "not_that_day"


def test_outsiders_get_not_found(tree, scene, cast, worker_b, worker_a):
    for outsider in (worker_b, cast["other_chair"], cast["member"]):
        with pytest.raises(NotFound):
            actions.activity_from_org(
                actor=outsider, org_activity=cast["held"], starts_at=STARTS, ends_at=ENDS, capacity=5, now=NOW
            )
    # The community's volunteer staff may make it too.
    act = actions.activity_from_org(
        actor=worker_a, org_activity=cast["held"], starts_at=STARTS, ends_at=ENDS, capacity=5, now=NOW
    )
    assert act.organiser_id == worker_a.pk


def test_pages_and_api_link_both_ways_and_outsiders_404(scene, cast, worker_b, login):
    held, org = cast["held"], cast["org"]
    url = f"/api/v1/volunteers/organization-activities/{held.pk}/volunteer-activity"
    body = {"starts_at": STARTS.isoformat(), "ends_at": ENDS.isoformat(), "capacity": 5}
    with time_machine.travel(NOW, tick=False):
        for outsider in (worker_b, cast["other_chair"], cast["member"]):
            c = login(outsider)
            assert c.post(url, body, content_type="application/json").status_code == 404
            assert c.get(f"/volunteers/from-organization/{held.pk}/").status_code == 404
            assert c.post(f"/volunteers/from-organization/{held.pk}/", {}).status_code == 404
        chair = login(cast["chair"])
        page = chair.get(f"/organizations/g/{org.code}/").content.decode()
        assert f"/volunteers/from-organization/{held.pk}/" in page
        assert chair.get(f"/volunteers/from-organization/{held.pk}/").status_code == 200
        bad = chair.post(url, {**body, "team_code": "T-NOPE"}, content_type="application/json")
        assert bad.status_code == 400
        made = chair.post(url, body, content_type="application/json")
        assert made.status_code == 201, made.content
        code = made.json()["code"]
        assert made.json()["organization_code"] == org.code and made.json()["org_activity_id"] == held.pk
        listed = chair.get(f"/api/v1/organizations/orgs/{org.code}/activities").json()["items"]
        assert [a["volunteer_activity"] for a in listed] == [code]
        page = chair.get(f"/organizations/g/{org.code}/").content.decode()
        assert f"/volunteers/a/{code}/" in page
        vpage = chair.get(f"/volunteers/a/{code}/").content.decode()
        assert f"/organizations/g/{org.code}/" in vpage and "甲社区爱心社" in vpage
        assert chair.get(f"/volunteers/from-organization/{held.pk}/").status_code == 302  # already made
        assert login(worker_b).get(f"/api/v1/volunteers/activities/{code}").status_code == 404
