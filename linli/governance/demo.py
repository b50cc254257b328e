"""Demo data for self-government (called from `manage.py demo_load`; idempotent).

In community 110105001001: the previous committee election, closed, counted and certified with
its board published (the demo resident's ballot carries the tracking code DEMO_TRACKING_CODE), a
committee election in its voting round (the demo resident is on its register), a hearing taking
comments, a residents' convention adopted by a meeting decision, and an open democratic evaluation.
Every date counts from the `now` the loader is given.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.idnumber import check_character
from linli.governance import board_check
from linli.governance.charter.actions import document_adopt, document_create
from linli.governance.elections.actions import (
    ballot_cast,
    candidate_nominate,
    candidates_publish,
    ceremony_open,
    credentials_issue,
    decryption_upload,
    election_announce,
    election_certify,
    nomination_open,
    register_build,
    round_close,
    round_count,
    station_add,
    tally_for_trustees,
    trustee_contribute,
    trustee_enrol,
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
from linli.governance.models import Ballot, Election, Round
from linli.registry.actions import PersonData, household_register
from linli.registry.models import Resident, ResidentStatus

COMMUNITY = "110105001001"
TITLE = "第八届社区居民委员会换届选举（演示）"
PAST_TITLE = "第七届社区居民委员会换届选举（演示，已结束）"
# The demo resident's ballot in the closed round, to look up on its public board (README "Demo").
# Tracking codes are public (the board lists them all); a fixed one lets the demo say where to look.
DEMO_TRACKING_CODE = "WANGDEMA2026"  # shown grouped: WANG-DEMA-2026
# Position of each candidate nominated from NAMES[1:], in order.
PLAN = ["director", "director", "deputy", "deputy", "member", "member", "member", "member"]
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


# The demo's election committee: three trustees, two of whom must take part in a count. Their
# passphrases are public here because this is a demo; a real trustee chooses and keeps their own.
TRUSTEES = ["张桂兰", "王秀珍", "周玉梅"]
TRUSTEES_NEEDED = 2


def demo_passphrase(number: int) -> str:
    return f"demo-trustee-{number}"


def _ceremony(election: Election, now: dt.datetime) -> dict[int, bytes]:
    """The key ceremony; returns the key files, which a real trustee would carry away."""
    trustees = ceremony_open(actor=None, election=election, needed=TRUSTEES_NEEDED, names=TRUSTEES, now=now)
    keys = {
        t.number: trustee_enrol(actor=None, trustee=t, passphrase=demo_passphrase(t.number), now=now)
        for t in trustees
    }
    for t in trustees:
        trustee_contribute(actor=None, trustee=t, now=now)
    election.refresh_from_db()
    return keys


def _keep_demo_keys(election: Election, keys: dict[int, bytes], stdout: Any) -> None:
    """The current demo election's key files go to var/demo-trustees/, for trying the count."""
    folder = Path(settings.VAR_DIR) / "demo-trustees"
    folder.mkdir(parents=True, exist_ok=True)
    for number, pem in keys.items():
        (folder / f"trustee-{election.code}-{number}.pem").write_bytes(pem)
    stdout.write(f"governance: demo trustees' key files in {folder} (passphrases demo-trustee-N)\n")


def _id(birth: str, seq: int) -> str:
    first17 = "110105" + birth + f"{seq:03d}"
    return first17 + check_character(first17)


def _candidates(election: Election, people: list[Resident], now: dt.datetime) -> None:
    entries = {e.resident_id: e for e in election.register.all()}
    for person, position in zip(people[1:], PLAN, strict=False):
        candidate_nominate(
            actor=None,
            election=election,
            position=position,
            entry=entries[person.pk],
            nominated_by="joint",
            supporters=12,
            statement="热心社区事务，愿意为居民服务。",
            now=now,
        )


def _past_election(community: Area, people: list[Resident], wang: User | None, now: dt.datetime) -> None:
    """Two years before `now`: announced, voted online by most voters, closed, counted, certified."""
    start = now - dt.timedelta(days=760)
    election = election_announce(
        actor=None,
        community=community,
        title=PAST_TITLE,
        election_day=(start + dt.timedelta(days=30)).date(),
        register_cutoff=(start + dt.timedelta(days=1)).date(),
        seats={"director": 1, "deputy": 1, "member": 3},
        now=start,
    )
    register_build(actor=None, election=election, now=start + dt.timedelta(days=1))
    nomination_open(actor=None, election=election, now=start + dt.timedelta(days=7))
    _candidates(election, people, start + dt.timedelta(days=7))
    candidates_publish(actor=None, election=election, now=start + dt.timedelta(days=8))
    station_add(actor=None, election=election, name="社区居委会投票站", place="社区服务站一层")
    keys = _ceremony(election, start + dt.timedelta(days=8))
    opens = start + dt.timedelta(days=29)
    r = voting_open(
        actor=None,
        election=election,
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=1),
        now=start + dt.timedelta(days=8),
    )
    by_name = {c.name: c.pk for c in r.candidates.all()}
    # Everyone votes the same slate: 李建华 director, 刘志强 deputy, 杨国庆/赵丽娟/黄德明 members.
    picks = {
        "director": [by_name["李建华"]],
        "deputy": [by_name["刘志强"]],
        "member": [by_name["杨国庆"], by_name["赵丽娟"], by_name["黄德明"]],
    }
    during = opens + dt.timedelta(hours=2)
    if wang is not None:
        code = ballot_cast(round=r, picks=picks, voter=wang, now=during)
        # The only write outside an action: the demo's ballot gets a tracking code the README names.
        Ballot.objects.filter(round=r, tracking_code=code).update(tracking_code=DEMO_TRACKING_CODE)
    # Codes go only to those who have not voted; all but three of them vote with theirs.
    for _entry, credential in credentials_issue(actor=None, round=r, now=opens)[:-3]:
        ballot_cast(round=r, picks=picks, credential=credential, now=during)
    closes = opens + dt.timedelta(days=1)
    round_close(actor=None, round=r, now=closes)
    tally = tally_for_trustees(Round.objects.get(pk=r.pk))
    for trustee in election.trustees.order_by("number")[:TRUSTEES_NEEDED]:
        # What each trustee does at home with `tools/trustee_key.py decrypt`, then uploads.
        mine = board_check.decrypt_tally(keys[trustee.number], demo_passphrase(trustee.number), tally)
        decryption_upload(actor=None, round=r, trustee=trustee, parts=mine["parts"], now=closes)
    round_count(actor=None, round=Round.objects.get(pk=r.pk), now=closes)
    election_certify(actor=None, election=election, now=closes + dt.timedelta(hours=1))


def load(stdout: Any, now: dt.datetime) -> None:
    community = Area.objects.filter(code=COMMUNITY).first()
    if community is None or Election.objects.filter(community=community, title=TITLE).exists():
        return
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
        wang = User.objects.filter(display_name="王阿姨（居民）").first()
        if wang is not None and not Resident.objects.filter(user=wang).exists():
            Resident.objects.filter(pk=people[0].pk).update(user=wang)
        _past_election(community, people, wang, now)
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
        _candidates(election, people, now - dt.timedelta(days=13))
        candidates_publish(actor=None, election=election, now=now - dt.timedelta(days=12))
        station_add(actor=None, election=election, name="社区居委会投票站", place="社区服务站一层")
        _keep_demo_keys(election, _ceremony(election, now - dt.timedelta(days=12)), stdout)
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
        stdout.write(
            f"demo self-government: the previous election's board is published; 王阿姨's tracking code "
            f"there is {DEMO_TRACKING_CODE[:4]}-{DEMO_TRACKING_CODE[4:8]}-{DEMO_TRACKING_CODE[8:]}"
        )
