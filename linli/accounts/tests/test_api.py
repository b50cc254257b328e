import re

from django.test import Client

from linli.accounts.actions import api_token_create, api_token_revoke


def test_me_lists_the_grants(worker_a, login):
    body = login(worker_a).get("/api/v1/me").json()
    assert body["username"] == "worker_a"
    assert body["phone_masked"] == "139****0001"
    assert body["grants"] == [
        {
            "role": "worker",
            "role_label": body["grants"][0]["role_label"],
            "area_code": "110105001001",
            "area_name": "甲社区",
            "area_level": "community",
        }
    ]


def test_token_authentication(worker_a):
    _, key = api_token_create(actor=worker_a, name="script")
    client = Client()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["username"] == "worker_a"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_revoked_token_stops_working(worker_a):
    token, key = api_token_create(actor=worker_a, name="script")
    api_token_revoke(actor=worker_a, token=token)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_session_without_second_factor_is_refused(worker_a, login):
    assert login(worker_a, verified=False).get("/api/v1/me").status_code == 401


def test_token_page_shows_the_key_once(worker_a, login):
    client = login(worker_a)
    response = client.post("/account/tokens/", {"name": "报表脚本"})
    key = re.search(r"ll_[\w-]{20,}", response.content.decode()).group(0)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    profile = client.get("/account/").content.decode()
    assert "报表脚本" in profile and key not in profile


def test_openapi_and_docs_are_served_without_cdn(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/areas" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower() and b"https://" not in docs.content
