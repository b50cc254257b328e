import datetime as dt

import time_machine

from linli.governance.evaluation.actions import campaign_open
from linli.governance.tests.conftest import (
    TZ,
    person,
)

# Pages check dates against the clock: it stands still at a fixed Monday.
NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=TZ)


@time_machine.travel(NOW, tick=False)
def test_evaluation_pages(tree, worker_a, worker_b, resident, login, settings):
    settings.GOV_EVALUATION_MIN_ANSWERS = 1
    person(tree.community_a, "居民评议", user=resident)
    campaign = campaign_open(
        actor=worker_a,
        community=tree.community_a,
        title="民主评议",
        closes_at=NOW + dt.timedelta(days=3),
        subjects=[("committee", "张主任", "主任"), ("stationed", "王警官", "民警")],
    )
    url = f"/governance/v/{campaign.code}/"
    me = login(resident)
    subjects = list(campaign.subjects.all())
    partial = me.post(f"{url}answer/", {f"s{subjects[0].pk}": "satisfied"})
    assert partial.status_code == 400 and 'value="satisfied" checked' in partial.content.decode()
    assert me.post(f"{url}answer/", {f"s{s.pk}": "fair" for s in subjects}).status_code == 302
    assert "ok-box" in me.get(url).content.decode()
    staff = login(worker_a)
    too_soon = staff.post(f"{url}publish/")
    assert too_soon.status_code == 400 and 'role="alert"' in too_soon.content.decode()
    assert staff.post(f"{url}close/").status_code == 302
    assert staff.post(f"{url}publish/").status_code == 302
    assert "王警官" in me.get(f"/governance/c/{tree.community_a.code}/").content.decode()
    assert login(worker_b).get(url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_outsiders_posting_to_evaluation_actions_get_404_and_nothing_changes(tree, worker_a, worker_b, login):
    campaign = campaign_open(
        actor=worker_a,
        community=tree.community_a,
        title="民主评议",
        closes_at=NOW + dt.timedelta(days=3),
        subjects=[("committee", "张主任", "主任")],
    )
    subject = campaign.subjects.get()
    other = login(worker_b)
    for action in ("answer", "close", "publish"):
        url = f"/governance/v/{campaign.code}/{action}/"
        assert other.post(url, {f"s{subject.pk}": "fair"}).status_code == 404, url
    campaign.refresh_from_db()
    assert campaign.status == "open" and campaign.answers == 0


@time_machine.travel(NOW, tick=False)
def test_a_malformed_evaluation_line_is_refused_on_the_form_with_what_was_typed(tree, worker_a, login):
    form = {
        "community": tree.community_a.code,
        "title": "年度评议",
        "closes_at": (NOW + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "subjects-0-choice": "nobody",
        "subjects-0-name": "张三",
        "subjects-0-post": "",
    }
    refused = login(worker_a).post("/governance/evaluations/new/", form)
    assert refused.status_code == 400 and "年度评议" in refused.content.decode()
    assert "张三" in refused.content.decode()
