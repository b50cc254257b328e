"""Provider registration and grading on the web and the API, and the expiry warnings."""

import datetime as dt

import pytest
import time_machine

from linli.services import actions
from linli.services.models import Certificate, Provider
from linli.services.tests.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_street_officer_registers_a_provider(scene, tree, street_officer, login):
    client = login(street_officer)
    form = client.get("/services/providers/new/").content.decode()
    assert tree.community_a.code in form and tree.community_c.code not in form
    response = client.post(
        "/services/providers/new/",
        {
            "area": tree.street.code,
            "name": "建外洗衣店",
            "kind": "convenience",
            "service_areas": [tree.community_a.code, tree.community_b.code],
            "services": [scene.cleaning.code],
            "licence_number": "L-9",
            "licence_expires": "2027-01-31",
            "grade": "3",
            "capacity_per_day": "10",
        },
    )
    provider = Provider.objects.get(name="建外洗衣店")
    assert response.status_code == 302 and response.url.endswith(f"/p/{provider.code}/")
    assert {a.code for a in provider.service_areas.all()} == {tree.community_a.code, tree.community_b.code}
    assert provider.grade == "3"


def _checkbox(page, code):
    """The service-area checkbox of `code` as rendered, or None."""
    import re

    m = re.search(rf'<input type="checkbox" name="service_areas" value="{code}"[^>]*>', page)
    return m.group(0) if m else None


def test_a_city_admin_finds_a_street_shows_its_communities_and_ticks_them(scene, tree, city_admin, login):
    client = login(city_admin)
    page = client.get("/services/providers/new/").content.decode()
    # No checkbox before a street is shown; every street in reach is offered, grouped by district.
    assert _checkbox(page, tree.community_a.code) is None
    assert "建外街道" in page and "朝外街道" in page and '<optgroup label="朝阳区">' in page
    # A community's name finds its street alone, which is then shown.
    page = client.post(
        "/services/providers/new/", {"find": "丙社区", "show": "1", "name": "朝外洗衣"}
    ).content.decode()
    assert _checkbox(page, tree.community_c.code) is not None
    assert _checkbox(page, tree.community_a.code) is None
    assert "朝外洗衣" in page  # what was typed is kept
    # Showing another street keeps the ticked area, still ticked, with its street.
    response = client.post(
        "/services/providers/new/",
        {"street": tree.street.code, "show": "1", "service_areas": [tree.community_c.code]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'class="errors"' not in page
    assert "checked" in _checkbox(page, tree.community_c.code)
    assert "checked" not in _checkbox(page, tree.community_a.code)
    response = client.post(
        "/services/providers/new/",
        {
            "area": tree.street.code,
            "name": "两街洗衣",
            "kind": "convenience",
            "service_areas": [tree.community_a.code, tree.community_c.code],
            "services": [scene.cleaning.code],
            "capacity_per_day": "10",
        },
    )
    assert response.status_code == 302
    provider = Provider.objects.get(name="两街洗衣")
    assert {a.code for a in provider.service_areas.all()} == {tree.community_a.code, tree.community_c.code}


def test_the_picker_offers_and_accepts_no_area_outside_the_reach(scene, tree, street_officer, login):
    client = login(street_officer)
    # The officer's one street is shown at once; the other street is neither offered nor found.
    page = client.get("/services/providers/new/").content.decode()
    assert _checkbox(page, tree.community_a.code) is not None and "朝外街道" not in page
    page = client.post("/services/providers/new/", {"find": "丙社区", "show": "1"}).content.decode()
    assert _checkbox(page, tree.community_c.code) is None
    response = client.post(
        "/services/providers/new/",
        {
            "area": tree.street.code,
            "name": "越界洗衣",
            "kind": "convenience",
            "service_areas": [tree.community_c.code],
            "services": [scene.cleaning.code],
            "capacity_per_day": "10",
        },
    )
    assert response.status_code == 400 and "越界洗衣" in response.content.decode()
    assert not Provider.objects.filter(name="越界洗衣").exists()


def test_a_refused_registration_keeps_the_input(scene, tree, street_officer, login):
    # A meal point needs a cut-off: the action refuses and the form keeps what was typed.
    response = login(street_officer).post(
        "/services/providers/new/",
        {
            "area": tree.street.code,
            "name": "无截止助餐点",
            "kind": "meal_point",
            "service_areas": [tree.street.code],
            "services": [scene.meal.code],
            "capacity_per_day": "10",
        },
    )
    assert response.status_code == 400 and "无截止助餐点" in response.content.decode()
    assert not Provider.objects.filter(name="无截止助餐点").exists()


def test_grading_and_a_certificate_on_the_web(scene, street_officer, login):
    client = login(street_officer)
    url = f"/services/p/{scene.fixit.code}/grade/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "grade": "5",
            "licence_number": "L-2",
            "licence_expires": "2028-01-01",
            "capacity_per_day": "8",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    scene.fixit.refresh_from_db()
    assert (scene.fixit.grade, scene.fixit.licence_expires, scene.fixit.capacity_per_day) == (
        "5",
        dt.date(2028, 1, 1),
        8,
    )
    client.post(
        f"/services/p/{scene.fixit.code}/certificates/",
        {"holder": "张师傅", "title": "电工证", "number": "D-1", "expires_on": "2026-03-20"},
    )
    assert Certificate.objects.get(provider=scene.fixit).title == "电工证"


def test_expiry_warnings_within_30_days(scene, tree, street_officer, login):
    actions.provider_update(actor=None, provider=scene.handy, licence_expires=dt.date(2026, 3, 25), now=NOW)
    actions.provider_update(actor=None, provider=scene.fixit, licence_expires=dt.date(2026, 3, 1), now=NOW)
    actions.certificate_add(
        actor=None,
        provider=scene.canteen,
        holder="李",
        title="健康证",
        number="H-1",
        expires_on=dt.date(2026, 5, 1),
    )
    actions.certificate_add(
        actor=None,
        provider=scene.canteen,
        holder="王",
        title="厨师证",
        number="C-1",
        expires_on=dt.date(2026, 4, 1),
    )
    client = login(street_officer)
    rows = client.get("/api/v1/services/providers-expiring?on=2026-03-10").json()
    assert [(r["provider_code"], r["what"], r["expired"]) for r in rows] == [
        (scene.fixit.code, "licence", True),
        (scene.handy.code, "licence", False),
        (scene.canteen.code, "certificate", False),
    ]
    assert rows[1]["days_left"] == 15
    page = client.get("/services/providers/expiring/").content.decode()
    assert "厨师证" in page and "健康证" not in page


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/services/providers/new/", None),
        ("post", "/services/providers/new/", {"name": "x"}),
        ("get", "/services/p/{code}/grade/", None),
        ("post", "/services/p/{code}/grade/", {"grade": "1", "capacity_per_day": "1"}),
        (
            "post",
            "/services/p/{code}/certificates/",
            {"holder": "a", "title": "b", "number": "c", "expires_on": "2027-01-01"},
        ),
        ("post", "/api/v1/services/providers/{code}/grade", {"grade": "1"}),
        (
            "post",
            "/api/v1/services/providers/{code}/certificates",
            {"holder": "a", "title": "b", "number": "c", "expires_on": "2027-01-01"},
        ),
    ],
)
def test_outsiders_get_404(scene, worker_b, login, method, url, data):
    client = login(worker_b)
    path = url.format(code=scene.fixit.code)
    if method == "get":
        response = client.get(path)
    elif path.startswith("/api/"):
        response = client.post(path, data, content_type="application/json")
    else:
        response = client.post(path, data)
    assert response.status_code == 404
    scene.fixit.refresh_from_db()
    assert scene.fixit.grade == "4" and not Certificate.objects.exists()


def test_outsiders_see_no_expiring_provider(scene, tree, login, worker_b):
    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role

    other = user_create(
        actor=None,
        display_name="朝外",
        username="other_street",
        password="correct-horse-42",
        role=Role.STREET_OFFICER,
        area=tree.other_street,
    )
    actions.provider_update(actor=None, provider=scene.fixit, licence_expires=dt.date(2026, 3, 1), now=NOW)
    assert login(other).get("/api/v1/services/providers-expiring").json() == []
