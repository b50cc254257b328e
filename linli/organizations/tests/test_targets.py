"""Targets per community, rolled up street → district → city: ten organizations, a fitness
association, sports instructors per 400 residents (常住, from registry.counts)."""

import datetime as dt

import pytest
import time_machine

from linli.organizations import actions, targets
from linli.organizations.tests.conftest import NOW, register
from linli.registry.counts import counts_by_community


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_ten_organizations_fitness_and_instructors_roll_up(
    scene, tree, household_a, city_admin, street_officer, login
):
    for i in range(8):
        register(tree.community_a, f"甲社区组织{i}")
    for name in ("教练甲", "教练乙"):
        actions.member_add(
            actor=None,
            org=scene.fitness,
            name=name,
            joined_on=dt.date(2021, 1, 1),
            sports_instructor=True,
            now=NOW,
        )
    figures = targets.compute(city_admin, now=NOW)
    a, b = figures[tree.community_a.code], figures[tree.community_b.code]
    assert (a.organizations, a.communities_with_ten, a.communities_with_fitness, a.instructors) == (
        10,
        1,
        1,
        2,
    )
    assert (b.organizations, b.communities_with_ten, b.communities_with_fitness, b.instructors) == (
        1,
        0,
        0,
        0,
    )
    residents = counts_by_community([tree.community_a], now=NOW)[tree.community_a.pk]["residents"]["resident"]
    assert a.residents == residents
    if residents:
        assert a.instructors_per_400 == pytest.approx(2 * 400 / residents)
    street = figures[tree.street.code]
    assert (street.communities, street.organizations, street.communities_with_ten) == (2, 11, 1)
    assert street.share_with_fitness == 0.5 and not street.meets_fitness
    city = figures[tree.city.code]
    assert city.communities == 3  # community C of the other street counts too
    assert [c.area.code for c in city.children] == [tree.district.code]
    assert figures[tree.district.code].children == [street, figures[tree.other_street.code]]
    # The street officer sees their street and below, nothing above.
    mine = targets.compute(street_officer, now=NOW)
    assert tree.city.code not in mine and mine[tree.street.code].organizations == 11
    page = login(street_officer).get(f"/organizations/targets/?area={tree.street.code}")
    assert page.status_code == 200 and "甲社区" in page.content.decode()
    api = login(city_admin).get(f"/api/v1/organizations/targets?area={tree.street.code}").json()
    assert api[0]["organizations"] == 11 and api[0]["children"] == [
        tree.community_a.code,
        tree.community_b.code,
    ]


def test_a_dissolved_organization_and_a_former_instructor_do_not_count(scene, tree, city_admin):
    m = actions.member_add(
        actor=None,
        org=scene.fitness,
        name="教练",
        joined_on=dt.date(2021, 1, 1),
        sports_instructor=True,
        now=NOW,
    )
    actions.member_leave(actor=None, member=m, left_on=dt.date(2026, 1, 1), now=NOW)
    actions.organization_dissolve(actor=None, org=scene.dance, now=NOW)
    a = targets.compute(city_admin, now=NOW)[tree.community_a.code]
    assert (a.organizations, a.instructors) == (1, 0)
