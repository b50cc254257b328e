import re

import pytest


def test_home_is_in_chinese_by_default(resident, login):
    page = login(resident).get("/").content.decode()
    assert 'lang="zh-Hans"' in page
    assert "您好" in page or "你好" in page


def test_english_when_chosen_and_it_sticks(resident, login):
    client = login(resident)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Hello" in page


def test_login_page_in_both_languages(client, db):
    assert "登录" in client.get("/account/login/").content.decode()
    english = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in" in english


def test_large_text_sticks_across_pages(resident, login):
    client = login(resident)
    client.post("/text-size/", {"size": "large", "next": "/account/"})
    assert 'class="text-large"' in client.get("/").content.decode()
    assert 'class="text-large"' in client.get("/account/").content.decode()
    client.post("/text-size/", {"size": "normal"})
    assert 'class="text-large"' not in client.get("/").content.decode()


def test_text_size_does_not_redirect_off_site(client, db):
    response = client.post("/text-size/", {"size": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("resident", "您好"),
        ("worker_a", "社区工作台"),
        ("street_officer", "街道"),
        ("district_officer", "区"),
        ("agent", "热线"),
    ],
)
def test_each_role_has_its_home_page(request, login, who, heading):
    page = login(request.getfixturevalue(who)).get("/").content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert heading in h1


def test_navigation_follows_the_role(resident, worker_a, login):
    assert "/audit/" not in login(resident).get("/").content.decode()
    assert "/audit/" in login(worker_a).get("/").content.decode()


EXTERNAL = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//""", re.I)


@pytest.mark.parametrize("path", ["/", "/account/", "/account/people/", "/areas/110105001001/", "/audit/"])
def test_no_page_links_outside(worker_a, login, path):
    page = login(worker_a).get(path).content.decode()
    assert not EXTERNAL.search(page)
    assert "htmx" in page  # served from our own static files


def test_login_page_has_no_external_urls_and_labels(client, db):
    page = client.get("/account/login/").content.decode()
    assert not EXTERNAL.search(page)
    assert '<label for="id_username">' in page and '<label for="id_password">' in page


def test_phone_sized_viewport(client, db):
    assert 'name="viewport" content="width=device-width' in client.get("/account/login/").content.decode()


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(client, db, monkeypatch):
    class Down:
        def cursor(self):
            raise RuntimeError("down")

    monkeypatch.setattr("linli.web.views.connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"
