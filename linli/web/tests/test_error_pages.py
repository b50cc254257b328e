"""With DEBUG off (the demo and production), errors show linli's own pages in the user's language."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error


@pytest.fixture
def no_debug(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.parametrize(
    ("language", "title", "home"),
    [("zh-hans", "找不到页面", "返回首页"), ("en", "Page not found", "Go to the home page")],
)
def test_a_stale_link_shows_linlis_404_page_and_no_url_list(no_debug, client, db, language, title, home):
    client.cookies["linli_language"] = language
    response = client.get("/governance/c/110105001001/board/NO-SUCH-ROUND/")
    body = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in body and home in body
    assert 'class="site-header"' in body  # the linli shell, with its language switch
    assert "URLconf" not in body and "urlpatterns" not in body and "admin/" not in body


@pytest.mark.parametrize(("language", "title"), [("zh-hans", "出错了"), ("en", "Something went wrong")])
def test_the_500_page_renders_without_a_request_context_or_the_database(no_debug, language, title):
    # No `db` fixture: any query while rendering would raise here.
    request = RequestFactory().get("/")
    with translation.override(language):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{title}</h1>" in body and "<header>" in body
    assert "Traceback" not in body
