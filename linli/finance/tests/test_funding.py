import datetime as dt

import pytest

from conftest import id_number
from linli.common.errors import DomainError, Forbidden
from linli.finance.actions import funding_compute, funding_parameters_set
from linli.finance.funding import funding_for
from linli.finance.models import FundingLine, FundingParameters, FundingRun
from linli.registry.models import Household, Resident

JUN_2025 = dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC)


def registered_long_ago(*households):
    """Registered in June 2025, before the 2026 funding's reference date (31 December 2025)."""
    Household.objects.filter(pk__in=[h.pk for h in households]).update(created_at=JUN_2025)
    Resident.objects.filter(household__in=[h.pk for h in households]).update(
        registered_at=JUN_2025, lives_since=JUN_2025.date()
    )


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
    registered_long_ago(household_a)
    run = funding_compute(actor=city_admin, year=2026)
    line = FundingLine.objects.get(run=run, community=tree.community_a)
    assert line.households == 1
    assert line.street == tree.street and line.district == tree.district
    assert run.communities == 3  # A, B, C: every active community, even without households
    assert run.households == 1
    assert run.office_fen == 20_00
    assert run.welfare_fen == 3 * 80_000_00


def test_a_parameter_change_leaves_earlier_years_as_they_were(tree, city_admin):
    counts = {tree.community_a.pk: {"registered": 2_500}}
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
    run = funding_compute(actor=city_admin, year=2028, counts={tree.community_a.pk: {"registered": 10}})
    assert run.office_per_household_fen == 30_00


def test_only_the_city_admin_computes(tree, district_officer, worker_a):
    for user in (district_officer, worker_a):
        with pytest.raises(Forbidden):
            funding_compute(actor=user, year=2026)


def test_funding_api_compute_and_rollup_scoped_to_the_street(
    tree, household_a, city_admin, street_officer, login
):
    registered_long_ago(household_a)
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
            "count_registered": "on",
            "count_resident": "on",
            "count_floating": "on",
            "reference_date": "2026-06-30",
        },
    )
    assert response.status_code == 302
    saved = FundingParameters.objects.get(year=2027)
    assert saved.office_per_household_fen == 22_00
    assert (saved.count_floating, saved.reference_day) == (True, dt.date(2026, 6, 30))


# --- the basis: which households count, on which day; runs keep their snapshot ---------------


PLACES = {"registered": ("here", "here"), "resident": ("beijing", "here"), "floating": ("outside", "here")}


def _households(community, *rows):
    """Households of one member straight into the registry (kind, registered, closed[, living
    here since]): the registry's own actions stamp today's date, and the basis is about dates."""
    for i, (kind, created, closed, *since) in enumerate(rows):
        household = Household.objects.create(
            code=f"T{community.pk}-{i}",
            community=community,
            created_at=created,
            closed_at=closed,
            is_active=closed is None,
        )
        hukou, lives = PLACES[kind]
        Resident.objects.create(
            community=community,
            household=household,
            name=f"成员{i}",
            id_number=id_number("19700101", f"{i:03d}"),
            gender="M" if i % 2 else "F",
            birth_date=dt.date(1970, 1, 1),
            status="active" if closed is None else "moved_out",
            registered_at=created,
            left_at=closed,
            hukou_where=hukou,
            lives_where=lives,
            lives_since=since[0] if since else created.date(),
        )


def test_the_year_names_which_households_count_and_on_which_day(tree, city_admin):
    jan_2026 = dt.datetime(2026, 1, 2, 10, tzinfo=dt.UTC)
    nov_2025 = dt.datetime(2025, 11, 2, 10, tzinfo=dt.UTC)
    _households(
        tree.community_a,
        ("registered", JUN_2025, None),
        ("resident", JUN_2025, None),
        # Here for a month by the reference date: 流动, not yet 常住.
        ("floating", JUN_2025, None, dt.date(2025, 12, 1)),
        ("registered", jan_2026, None),  # registered after the reference date
        ("registered", JUN_2025, nov_2025),  # closed before it
        ("registered", JUN_2025, jan_2026),  # closed after it: active on the day
    )
    run = funding_compute(actor=city_admin, year=2026, now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    line = FundingLine.objects.get(run=run, community=tree.community_a)
    # Default basis: 户籍 + 常住, active on 31 December of the year before; 流动 is kept, not counted.
    # Each household under the groups it is in: 户籍 households living here are also 常住.
    assert line.households_by_kind == {"floating": 1, "registered+resident": 2, "resident": 1}
    assert line.households == 3 and line.office_fen == 3 * 20_00
    assert (run.kinds, run.reference_date) == (["registered", "resident"], dt.date(2025, 12, 31))

    funding_parameters_set(
        actor=city_admin,
        year=2027,
        office_per_household_fen=20_00,
        welfare_base_fen=80_000_00,
        welfare_threshold=2_000,
        welfare_per_extra_fen=40_00,
        count_floating=True,
        reference_date=dt.date(2026, 6, 30),
    )
    run = funding_compute(actor=city_admin, year=2027, now=dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC))
    line = FundingLine.objects.get(run=run, community=tree.community_a)
    # On 30 June 2026 the floating member has lived here six months (常住 too); the household
    # registered in January 2026 has not yet.
    assert line.households_by_kind == {
        "registered": 1,
        "registered+resident": 1,
        "resident": 1,
        "resident+floating": 1,
    }
    assert line.households == 4 and run.kinds == ["registered", "resident", "floating"]


def test_a_reference_date_that_has_not_passed_is_refused(tree, city_admin):
    with pytest.raises(DomainError) as exc:
        funding_compute(actor=city_admin, year=2027, now=dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC))
    assert exc.value.code == "reference_date_ahead" and exc.value.status == 409
    assert not FundingRun.objects.exists()


def test_parameters_need_a_kind_and_a_reference_date_near_the_year(tree, city_admin):
    rates = {
        "office_per_household_fen": 1,
        "welfare_base_fen": 1,
        "welfare_threshold": 1,
        "welfare_per_extra_fen": 1,
    }
    with pytest.raises(DomainError) as exc:
        funding_parameters_set(
            actor=city_admin, year=2027, count_registered=False, count_resident=False, **rates
        )
    assert "count_registered" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        funding_parameters_set(actor=city_admin, year=2027, reference_date=dt.date(2028, 1, 1), **rates)
    assert "reference_date" in exc.value.fields
    assert not FundingParameters.objects.filter(year=2027).exists()


def test_a_run_is_kept_as_computed(tree, city_admin):
    run = funding_compute(actor=city_admin, year=2026, counts={tree.community_a.pk: {"registered": 10}})
    line = FundingLine.objects.get(run=run, community=tree.community_a)
    line.households = 99
    for attempt in (
        run.save,
        line.save,
        run.delete,
        lambda: FundingLine.objects.filter(run=run).update(households=99),
        lambda: FundingRun.objects.filter(pk=run.pk).delete(),
    ):
        with pytest.raises(PermissionError):
            attempt()
    assert FundingLine.objects.get(pk=line.pk).households == 10


def test_a_re_run_is_a_new_run_that_shows_what_changed(tree, city_admin):
    from linli.audit.models import AuditEvent
    from linli.finance import queries

    a, b = tree.community_a.pk, tree.community_b.pk
    first = funding_compute(
        actor=city_admin, year=2026, counts={a: {"registered": 2_000}, b: {"registered": 500}}
    )
    second = funding_compute(
        actor=city_admin,
        year=2026,
        counts={a: {"registered": 2_000, "resident": 100}, b: {"registered": 500}},
    )
    assert second.pk != first.pk and second.previous == first
    assert FundingLine.objects.get(run=first, community_id=a).households == 2_000  # still readable
    changes = queries.funding_changes(city_admin, second)
    assert [c.community.pk for c in changes] == [a]
    assert changes[0].households_delta == 100
    assert changes[0].total_delta_fen == 100 * 20_00 + 100 * 40_00
    assert queries.funding_changes(city_admin, first) == []
    event = AuditEvent.objects.filter(action="finance.funding.computed").order_by("-seq").first()
    assert event.details["previous_run"] == first.pk and event.details["communities_changed"] == 1


def test_funding_runs_and_changes_in_page_and_api(tree, city_admin, street_officer, worker_b, login):
    a, b = tree.community_a.pk, tree.community_b.pk
    first = funding_compute(
        actor=city_admin, year=2026, counts={a: {"registered": 100}, b: {"registered": 50}}
    )
    second = funding_compute(
        actor=city_admin, year=2026, counts={a: {"registered": 130}, b: {"registered": 50}}
    )
    client = login(street_officer)
    body = client.get("/api/v1/finance/funding/2026").json()
    assert body["run"]["id"] == second.pk and body["run"]["previous_id"] == first.pk
    assert body["run"]["counted_kinds"] == ["registered", "resident"]
    (change,) = body["changes"]
    assert change["code"] == tree.community_a.code and change["households_delta"] == 30
    assert change["before"]["households_by_kind"] == {"registered": 100}
    assert change["total_delta_fen"] == 30 * 20_00
    earlier = client.get(f"/api/v1/finance/funding/2026?run={first.pk}&area={tree.street.code}").json()
    a_row = next(r for r in earlier["rows"] if r["code"] == tree.community_a.code)
    assert a_row["households"] == 100 and earlier["changes"] == []
    runs = client.get("/api/v1/finance/funding/2026/runs").json()
    assert [r["id"] for r in runs] == [second.pk, first.pk]
    page = client.get(f"/finance/funding/2026/?area={tree.street.code}").content.decode()
    assert f"与第 {first.pk} 号核算相比的变化" in page and "甲社区" in page and ">600<" in page
    page = client.get(f"/finance/funding/2026/?run={first.pk}").content.decode()
    assert f"#{first.pk}" in page
    assert client.get("/finance/funding/2026/?run=999999").status_code == 404
    assert client.get("/api/v1/finance/funding/2026?run=999999").status_code == 404
    # A worker of community B sees no change of community A.
    other = login(worker_b)
    assert other.get("/api/v1/finance/funding/2026").json()["changes"] == []
    assert "甲社区" not in other.get("/finance/funding/2026/").content.decode()


def test_funding_runs_are_404_to_users_without_finance(tree, resident, city_admin, login):
    funding_compute(actor=city_admin, year=2026, counts={tree.community_a.pk: {"registered": 1}})
    client = login(resident)
    assert client.get("/api/v1/finance/funding/2026/runs").status_code == 404
    assert client.get("/api/v1/finance/funding/2026").status_code == 404
    assert client.get("/finance/funding/2026/").status_code == 404


def test_funding_parameters_api_takes_the_basis(tree, city_admin, login):
    client = login(city_admin)
    rates = {
        "office_per_household_fen": 20_00,
        "welfare_base_fen": 80_000_00,
        "welfare_threshold": 2_000,
        "welfare_per_extra_fen": 40_00,
    }
    body = client.put(
        "/api/v1/finance/parameters/2030",
        {**rates, "count_floating": True, "reference_date": "2029-06-30"},
        content_type="application/json",
    ).json()
    assert body["counted_kinds"] == ["registered", "resident", "floating"]
    assert body["reference_day"] == "2029-06-30"
    assert client.get("/api/v1/finance/parameters/2031").json()["reference_day"] == "2030-12-31"
    bad = client.put(
        "/api/v1/finance/parameters/2030",
        {**rates, "count_registered": False, "count_resident": False},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "count_registered" in bad.json()["fields"]


def test_the_parameters_of_the_earliest_year_read_without_a_server_error(tree, city_admin, login):
    """Found by the fuzzer: year 1900's default reference day (1899-12-31) failed the answer's check."""
    response = login(city_admin).get("/api/v1/finance/parameters/1900")
    assert response.status_code == 200
    assert response.json()["reference_day"] == "1899-12-31"
