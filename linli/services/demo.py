"""Demo services for 建外街道 (110105001000): the catalogue, providers of the street, orders in every
state, entitlements by rule and a meal point with its bookings. Made through the actions. Idempotent.

The providers and services follow what Beijing runs (plan 3.6, 3.7; research notes): 96156 as the
front door, community service stations, a 养老服务驿站, a 养老助餐点 serving lunch with a 09:30
cut-off, vetted domestic and repair companies, 便民 outlets (laundry, vegetables), and a social-work
organization for 精神慰藉. Names of companies are invented; positions are near 建国门外 and made up.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts.actions import user_create
from linli.accounts.models import User
from linli.accounts.roles import Role
from linli.areas.models import Area
from linli.registry.models import Resident, ResidentStatus
from linli.services import actions, care
from linli.services.models import Entitlement, Mode, Provider

STREET = "110105001000"
COMMUNITY_A = "110105001001"
COMMUNITY_B = "110105001002"
POINT_A = (39.9100, 116.4540)
POINT_B = (39.9150, 116.4590)
DEMO_PASSWORD = "linli-demo-2026"  # noqa: S105  (the demo's shared password, printed by demo_load)

# code, category, name, English, price yuan, subsidy yuan, accept min, response h, completion d, extra
CATALOGUE: list[tuple[str, str, str, str, int, int, int, int, int, dict[str, Any]]] = [
    ("cleaning", "domestic", "家政保洁（2小时）", "House cleaning (2 hours)", 100, 0, 30, 8, 3, {}),
    ("repair-water", "repairs", "水电维修", "Plumbing and wiring repairs", 50, 0, 15, 2, 1, {}),
    ("repair-appliance", "repairs", "家电维修", "Appliance repairs", 60, 0, 30, 4, 3, {}),
    (
        "meal-delivery",
        "meals",
        "老年助餐送餐上门",
        "Meals delivered to the elderly",
        15,
        5,
        30,
        2,
        1,
        {"min_age": 60, "entitlement_kind": "meals"},
    ),
    (
        "bathing",
        "elderly_care",
        "上门助浴",
        "Bathing help at home",
        80,
        40,
        60,
        8,
        3,
        {"min_age": 60, "care_tags": "alone,empty_nest,disability,aged_80"},
    ),
    (
        "home-care",
        "elderly_care",
        "居家照护（1小时）",
        "Home care (1 hour)",
        50,
        30,
        60,
        8,
        2,
        {"care_tags": "disability,aged_80,alone", "entitlement_kind": "care_hours"},
    ),
    ("escort-clinic", "health", "陪同就医", "Escort to the clinic", 60, 0, 60, 8, 2, {"min_age": 60}),
    (
        "bp-check",
        "health",
        "上门测量血压血糖",
        "Blood pressure and sugar check at home",
        0,
        0,
        60,
        8,
        3,
        {"min_age": 60},
    ),
    (
        "companionship",
        "companionship",
        "精神慰藉（聊天陪伴）",
        "Emotional support visits",
        0,
        0,
        120,
        16,
        5,
        {"care_tags": "alone,empty_nest,aged_80"},
    ),
    ("legal-advice", "legal_aid", "法律咨询", "Legal advice", 0, 0, 240, 16, 5, {}),
    ("job-advice", "employment", "就业指导", "Job advice", 0, 0, 240, 16, 5, {}),
    ("child-care", "child_care", "托育服务（半日）", "Child care (half a day)", 90, 0, 120, 16, 5, {}),
    ("laundry", "laundry", "洗衣上门取送", "Laundry picked up and delivered", 20, 0, 60, 8, 2, {}),
    ("vegetables", "groceries", "蔬菜配送", "Vegetables delivered", 5, 0, 30, 4, 1, {}),
]

# name, kind, registered at, serves, services, grade, capacity, hours, licence days left, extra
PROVIDERS: list[tuple[str, str, str, list[str], list[str], str, int, str, int | None, dict[str, Any]]] = [
    (
        "建外街道社区服务中心",
        "service_center",
        STREET,
        [STREET],
        ["legal-advice", "job-advice", "bp-check"],
        "5",
        60,
        "周一至周五 9:00-17:00",
        None,
        {"address": "建外街道办事处一层", "lat": "39.907500", "long": "116.450000"},
    ),
    (
        "幸福里养老服务驿站",
        "care_post",
        COMMUNITY_A,
        [COMMUNITY_A],
        ["bathing", "home-care", "companionship", "bp-check"],
        "4",
        30,
        "每天 8:00-20:00（节假日照常）",
        400,
        {"open_on_holidays": True, "address": "幸福里3号楼底商", "lat": "39.910500", "long": "116.454500"},
    ),
    (
        "光华里养老助餐点（社区食堂）",
        "meal_point",
        COMMUNITY_B,
        [STREET],
        ["meal-delivery"],
        "4",
        120,
        "午餐 11:00-13:00，晚餐 17:00-18:30",
        300,
        {
            "meal_cutoff": dt.time(9, 30),
            "open_on_holidays": True,
            "address": "光华里5号院",
            "lat": "39.915200",
            "long": "116.458800",
        },
    ),
    (
        "北京惠邻家政服务有限公司",
        "domestic",
        STREET,
        [STREET],
        ["cleaning", "home-care", "escort-clinic", "child-care"],
        "4",
        40,
        "每天 7:00-21:00",
        500,
        {"address": "建国门外大街某号", "lat": "39.906000", "long": "116.442000"},
    ),
    (
        "建外便民维修服务部",
        "convenience",
        STREET,
        [STREET],
        ["repair-water", "repair-appliance"],
        "3",
        25,
        "每天 8:00-20:00",
        200,
        {"address": "光华路便民服务点", "lat": "39.912000", "long": "116.456000"},
    ),
    (
        "幸福里洗衣便民点",
        "convenience",
        COMMUNITY_A,
        [COMMUNITY_A],
        ["laundry"],
        "3",
        50,
        "每天 8:00-19:00",
        365,
        {"lat": "39.909800", "long": "116.453200"},
    ),
    (
        "建外蔬菜直通车",
        "convenience",
        STREET,
        [STREET],
        ["vegetables"],
        "",
        200,
        "每天 7:00-10:00 配送",
        365,
        {},
    ),
    (
        "暖心社会工作服务中心",
        "social_org",
        STREET,
        [STREET],
        ["companionship", "legal-advice"],
        "4",
        20,
        "周一至周六 9:00-17:00",
        700,
        {"lat": "39.913000", "long": "116.460000"},
    ),
    # A licence that lapsed last month: listed, but it receives no new orders.
    (
        "永安家电维修部",
        "convenience",
        STREET,
        [STREET],
        ["repair-appliance", "repair-water"],
        "2",
        10,
        "每天 9:00-18:00",
        -20,
        {"lat": "39.910100", "long": "116.454100"},
    ),
]

STAFF = [
    ("provider_a", "便民维修部 师傅", "建外便民维修服务部"),
    ("provider_meal", "助餐点 值班员", "光华里养老助餐点（社区食堂）"),
    ("provider_care", "驿站 护理员", "幸福里养老服务驿站"),
]


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    street = Area.objects.filter(code=STREET).first()
    a = Area.objects.filter(code=COMMUNITY_A).first()
    b = Area.objects.filter(code=COMMUNITY_B).first()
    worker = User.objects.filter(username="worker_a").first()
    agent = User.objects.filter(username="agent").first()
    if not (street and a and b and worker and agent):
        return
    if Provider.objects.filter(area=street).exists():
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        services = {}
        for code, cat, name, en, price, subsidy, accept, resp, done, extra in CATALOGUE:
            services[code] = actions.service_type_save(
                actor=None,
                code=code,
                category=cat,
                name=name,
                name_en=en,
                price_fen=price * 100,
                subsidy_fen=subsidy * 100,
                accept_minutes=accept,
                response_hours=resp,
                completion_days=done,
                **extra,
            )
        areas = {x.code: x for x in (street, a, b)}
        providers = {}
        for i, (name, kind, at, serves, offers, grade, cap, hours, days, extra) in enumerate(PROVIDERS):
            providers[name] = actions.provider_register(
                actor=None,
                area=areas[at],
                name=name,
                kind=kind,
                service_areas=[areas[c] for c in serves],
                services=[services[s] for s in offers],
                grade=grade,
                capacity_per_day=cap,
                opening_hours=hours,
                licence_number=f"京朝便民{2024_0001 + i}" if days is not None else "",
                licence_expires=today + dt.timedelta(days=days) if days is not None else None,
                now=now,
                **extra,
            )
        actions.certificate_add(
            actor=None,
            provider=providers["幸福里养老服务驿站"],
            holder="周护理员",
            title="养老护理员（四级）",
            number="YL-2024-0113",
            expires_on=today + dt.timedelta(days=600),
        )
        actions.certificate_add(
            actor=None,
            provider=providers["北京惠邻家政服务有限公司"],
            holder="马阿姨",
            title="家政服务员（五级）",
            number="JZ-2023-0420",
            expires_on=today - dt.timedelta(days=10),
        )
        staff: dict[str, User] = {}
        for username, display, provider_name in STAFF:
            user = User.objects.filter(username=username).first() or user_create(
                actor=None,
                display_name=display,
                username=username,
                password=DEMO_PASSWORD,
                role=Role.PROVIDER,
                area=providers[provider_name].area,
                phone=f"1391100{len(staff):04d}",
            )
            actions.provider_member_add(actor=None, provider=providers[provider_name], user=user)
            staff[username] = user
        _orders(services, providers, staff, a, worker, agent, now)
        _meals(providers["光华里养老助餐点（社区食堂）"], staff["provider_meal"], a, worker, now)
        _home_care(providers["幸福里养老服务驿站"], staff["provider_care"], a, worker, now)
        _settlements(services, providers, staff, a, worker, now)
        # Where the two communities' 15-minute circles are centred (their service stations); the
        # vegetable van has no fixed place, so it counts by service area only.
        for community, (lat, lon) in ((a, POINT_A), (b, POINT_B)):
            actions.community_point_set(actor=None, community=community, lat=lat, lon=lon, now=now)
        actions.coverage_recompute(actor=None, now=now)
    if out is not None:
        out.write(f"demo services: {len(services)} services, {len(providers)} providers")


def _orders(
    services: dict[str, Any],
    providers: dict[str, Any],
    staff: dict[str, Any],
    a: Area,
    worker: User,
    agent: User,
    now: dt.datetime,
) -> None:
    wang = Resident.objects.filter(community=a, status=ResidentStatus.ACTIVE, name="王桂兰").first()
    li = Resident.objects.filter(community=a, status=ResidentStatus.ACTIVE, name="李建国").first()
    fix = providers["建外便民维修服务部"]
    care_post = providers["幸福里养老服务驿站"]
    earlier = now - dt.timedelta(days=2)

    def order(service: str, text: str, who: Any, when: dt.datetime, **kw: Any) -> Any:
        return actions.order_create(
            actor=kw.pop("actor", worker),
            service=services[service],
            community=a,
            description=text,
            resident=who,
            channel=kw.pop("channel", "station"),
            now=when,
            **kw,
        )

    # evaluated
    o = order(
        "repair-water",
        "厨房水龙头漏水，老人独居",
        wang,
        earlier,
        actor=agent,
        channel="hotline",
        address="幸福里1号楼1-101",
    )
    actions.order_dispatch(actor=worker, order=o, mode=Mode.DIRECT, provider=fix, now=earlier)
    actions.order_accept(
        actor=staff["provider_a"], order=o, provider=fix, eta=earlier + dt.timedelta(hours=1), now=earlier
    )
    actions.order_on_the_way(actor=staff["provider_a"], order=o, now=earlier + dt.timedelta(minutes=30))
    actions.order_complete(
        actor=staff["provider_a"], order=o, note="更换水龙头阀芯", now=earlier + dt.timedelta(hours=2)
    )
    actions.order_evaluate(
        actor=agent, order=o, rating=5, note="回访：很满意", now=earlier + dt.timedelta(hours=5)
    )
    # done, awaiting rating
    o = order("bathing", "每周一次上门助浴", wang, earlier)
    actions.order_dispatch(actor=worker, order=o, mode=Mode.DIRECT, provider=care_post, now=earlier)
    actions.order_accept(
        actor=staff["provider_care"],
        order=o,
        provider=care_post,
        eta=earlier + dt.timedelta(hours=3),
        now=earlier,
    )
    actions.order_complete(actor=staff["provider_care"], order=o, now=earlier + dt.timedelta(hours=4))
    # on the way
    o = order(
        "repair-appliance", "冰箱不制冷", li, now - dt.timedelta(hours=2), actor=agent, channel="hotline"
    )
    actions.order_dispatch(actor=worker, order=o, mode=Mode.BROADCAST, now=now - dt.timedelta(hours=2))
    actions.order_accept(
        actor=staff["provider_a"],
        order=o,
        provider=fix,
        eta=now + dt.timedelta(minutes=40),
        now=now - dt.timedelta(hours=1),
    )
    actions.order_on_the_way(actor=staff["provider_a"], order=o, now=now - dt.timedelta(minutes=10))
    # accepted
    o = order("companionship", "子女在外地，希望每周有人陪老人聊天", wang, now - dt.timedelta(hours=3))
    actions.order_dispatch(
        actor=worker, order=o, mode=Mode.DIRECT, provider=care_post, now=now - dt.timedelta(hours=3)
    )
    actions.order_accept(
        actor=staff["provider_care"],
        order=o,
        provider=care_post,
        eta=now + dt.timedelta(hours=20),
        now=now - dt.timedelta(hours=2),
    )
    # dispatched by broadcast, waiting
    o = order("repair-water", "卫生间下水道堵塞", li, now - dt.timedelta(minutes=5))
    actions.order_dispatch(actor=worker, order=o, mode=Mode.BROADCAST, now=now - dt.timedelta(minutes=5))
    # escalated: nobody accepted in time
    o = order("cleaning", "春节前大扫除", li, now - dt.timedelta(hours=4))
    actions.order_dispatch(actor=worker, order=o, mode=Mode.BROADCAST, now=now - dt.timedelta(hours=4))
    actions.order_escalate_overdue(now=now - dt.timedelta(hours=3))
    # created, waiting for dispatch
    order(
        "escort-clinic",
        "下周二去朝阳医院复查，需要陪同",
        wang,
        now - dt.timedelta(minutes=20),
        actor=agent,
        channel="hotline",
    )
    # cancelled
    o = order("vegetables", "每周蔬菜配送", li, earlier)
    actions.order_cancel(actor=worker, order=o, reason="家属已安排", now=earlier + dt.timedelta(hours=1))


def _meals(point: Provider, point_user: User, a: Area, worker: User, now: dt.datetime) -> None:
    today = timezone.localdate(now)
    care.entitlements_grant_by_rule(actor=worker, community=a, month=today, now=now)
    for resident in Resident.objects.filter(
        community=a, status=ResidentStatus.ACTIVE, name__in=["李建国", "张秀英"]
    ):
        care.entitlement_grant(
            actor=worker,
            resident=resident,
            kind="meals",
            month=today,
            granted=22,
            unit_fen=500,
            reason="空巢老人，经社区评估给予助餐补贴",
            now=now,
        )
    eaters = Resident.objects.filter(
        community=a, status=ResidentStatus.ACTIVE, name__in=["王桂兰", "李建国", "张秀英"]
    )
    # Today's lunch booked at 07:00 (before the 09:30 cut-off); two of them already served.
    morning = min(now, timezone.localtime(now).replace(hour=7, minute=0, second=0, microsecond=0))
    for i, resident in enumerate(eaters.order_by("pk")):
        booking = care.meal_book(
            actor=worker,
            point=point,
            resident=resident,
            day=today,
            pickup="delivery" if i == 0 else "pickup",
            now=morning,
        )
        if i < 2:
            care.meal_serve(actor=point_user, booking=booking, now=now)


def _home_care(post: Provider, carer: User, a: Area, worker: User, now: dt.datetime) -> None:
    """Weekly visits by the 驿站 to two elderly residents: one kept up, one missed (the sweep flags it)."""
    for name, last_visit_days_ago in (("王桂兰", 2), ("李建国", 11)):
        resident = Resident.objects.filter(community=a, status=ResidentStatus.ACTIVE, name=name).first()
        if resident is None:
            continue
        planned = now - dt.timedelta(days=20)
        plan = actions.care_plan_create(
            actor=worker,
            resident=resident,
            provider=post,
            every_days=7,
            first_due=timezone.localdate(planned) + dt.timedelta(days=1),
            note="每周上门：测血压、助浴、聊天（精神慰藉）",
            now=planned,
        )
        visited = now - dt.timedelta(days=last_visit_days_ago)
        month = timezone.localdate(visited).replace(day=1)
        if (
            name == "王桂兰"
            and not Entitlement.objects.filter(resident=resident, kind="care_hours", month=month).exists()
        ):
            # Her visits are paid from the care hours the community granted her (a 2-hour visit
            # draws 2 of the 8).
            care.entitlement_grant(
                actor=worker,
                resident=resident,
                kind="care_hours",
                month=month,
                granted=8,
                unit_fen=3000,
                reason="失能老人，经社区评估每月居家照护8小时",
                now=planned,
            )
        actions.care_visit_record(
            actor=carer,
            plan=plan,
            visited_at=visited,
            done="测血压、打扫卫生、陪老人聊天",
            findings="血压130/85，精神状态好" if last_visit_days_ago < 7 else "",
            hours=2,
            now=visited,
        )
    actions.care_visits_sweep(now=now)


def _settlements(
    services: dict[str, Any],
    providers: dict[str, Any],
    staff: dict[str, Any],
    a: Area,
    worker: User,
    now: dt.datetime,
) -> None:
    """Last month's statements of two providers: one awaiting the street's approval, one approved
    by the street officer (its government part posted to community A's ledger)."""
    from linli.common.errors import DomainError

    first = timezone.localdate(now).replace(day=1)
    last_month = dt.datetime.combine(
        (first - dt.timedelta(days=1)).replace(day=12), dt.time(9), tzinfo=timezone.get_current_timezone()
    )
    wang = Resident.objects.filter(community=a, status=ResidentStatus.ACTIVE, name="王桂兰").first()
    done_by = [
        (providers["建外便民维修服务部"], staff["provider_a"], "repair-water", "阳台水管冻裂"),
        (providers["幸福里养老服务驿站"], staff["provider_care"], "bathing", "上门助浴"),
    ]
    statements = []
    for i, (provider, user, service, text) in enumerate(done_by):
        when = last_month + dt.timedelta(days=i)
        o = actions.order_create(
            actor=worker,
            service=services[service],
            community=a,
            description=text,
            resident=wang,
            channel="station",
            now=when,
        )
        actions.order_dispatch(actor=worker, order=o, mode=Mode.DIRECT, provider=provider, now=when)
        actions.order_accept(
            actor=user, order=o, provider=provider, eta=when + dt.timedelta(hours=1), now=when
        )
        actions.order_complete(actor=user, order=o, now=when + dt.timedelta(hours=2))
        statements.append(
            actions.settlement_prepare(actor=user, provider=provider, month=last_month.date(), now=now)
        )
    officer = User.objects.filter(username="jianwai").first()
    try:
        with transaction.atomic():
            actions.settlement_approve(actor=officer, settlement=statements[1], now=now)
    except DomainError:  # the community's books for the day are closed: the statement stays a draft
        pass
