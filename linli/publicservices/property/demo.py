"""Demo committee-owners-property for 建外街道 (110105001000), community 幸福里 (110105001001): the
estate 幸福里小区 of the registry's buildings, its owners' committee, a property company in the
street's register with a contract, a joint meeting with decisions (one carried out, one overdue),
complaints filed as tickets and linked by the sweep, and a survey with answers (王阿姨 has not
answered: she can, signed in). Runs after the tickets and the public services (order 66), through
the actions. Idempotent."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.publicservices.common import today
from linli.publicservices.models.property import Aspect, Estate
from linli.publicservices.property import actions
from linli.publicservices.property.rules import credit_check_char
from linli.registry.models import Building, Resident, ResidentStatus
from linli.tickets import actions as tickets
from linli.tickets.models import Category, Ticket

STREET = "110105001000"
COMMUNITY_A = "110105001001"
CREDIT = "91110105MA01ABC23"


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    a = Area.objects.filter(code=COMMUNITY_A).first()
    street = Area.objects.filter(code=STREET).first()
    users = {u.username: u for u in User.objects.filter(username__in=["worker_a", "jianwai"])}
    buildings = list(Building.objects.filter(community=a).order_by("name")) if a else []
    if a is None or street is None or len(users) < 2 or not buildings:
        return
    if Estate.objects.filter(community=a).exists():
        return
    now = now or timezone.now()
    day = today(now)
    worker, street_officer = users["worker_a"], users["jianwai"]
    with transaction.atomic():
        estate = actions.estate_create(
            actor=worker,
            community=a,
            name="幸福里小区",
            buildings=buildings,
            now=now - dt.timedelta(days=400),
        )
        company = actions.company_register(
            actor=street_officer,
            area=street,
            name="北京安居物业服务有限公司",
            credit_code=CREDIT + credit_check_char(CREDIT),
            scopes=["cleaning", "security", "greening", "repairs", "lifts", "parking"],
            contact="刘经理",
            phone="010-65000000",
            now=now - dt.timedelta(days=400),
        )
        actions.contract_create(
            actor=worker,
            company=company,
            estate=estate,
            starts_on=day - dt.timedelta(days=365),
            ends_on=day + dt.timedelta(days=730),
            fee_fen_m2=235,
            items=[
                actions.ItemIn("cleaning", "楼道每日清扫，垃圾日产日清"),
                actions.ItemIn("security", "24小时门岗，夜间巡逻两次"),
                actions.ItemIn("greening", "绿地每月修剪"),
                actions.ItemIn("repairs", "报修30分钟内响应"),
                actions.ItemIn("lifts", "电梯每半月保养"),
            ],
            now=now - dt.timedelta(days=365),
        )
        actions.committee_record(
            actor=worker,
            estate=estate,
            elected_on=day - dt.timedelta(days=300),
            term_years=5,
            owners_total=420,
            owners_voted=318,
            area_total_m2=Decimal("36800.00"),
            area_voted_m2=Decimal("27950.50"),
            record_ref="幸福里小区第一次业主大会会议记录（2025）",
            filed_with_street_on=day - dt.timedelta(days=280),
            members=[
                actions.MemberIn("赵国庆", "director", 240, Decimal("21000"), "1号楼2-501"),
                actions.MemberIn("孙丽", "deputy", 230, Decimal("20100"), "2号楼1-302"),
                actions.MemberIn("周建华", "member", 221, Decimal("19000"), "3号楼1-201"),
                actions.MemberIn("吴敏", "member", 205, Decimal("18000"), "1号楼1-101"),
                actions.MemberIn("郑海", "member", 199, Decimal("17500"), "2号楼2-602"),
            ],
            now=now - dt.timedelta(days=290),
        )
        meeting = actions.meeting_record(
            actor=worker,
            estate=estate,
            held_at=now - dt.timedelta(days=20),
            place="幸福里社区居委会会议室",
            topic="电梯维修与楼道清洁问题三方协调",
            minutes="居委会通报近期居民反映的电梯停运和楼道卫生问题；业委会转达业主意见；物业说明配件采购进度，承诺整改。",
            attendees=[
                actions.AttendeeIn("residents", "李主任"),
                actions.AttendeeIn("owners", "赵国庆"),
                actions.AttendeeIn("owners", "孙丽"),
                actions.AttendeeIn("company", "刘经理"),
            ],
            decisions=[
                actions.DecisionIn("5号楼电梯更换主板", "company", "刘经理", day - dt.timedelta(days=10)),
                actions.DecisionIn("楼道清洁改为每日两次", "company", "刘经理", day - dt.timedelta(days=5)),
                actions.DecisionIn(
                    "业委会向业主公示电梯维修资金使用", "owners", "赵国庆", day + dt.timedelta(days=10)
                ),
            ],
            now=now - dt.timedelta(days=19),
        )
        first = meeting.decisions.order_by("due_on").first()
        if first is not None:
            actions.decision_follow_up(
                actor=worker,
                decision=first,
                note="主板已更换，电梯恢复运行",
                done=True,
                now=now - dt.timedelta(days=9),
            )
        # Complaints: tickets of the property categories about the estate's buildings, linked by the sweep.
        cats = {c.code: c for c in Category.objects.filter(code__in=["property-service", "property-fees"])}
        made: list[Ticket] = []
        for code, text, days in (
            ("property-service", "楼道多日无人打扫，垃圾堆积。", 15),
            ("property-service", "小区门岗夜间无人值守。", 8),
            ("property-fees", "物业费收费标准与合同不符。", 4),
        ):
            if code in cats:
                made.append(
                    tickets.ticket_submit(
                        actor=worker,
                        community=a,
                        category=cats[code],
                        description=text,
                        channel="visit",
                        building=buildings[len(made) % len(buildings)],
                        now=now - dt.timedelta(days=days),
                    )
                )
        if made:
            tickets.ticket_accept(
                actor=worker, ticket=made[0], now=now - dt.timedelta(days=15) + dt.timedelta(hours=1)
            )
            tickets.ticket_resolve(
                actor=worker,
                ticket=made[0],
                resolution="已督促物业恢复每日清扫。",
                now=now - dt.timedelta(days=13),
            )
            tickets.ticket_return_visit(
                actor=worker,
                ticket=made[0],
                resolved=True,
                satisfaction="basic",
                note="回访：已清扫",
                now=now - dt.timedelta(days=12),
            )
        actions.complaints_sweep(now=now)
        survey = actions.survey_open(
            actor=worker,
            estate=estate,
            title="2026年物业服务满意度调查",
            opens_on=day - dt.timedelta(days=10),
            closes_on=day + dt.timedelta(days=20),
            now=now - dt.timedelta(days=10),
        )
        residents = Resident.objects.filter(
            community=a,
            status=ResidentStatus.ACTIVE,
            household__dwelling__building__in=buildings,
            user__isnull=True,
        ).order_by("pk")[:7]
        for i, r in enumerate(residents):
            score = 5 - (i % 3)
            actions.survey_answer(
                actor=None,
                survey=survey,
                resident=r,
                scores={
                    aspect: score if aspect != "repairs" else max(score - 1, 1) for aspect in Aspect.values
                },
                now=now - dt.timedelta(days=5),
            )
    if out is not None:
        out.write("demo committee-owners-property: 幸福里小区")
