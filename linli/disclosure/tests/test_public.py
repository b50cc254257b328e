import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from linli.accounts.actions import user_create
from linli.accounts.roles import Role
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.disclosure.actions import item_create, item_publish, item_withdraw, question_answer, question_ask
from linli.disclosure.models import Item, Question

EXTERNAL = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//""", re.I)


def notice(worker, community, title="2026年一季度财务公开", publish=True, **kw):
    values = dict(
        category="finance",
        body="本季度收支情况如下。",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    values.update(kw)
    item = item_create(actor=worker, community=community, title=title, **values)
    if publish:
        item = item_publish(actor=worker, item=item)
    return item


@pytest.fixture
def resident_b(tree):
    return user_create(
        actor=None,
        display_name="居民乙",
        phone="13800000002",
        password="correct-horse-42",
        role=Role.RESIDENT,
        area=tree.community_b,
    )


def test_public_board_shows_only_published_notices(tree, worker_a):
    shown = notice(worker_a, tree.community_a, title="已公开的通知")
    draft = notice(worker_a, tree.community_a, title="草稿通知", publish=False)
    gone = notice(worker_a, tree.community_a, title="已撤回的通知")
    item_withdraw(actor=worker_a, item=gone, reason="内容有误")
    client = Client()
    page = client.get(f"/public/{tree.community_a.code}/").content.decode()
    assert shown.title in page and draft.title not in page and gone.title not in page
    assert client.get(f"/public/{tree.community_a.code}/i/{draft.code}/").status_code == 404
    assert client.get(f"/public/{tree.community_a.code}/i/{gone.code}/").status_code == 404
    assert client.get(f"/public/{tree.community_b.code}/i/{shown.code}/").status_code == 404
    assert not EXTERNAL.search(page)
    api = client.get(f"/api/v1/disclosure/public/{tree.community_a.code}/items").json()
    assert [i["title"] for i in api["items"]] == [shown.title]


def test_public_item_shows_answers_but_not_who_asked(tree, worker_a, resident, login):
    item = notice(worker_a, tree.community_a)
    question = question_ask(actor=resident, item=item, text="慰问品是从哪里买的？")
    unanswered = question_ask(actor=resident, item=item, text="还有一个问题没有回答")
    question_answer(actor=worker_a, question=question, answer="由街道统一采购。")
    page = Client().get(f"/public/{tree.community_a.code}/i/{item.code}/").content.decode()
    assert "慰问品是从哪里买的" in page and "由街道统一采购" in page
    assert unanswered.text not in page
    assert "居民王" not in page and "13800000001" not in page and "138****0001" not in page
    assert "工作者甲" not in page
    # The asker sees their own open question.
    assert (
        unanswered.text
        in login(resident).get(f"/public/{tree.community_a.code}/i/{item.code}/").content.decode()
    )


def test_publishing_refuses_full_id_or_mobile_numbers(tree, worker_a):
    item = notice(
        worker_a,
        tree.community_a,
        publish=False,
        body="低保户王某，身份证110105195001010112，电话13912345678",
    )
    with pytest.raises(DomainError) as exc:
        item_publish(actor=worker_a, item=item)
    assert exc.value.code == "personal_data"
    item.refresh_from_db()
    assert item.status == "draft"


def test_resident_asks_through_the_page_and_the_answer_appears(tree, worker_a, resident, login):
    item = notice(worker_a, tree.community_a)
    url = f"/public/{tree.community_a.code}/i/{item.code}/"
    assert login(resident).post(url, {"text": "请问结余多少？"}).status_code == 302
    question = Question.objects.get()
    response = login(worker_a).post(
        f"/disclosure/i/{item.code}/", {"step": "answer", "question": question.pk, "answer": "结余一万元。"}
    )
    assert response.status_code == 302
    assert "结余一万元" in Client().get(url).content.decode()


def test_only_residents_of_the_community_ask(tree, worker_a, resident_b, login):
    item = notice(worker_a, tree.community_a)
    with pytest.raises(Forbidden):
        question_ask(actor=resident_b, item=item, text="我是隔壁社区的")
    url = f"/public/{tree.community_a.code}/i/{item.code}/"
    assert login(resident_b).post(url, {"text": "我是隔壁社区的"}).status_code == 404
    assert Client().post(url, {"text": "匿名提问"}).status_code == 404
    api = login(resident_b).post(
        f"/api/v1/disclosure/public/{tree.community_a.code}/items/{item.code}/questions",
        {"text": "我是隔壁社区的"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not Question.objects.exists()


def test_outsider_cannot_write_notices_of_another_community(tree, worker_b, worker_a, login):
    with pytest.raises(NotFound):
        notice(worker_b, tree.community_a, publish=False)
    client = login(worker_b)
    response = client.post(
        f"/api/v1/disclosure/communities/{tree.community_a.code}/items",
        {"category": "affairs", "title": "x", "body": "y"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        f"/disclosure/c/{tree.community_a.code}/", {"category": "affairs", "title": "x", "body": "y"}
    )
    assert response.status_code == 404
    draft = notice(worker_a, tree.community_a, publish=False)
    assert client.post(f"/api/v1/disclosure/items/{draft.code}/publish").status_code == 404
    assert client.get(f"/disclosure/i/{draft.code}/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft" and Item.objects.count() == 1


def test_auditor_reads_but_does_not_publish(tree, worker_a, login):
    auditor = user_create(
        actor=None,
        display_name="监督",
        username="aud",
        password="correct-horse-42",
        role=Role.AUDITOR,
        area=tree.community_a,
    )
    draft = notice(worker_a, tree.community_a, publish=False)
    client = login(auditor)
    assert client.get(f"/api/v1/disclosure/items/{draft.code}").status_code == 200
    assert client.post(f"/api/v1/disclosure/items/{draft.code}/publish").status_code == 403


def test_published_notices_are_not_edited(tree, worker_a, login):
    item = notice(worker_a, tree.community_a)
    response = login(worker_a).put(
        f"/api/v1/disclosure/items/{item.code}",
        {"title": "改", "body": "改"},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_print_view_for_the_bulletin_board(tree, worker_a, approved_figures=None):
    item = notice(worker_a, tree.community_a)
    page = Client().get(f"/public/{tree.community_a.code}/i/{item.code}/print/").content.decode()
    assert "size: A4" in page and "Noto Serif CJK SC" in page
    assert "（盖章）" in page or "(seal)" in page
    assert "甲社区" in page and "2026" in page
    assert not EXTERNAL.search(page)


def test_finance_notice_carries_the_approved_figures_of_its_period(tree, worker_a, login):
    from linli.finance.actions import ledger_entry_create

    ledger_entry_create(
        actor=worker_a,
        community=tree.community_a,
        fund="office",
        direction="expense",
        category="activities",
        amount_fen=55_500,
        occurred_on=dt.date(2026, 2, 2),
        description="未批准",
    )
    item = notice(worker_a, tree.community_a)
    page = Client().get(f"/public/{tree.community_a.code}/i/{item.code}/").content.decode()
    assert "555.00" not in page  # pending, so not yet a figure


def test_staff_pages_list_overdue_and_items(tree, worker_a, street_officer, login):
    notice(worker_a, tree.community_a, title="通知一")
    page = login(worker_a).get(f"/disclosure/c/{tree.community_a.code}/").content.decode()
    assert "通知一" in page
    page = login(street_officer).get("/disclosure/").content.decode()
    assert (
        tree.community_a.name in page and tree.community_b.name in page and tree.community_c.name not in page
    )


def test_resident_finds_the_board_of_their_community(tree, resident, worker_a, login):
    client = login(resident)
    assert "/disclosure/board/" in client.get("/").content.decode()
    response = client.get("/disclosure/board/")
    assert response.status_code == 302 and response["Location"] == f"/public/{tree.community_a.code}/"
    assert login(worker_a).get("/disclosure/board/").status_code == 404


def test_overdue_periods_read_as_words_in_both_languages(tree):
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC), tick=False):
        page = Client().get(f"/public/{tree.community_a.code}/").content.decode()
        assert "2026年第三季度" in page and "2026年上半年" in page and "2026 Q3" not in page
        client = Client()
        client.cookies["linli_language"] = "en"
        page = client.get(f"/public/{tree.community_a.code}/").content.decode()
        assert "Q3 2026" in page and "first half of 2026" in page
