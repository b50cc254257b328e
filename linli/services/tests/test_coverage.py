"""Coverage (一刻钟社区服务圈): per community and service type, the reach, the gaps and the counts of
laundries, vegetable shops and convenience stores, rolled up to street, district and city."""

import datetime as dt

import pytest

from linli.services import actions
from linli.services.models import Coverage, CoverageArea, Reach
from linli.services.tests.conftest import NOW


@pytest.fixture
def covered(scene, tree):
    laundry = actions.service_type_save(
        actor=None, code="laundry", category="laundry", name="洗衣", name_en="Laundry"
    )
    washer = actions.provider_register(
        actor=None,
        area=tree.community_b,
        name="乙社区洗衣店",
        kind="convenience",
        service_areas=[tree.community_b],
        services=[laundry],
        licence_expires=dt.date(2027, 1, 1),
        now=NOW,
    )
    # Expired: counts nowhere, like for dispatch.
    actions.provider_register(
        actor=None,
        area=tree.other_street,
        name="过期洗衣店",
        kind="convenience",
        service_areas=[tree.community_c],
        services=[laundry],
        licence_expires=dt.date(2026, 1, 1),
        now=NOW,
    )
    # District-wide repairs: reaches community C only "from farther away".
    actions.provider_register(
        actor=None,
        area=tree.district,
        name="区维修公司",
        kind="domestic",
        service_areas=[tree.district],
        services=[scene.repair],
        now=NOW,
    )
    actions.coverage_recompute(actor=None, now=NOW)
    return scene, laundry, washer


def _cell(community, service):
    return Coverage.objects.get(community=community, service=service)


def test_each_community_gets_its_reach_per_service(covered, tree):
    scene, laundry, _ = covered
    a_repair = _cell(tree.community_a, scene.repair)
    assert (a_repair.in_community, a_repair.in_street, a_repair.wider, a_repair.reach) == (
        1,
        2,
        1,
        Reach.COMMUNITY,
    )
    assert _cell(tree.community_a, scene.meal).reach == Reach.STREET
    assert _cell(tree.community_a, laundry).reach == Reach.STREET
    assert _cell(tree.community_b, laundry).reach == Reach.COMMUNITY
    assert _cell(tree.community_c, laundry).reach == Reach.GAP  # only an expired licence there
    assert _cell(tree.community_c, scene.repair).reach == Reach.WIDER
    assert _cell(tree.community_c, scene.meal).reach == Reach.GAP


def test_rollups_count_gaps_and_the_plans_providers(covered, tree):
    street = CoverageArea.objects.get(area=tree.street)
    # 2 communities x 4 services; A: repair, cleaning in the community; B: laundry.
    assert (street.communities, street.cells, street.in_community, street.in_street, street.gaps) == (
        2,
        8,
        3,
        8,
        0,
    )
    assert street.laundries == 1
    city = CoverageArea.objects.get(area=tree.city)
    assert (city.communities, city.cells, city.gaps) == (3, 12, 4)  # C: all four are gaps in the street
    assert city.laundries == 1 and city.computed_at == NOW


def test_recompute_replaces_the_stored_values(covered, tree):
    _scene, laundry, washer = covered
    actions.provider_update(actor=None, provider=washer, is_active=False, now=NOW + dt.timedelta(hours=1))
    actions.coverage_recompute(actor=None, now=NOW + dt.timedelta(hours=1))
    assert _cell(tree.community_b, laundry).reach == Reach.GAP
    assert CoverageArea.objects.get(area=tree.street).laundries == 0
    assert Coverage.objects.count() == 12


def test_street_officer_sees_table_and_chart(covered, tree, street_officer, login):
    page = login(street_officer).get(f"/services/coverage/{tree.street.code}/").content.decode()
    assert "<svg" in page and "甲社区" in page and "丙社区" not in page
    page = login(street_officer).get(f"/services/coverage/{tree.community_a.code}/").content.decode()
    assert "Plumbing" in page or "水电维修" in page
    data = login(street_officer).get(f"/api/v1/services/coverage/{tree.street.code}").json()
    assert {c["area_code"] for c in data["children"]} == {tree.community_a.code, tree.community_b.code}
    assert data["area"]["gaps"] == 0
    data = login(street_officer).get(f"/api/v1/services/coverage/{tree.community_a.code}").json()
    assert {s["service"]: s["reach"] for s in data["services"]}["meal-delivery"] == "street"


def test_english_page(covered, tree, street_officer, login):
    client = login(street_officer)
    client.cookies["linli_language"] = "en"
    assert "Service coverage" in client.get(f"/services/coverage/{tree.street.code}/").content.decode()
    client.cookies["linli_language"] = "zh-hans"
    assert "服务覆盖" in client.get(f"/services/coverage/{tree.street.code}/").content.decode()


def test_city_admin_recomputes_through_web_and_api(covered, tree, city_admin, login):
    client = login(city_admin)
    Coverage.objects.all().delete()
    assert client.post("/api/v1/services/coverage/recompute").json()["cells"] == 12
    assert client.post("/services/coverage/recompute/").status_code == 302
    assert Coverage.objects.count() == 12


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/services/coverage/{other}/"),
        ("get", "/api/v1/services/coverage/{other}"),
        ("get", "/api/v1/services/coverage/{city}"),
        ("post", "/api/v1/services/coverage/recompute"),
        ("post", "/services/coverage/recompute/"),
    ],
)
def test_outsiders_get_404(covered, tree, street_officer, login, method, url):
    path = url.format(other=tree.other_street.code, city=tree.city.code)
    before = Coverage.objects.count()
    assert getattr(login(street_officer), method)(path).status_code == 404
    assert Coverage.objects.count() == before
