"""Demo data for self-government (called from `manage.py demo_load`; idempotent).

In community 110105001001: a committee election in its voting round, a hearing taking comments,
a residents' convention adopted by a meeting decision, and an open democratic evaluation.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.areas.models import Area
from linli.common.idnumber import check_character
from linli.governance.charter.actions import document_adopt, document_create
from linli.governance.elections.actions import (
    candidate_nominate,
    candidates_publish,
    election_announce,
    nomination_open,
    register_build,
    station_add,
    voting_open,
)
from linli.governance.evaluation.actions import campaign_open
from linli.governance.meetings.actions import (
    decision_publish,
    meeting_attendance,
    meeting_convene,
    motion_add,
    motion_vote,
)
from linli.governance.models import Election
from linli.registry.actions import PersonData, household_register
from linli.registry.models import Resident, ResidentStatus

COMMUNITY = "110105001001"
TITLE = "第八届社区居民委员会换届选举（演示）"
NAMES = [
    "张桂兰",
    "李建华",
    "王秀珍",
    "刘志强",
    "陈淑芬",
    "杨国庆",
    "赵丽娟",
    "黄德明",
    "周玉梅",
    "吴海涛",
    "徐春燕",
    "孙振国",
]


def _id(birth: str, seq: int) -> str:
    first17 = "110105" + birth + f"{seq:03d}"
    return first17 + check_character(first17)


def load(stdout: Any = None) -> None:
    community = Area.objects.filter(code=COMMUNITY).first()
    if community is None or Election.objects.filter(community=community, title=TITLE).exists():
        return
    now = timezone.now()
    with transaction.atomic():
        people: list[Resident] = []
        for i, name in enumerate(NAMES):
            resident = Resident.objects.filter(
                community=community, name=name, status=ResidentStatus.ACTIVE
            ).first()
            if resident is None:
                household = household_register(
                    actor=None,
                    community=community,
                    head=PersonData(name=name, id_number=_id(f"19{55 + i}0{1 + i % 9}1{i % 9}", 900 + i)),
                    now=now - dt.timedelta(days=800),
                )
                resident = Resident.objects.get(household=household, relation="head")
            people.append(resident)
        from linli.accounts.models import User

        wang = User.objects.filter(display_name="王阿姨（居民）").first()
        if wang is not None and not Resident.objects.filter(user=wang).exists():
            Resident.objects.filter(pk=people[0].pk).update(user=wang)
        election = election_announce(
            actor=None,
            community=community,
            title=TITLE,
            election_day=(now + dt.timedelta(days=6)).date(),
            register_cutoff=(now - dt.timedelta(days=19)).date(),
            seats={"director": 1, "deputy": 1, "member": 3},
            now=now - dt.timedelta(days=20),
        )
        register_build(actor=None, election=election, now=now - dt.timedelta(days=19))
        nomination_open(actor=None, election=election, now=now - dt.timedelta(days=13))
        entries = {e.resident_id: e for e in election.register.all()}
        plan = ["director", "director", "deputy", "deputy", "member", "member", "member", "member"]
        for person, position in zip(people[1:], plan, strict=False):
            candidate_nominate(
                actor=None,
                election=election,
                position=position,
                entry=entries[person.pk],
                nominated_by="joint",
                supporters=12,
                statement="热心社区事务，愿意为居民服务。",
                now=now - dt.timedelta(days=13),
            )
        candidates_publish(actor=None, election=election, now=now - dt.timedelta(days=12))
        station_add(actor=None, election=election, name="社区居委会投票站", place="社区服务站一层")
        voting_open(
            actor=None,
            election=election,
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=7),
            now=now - dt.timedelta(days=12),
        )
        meeting = meeting_convene(
            actor=None,
            community=community,
            kind="residents",
            title="居民会议：修订居民公约",
            scheduled_at=now - dt.timedelta(days=3),
            place="社区活动室",
            agenda=["修订居民公约第三条"],
            members_total=12,
            now=now - dt.timedelta(days=11),
        )
        meeting_attendance(actor=None, meeting=meeting, present=9, now=now - dt.timedelta(days=3))
        motion = motion_add(actor=None, meeting=meeting, title="通过修订后的居民公约")
        motion_vote(actor=None, motion=motion, votes_for=8, votes_against=1, now=now - dt.timedelta(days=3))
        decision_publish(actor=None, motion=motion, now=now - dt.timedelta(days=3))
        first = meeting_convene(
            actor=None,
            community=community,
            kind="residents",
            title="居民会议：制定居民公约",
            scheduled_at=now - dt.timedelta(days=300),
            place="社区活动室",
            agenda=["制定居民公约"],
            members_total=12,
            now=now - dt.timedelta(days=310),
        )
        meeting_attendance(actor=None, meeting=first, present=10, now=now - dt.timedelta(days=300))
        first_motion = motion_add(actor=None, meeting=first, title="通过居民公约")
        motion_vote(
            actor=None, motion=first_motion, votes_for=10, votes_against=0, now=now - dt.timedelta(days=300)
        )
        doc = document_create(actor=None, community=community, kind="convention", title="幸福里社区居民公约")
        text = "第一条 爱国守法，遵守社会公德。\n第二条 邻里和睦，互帮互助。\n第三条 爱护环境，不乱扔垃圾。"
        document_adopt(
            actor=None, document=doc, text=text, motion=first_motion, now=now - dt.timedelta(days=300)
        )
        document_adopt(
            actor=None,
            document=doc,
            text=text.replace("不乱扔垃圾。", "垃圾分类投放。") + "\n第四条 文明养犬，及时清理。",
            motion=motion,
            now=now - dt.timedelta(days=3),
        )
        meeting_convene(
            actor=None,
            community=community,
            kind="hearing",
            title="听证会：小区停车收费标准",
            scheduled_at=now + dt.timedelta(days=10),
            place="社区活动室",
            agenda=["停车收费标准"],
            comment_deadline=now + dt.timedelta(days=9),
            now=now,
        )
        campaign_open(
            actor=None,
            community=community,
            title="2026年度民主评议",
            closes_at=now + dt.timedelta(days=14),
            subjects=[
                ("committee", "李建华", "居委会主任"),
                ("party", "张桂兰", "社区党委书记"),
                ("stationed", "王警官", "社区民警"),
            ],
            now=now,
        )
    if stdout is not None:
        stdout.write("demo self-government: election in its voting round, hearing, convention, evaluation")
