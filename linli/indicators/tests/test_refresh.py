"""Refresh after an audited event, the hourly sweep, the demo and the home tile."""

import io

import pytest
import time_machine

from conftest import id_number
from linli.common.indicators import INDICATORS, get, register
from linli.indicators import compute, sweeps
from linli.indicators.models import Value
from linli.indicators.tests.conftest import DAY, NOW
from linli.registry.actions import PersonData, household_register

pytestmark = pytest.mark.django_db


def test_an_audited_change_refreshes_the_community_and_its_ancestors(
    tree, django_capture_on_commit_callbacks
):
    ind = get("registry.households")
    start = compute.current_start(ind, DAY)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        household_register(
            actor=None,
            community=tree.community_b,
            head=PersonData(name="户主", id_number=id_number("19700101", "031")),
        )
    for area in (tree.community_b, tree.street, tree.district, tree.city):
        assert Value.objects.get(indicator=ind.code, area=area, period_start=start).value == 1
    assert not Value.objects.filter(indicator=ind.code, area=tree.other_street).exists()


def test_sweep_computes_current_and_previous_periods(spaces):
    sweeps.sweep(now=NOW)
    ind = get("areas.space_350")
    start = compute.current_start(ind, DAY)
    starts = set(
        Value.objects.filter(indicator=ind.code, area=spaces.city).values_list("period_start", flat=True)
    )
    assert starts == {start, start.replace(year=start.year - 1)}
    assert Value.objects.filter(indicator="tickets.response_rate").count() == 0  # no tickets, no figure


def test_a_computed_definition_wins_over_the_reported_placeholder():
    reported = INDICATORS["culture.cinema"]
    assert reported.reported
    from dataclasses import replace

    computed = replace(reported, source=lambda *a: {})
    try:
        register(computed)
        register(reported)  # the placeholder registered later does not win back
        assert not INDICATORS["culture.cinema"].reported
    finally:
        INDICATORS["culture.cinema"] = reported


def test_demo_loads_figures(spaces):
    from linli.indicators import demo

    out = io.StringIO()
    demo.load(out, NOW)
    demo.load(out, NOW)  # idempotent
    assert "indicators:" in out.getvalue()
    assert Value.objects.filter(indicator="areas.space_350", area=spaces.city).exists()


def test_home_tile_counts_indicators_behind_target(spaces, street_officer):
    from linli.indicators import home

    compute.compute_all(DAY, now=NOW)
    with time_machine.travel(NOW, tick=False):
        tiles = home.tiles(street_officer, "street_officer", NOW)
    assert len(tiles) == 1 and tiles[0].url.endswith(f"/indicators/a/{spaces.street.code}/")
    assert tiles[0].count >= 1  # 50% of communities at 350 m² against 100%


def _committee_items(tree, n):
    from linli.operations.models import AdmissionItem
    from linli.tickets.models import Department

    dept = Department.objects.create(street=tree.street, name="城管")
    return [
        AdmissionItem.objects.create(
            code=f"I{i}",
            district=tree.district,
            department=dept,
            name=f"事项{i}",
            legal_basis="法",
            holder="committee",
            added_in=1,
        )
        for i in range(n)
    ]


def test_a_districts_event_refreshes_the_communities_under_it_and_its_ancestors(
    tree, django_capture_on_commit_callbacks
):
    """朝阳's list loses one of its 57 committee items: its communities in both streets (A, B, C),
    the streets, the district and the city are refreshed at once, not at the next sweep."""
    from linli.operations.admission.actions import item_revoke

    ind = get("operations.list_within_56")
    start = compute.current_start(ind, DAY)
    items = _committee_items(tree, 57)
    compute.compute_all(DAY, now=NOW, codes=[ind.code])

    def figure(area):
        return Value.objects.get(indicator=ind.code, area=area, period_start=start).value

    assert (figure(tree.community_c), figure(tree.city)) == (57, 0.0)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        item_revoke(actor=None, item=items[0], reason="合并", now=NOW)
    for community in (tree.community_a, tree.community_b, tree.community_c):
        assert figure(community) == 56
    for area in (tree.street, tree.other_street, tree.district, tree.city):
        assert figure(area) == 100.0
    city = Value.objects.get(indicator=ind.code, area=tree.city, period_start=start)
    assert city.below["community"] == [3, 3] and city.below["street"] == [2, 2]


def test_an_event_with_no_area_refreshes_the_indicator_everywhere(tree):
    from linli.indicators.refresh import refresh_job

    ind = get("operations.list_within_56")
    _committee_items(tree, 3)
    assert refresh_job([ind.code], None, NOW) == 7  # 3 communities, 2 streets, 1 district, the city
    assert Value.objects.get(indicator=ind.code, area=tree.city).value == 100.0
