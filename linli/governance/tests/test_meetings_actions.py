import datetime as dt

import pytest
from django.utils import timezone

from linli.common.errors import DomainError, Forbidden, NotFound
from linli.governance.charter.actions import document_adopt, document_create
from linli.governance.charter.queries import version_diff
from linli.governance.meetings.actions import (
    comment_add,
    decision_publish,
    hearing_respond,
    meeting_attendance,
    meeting_close,
    meeting_convene,
    motion_add,
    motion_vote,
    petition_groups_record,
    petition_sign,
    petition_start,
    petition_support,
)
from linli.governance.models import MeetingStatus, MotionStatus
from linli.governance.tests.conftest import TZ, person

NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=TZ)
LATER = NOW + dt.timedelta(days=8)


def convene(community, actor, **kw):
    args = {
        "kind": "residents",
        "title": "居民会议：加装电梯",
        "scheduled_at": LATER,
        "place": "社区活动室",
        "agenda": ["加装电梯方案", "修改居民公约"],
        "now": NOW,
    }
    args.update(kw)
    return meeting_convene(actor=actor, community=community, **args)


def test_notice_period_comes_from_the_settings(tree, worker_a, settings):
    with pytest.raises(DomainError) as info:
        convene(tree.community_a, worker_a, scheduled_at=NOW + dt.timedelta(days=6), members_total=10)
    assert info.value.code == "short_notice" and "scheduled_at" in info.value.fields
    settings.GOV_MEETING_NOTICE_DAYS = 3
    assert convene(tree.community_a, worker_a, scheduled_at=NOW + dt.timedelta(days=3), members_total=10).pk


def test_quorum_needs_more_than_half_present(tree, worker_a):
    exactly_half = convene(tree.community_a, worker_a, members_total=10)
    meeting = meeting_attendance(actor=worker_a, meeting=exactly_half, present=5, now=LATER)
    assert meeting.status == MeetingStatus.INQUORATE
    motion = motion_add(actor=worker_a, meeting=meeting, title="同意加装电梯")
    with pytest.raises(DomainError) as info:
        motion_vote(actor=worker_a, motion=motion, votes_for=5, votes_against=0, now=LATER)
    assert info.value.code == "no_quorum"
    meeting = meeting_attendance(actor=worker_a, meeting=meeting, present=6, now=LATER)
    assert meeting.status == MeetingStatus.HELD


def test_motion_needs_more_than_half_of_those_present(tree, worker_a):
    meeting = meeting_attendance(
        actor=worker_a, meeting=convene(tree.community_a, worker_a, members_total=10), present=8, now=LATER
    )
    tie = motion_add(actor=worker_a, meeting=meeting, title="方案一")
    assert motion_vote(actor=worker_a, motion=tie, votes_for=4, votes_against=2, abstentions=2).status == (
        MotionStatus.REJECTED
    )
    win = motion_add(actor=worker_a, meeting=meeting, title="方案二")
    assert (
        motion_vote(actor=worker_a, motion=win, votes_for=5, votes_against=3).status == MotionStatus.ADOPTED
    )
    over = motion_add(actor=worker_a, meeting=meeting, title="方案三")
    with pytest.raises(DomainError) as info:
        motion_vote(actor=worker_a, motion=over, votes_for=6, votes_against=3)
    assert info.value.code == "votes_range"
    with pytest.raises(DomainError):
        decision_publish(actor=worker_a, motion=tie)
    assert decision_publish(actor=worker_a, motion=win, now=LATER).published_at == LATER
    closed = meeting_close(actor=worker_a, meeting=meeting, minutes="到会8人，通过方案二。", now=LATER)
    assert closed.status == MeetingStatus.CLOSED


def test_residents_meeting_counts_adult_residents_as_members(tree, worker_a):
    for i in range(4):
        person(tree.community_a, f"成年{i}")
    person(tree.community_a, "孩子", "20150101")
    assert convene(tree.community_a, worker_a).members_total == 4


def _adults(community, n, user=None):
    people = [person(community, f"居民{i}") for i in range(n)]
    if user is not None:
        from linli.registry.models import Resident

        Resident.objects.filter(pk=people[0].pk).update(user=user)
    return people


def test_petition_reaches_one_fifth_of_adults_exactly(tree, worker_a, resident):
    people = _adults(tree.community_a, 10, user=resident)
    petition = petition_start(
        actor=resident, community=tree.community_a, subject="召开居民会议讨论停车", basis="residents"
    )
    support = petition_support(petition)
    assert support == {"have": 1, "whole": 10, "needed": 2, "met": False}
    with pytest.raises(DomainError) as early:
        convene(tree.community_a, worker_a, petition=petition)
    assert early.value.code == "petition_short"
    petition_sign(actor=worker_a, petition=petition, resident=people[1])
    assert petition_support(petition)["met"] is True  # 2 of 10 is one fifth: enough
    with pytest.raises(DomainError):
        petition_sign(actor=worker_a, petition=petition, resident=people[1])
    meeting = convene(tree.community_a, worker_a, petition=petition)
    assert meeting.petition == petition
    with pytest.raises(DomainError):
        convene(tree.community_a, worker_a, petition=petition)


def test_petition_by_households_and_by_groups(tree, worker_a, household_a):
    people = _adults(tree.community_a, 4)  # 5 households in all with household_a
    petition = petition_start(actor=worker_a, community=tree.community_a, subject="议事", basis="households")
    petition_sign(actor=worker_a, petition=petition, resident=household_a.head)
    spouse = household_a.members.exclude(pk=household_a.head_id).get()
    petition_sign(actor=worker_a, petition=petition, resident=spouse)
    assert petition_support(petition) == {"have": 1, "whole": 5, "needed": 1, "met": True}
    groups = petition_start(
        actor=worker_a, community=tree.community_a, subject="议事", basis="groups", groups_total=7
    )
    petition_groups_record(actor=worker_a, petition=groups, groups_supporting=2)
    assert petition_support(groups)["met"] is False  # 2 of 7 is less than one third
    petition_groups_record(actor=worker_a, petition=groups, groups_supporting=3)
    assert petition_support(groups)["met"] is True
    assert people


def test_children_and_outsiders_cannot_sign(tree, worker_a, worker_b):
    child = person(tree.community_a, "孩子", "20150101")
    petition = petition_start(
        actor=worker_a, community=tree.community_a, subject="议事", basis="residents", now=NOW
    )
    with pytest.raises(DomainError) as info:  # 11 on NOW; an adult from 2033 on
        petition_sign(actor=worker_a, petition=petition, resident=child, now=NOW)
    assert info.value.code == "too_young"
    with pytest.raises(NotFound):
        petition_sign(actor=worker_b, petition=petition, now=NOW)


def test_hearing_takes_comments_until_the_deadline_then_responds(tree, worker_a, resident, worker_b):
    person(tree.community_a, "评论人", user=resident)
    deadline = NOW + dt.timedelta(days=5)
    hearing = convene(
        tree.community_a,
        worker_a,
        kind="hearing",
        title="停车收费听证会",
        comment_deadline=deadline,
        agenda=["收费标准"],
    )
    comment = comment_add(actor=resident, meeting=hearing, text="收费太高", now=NOW)
    assert comment.name == "评论人"
    with pytest.raises(NotFound):
        comment_add(actor=worker_b, meeting=hearing, text="路过", now=NOW)
    with pytest.raises(DomainError) as respond_early:
        hearing_respond(actor=worker_a, meeting=hearing, response="回应", now=NOW)
    assert respond_early.value.code == "comments_open"
    after = deadline + dt.timedelta(minutes=1)
    with pytest.raises(DomainError) as late:
        comment_add(actor=resident, meeting=hearing, text="再说一句", now=after)
    assert late.value.code == "too_late"
    done = hearing_respond(actor=worker_a, meeting=hearing, response="标准下调一成", now=after)
    assert done.response_published_at == after


def test_consultation_lists_its_parties(tree, worker_a):
    meeting = convene(
        tree.community_a,
        worker_a,
        kind="consultation",
        title="共驻共建协商议事会",
        parties=[("unit", "某某小学"), ("property", "某物业公司"), ("owners", "业主委员会")],
    )
    assert meeting.members_total == 3 and meeting.parties.count() == 3


def _adopted_motion(tree, worker_a, kind="residents"):
    meeting = meeting_attendance(
        actor=worker_a,
        meeting=convene(tree.community_a, worker_a, kind=kind, members_total=10),
        present=6,
        now=LATER,
    )
    motion = motion_add(actor=worker_a, meeting=meeting, title="通过居民公约")
    return motion_vote(actor=worker_a, motion=motion, votes_for=6, votes_against=0)


def test_convention_versions_are_adopted_only_by_a_decision_and_diffed(tree, worker_a):
    doc = document_create(actor=worker_a, community=tree.community_a, kind="convention", title="居民公约")
    hearing = convene(tree.community_a, worker_a, kind="hearing", comment_deadline=NOW + dt.timedelta(days=1))
    not_a_decision = motion_add(actor=worker_a, meeting=hearing, title="听证意见")
    with pytest.raises(DomainError) as info:
        document_adopt(actor=worker_a, document=doc, text="第一条", motion=not_a_decision)
    assert info.value.code == "needs_decision"
    v1 = document_adopt(
        actor=worker_a,
        document=doc,
        text="第一条 爱护环境\n第二条 邻里和睦",
        motion=_adopted_motion(tree, worker_a),
    )
    v2 = document_adopt(
        actor=worker_a,
        document=doc,
        text="第一条 爱护环境\n第二条 邻里互助\n第三条 垃圾分类",
        motion=_adopted_motion(tree, worker_a),
    )
    assert (v1.number, v2.number) == (1, 2)
    diff = [(d.op, d.text) for d in version_diff(v1, v2)]
    assert diff == [
        ("same", "第一条 爱护环境"),
        ("removed", "第二条 邻里和睦"),
        ("added", "第二条 邻里互助"),
        ("added", "第三条 垃圾分类"),
    ]
    with pytest.raises(DomainError) as reused:
        document_adopt(actor=worker_a, document=doc, text="别的", motion=v2.motion)
    assert reused.value.code == "motion_used"


def test_resident_cannot_convene_and_outsider_gets_404(tree, resident, worker_b):
    person(tree.community_a, "普通居民", user=resident)
    with pytest.raises(Forbidden):
        convene(tree.community_a, resident, members_total=5)
    with pytest.raises(NotFound):
        convene(tree.community_a, worker_b, members_total=5)


def test_attendance_before_the_meeting_is_refused(tree, worker_a):
    meeting = convene(tree.community_a, worker_a, members_total=10)
    with pytest.raises(DomainError) as info:
        meeting_attendance(actor=worker_a, meeting=meeting, present=6, now=timezone.localtime(NOW))
    assert info.value.code == "not_yet"
