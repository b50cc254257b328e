"""Pages: a worker enters an organization (a refusal keeps what was typed), adds members, records
activities, files a report, pays a contract; the organiser's home tile; the overdue list."""

import pytest
import time_machine

from linli.organizations.models import Organization
from linli.organizations.tests.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_refused_organization_keeps_what_was_typed(tree, worker_a, login):
    client = login(worker_a)
    data = {
        "name": "书法社",
        "kind": "culture",
        "standing": "filed",
        "founded_on": "2021-05-01",
        "contact_name": "王芳",
        "contact_phone": "12345",
        "incubation": "none",
    }
    page = client.post(f"/organizations/c/{tree.community_a.code}/new/", data)
    assert page.status_code == 400
    body = page.content.decode()
    assert 'value="书法社"' in body and 'value="12345"' in body
    data["contact_phone"] = "13910000001"
    page = client.post(f"/organizations/c/{tree.community_a.code}/new/", data)
    org = Organization.objects.get(name="书法社")
    assert page.status_code == 302 and page["Location"] == f"/organizations/g/{org.code}/"
    detail = client.get(page["Location"]).content.decode()
    assert "139****0001" in detail and "13910000001" not in detail


def test_a_worker_runs_an_organization_from_its_page(scene, worker_a, login):
    client = login(worker_a)
    base = f"/organizations/g/{scene.dance.code}"
    assert (
        client.post(
            f"{base}/members/add/", {"name": "李四", "role": "member", "joined_on": "2021-01-01"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/activities/add/", {"title": "中秋晚会", "held_on": "2026-06-01", "participants": "40"}
        ).status_code
        == 302
    )
    r = client.post(
        f"{base}/reports/submit/",
        {
            "year": "2025",
            "summary": "全年活动",
            "activities_held": "12",
            "income_yuan": "0",
            "expense_yuan": "300",
        },
    )
    assert r.status_code == 302
    r = client.post(
        f"{base}/contracts/add/",
        {"title": "文化服务", "amount_yuan": "1000", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert r.status_code == 302
    contract = scene.dance.contracts.get()
    r = client.post(f"/organizations/k/{contract.code}/", {"amount_yuan": "2000", "paid_on": "2026-06-01"})
    assert r.status_code == 400  # more than the contract
    assert 'value="2000"' in r.content.decode()
    r = client.post(f"/organizations/k/{contract.code}/", {"amount_yuan": "400", "paid_on": "2026-06-01"})
    assert r.status_code == 302
    body = client.get(f"{base}/").content.decode()
    for text in ("李四", "中秋晚会", "2025", "文化服务"):
        assert text in body
    assert "甲社区舞蹈队" not in client.get("/organizations/overdue/").content.decode()
    assert "甲社区健身协会" in client.get("/organizations/overdue/").content.decode()


def test_the_organiser_sees_their_organization_on_the_home_page(scene, login):
    home = login(scene.organiser).get("/").content.decode()
    assert f"/organizations/g/{scene.dance.code}/" in home


def test_a_worker_cannot_grade_and_sees_no_grade_form(scene, worker_a, street_officer, login):
    assert (
        login(worker_a).post(f"/organizations/g/{scene.dance.code}/grade/", {"grade": "3A"}).status_code
        == 400
    )
    page = login(street_officer).post(f"/organizations/g/{scene.dance.code}/grade/", {"grade": "4A"})
    assert page.status_code == 302
    scene.dance.refresh_from_db()
    assert scene.dance.grade == "4A"


def test_pages_answer_for_every_staff_role(
    scene, tree, worker_a, street_officer, district_officer, city_admin, login
):
    for user in (worker_a, street_officer, district_officer, city_admin):
        client = login(user)
        for url in ("/organizations/", "/organizations/overdue/", "/organizations/targets/", "/"):
            assert client.get(url).status_code == 200, (user, url)
    assert login(worker_a).get("/organizations/import/").status_code == 200
    assert login(city_admin).get("/organizations/import/").status_code == 404  # files nothing


def test_a_resident_who_runs_nothing_sees_an_empty_list(tree, resident, login):
    page = login(resident).get("/organizations/")
    assert page.status_code == 200
    assert login(resident).get("/organizations/overdue/").status_code == 404


def test_the_edit_form_never_shows_the_full_number_and_empty_keeps_it(scene, worker_a, login):
    client = login(worker_a)
    page = client.get(f"/organizations/g/{scene.dance.code}/edit/").content.decode()
    assert "13910000001" not in page and "139****0001" in page
    data = {
        "name": "甲社区舞蹈队",
        "kind": "culture",
        "standing": "registered",
        "founded_on": "2020-03-01",
        "contact_name": "王芳",
        "contact_phone": "",
        "incubation": "graduated",
    }
    assert client.post(f"/organizations/g/{scene.dance.code}/edit/", data).status_code == 302
    scene.dance.refresh_from_db()
    assert (scene.dance.standing, scene.dance.contact_phone) == ("registered", "13910000001")
