"""Teams of organizations and the edit pages and endpoints: a volunteer's skills, availability and
teams, a team, an activity; each also refused (404, nothing written) to a worker of another
community."""

import datetime as dt

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.organizations import actions as org_actions
from linli.volunteers import actions
from linli.volunteers.models import Team, TeamMember
from linli.volunteers.tests.conftest import NOW


def _org(community, name="甲社区舞蹈队", **extra):
    values = {
        "kind": "culture",
        "standing": "filed",
        "founded_on": dt.date(2020, 3, 1),
        "contact_name": "王芳",
    }
    values.update(extra)
    return org_actions.organization_register(actor=None, community=community, name=name, now=NOW, **values)


@pytest.fixture
def org(tree):
    return _org(tree.community_a)


@pytest.fixture
def team(scene, org, worker_a):
    t = actions.team_create(actor=worker_a, organization=org, name="舞蹈队志愿服务队", now=NOW)
    actions.team_member_add(actor=worker_a, team=t, volunteer=scene.other, now=NOW)
    return t


# --- a team of an organization --------------------------------------------------------------------


def test_a_team_of_an_organization_is_held_by_its_community(team, org, tree):
    assert team.organization == org and team.area == tree.community_a


def test_a_team_of_an_organization_of_another_community_is_refused(scene, tree, worker_a):
    other = _org(tree.community_b, "乙社区互助社")
    with pytest.raises(DomainError):  # worker_a cannot manage community B
        actions.team_create(actor=worker_a, organization=other, name="x", now=NOW)
    mine = _org(tree.community_a, "甲社区合唱团")
    with pytest.raises(DomainError) as exc:
        actions.team_create(actor=worker_a, area=tree.community_b, organization=mine, name="x", now=NOW)
    assert exc.value.code == "bad_owner"


def test_a_dissolved_organization_gets_no_team(scene, org, worker_a):
    type(org).objects.filter(pk=org.pk).update(status="dissolved")
    org.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        actions.team_create(actor=worker_a, organization=org, name="x", now=NOW)
    assert exc.value.code == "organization_dissolved"


def test_api_creates_lists_and_changes_a_team_of_an_organization(scene, org, worker_a, login):
    client = login(worker_a)
    r = client.post(
        "/api/v1/volunteers/teams",
        {"organization_code": org.code, "name": "舞蹈队服务队"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["organization_code"] == org.code and body["area_code"] == org.community.code
    listed = client.get(f"/api/v1/volunteers/teams?organization={org.code}").json()
    assert [t["code"] for t in listed["items"]] == [body["code"]]
    r = client.put(
        f"/api/v1/volunteers/teams/{body['code']}",
        {"name": "社区服务队", "purpose": "助老", "organization_code": ""},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["organization_code"] == ""
    assert Team.objects.get(code=body["code"]).name == "社区服务队"


def test_api_team_without_owner_is_a_clear_400(scene, worker_a, login):
    r = login(worker_a).post("/api/v1/volunteers/teams", {"name": "x"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "area_required"


def test_members_are_listed_added_and_taken_out(team, scene, worker_a, login):
    client = login(worker_a)
    base = f"/api/v1/volunteers/teams/{team.code}/members"
    assert [m["number"] for m in client.get(base).json()["items"]] == [scene.other.number]
    r = client.post(base, {"number": scene.me.number}, content_type="application/json")
    assert r.status_code == 201 and r.json()["members"] == 2
    assert client.delete(f"{base}/{scene.other.number}").status_code == 204
    assert list(TeamMember.objects.filter(team=team).values_list("volunteer__number", flat=True)) == [
        scene.me.number
    ]
    again = client.delete(f"{base}/{scene.other.number}")
    assert again.status_code == 409


# --- a volunteer ----------------------------------------------------------------------------------


def test_staff_change_a_volunteers_skills_through_the_api(scene, worker_a, login):
    r = login(worker_a).put(
        f"/api/v1/volunteers/roll/{scene.other.number}",
        {"skills": ["legal", "it"], "availability": ["weekend"], "background": "professional"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    scene.other.refresh_from_db()
    assert scene.other.skill_list() == ["legal", "it"] and scene.other.background == "professional"


def test_a_bad_skill_is_a_400_and_nothing_changes(scene, worker_a, login):
    r = login(worker_a).put(
        f"/api/v1/volunteers/roll/{scene.other.number}",
        {"skills": ["juggling"]},
        content_type="application/json",
    )
    assert r.status_code == 400
    scene.other.refresh_from_db()
    assert scene.other.skills == ""


def test_the_volunteer_changes_their_own_times_on_the_page(scene, resident, login):
    client = login(resident)
    url = f"/volunteers/v/{scene.me.number}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="teams"' not in page.content.decode()
    r = client.post(url, {"skills": ["it"], "availability": ["holiday", "weekend"]})
    assert r.status_code == 302
    scene.me.refresh_from_db()
    assert scene.me.skill_list() == ["it"] and scene.me.phone == "13600000001"


def test_staff_put_a_volunteer_in_teams_on_the_edit_page(team, scene, worker_a, tree, login):
    street_team = actions.team_create(actor=None, area=tree.street, name="街道巡逻队", now=NOW)
    client = login(worker_a)
    url = f"/volunteers/v/{scene.other.number}/edit/"
    page = client.get(url).content.decode()
    assert team.code in page and street_team.code not in page  # the street's team: not worker_a's reach
    r = client.post(url, {"skills": ["patrol"], "background": "", "teams": []})
    assert r.status_code == 302
    assert not TeamMember.objects.filter(volunteer=scene.other).exists()
    client.post(url, {"skills": ["patrol"], "teams": [team.code]})
    assert TeamMember.objects.filter(volunteer=scene.other, team=team).exists()


def test_leaving_the_roll_through_the_api_and_twice_is_409(scene, worker_a, login):
    client = login(worker_a)
    url = f"/api/v1/volunteers/roll/{scene.other.number}/leave"
    assert client.post(url).json()["status"] == "left"
    assert client.post(url).status_code == 409


# --- teams and activities on the pages --------------------------------------------------------------


def test_team_pages_create_change_and_manage_members(scene, org, worker_a, login):
    client = login(worker_a)
    assert org.name in client.get("/volunteers/teams/").content.decode()
    r = client.post("/volunteers/teams/", {"organization": org.code, "name": "舞蹈志愿队"})
    assert r.status_code == 302
    t = Team.objects.get(name="舞蹈志愿队")
    assert t.organization == org
    r = client.post(f"/volunteers/t/{t.code}/", {"name": "舞蹈志愿服务队", "organization": ""})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.name == "舞蹈志愿服务队" and t.organization is None
    client.post(f"/volunteers/t/{t.code}/members/add/", {"number": scene.third.number})
    assert scene.third.number in client.get(f"/volunteers/t/{t.code}/").content.decode()
    client.post(f"/volunteers/t/{t.code}/members/remove/", {"number": scene.third.number})
    assert not TeamMember.objects.filter(team=t).exists()


def test_a_team_form_without_owner_keeps_the_input(scene, worker_a, login):
    r = login(worker_a).post("/volunteers/teams/", {"name": "无主队"})
    assert r.status_code == 400 and "无主队" in r.content.decode()


def test_activity_is_changed_on_the_page_and_through_the_api(team, scene, worker_a, login):
    client = login(worker_a)
    url = f"/volunteers/a/{scene.activity.code}/edit/"
    with time_machine.travel(NOW, tick=False):
        assert client.get(url).status_code == 200
        r = client.post(url, {"title": "助老上门服务", "place": "甲社区活动室", "team": team.code})
        assert r.status_code == 302
        scene.activity.refresh_from_db()
        assert scene.activity.title == "助老上门服务" and scene.activity.team == team
        r = client.put(
            f"/api/v1/volunteers/activities/{scene.activity.code}",
            {"title": "助老", "place": "活动室", "skills": ["elderly"]},
            content_type="application/json",
        )
        assert r.status_code == 200 and r.json()["title"] == "助老"
        r = client.post(f"/api/v1/volunteers/activities/{scene.activity.code}/cancel")
        assert r.json()["status"] == "cancelled"
        assert client.get(url).status_code == 404  # a cancelled activity is not changed


def test_a_resident_cannot_change_an_activity_they_see(scene, resident, login):
    client = login(resident)
    with time_machine.travel(NOW, tick=False):
        assert client.get(f"/api/v1/volunteers/activities/{scene.activity.code}").status_code == 200
        r = client.put(
            f"/api/v1/volunteers/activities/{scene.activity.code}",
            {"title": "x", "place": "x"},
            content_type="application/json",
        )
        assert r.status_code == 404
        assert client.post(f"/volunteers/a/{scene.activity.code}/cancel/").status_code == 404


# --- outsiders ------------------------------------------------------------------------------------


OUTSIDER = [
    ("get", "/volunteers/t/{team}/", None),
    ("post", "/volunteers/t/{team}/", {"name": "x"}),
    ("post", "/volunteers/t/{team}/members/add/", {"number": "{number}"}),
    ("post", "/volunteers/t/{team}/members/remove/", {"number": "{other}"}),
    ("get", "/volunteers/v/{number}/edit/", None),
    ("post", "/volunteers/v/{number}/edit/", {"skills": "it"}),
    ("post", "/volunteers/v/{number}/leave/", {}),
    ("get", "/volunteers/a/{act}/edit/", None),
    ("post", "/volunteers/a/{act}/edit/", {"title": "x", "place": "x"}),
    ("post", "/volunteers/a/{act}/cancel/", {}),
    ("get", "/api/v1/volunteers/teams/{team}", None),
    ("put", "/api/v1/volunteers/teams/{team}", {"name": "x"}),
    ("get", "/api/v1/volunteers/teams/{team}/members", None),
    ("post", "/api/v1/volunteers/teams/{team}/members", {"number": "{number}"}),
    ("delete", "/api/v1/volunteers/teams/{team}/members/{other}", None),
    ("post", "/api/v1/volunteers/teams", {"organization_code": "{org}", "name": "x"}),
    ("get", "/api/v1/volunteers/teams?organization={org}", None),
    ("post", "/volunteers/teams/", {"organization": "{org}", "name": "x"}),
    ("put", "/api/v1/volunteers/roll/{number}", {"skills": ["it"]}),
    ("post", "/api/v1/volunteers/roll/{number}/leave", {}),
    ("put", "/api/v1/volunteers/activities/{act}", {"title": "x", "place": "x"}),
    ("post", "/api/v1/volunteers/activities/{act}/cancel", {}),
]


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDER)
def test_a_worker_of_another_community_gets_404_and_changes_nothing(
    team, scene, org, worker_b, login, method, url, body
):
    rows = {
        "team": team.code,
        "number": scene.me.number,
        "other": scene.other.number,
        "act": scene.activity.code,
        "org": org.code,
    }
    client = login(worker_b)
    before = AuditEvent.objects.count()
    path = url.format(**rows)
    data = {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in (body or {}).items()}
    with time_machine.travel(NOW, tick=False):
        if path.startswith("/api/") and method != "get":
            response = getattr(client, method)(path, data, content_type="application/json")
        else:
            response = getattr(client, method)(path, data)
    assert response.status_code == 404, (path, response.status_code)
    assert AuditEvent.objects.count() == before


def test_the_teams_lists_show_another_worker_nothing_of_community_a(team, org, worker_b, login):
    client = login(worker_b)
    page = client.get("/volunteers/teams/").content.decode()
    assert team.name not in page and org.name not in page
    assert client.get("/api/v1/volunteers/teams").json()["count"] == 0
