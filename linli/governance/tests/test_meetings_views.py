import datetime as dt

import time_machine

from linli.governance.models import (
    Meeting,
    MotionStatus,
    Signature,
)
from linli.governance.tests.conftest import (
    TZ,
    person,
)

# Pages check dates against the clock: it stands still at a fixed Monday.
NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=TZ)


@time_machine.travel(NOW, tick=False)
def test_meeting_pages_and_outsiders(tree, worker_a, worker_b, login):
    client = login(worker_a)
    soon = (NOW + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "community": tree.community_a.code,
        "kind": "residents",
        "title": "居民会议",
        "scheduled_at": soon,
        "place": "活动室",
        "agenda": "一、停车\n二、绿化",
        "members_total": "10",
    }
    short = dict(form, scheduled_at=(NOW + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    assert client.post("/governance/meetings/new/", short).status_code == 400
    assert client.post("/governance/meetings/new/", form).status_code == 302
    meeting = Meeting.objects.get()
    url = f"/governance/m/{meeting.code}/"
    assert "停车" in client.get(url).content.decode()
    other = login(worker_b)
    assert other.get(url).status_code == 404
    assert other.post(f"{url}motions/", {"title": "x"}).status_code == 404
    assert other.post("/governance/meetings/new/", form).status_code == 400  # community A is not a choice
    assert Meeting.objects.count() == 1
    with time_machine.travel(meeting.scheduled_at + dt.timedelta(minutes=5), tick=False):
        client = login(worker_a)  # a session from ten days ago would have expired
        assert client.post(f"{url}attendance/", {"present": "7"}).status_code == 302
        assert client.post(f"{url}motions/", {"title": "同意改造绿化"}).status_code == 302
        motion = meeting.motions.get()
        vote_url = f"{url}motions/{motion.pk}/vote/"
        over = client.post(vote_url, {"votes_for": "8", "votes_against": "0", "abstentions": "0"})
        assert over.status_code == 400 and 'value="8"' in over.content.decode()
        assert client.post(f"{url}motions/{motion.pk + 1}/vote/", {"votes_for": "4"}).status_code == 404
        assert (
            client.post(
                vote_url,
                {"votes_for": "4", "votes_against": "3", "abstentions": "0"},
            ).status_code
            == 302
        )
        motion.refresh_from_db()
        assert motion.status == MotionStatus.ADOPTED
        other = login(worker_b)
        for action in ("comment", "attendance", "motions", f"motions/{motion.pk}/vote", "close", "respond"):
            posted = {
                "text": "x",
                "present": "9",
                "title": "x",
                "votes_for": "1",
                "minutes": "x",
                "response": "x",
            }
            assert other.post(f"{url}{action}/", posted).status_code == 404, action
        assert other.post(f"{url}motions/{motion.pk}/publish/").status_code == 404
        meeting.refresh_from_db()
        assert meeting.present == 7 and meeting.motions.count() == 1 and not meeting.comments.exists()
        assert client.post(f"{url}motions/{motion.pk}/publish/").status_code == 302
        assert client.post(f"{url}close/", {"minutes": "通过绿化改造"}).status_code == 302
    assert "同意改造绿化" in login(worker_a).get(f"/governance/c/{tree.community_a.code}/").content.decode()


def test_petition_pages(tree, worker_a, resident, worker_b, login):
    person(tree.community_a, "发起人", user=resident)
    me = login(resident)
    r = me.post(
        "/governance/petitions/new/",
        {"community": tree.community_a.code, "subject": "讨论停车", "basis": "residents"},
    )
    assert r.status_code == 302
    page = me.get(r["Location"]).content.decode()
    assert "讨论停车" in page and ("You have signed" in page or "已签名" in page)
    again = me.post(f"{r['Location']}sign/")
    assert again.status_code == 400 and 'role="alert"' in again.content.decode()
    other = login(worker_b)
    assert other.get(r["Location"]).status_code == 404
    assert other.post(f"{r['Location']}sign/").status_code == 404
    assert other.post(f"{r['Location']}groups/", {"groups_supporting": "3"}).status_code == 404
    assert Signature.objects.count() == 1
