"""Coverage by walking distance (一刻钟社区服务圈): providers located within
LINLI_SERVICES_WALK_METRES of a community's point, whatever areas they serve."""

import datetime as dt
import math

import pytest

from linli.accounts.actions import user_create
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.services import actions
from linli.services.models import CommunityPoint, Coverage, CoverageArea
from linli.services.tests.conftest import NOW, PASSWORD

A = (39.9100, 116.4540)  # community A's point
EARTH_M = 6_371_008.8


def _north(metres):
    return f"{A[0] + math.degrees(metres / EARTH_M):.6f}"


def _east(metres):
    return f"{A[1] + math.degrees(metres / EARTH_M) / math.cos(math.radians(A[0])):.6f}"


@pytest.fixture
def walk(scene, tree):
    veg = actions.service_type_save(
        actor=None, code="vegetables", category="groceries", name="蔬菜", name_en="Vegetables"
    )
    hair = actions.service_type_save(
        actor=None, code="haircut", category="convenience", name="理发", name_en="Haircut"
    )

    def place(name, lat, lon, services, expires=dt.date(2027, 12, 31)):
        # Registered and serving in the other street: only the distance counts.
        return actions.provider_register(
            actor=None,
            area=tree.other_street,
            name=name,
            kind="convenience",
            service_areas=[tree.community_c],
            services=services,
            licence_expires=expires,
            lat=lat,
            long=lon,
            now=NOW,
        )

    place("900米菜店", _north(900), f"{A[1]:.6f}", [veg])
    place("1200米理发店", f"{A[0]:.6f}", _east(1200), [veg, hair])
    place("过期理发店", _north(300), _east(300), [hair], expires=dt.date(2026, 1, 1))
    actions.community_point_set(actor=None, community=tree.community_a, lat=A[0], lon=A[1], now=NOW)
    actions.coverage_recompute(actor=None, now=NOW)
    return veg, hair


def _cell(community, service):
    return Coverage.objects.get(community=community, service=service)


def test_900_m_counts_1200_m_and_an_expired_licence_do_not(walk, tree):
    veg, hair = walk
    assert _cell(tree.community_a, veg).within_walk == 1  # the 900 m shop, not the 1,200 m one
    assert _cell(tree.community_a, hair).within_walk == 0  # 1,200 m away, or expired at 420 m
    assert _cell(tree.community_b, veg).within_walk is None  # B has no point
    assert AuditEvent.objects.filter(action="services.community_point.set").count() == 1


def test_rolled_up_to_street_district_and_city(walk, tree):
    # A: 5 services (repair, cleaning, meal, vegetables, haircut), one within walking distance.
    for area in (tree.street, tree.district, tree.city):
        row = CoverageArea.objects.get(area=area)
        assert (row.located, row.walkable, row.walk_share) == (5, 1, 20)
    assert CoverageArea.objects.get(area=tree.other_street).walk_share is None


def test_the_radius_is_a_setting(walk, tree, settings):
    veg, hair = walk
    settings.LINLI_SERVICES_WALK_METRES = 1300
    actions.coverage_recompute(actor=None, now=NOW)
    assert (_cell(tree.community_a, veg).within_walk, _cell(tree.community_a, hair).within_walk) == (2, 1)


def test_page_and_api_show_it_in_both_languages(walk, tree, street_officer, login):
    client = login(street_officer)
    data = client.get(f"/api/v1/services/coverage/{tree.community_a.code}").json()
    assert data["walk_metres"] == 1000
    assert {s["service"]: s["within_walk"] for s in data["services"]}["vegetables"] == 1
    data = client.get(f"/api/v1/services/coverage/{tree.street.code}").json()
    assert data["area"]["walk_share"] == 20
    assert {c["area_code"]: c["walk_share"] for c in data["children"]}[tree.community_b.code] is None
    client.cookies["linli_language"] = "en"
    assert "Within a 15-minute walk" in client.get(f"/services/coverage/{tree.street.code}/").content.decode()
    page = client.get(f"/services/coverage/{tree.community_a.code}/").content.decode()
    assert "Services within a 15-minute walk (1000 m): 20%" in page
    client.cookies["linli_language"] = "zh-hans"
    page = client.get(f"/services/coverage/{tree.community_a.code}/").content.decode()
    assert "步行15分钟" in page


def test_officer_places_a_community_and_bad_positions_are_refused(scene, tree, street_officer, login):
    client = login(street_officer)
    r = client.put(
        f"/api/v1/services/coverage/{tree.community_b.code}/point",
        {"lat": 39.915, "lon": 116.459},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["community_code"] == tree.community_b.code
    assert CommunityPoint.objects.get(community=tree.community_b).lat == 39.915
    client.cookies["linli_language"] = "en"
    r = client.put(
        f"/api/v1/services/coverage/{tree.community_b.code}/point",
        {"lat": 31.2, "lon": 121.5},
        content_type="application/json",
    )
    assert r.status_code == 400 and "outside the city" in r.content.decode()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/services/coverage/{a}/"),
        ("get", "/api/v1/services/coverage/{a}"),
        ("put", "/api/v1/services/coverage/{a}/point"),
    ],
)
def test_outsiders_get_404(walk, tree, login, method, url):
    outsider = user_create(
        actor=None,
        display_name="朝外",
        username="out",
        password=PASSWORD,
        role=Role.STREET_OFFICER,
        area=tree.other_street,
    )
    client = login(outsider)
    path = url.format(a=tree.community_a.code)
    if method == "put":
        r = client.put(path, {"lat": 39.9, "lon": 116.4}, content_type="application/json")
    else:
        r = client.get(path)
    assert r.status_code == 404
    assert CommunityPoint.objects.get(community=tree.community_a).lat == A[0]
