"""Pages, exports, the public board and open data, and the API: the same figures everywhere, in
both languages, and nothing outside the viewer's reach (404)."""

import io
import json

import pytest
import time_machine
from openpyxl import load_workbook

from linli.common.indicators import get
from linli.indicators import actions, compute
from linli.indicators.models import Entry, Signoff
from linli.indicators.tests.conftest import DAY, NOW, volunteer

API = "/api/v1/indicators"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def figures(spaces):
    compute.compute_all(DAY, now=NOW)
    return spaces


def test_worker_sees_their_community_dashboard_with_trend_and_light(figures, worker_a, login):
    r = login(worker_a).get(f"/indicators/a/{figures.community_a.code}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "社区办公和服务用房达350平方米的社区比例" in html
    assert '<svg class="spark"' in html
    assert 'class="light green"' in html  # 400 m² meets 350


def test_dashboard_in_english(figures, worker_a, login):
    client = login(worker_a)
    r = client.get(f"/indicators/a/{figures.community_a.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Communities with 350 m² of office and service space" in r.content.decode()


def test_index_goes_to_the_viewers_own_area(figures, street_officer, login):
    r = login(street_officer).get("/indicators/")
    assert r.status_code == 302 and r.url.endswith(f"/indicators/a/{figures.street.code}/")


def test_street_ranks_its_communities_and_drills_down(figures, street_officer, login):
    r = login(street_officer).get(f"/indicators/a/{figures.street.code}/i/areas.space_350/")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.index(figures.community_a.name) < html.index(figures.community_b.name)  # 400 before 200
    assert f"/indicators/a/{figures.community_a.code}/i/areas.space_350/" in html


def test_scorecard_counts_areas_meeting_each_target(figures, city_admin, login):
    r = login(city_admin).get(f"/indicators/a/{figures.city.code}/scorecard/")
    assert r.status_code == 200
    assert "2 / 3" in r.content.decode()  # communities at 350 m²


def test_exports_carry_the_same_figures(figures, worker_a, login):
    client = login(worker_a)
    code = figures.community_a.code
    csv_text = client.get(f"/indicators/a/{code}/export.csv").content.decode("utf-8-sig")
    assert "areas.space_350" in csv_text and "400" in csv_text
    wb = load_workbook(io.BytesIO(client.get(f"/indicators/a/{code}/export.xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    space = next(r for r in rows if r[2] == "areas.space_350")
    assert space[0] == code and space[6] == 400
    assert client.get(f"/indicators/a/{code}/print/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/indicators/a/{a}/",
        "/indicators/a/{a}/print/",
        "/indicators/a/{a}/export.csv",
        "/indicators/a/{a}/export.xlsx",
        "/indicators/a/{a}/scorecard/",
        "/indicators/a/{a}/i/areas.space_350/",
        "/api/v1/indicators/values?area={a}",
        "/api/v1/indicators/scorecard?area={a}",
    ],
)
def test_outsider_gets_404_for_another_community(figures, worker_b, login, path):
    assert login(worker_b).get(path.format(a=figures.community_a.code)).status_code == 404


def test_outsider_cannot_enter_or_sign_off_elsewhere(figures, worker_b, login):
    client = login(worker_b)
    a = figures.community_a.code
    assert (
        client.post(
            f"/indicators/a/{a}/i/culture.cinema/enter/", {"numerator": 1, "denominator": 1}
        ).status_code
        == 404
    )
    assert (
        client.post(f"/indicators/a/{a}/sign-off/", {"period": "month", "day": "2026-01-10"}).status_code
        == 404
    )
    body = {"area": a, "indicator": "culture.cinema", "on": "2026-03-01", "numerator": 1, "denominator": 1}
    assert client.post(f"{API}/entries", body, content_type="application/json").status_code == 404
    body = {"area": a, "period": "month", "on": "2026-01-10"}
    assert client.post(f"{API}/signoffs", body, content_type="application/json").status_code == 404
    assert not Entry.objects.exists() and not Signoff.objects.exists()


def test_anonymous_is_sent_to_sign_in(figures, client):
    r = client.get(f"/indicators/a/{figures.community_a.code}/")
    assert r.status_code == 302 and "login" in r.url


def test_worker_enters_a_reported_figure_and_the_street_sees_it(figures, worker_a, street_officer, login):
    r = login(worker_a).post(
        f"/indicators/a/{figures.community_a.code}/i/culture.cinema/enter/?on=2026-03-01",
        {"numerator": 1, "denominator": 1, "note": "街道文化站"},
    )
    assert r.status_code == 302
    start = compute.current_start(get("culture.cinema"), DAY)
    api = login(street_officer).get(
        f"{API}/values?area={figures.street.code}&indicator=culture.cinema&on=2026-03-01"
    )
    rows = {v["area_code"]: v for v in api.json()}
    assert rows[figures.street.code]["value"] == 100.0  # the only community that answered has one
    assert rows[figures.community_a.code]["period_start"] == start.isoformat()


def test_bad_figure_is_refused_with_the_form_kept(figures, worker_a, login):
    r = login(worker_a).post(
        f"/indicators/a/{figures.community_a.code}/i/culture.cinema/enter/",
        {"numerator": "-3", "denominator": "1"},
    )
    assert r.status_code == 200 and 'value="-3"' in r.content.decode()
    assert not Entry.objects.exists()


def test_street_officer_cannot_enter_a_communitys_figure(figures, street_officer, login):
    body = {
        "area": figures.community_a.code,
        "indicator": "culture.cinema",
        "on": "2026-03-01",
        "numerator": 1,
    }
    r = login(street_officer).post(f"{API}/entries", body, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_sign_off_locks_entries(figures, street_officer, director_a, login):
    ind = get("health.coverage")
    actions.entry_record(
        actor=None,
        indicator=ind,
        area=figures.community_a,
        day=DAY.replace(year=2025, month=11),
        numerator=1,
        denominator=None,
        now=NOW,
    )
    body = {"area": figures.street.code, "period": "year", "on": "2025-11-10"}
    r = login(street_officer).post(f"{API}/signoffs", body, content_type="application/json")
    assert r.status_code == 201
    body = {"area": figures.community_a.code, "indicator": ind.code, "on": "2025-12-10", "numerator": 0}
    r = login(director_a).post(f"{API}/entries", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "signed_off"


def test_running_period_cannot_be_signed_off(figures, street_officer, login):
    body = {"area": figures.street.code, "period": "month", "on": "2026-03-01"}
    r = login(street_officer).post(f"{API}/signoffs", body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "not_over"


def test_api_lists_at_least_30_indicators_with_targets(worker_a, login):
    rows = login(worker_a).get(f"{API}/").json()
    assert len(rows) >= 30
    crime = next(r for r in rows if r["code"] == "safety.crime_rate")
    assert crime["target"] == 1.5 and crime["direction"] == "down" and crime["reported"]
    assert next(r for r in rows if r["code"] == "tickets.response_rate")["reported"] is False


def three_of_ten_volunteers(t):
    """A: 3 volunteers among its 10 residents (30%, resting on fewer than 5 people)."""
    for n in (1, 2, 3):
        volunteer(t.community_a, n)
    ind = get("volunteers.share_15")
    compute.compute(ind, compute.current_start(ind, DAY), now=NOW)
    return ind


def test_public_board_shows_public_indicators_and_hides_small_counts(figures, people):
    from django.test import Client

    three_of_ten_volunteers(figures)
    r = Client().get(f"/public/{figures.community_a.code}/indicators/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "社区办公和服务用房达350平方米的社区比例" in html
    assert "30.0" not in html  # 3 of 10 volunteers: resting on fewer than 5 people


def test_open_data_has_area_codes_and_suppression(figures, people):
    from django.test import Client

    three_of_ten_volunteers(figures)
    data = json.loads(Client().get("/indicators/open/indicators.json").content)["indicators"]
    space = {(r["area_code"], r["indicator"]): r for r in data}
    assert space[(figures.city.code, "areas.space_350")]["value"] == pytest.approx(200 / 3)
    assert space[(figures.community_a.code, "volunteers.share_15")]["suppressed"] is True
    assert space[(figures.community_a.code, "volunteers.share_15")]["value"] is None
    csv_text = Client().get("/indicators/open/indicators.csv").content.decode("utf-8-sig")
    assert csv_text.startswith("area_code,") and figures.community_b.code in csv_text


def test_dashboard_shows_a_refreshed_figure_at_once(figures, street_officer, login):
    """The rendered list is kept per version of the area's figures: a refresh moves the version."""
    from linli.areas.models import Area

    client = login(street_officer)
    url = f"/indicators/a/{figures.community_b.code}/"
    assert 'ind-figure">200<' in client.get(url).content.decode()  # 90 + 110 m²
    Area.objects.filter(pk=figures.community_b.pk).update(service_m2=300)
    figures.community_b.refresh_from_db()
    ind = get("areas.space_350")
    compute.refresh_area(ind, compute.current_start(ind, DAY), figures.community_b, now=NOW)
    html = client.get(url).content.decode()
    assert 'ind-figure">390<' in html and 'ind-figure">200<' not in html
    # Kept per language: the English page after the Chinese one is in English.
    assert "社区办公和服务用房达350平方米的社区比例" in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Communities with 350 m² of office and service space" in english
    # A sign-off of the street above shows on the community's page at once (it moves the version,
    # here with no figure rewritten).
    assert "No period signed off yet." in english
    Signoff.objects.create(
        area=figures.street, period="year", period_start=DAY.replace(year=2000, month=1, day=1), signed_at=NOW
    )
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No period signed off yet." not in english and figures.street.name in english


def test_a_share_reads_in_its_units_own_figure_below_and_in_percent_above(figures, worker_a, login):
    """A community's floor space is m² against 350 m² (not "400.0 %"); its street's is the share of
    communities meeting it; a yes/no reads yes or no; a count as a count."""
    from django.utils import translation

    from linli.indicators import queries, views
    from linli.indicators.units import fmt, shown_unit

    space = get("areas.space_350")
    (own,) = views.decorate(queries.dashboard(figures.community_a, DAY, [space]))
    assert (own.value_text, own.unit_text, own.goal_text) == ("400", "m²", "350 m²")
    (street,) = views.decorate(queries.dashboard(figures.street, DAY, [space]))
    assert (street.value_text, street.unit_text, street.goal_text) == ("50.0", "%", "100.0 %")
    html = login(worker_a).get(f"/indicators/a/{figures.community_a.code}/").content.decode()
    assert '<span class="ind-figure">400</span> m²' in html
    assert '<span class="ind-figure">400.0</span> %' not in html
    with translation.override("en"):
        fitness = get("culture.fitness_association")
        assert fmt(1.0, shown_unit(fitness, share_level=False)) == "yes"
        assert fmt(0.0, shown_unit(fitness, share_level=False)) == "no"
        assert fmt(2 / 3 * 100, shown_unit(fitness, share_level=True)) == "66.7"
        assert fmt(12.0, shown_unit(get("organizations.ten_per_community"), share_level=False)) == "12"


def test_a_cached_dashboard_reads_the_area_and_its_version_in_one_query(figures, city_admin, login):
    """Once rendered, the city's page costs one query of its own (the area with the version of its
    figures and sign-offs), whatever the number of indicators, periods and areas below."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(city_admin)
    url = f"/indicators/a/{figures.city.code}/"
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    own = [q["sql"] for q in queries.captured_queries if "indicators_" in q["sql"]]
    assert len(own) == 1 and '"areas_area"."code"' in own[0], own
    assert figures.district.name in first and figures.district.name in again  # the areas below, cached
