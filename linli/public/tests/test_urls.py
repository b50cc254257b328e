"""The board's pages come from the apps' registrations, under the paths they always had."""

from django.urls import reverse

from linli.ui.registries import BOARD_PAGES


def test_the_board_serves_its_pages_at_their_usual_paths():
    paths = {
        page.name: reverse(
            f"public:{page.name}",
            kwargs={"code": "110105001001"} | ({"item": "N1"} if "<str:item>" in page.route else {}),
        )
        for page in BOARD_PAGES
    }
    assert paths == {
        "index": "/public/110105001001/",
        "finance": "/public/110105001001/finance/",
        "donations": "/public/110105001001/donations/",
        "item": "/public/110105001001/i/N1/",
        "print": "/public/110105001001/i/N1/print/",
    }


def test_every_board_page_is_404_for_a_code_that_is_no_active_community(client, tree):
    for page in BOARD_PAGES:
        kwargs = {"code": "999999999999"} | ({"item": "N1"} if "<str:item>" in page.route else {})
        assert client.get(reverse(f"public:{page.name}", kwargs=kwargs)).status_code == 404
