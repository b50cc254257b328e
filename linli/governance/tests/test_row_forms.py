"""Who is evaluated and who is consulted are picked from translated choices, not typed as keywords."""

import datetime as dt

import time_machine

from linli.governance.models import Campaign, Meeting
from linli.governance.tests.test_evaluation_views import NOW

LATER = (NOW + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")


@time_machine.travel(NOW, tick=False)
def test_the_evaluation_form_offers_the_groups_as_a_translated_select(tree, worker_a, login):
    page = login(worker_a).get("/governance/evaluations/new/").content.decode()
    assert '<select name="subjects-0-choice"' in page
    assert '<option value="committee"' in page and "居委会成员" in page
    assert "committee, party, stationed" not in page


@time_machine.travel(NOW, tick=False)
def test_an_evaluation_is_opened_from_rows_and_keeps_the_stored_values(tree, worker_a, login):
    form = {
        "community": tree.community_a.code,
        "title": "年度评议",
        "closes_at": LATER,
        "subjects-0-choice": "committee",
        "subjects-0-name": "李建华",
        "subjects-0-post": "主任",
        "subjects-1-choice": "committee",
        "subjects-1-name": "",
        "subjects-1-post": "",
        "subjects-2-choice": "stationed",
        "subjects-2-name": "王警官",
        "subjects-2-post": "民警",
    }
    assert login(worker_a).post("/governance/evaluations/new/", form).status_code == 302
    subjects = Campaign.objects.get().subjects.order_by("id")
    assert [(s.group, s.name, s.role) for s in subjects] == [
        ("committee", "李建华", "主任"),
        ("stationed", "王警官", "民警"),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_row_without_a_name_is_refused_with_what_was_typed(tree, worker_a, login):
    form = {
        "community": tree.community_a.code,
        "title": "年度评议",
        "closes_at": LATER,
        "subjects-0-choice": "party",
        "subjects-0-name": "",
        "subjects-0-post": "书记",
    }
    refused = login(worker_a).post("/governance/evaluations/new/", form)
    body = refused.content.decode()
    assert refused.status_code == 400 and "书记" in body and "每一行" in body
    assert not Campaign.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_consultation_parties_are_picked_by_kind(tree, worker_a, login):
    client = login(worker_a)
    page = client.get("/governance/meetings/new/").content.decode()
    assert '<select name="parties-0-choice"' in page and "物业服务企业" in page
    form = {
        "community": tree.community_a.code,
        "kind": "consultation",
        "title": "加装电梯协商",
        "scheduled_at": LATER,
        "place": "活动室",
        "agenda": "加装电梯",
        "parties-0-choice": "unit",
        "parties-0-name": "某某小学",
        "parties-1-choice": "property",
        "parties-1-name": "某物业公司",
    }
    assert client.post("/governance/meetings/new/", form).status_code == 302
    parties = Meeting.objects.get().parties.order_by("kind")
    assert [(p.kind, p.name) for p in parties] == [("property", "某物业公司"), ("unit", "某某小学")]
