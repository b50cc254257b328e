"""The pages an inspector uses on a phone: walk a round, report a problem with a photo, confirm;
a bad code keeps the form as typed; the map page loads Leaflet from the site itself."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from linli.facilities.models import Problem
from linli.facilities.tests.conftest import LAT0, LON0, NOW

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_bad_code_is_shown_on_the_form_kept_as_typed(scene, worker_a, login):
    client = login(worker_a)
    r = client.post(
        f"/facilities/g/{scene.grid.area.code}/components/",
        {"code": "1101050120ABC", "lat": LAT0 + 0.0004, "lon": LON0 + 0.0004, "name": "新路灯"},
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "不是部件编码" in page
    assert 'value="新路灯"' in page


def test_an_inspector_walks_a_round_on_the_phone(scene, worker_a, street_officer, login):
    from linli.tickets.actions import ticket_accept, ticket_resolve

    client = login(worker_a)
    r = client.post(f"/facilities/g/{scene.grid.area.code}/rounds/", {"due_on": "2026-03-10"})
    assert r.status_code == 302
    round_url = r["Location"]
    page = client.get(round_url).content.decode()
    assert "灯杆完好" in page  # the street light's checklist
    code = round_url.rstrip("/").split("/")[-1]
    assert client.post(f"/facilities/r/{code}/k/{scene.light.code}/", {"result": "ok"}).status_code == 302
    prefix = f"p{scene.cover.pk}"
    r = client.post(
        f"/facilities/r/{code}/k/{scene.cover.code}/",
        {
            "result": "problem",
            f"{prefix}-note": "井盖破损",
            f"{prefix}-state_found": "damaged",
            f"{prefix}-photo": SimpleUploadedFile("x.png", PNG, content_type="image/png"),
            f"{prefix}-lat": str(LAT0 + 0.0012),
            f"{prefix}-lon": str(LON0 + 0.002),
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    problem = Problem.objects.get()
    ticket_accept(actor=street_officer, ticket=problem.ticket, now=NOW)
    ticket_resolve(actor=street_officer, ticket=problem.ticket, resolution="已更换", now=NOW)
    r = client.post(f"/facilities/p/{problem.code}/confirm/", follow=True)
    assert "已确认修复" in r.content.decode()
    problem.refresh_from_db()
    assert problem.status == "confirmed"


def test_a_problem_without_a_note_keeps_the_form(scene, worker_a, login):
    client = login(worker_a)
    r = client.post(f"/facilities/g/{scene.grid.area.code}/rounds/", {"due_on": "2026-03-10"})
    code = r["Location"].rstrip("/").split("/")[-1]
    r = client.post(f"/facilities/r/{code}/k/{scene.cover.code}/", {"result": "problem"})
    assert r.status_code == 400
    assert not Problem.objects.exists()


def test_the_map_loads_leaflet_from_the_site_and_the_tiles_only_when_set(scene, worker_a, login, settings):
    client = login(worker_a)
    page = client.get(f"/facilities/c/{scene.grid.area.parent.code}/map/").content.decode()
    assert "/static/facilities/leaflet/leaflet.js" in page
    assert 'data-tiles=""' in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    settings.LINLI_MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"
    page = client.get(f"/facilities/c/{scene.grid.area.parent.code}/map/").content.decode()
    assert 'data-tiles="/tiles/{z}/{x}/{y}.png"' in page
    data = client.get(f"/facilities/c/{scene.grid.area.parent.code}/map.geojson").json()
    assert {f["properties"]["kind"] for f in data["features"]} == {"grid", "component"}


def test_pages_in_english(scene, worker_a, login):
    client = login(worker_a)
    client.cookies["django_language"] = "en"
    page = client.get(f"/facilities/g/{scene.grid.area.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Register a component" in page


def test_a_grid_is_drawn_on_the_map_page_and_a_corner_outside_the_city_is_named(tree, street_officer, login):
    import json

    from linli.audit.models import AuditEvent
    from linli.facilities.models import Grid
    from linli.facilities.tests.conftest import square

    client = login(street_officer)
    url = f"/facilities/c/{tree.community_a.code}/grids/new/"
    page = client.get(url).content.decode()
    # The drawing script is the site's own, on the vendored Leaflet, and writes into the polygon field.
    assert "/static/facilities/grid_draw.js" in page and "/static/facilities/leaflet/leaflet.js" in page
    assert 'data-target="id_polygon"' in page and 'id="id_polygon"' in page
    assert "https://" not in page
    # What the script posts: corners tapped on the map, closed, [lon, lat].
    outside = square()
    outside["coordinates"][0][2] = [121.47, 31.23]  # a corner in Shanghai
    r = client.post(url, {"code": "07", "name": "七", "polygon": json.dumps(outside), "level": "2"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Point 3 of the boundary" in body or "边界的第 3 个点" in body
    assert "121.47" in body  # the polygon is kept as drawn
    assert not Grid.objects.filter(area__code="110105001001-07").exists()
    r = client.post(url, {"code": "07", "name": "七", "polygon": json.dumps(square()), "level": "2"})
    assert r.status_code == 302
    assert Grid.objects.filter(area__code="110105001001-07").exists()
    assert AuditEvent.objects.filter(action="facilities.grid.defined").exists()


def test_the_grid_page_pages_by_code_after_the_last_one_shown(scene, worker_a, login, monkeypatch):
    from linli.facilities import queries

    monkeypatch.setattr(queries, "GRID_PAGE", 1)
    client = login(worker_a)
    url = f"/facilities/g/{scene.grid.area.code}/"

    def listed(params: dict | None = None) -> tuple[str, str]:
        page = client.get(url, params or {}).content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0], page.split("</tbody>")[1]

    rows, after = listed()
    assert scene.cover.code in rows and scene.light.code not in rows
    assert f"?after={scene.cover.code}" in after
    rows, after = listed({"after": scene.cover.code})
    assert scene.light.code in rows and scene.cover.code not in rows
    assert "?after=" not in after  # the last page
    # Full-width digits from an input method are folded like every code.
    rows, _after = listed({"after": "１１０１０５０１０２０００１０１"})
    assert scene.light.code in rows and scene.cover.code not in rows
