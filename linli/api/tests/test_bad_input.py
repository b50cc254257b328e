"""Bad input gets a 4xx in the error shape, never a 500: NUL, huge numbers, impossible dates."""

import pytest
from django.test import Client

from linli.accounts.actions import api_token_create
from linli.api.api import api
from linli.registry.models import Building, Dwelling

API = "/api/v1"


@pytest.fixture
def bearer(worker_a):
    key = api_token_create(actor=worker_a, name="t")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def assert_error_shape(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    return body


def test_a_nul_in_a_query_string_is_refused_before_the_database(bearer):
    body = assert_error_shape(bearer.get(f"{API}/tickets?q=a%00b"), 400)
    assert body["code"] == "invalid_character"
    assert_error_shape(bearer.get(f"{API}/registry/residents?q=%00"), 400)


def test_a_nul_in_a_json_body_is_refused_and_nothing_is_written(bearer, tree):
    response = bearer.post(
        f"{API}/registry/buildings",
        '{"community": "' + tree.community_a.code + '", "name": "3\\u0000号楼"}',
        content_type="application/json",
    )
    assert assert_error_shape(response, 400)["code"] == "invalid_character"
    assert not Building.objects.exists()


def test_a_nul_in_a_form_body_is_refused(tree):
    response = Client().post("/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400


def test_an_escaped_backslash_before_u0000_is_not_a_nul(bearer, tree):
    response = bearer.post(
        f"{API}/registry/buildings",
        '{"community": "' + tree.community_a.code + '", "name": "a\\\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Building.objects.get().name == "a\\u0000"


def _paginated_list_paths() -> list[str]:
    schema = api.get_openapi_schema(path_prefix=API)
    found = []
    for path, methods in schema["paths"].items():
        get = methods.get("get")
        if get and any(p["name"] == "page" for p in get.get("parameters", [])):
            found.append(path)
    return found


def test_every_paginated_list_refuses_a_page_past_the_last_possible_one(bearer, tree):
    paths = _paginated_list_paths()
    assert len(paths) >= 10
    for path in paths:
        url = path.replace("{code}", tree.community_a.code).replace("{year}", "2026")
        url = url.replace("{pk}", "1").replace("{number}", "1")
        response = bearer.get(url, {"page": 10**30})
        assert response.status_code in (404, 422), (url, response.status_code)
        assert set(response.json()) == {"code", "message", "fields"}


def test_unit_count_and_floor_area_are_bounded_like_their_columns(bearer, tree):
    response = bearer.post(
        f"{API}/registry/buildings",
        {"community": tree.community_a.code, "name": "1号楼", "unit_count": 99999},
        content_type="application/json",
    )
    assert "unit_count" in assert_error_shape(response, 422)["fields"]
    assert not Building.objects.exists()
    building = bearer.post(
        f"{API}/registry/buildings",
        {"community": tree.community_a.code, "name": "1号楼"},
        content_type="application/json",
    ).json()
    for area in (1e12, float("1e400")):
        response = bearer.post(
            f"{API}/registry/buildings/{building['id']}/dwellings",
            f'{{"number": "1-101", "floor_area_m2": {area!r}}}'.replace("inf", "1e400"),
            content_type="application/json",
        )
        assert "floor_area_m2" in assert_error_shape(response, 422)["fields"]
    assert not Dwelling.objects.exists()


def test_a_span_of_days_past_any_calendar_is_refused(bearer):
    assert_error_shape(bearer.get(f"{API}/registry/rentals/expiring", {"days": 1307674368001}), 422)
    assert bearer.get(f"{API}/registry/rentals/expiring", {"days": 30}).status_code == 200


def test_integers_past_64_bits_are_refused_in_bodies_and_queries(bearer, tree):
    response = bearer.post(
        f"{API}/tickets",
        '{"community": "' + tree.community_a.code + '", "category": "x", "description": "d", '
        '"building_id": 1' + "0" * 30 + "}",
        content_type="application/json",
    )
    assert "building_id" in assert_error_shape(response, 422)["fields"]
    assert_error_shape(bearer.get(f"{API}/tickets", {"offset": 10**30}), 422)


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "0001-01-01T00:00:00-23:59", "9999-12-31T23:59:59+23:59", "2026-03-01T10:00:00-23:59"],
)
def test_impossible_dates_and_offsets_are_refused(bearer, tree, value):
    response = bearer.post(
        f"{API}/governance/evaluations",
        {"community_code": tree.community_a.code, "title": "t", "closes_at": value, "subjects": []},
        content_type="application/json",
    )
    assert "closes_at" in assert_error_shape(response, 422)["fields"]


@pytest.mark.parametrize(
    "query",
    [
        "start_date=2026-02-30T00:00:00Z",
        "end_date=0001-01-01T00:00:00-23:59",
        "start_date=2026-03-01T00:00:00-24:00",
    ],
)
def test_open311_impossible_dates_are_refused_in_the_spec_format(client, db, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_the_safety_net_logs_and_answers_400_in_the_error_shape(bearer, tree, monkeypatch, caplog):
    from django.db import DataError

    from linli.registry import actions

    def overflowing(**kwargs):
        raise DataError("integer out of range")

    monkeypatch.setattr(actions, "building_create", overflowing)
    response = bearer.post(
        f"{API}/registry/buildings",
        {"community": tree.community_a.code, "name": "1号楼"},
        content_type="application/json",
    )
    assert assert_error_shape(response, 400)["code"] == "out_of_range"
    assert any(r.levelname == "ERROR" and r.exc_info for r in caplog.records)


def test_every_integer_in_a_path_past_64_bits_is_refused_by_the_schema(bearer, tree):
    schema = api.get_openapi_schema(path_prefix=API)
    tried = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            params = [p for p in operation.get("parameters", []) if p["in"] == "path"]
            if not any(p["schema"].get("type") == "integer" for p in params):
                continue
            url = path
            for p in params:
                value = str(10**30) if p["schema"].get("type") == "integer" else tree.community_a.code
                url = url.replace("{" + p["name"] + "}", value)
            if method in ("get", "delete"):
                response = getattr(bearer, method)(url)
            else:
                response = getattr(bearer, method)(url, "{}", content_type="application/json")
            tried += 1
            assert response.status_code in (404, 422), (method, url, response.status_code)
            assert response["Content-Type"].startswith("application/json"), (method, url)
            assert response.json()["code"] != "out_of_range", (method, url)
    assert tried >= 40


def _is_integer(schema: dict) -> bool:
    return schema.get("type") == "integer" or any(s.get("type") == "integer" for s in schema.get("anyOf", []))


def test_every_integer_in_a_query_past_64_bits_is_refused_by_the_schema(bearer, tree):
    """Found by the fuzzer: `?building=10**30` on the resident list reached the database."""
    schema = api.get_openapi_schema(path_prefix=API)
    tried = 0
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None or "{" in path:
            continue
        for p in operation.get("parameters", []):
            if p["in"] != "query" or not _is_integer(p["schema"]):
                continue
            response = bearer.get(path, {p["name"]: str(10**30)})
            tried += 1
            assert response.status_code < 500, (path, p["name"], response.status_code)
            if response.status_code >= 400:  # a limit may also be clamped (200)
                assert response.json()["code"] != "out_of_range", (path, p["name"])
    assert tried >= 10


@pytest.mark.parametrize(
    ("language", "long_name", "bad_count"),
    [("zh-hans", "最多", "整数"), ("en", "At most", "whole number")],
)
def test_validation_messages_are_in_the_callers_language(bearer, tree, language, long_name, bad_count):
    """pydantic writes English; each field's message is translated, with the limit in it."""
    response = bearer.post(
        f"{API}/registry/buildings",
        {"community": tree.community_a.code, "name": "楼" * 500, "unit_count": "three"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    fields = assert_error_shape(response, 422)["fields"]
    assert (
        long_name in fields["name"][0]
        and str(Building._meta.get_field("name").max_length) in fields["name"][0]
    )
    assert bad_count in fields["unit_count"][0]
    missing = bearer.post(
        f"{API}/registry/buildings", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert "community" in assert_error_shape(missing, 422)["fields"]
    assert not Building.objects.exists()
