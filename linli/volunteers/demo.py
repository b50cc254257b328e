"""Demo volunteers for 建外街道 (110105001000), made through the actions. Idempotent.

The demo resident (王阿姨) volunteers from her registry record with hours carried over from the
paper roster, so her page shows a star and a certificate; more residents of 幸福里 join; the
street has a patrol team; activities last week (hours signed off), today (check-in open, for the
organiser's code screen) and next week (sign-up open, with a wait list).
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.registry.models import Resident, ResidentStatus
from linli.volunteers import actions
from linli.volunteers.models import Team, Volunteer

STREET = "110105001000"
COMMUNITY_A = "110105001001"
COMMUNITY_B = "110105001002"


def _local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load(out: Any, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    street = Area.objects.filter(code=STREET).first()
    a = Area.objects.filter(code=COMMUNITY_A).first()
    b = Area.objects.filter(code=COMMUNITY_B).first()
    worker = User.objects.filter(username="worker_a").first()
    officer = User.objects.filter(username="jianwai").first()
    if not (street and a and b and worker and officer) or Team.objects.filter(area=street).exists():
        return
    today = timezone.localdate(now)
    with transaction.atomic():
        people = sorted(
            Resident.objects.filter(community__in=[a, b], status=ResidentStatus.ACTIVE).order_by("pk"),
            key=lambda r: r.user_id is None,  # the demo resident's own record first
        )
        skills = [["elderly"], ["patrol"], ["medical", "elderly"], ["teaching"], ["environment"], ["it"]]
        volunteers: list[Volunteer] = []
        for i, r in enumerate(people[:12]):
            if Volunteer.objects.filter(resident=r).exists():
                continue
            volunteers.append(
                actions.volunteer_register(
                    actor=None,
                    community=r.community,
                    name=r.name,
                    id_number=r.id_number,
                    phone=r.phone,
                    skills=skills[i % len(skills)],
                    availability=["weekend"],
                    background="retired" if i % 2 else "party",
                    user=r.user,
                    now=now - dt.timedelta(days=200 - i * 10),
                )
            )
        aunt = next((v for v in volunteers if v.user_id and v.community_id == a.pk), None)
        if aunt is not None:
            actions.hours_carry_over(
                actor=None, volunteer=aunt, minutes=118 * 60, reason="2025年纸质台账", now=now
            )
        team = actions.team_create(
            actor=None, area=street, name="建外街道平安志愿巡逻队", purpose="治安巡逻、邻里守望", now=now
        )
        for v in volunteers[:6]:
            actions.team_member_add(actor=None, team=team, volunteer=v, now=now)
        # Last week: served and signed off.
        past_day = today - dt.timedelta(days=7)
        past = actions.activity_create(
            actor=None,
            area=a,
            title="助老陪伴：理发与读报",
            place="幸福里社区养老驿站",
            starts_at=_local(past_day, 9),
            ends_at=_local(past_day, 12),
            capacity=6,
            skills=["elderly"],
            organiser=worker,
            now=_local(past_day, 9) - dt.timedelta(days=3),
        )
        shift = past.shifts.get()
        for v in volunteers[:4]:
            entry = actions.signup(
                actor=None, shift=shift, volunteer=v, now=_local(past_day, 9) - dt.timedelta(days=2)
            )
            actions.check_in(actor=None, entry=entry, now=_local(past_day, 9))
            actions.check_out(actor=None, entry=entry, now=_local(past_day, 12))
            if v.user_id != worker.pk:
                actions.sign_off(actor=worker, entry=entry, now=_local(past_day, 12))
        if aunt is not None:
            actions.certificate_issue(actor=None, volunteer=aunt, now=now)
        # Today: a patrol the organiser shows the code for.
        patrol = actions.activity_create(
            actor=None,
            area=street,
            team=team,
            title="平安巡逻（傍晚）",
            place="建外街道各小区",
            starts_at=_local(today, 17),
            ends_at=_local(today, 20),
            capacity=10,
            skills=["patrol"],
            organiser=officer,
            now=now - dt.timedelta(days=2),
        )
        for v in volunteers[:5]:
            actions.signup(actor=None, shift=patrol.shifts.get(), volunteer=v, now=now - dt.timedelta(days=1))
        # Next week: two shifts, the morning one nearly full.
        nxt = today + dt.timedelta(days=7)
        clean = actions.activity_create(
            actor=None,
            area=a,
            title="楼道清洁与垃圾分类指导",
            place="幸福里1号楼、2号楼",
            starts_at=_local(nxt, 8),
            ends_at=_local(nxt, 12),
            capacity=3,
            skills=["environment"],
            organiser=worker,
            shifts=[
                actions.ShiftIn(_local(nxt, 8), _local(nxt, 10), 3),
                actions.ShiftIn(_local(nxt, 10), _local(nxt, 12), 4),
            ],
            now=now,
        )
        morning = clean.shifts.order_by("starts_at")[0]
        for v in volunteers[4:8]:
            actions.signup(actor=None, shift=morning, volunteer=v, now=now)  # the fourth waits
        actions.activity_repeat(actor=None, activity=clean, weeks=3, now=now)
    if out is not None:
        out.write(f"demo volunteers: {len(volunteers)} volunteers, 1 team, 6 activities")
