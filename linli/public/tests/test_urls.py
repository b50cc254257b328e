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
        "governance": "/public/110105001001/governance/",
        "indicators": "/public/110105001001/indicators/",
        "assistance": "/public/110105001001/assistance/",
        "property": "/public/110105001001/property/",
    }


def test_every_board_page_is_404_for_a_code_that_is_no_active_community(client, tree):
    for page in BOARD_PAGES:
        kwargs = {"code": "999999999999"} | ({"item": "N1"} if "<str:item>" in page.route else {})
        assert client.get(reverse(f"public:{page.name}", kwargs=kwargs)).status_code == 404


def test_the_board_menu_lists_each_apps_section_and_marks_the_one_shown(client, tree):
    code = tree.community_a.code
    body = client.get(reverse("public:governance", kwargs={"code": code})).content.decode()
    for name in ("index", "finance", "donations", "governance"):
        assert f'href="{reverse(f"public:{name}", kwargs={"code": code})}"' in body
    assert f'href="/public/{code}/governance/" aria-current="page"' in body
