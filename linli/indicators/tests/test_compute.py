"""A handful of indicators computed by hand on a small data set, compared with the engine's figures
at every level (community → street → district → city)."""

import pytest

from conftest import id_number
from linli.common.indicators import get
from linli.indicators import actions, compute
from linli.indicators.models import Value
from linli.indicators.tests.conftest import DAY, NOW
from linli.registry.actions import PersonData, household_register

pytestmark = pytest.mark.django_db


def figure(code, area, start):
    v = Value.objects.filter(indicator=code, area=area, period_start=start).first()
    return None if v is None else v.value


def test_space_share_rolls_up_as_share_of_communities_meeting_350(spaces):
    t = spaces
    ind = get("areas.space_350")
    start = compute.current_start(ind, DAY)
    compute.compute(ind, start, now=NOW)
    # Each community's own figure is its floor space; above, the share of communities at 350 m².
    assert figure(ind.code, t.community_a, start) == 400
    assert figure(ind.code, t.community_b, start) == 200
    assert figure(ind.code, t.community_c, start) == 350
    assert figure(ind.code, t.street, start) == pytest.approx(50.0)  # A yes, B no
    assert figure(ind.code, t.other_street, start) == pytest.approx(100.0)  # C yes
    assert figure(ind.code, t.district, start) == pytest.approx(200 / 3)  # 2 of 3
    assert figure(ind.code, t.city, start) == pytest.approx(200 / 3)
    assert figure(ind.code, t.other_district, start) is None  # no communities, no figure
    city = Value.objects.get(indicator=ind.code, area=t.city, period_start=start)
    assert (city.units_met, city.units) == (2, 3)
    assert city.computed_at == NOW


def test_households_sum_up_the_tree(tree):
    for i, community in enumerate([tree.community_a, tree.community_a, tree.community_b, tree.community_c]):
        household_register(
            actor=None,
            community=community,
            head=PersonData(name=f"户主{i}", id_number=id_number("19700101", f"{i + 11:03d}")),
            now=NOW,
        )
    ind = get("registry.households")
    start = compute.current_start(ind, DAY)
    compute.compute(ind, start, now=NOW)
    assert figure(ind.code, tree.community_a, start) == 2
    assert figure(ind.code, tree.street, start) == 3
    assert figure(ind.code, tree.other_street, start) == 1
    assert figure(ind.code, tree.district, start) == 4
    assert figure(ind.code, tree.city, start) == 4


def test_reported_ratio_is_a_ratio_of_sums_not_a_mean_of_ratios(tree, city_admin):
    ind = get("safety.crime_rate")
    # 朝阳: 5 cases in 10,000 residents (0.5‰); 东城: 30 in 10,000 (3‰) → city 35 in 20,000 = 1.75‰.
    actions.entry_record(
        actor=None,
        indicator=ind,
        area=tree.district,
        day=DAY.replace(month=1),
        numerator=5,
        denominator=10_000,
        now=NOW,
    )
    actions.entry_record(
        actor=None,
        indicator=ind,
        area=tree.other_district,
        day=DAY.replace(month=1),
        numerator=30,
        denominator=10_000,
        now=NOW,
    )
    start = compute.current_start(ind, DAY)
    compute.compute(ind, start, now=NOW)
    assert figure(ind.code, tree.district, start) == pytest.approx(0.5)
    assert figure(ind.code, tree.other_district, start) == pytest.approx(3.0)
    assert figure(ind.code, tree.city, start) == pytest.approx(1.75)
    assert figure(ind.code, tree.street, start) is None  # entered per district: nothing below


def test_reported_yes_no_counts_communities_that_say_yes(tree):
    ind = get("culture.cinema")
    start = compute.current_start(ind, DAY)
    for area, yes in ((tree.community_a, 1), (tree.community_b, 0), (tree.community_c, 1)):
        actions.entry_record(
            actor=None, indicator=ind, area=area, day=DAY, numerator=yes, denominator=None, now=NOW
        )
    compute.compute(ind, start, now=NOW)
    assert figure(ind.code, tree.community_a, start) == pytest.approx(1.0)
    assert figure(ind.code, tree.street, start) == pytest.approx(50.0)
    assert figure(ind.code, tree.other_street, start) == pytest.approx(100.0)
    assert figure(ind.code, tree.city, start) == pytest.approx(200 / 3)


def test_event_refresh_touches_only_the_community_and_its_ancestors(spaces):
    t = spaces
    ind = get("areas.space_350")
    start = compute.current_start(ind, DAY)
    compute.compute(ind, start, now=NOW)
    other = Value.objects.get(indicator=ind.code, area=t.other_street, period_start=start).computed_at
    from linli.areas.models import Area

    Area.objects.filter(pk=t.community_b.pk).update(service_m2=300)
    later = NOW.replace(hour=11)
    t.community_b.refresh_from_db()
    assert compute.refresh_area(ind, start, t.community_b, now=later) == 4  # community + 3 ancestors
    assert figure(ind.code, t.street, start) == pytest.approx(100.0)
    assert figure(ind.code, t.city, start) == pytest.approx(100.0)
    assert Value.objects.get(indicator=ind.code, area=t.other_street, period_start=start).computed_at == other


def test_signed_off_period_no_longer_changes(spaces, street_officer):
    t = spaces
    ind = get("areas.space_350")
    day = DAY.replace(year=2025)
    start = compute.current_start(ind, day)
    compute.compute(ind, start, now=NOW)
    actions.period_sign_off(actor=street_officer, area=t.street, period="year", day=day, now=NOW)
    from linli.areas.models import Area

    Area.objects.filter(pk=t.community_b.pk).update(service_m2=300)
    compute.compute(ind, start, now=NOW.replace(hour=12))
    assert figure(ind.code, t.street, start) == pytest.approx(50.0)  # locked
    assert figure(ind.code, t.community_b, start) == 200
    assert figure(ind.code, t.city, start) == pytest.approx(200 / 3)  # rolled up from the locked figures


def test_scorecard_counts_the_lights_stored_with_each_figure(spaces):
    from linli.areas.models import Area
    from linli.indicators import queries

    t = spaces
    ind = get("areas.space_350")
    start = compute.current_start(ind, DAY)
    compute.compute(ind, start, now=NOW)
    a = Value.objects.get(indicator=ind.code, area=t.community_a, period_start=start)
    b = Value.objects.get(indicator=ind.code, area=t.community_b, period_start=start)
    assert (a.level, a.status, b.status) == ("community", "green", "red")

    def communities_meeting(area):
        row = next(r for r in queries.scorecard(area, DAY) if r.ind.code == ind.code)
        return row.levels["community"][:2]

    assert communities_meeting(t.city) == (2, 3)  # the city: no join on the tree
    assert communities_meeting(t.street) == (1, 2)  # below the city: within the street only
    # An event's refresh writes the new light: B reaches 350 m².
    Area.objects.filter(pk=t.community_b.pk).update(service_m2=300)
    t.community_b.refresh_from_db()
    compute.refresh_area(ind, start, t.community_b, now=NOW)
    assert communities_meeting(t.city) == (3, 3)
    assert communities_meeting(t.street) == (2, 2)
