import datetime as dt
import json

import time_machine

from linli.governance.meetings.actions import meeting_convene
from linli.governance.models import Meeting
from linli.governance.tests.conftest import (
    TZ,
    person,
)
from linli.governance.tests.test_meetings_actions import _adopted_motion

# Pages and the API check dates against the clock: it stands still at a fixed Monday.
NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=TZ)


def post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


@time_machine.travel(NOW, tick=False)
def test_meeting_decision_and_convention_through_the_api(tree, worker_a, worker_b, login):
    api = login(worker_a)
    when = NOW + dt.timedelta(days=9)
    r = post(
        api,
        "/api/v1/governance/meetings",
        {
            "community_code": tree.community_a.code,
            "kind": "representatives",
            "title": "居民代表会议",
            "scheduled_at": when.isoformat(),
            "place": "会议室",
            "agenda": ["审议工作报告"],
            "members_total": 30,
        },
    )
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    assert login(worker_b).get(f"/api/v1/governance/meetings/{code}").status_code == 404
    assert (
        post(login(worker_b), f"/api/v1/governance/meetings/{code}/motions", {"title": "x"}).status_code
        == 404
    )
    with time_machine.travel(when + dt.timedelta(minutes=1), tick=False):
        api = login(worker_a)
        assert (
            post(api, f"/api/v1/governance/meetings/{code}/attendance", {"present": 15}).json()["status"]
            == "inquorate"
        )
        assert (
            post(api, f"/api/v1/governance/meetings/{code}/attendance", {"present": 16}).json()["status"]
            == "held"
        )
        motion = post(api, f"/api/v1/governance/meetings/{code}/motions", {"title": "通过工作报告"}).json()
        voted = post(
            api, f"/api/v1/governance/motions/{motion['id']}/vote", {"votes_for": 8, "votes_against": 8}
        ).json()
        assert voted["status"] == "rejected"
    assert Meeting.objects.get().present == 16
    doc = post(
        api,
        "/api/v1/governance/documents",
        {"community_code": tree.community_a.code, "kind": "charter", "title": "自治章程"},
    ).json()
    motion = _adopted_motion(tree, worker_a)
    v = post(
        api,
        f"/api/v1/governance/documents/{doc['code']}/versions",
        {"text": "第一章 总则", "motion_id": motion.pk},
    )
    assert v.status_code == 201
    assert api.get(f"/api/v1/governance/documents/{doc['code']}/versions/1/diff").json() == [
        {"op": "added", "text": "第一章 总则"}
    ]


def test_petition_through_the_api(tree, worker_a, worker_b, login, resident):
    person(tree.community_a, "发起", user=resident)
    r = post(
        login(resident),
        "/api/v1/governance/petitions",
        {"community_code": tree.community_a.code, "subject": "召开居民会议", "basis": "residents"},
    )
    assert r.status_code == 201 and r.json()["support"]["have"] == 1
    assert login(worker_b).get(f"/api/v1/governance/petitions/{r.json()['code']}").status_code == 404
    assert (
        post(login(worker_b), f"/api/v1/governance/petitions/{r.json()['code']}/signatures", {}).status_code
        == 404
    )


@time_machine.travel(NOW, tick=False)
def test_hearing_comments_through_the_api(tree, worker_a, worker_b, resident, login):
    person(tree.community_a, "听证居民", user=resident)
    hearing = meeting_convene(
        actor=worker_a,
        community=tree.community_a,
        kind="hearing",
        title="听证会",
        scheduled_at=NOW + dt.timedelta(days=8),
        place="活动室",
        agenda=["收费"],
        comment_deadline=NOW + dt.timedelta(days=3),
    )
    url = f"/api/v1/governance/meetings/{hearing.code}/comments"
    assert post(login(resident), url, {"text": "建议降低收费"}).status_code == 201
    assert login(resident).get(url).json()[0]["name"] == "听证居民"
    assert login(worker_b).get(url).status_code == 404
    assert post(login(worker_b), url, {"text": "x"}).status_code == 404
