import pytest

from linli.governance.elections.actions import (
    register_build,
    round_close,
)
from linli.governance.models import (
    Election,
    Stage,
)
from linli.governance.tests.conftest import (
    BUILD,
    CLOSES,
    announce,
    person,
    to_voting,
)


def test_public_page_of_an_unknown_community_is_404(client, tree):
    assert client.get("/governance/c/999999999999/").status_code == 404
    assert client.get(f"/governance/c/{tree.community_a.code}/").status_code == 200


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_index_renders_in_both_languages(scene, worker_a, login, lang):
    client = login(worker_a)
    client.cookies["linli_language"] = lang
    page = client.get("/governance/")
    assert page.status_code == 200 and scene.election.title in page.content.decode()


def test_people_without_a_role_or_record_get_404(tree, agent, login):
    assert login(agent).get("/governance/").status_code == 404
    election = announce(tree.community_a, None)
    assert login(agent).get(f"/governance/e/{election.code}/").status_code == 404
    register_build(actor=None, election=election, now=BUILD)
    assert Election.objects.get().stage == Stage.REGISTER


def test_list_pages_do_a_fixed_number_of_queries(tree, worker_a, login, django_assert_max_num_queries):
    voters = [person(tree.community_a, f"计数{i}") for i in range(12)]
    scene = to_voting(tree.community_a, worker_a, voters)
    for i in range(3):
        announce(tree.community_a, worker_a, title=f"选举{i}")
    client = login(worker_a)
    with django_assert_max_num_queries(20):
        assert client.get("/governance/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/governance/e/{scene.election.code}/register/").status_code == 200
    round_close(actor=worker_a, round=scene.round, now=CLOSES)
    with django_assert_max_num_queries(15):
        assert client.get(f"/governance/e/{scene.election.code}/r/1/board/").status_code == 200


def test_the_public_page_is_a_section_of_the_board_and_keeps_its_first_address(tree, client):
    code = tree.community_a.code
    section = client.get(f"/public/{code}/governance/")
    first = client.get(f"/governance/c/{code}/")
    assert section.status_code == first.status_code == 200
    assert section.templates[0].name == first.templates[0].name == "governance/public.html"
    assert f'href="/public/{code}/finance/"' in first.content.decode()
