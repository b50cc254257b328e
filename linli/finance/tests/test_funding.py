import pytest

from linli.common.errors import DomainError, Forbidden
from linli.finance.actions import funding_compute, funding_parameters_set
from linli.finance.funding import funding_for
from linli.finance.models import FundingLine, FundingParameters


@pytest.mark.parametrize(
    ("households", "office_fen", "welfare_fen"),
    [
        (0, 0, 80_000_00),
        (2_000, 40_000_00, 80_000_00),
        (2_001, 40_020_00, 80_040_00),
        (10_000, 200_000_00, 80_000_00 + 8_000 * 40_00),
    ],
)
def test_formula_at_its_edges(households, office_fen, welfare_fen):
    result = funding_for(households, FundingParameters(year=2026))
    assert (result.office_fen, result.welfare_fen) == (office_fen, welfare_fen)


def test_compute_takes_households_from_the_registry_and_rolls_up(tree, household_a, city_admin):
    run = funding_compute(actor=city_admin, year=2026)
    line = FundingLine.objects.get(run=run, community=tree.community_a)
    assert line.households == 1
    assert line.street == tree.street and line.district == tree.district
    assert run.communities == 3  # A, B, C: every active community, even without households
    assert run.households == 1
    assert run.office_fen == 20_00
    assert run.welfare_fen == 3 * 80_000_00


def test_a_parameter_change_leaves_earlier_years_as_they_were(tree, city_admin):
    counts = {tree.community_a.pk: 2_500}
    first = funding_compute(actor=city_admin, year=2026, counts=counts)
    funding_parameters_set(
        actor=city_admin,
        year=2027,
        office_per_household_fen=25_00,
        welfare_base_fen=90_000_00,
        welfare_threshold=2_000,
        welfare_per_extra_fen=50_00,
    )
    second = funding_compute(actor=city_admin, year=2027, counts=counts)
    a_2026 = FundingLine.objects.get(run=first, community=tree.community_a)
    a_2027 = FundingLine.objects.get(run=second, community=tree.community_a)
    assert (a_2026.office_fen, a_2026.welfare_fen) == (2_500 * 20_00, 80_000_00 + 500 * 40_00)
    assert (a_2027.office_fen, a_2027.welfare_fen) == (2_500 * 25_00, 90_000_00 + 500 * 50_00)
    first.refresh_from_db()
    assert first.office_per_household_fen == 20_00
    # The computed year's own rates are fixed.
    with pytest.raises(DomainError) as exc:
        funding_parameters_set(
            actor=city_admin,
            year=2026,
            office_per_household_fen=1,
            welfare_base_fen=1,
            welfare_threshold=1,
            welfare_per_extra_fen=1,
        )
    assert exc.value.code == "year_computed"
    assert FundingParameters.objects.get(year=2026).office_per_household_fen == 20_00


def test_an_unset_year_takes_the_latest_earlier_rates(tree, city_admin):
    funding_parameters_set(
        actor=city_admin,
        year=2027,
        office_per_household_fen=30_00,
        welfare_base_fen=80_000_00,
        welfare_threshold=2_000,
        welfare_per_extra_fen=40_00,
    )
    run = funding_compute(actor=city_admin, year=2028, counts={tree.community_a.pk: 10})
    assert run.office_per_household_fen == 30_00


def test_only_the_city_admin_computes(tree, district_officer, worker_a):
    for user in (district_officer, worker_a):
        with pytest.raises(Forbidden):
            funding_compute(actor=user, year=2026)


def test_funding_api_compute_and_rollup_scoped_to_the_street(
    tree, household_a, city_admin, street_officer, login
):
    response = login(city_admin).post("/api/v1/finance/funding/2026/compute")
    assert response.status_code == 201
    assert response.json()["households"] == 1
    body = login(street_officer).get("/api/v1/finance/funding/2026").json()
    codes = {r["code"] for r in body["rows"]}
    assert codes == {tree.community_a.code, tree.community_b.code}
    a = next(r for r in body["rows"] if r["code"] == tree.community_a.code)
    assert a["office_fen"] == 20_00 and a["welfare_fen"] == 80_000_00
    assert any("80,000" in line for line in a["calculation"])
    assert body["total"]["communities"] == 2


def test_funding_api_refuses_other_roles(tree, district_officer, login):
    response = login(district_officer).post("/api/v1/finance/funding/2026/compute")
    assert response.status_code == 403
    response = login(district_officer).put(
        "/api/v1/finance/parameters/2030",
        {
            "office_per_household_fen": 1,
            "welfare_base_fen": 1,
            "welfare_threshold": 1,
            "welfare_per_extra_fen": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 403


def test_funding_pages_show_the_calculation(tree, city_admin, login):
    client = login(city_admin)
    response = client.post("/finance/funding/", {"form": "compute", "year": "2026"})
    assert response.status_code == 302
    page = client.get(f"/finance/funding/2026/?area={tree.street.code}").content.decode()
    assert "甲社区" in page and "80,000" in page and "<svg" in page
    page = client.get("/finance/funding/2026/").content.decode()
    assert "朝阳区" in page


def test_rates_form_for_a_later_year(tree, city_admin, login):
    response = login(city_admin).post(
        "/finance/funding/",
        {
            "form": "params",
            "year": "2027",
            "office_per_household": "22",
            "welfare_base": "85000",
            "welfare_threshold": "2000",
            "welfare_per_extra": "40",
        },
    )
    assert response.status_code == 302
    assert FundingParameters.objects.get(year=2027).office_per_household_fen == 22_00
