"""The category tree linli ships with: (code, name, English, response hours, handling days, level)."""

from typing import Any

# Parents group what residents choose; limits follow common 12345 practice (emergencies within
# 2 clock hours, most requests answered within a working day and handled within 5-15 working days).
TREE: list[tuple[str, str, str, list[tuple[str, str, str, int, int, str]]]] = [
    (
        "emergency",
        "紧急求助",
        "Emergencies",
        [
            ("emergency-gas", "燃气泄漏、火情隐患", "Gas leak or fire hazard", 1, 1, "street"),
            (
                "emergency-elderly",
                "独居老人紧急求助",
                "Elderly person living alone in need",
                1,
                1,
                "community",
            ),
            ("emergency-outage", "停水停电停气", "Water, power or gas cut", 2, 2, "street"),
        ],
    ),
    (
        "utilities",
        "水电气热",
        "Utilities",
        [
            ("utilities-heating", "供暖问题", "Heating", 8, 5, "street"),
            ("utilities-water", "供水及水质", "Water supply and quality", 8, 5, "street"),
            ("utilities-drainage", "下水道堵塞", "Blocked drains", 8, 3, "community"),
        ],
    ),
    (
        "environment",
        "环境卫生",
        "Environment and sanitation",
        [
            ("environment-garbage", "垃圾清运与分类", "Rubbish collection and sorting", 8, 3, "community"),
            ("environment-noise", "噪声扰民", "Noise", 8, 5, "street"),
            ("environment-greening", "绿化养护", "Trees and green spaces", 8, 10, "community"),
        ],
    ),
    (
        "neighbours",
        "邻里纠纷",
        "Neighbour disputes",
        [
            ("neighbours-leak", "楼上漏水", "Water leaking from upstairs", 8, 5, "community"),
            ("neighbours-dispute", "邻里矛盾调解", "Mediation between neighbours", 8, 10, "community"),
            ("neighbours-pets", "饲养宠物扰民", "Pets disturbing neighbours", 8, 5, "community"),
        ],
    ),
    (
        "property",
        "物业管理",
        "Property management",
        [
            ("property-service", "物业服务质量", "Property company service", 8, 10, "community"),
            ("property-fees", "物业收费", "Property fees", 8, 10, "street"),
            ("property-elevator", "电梯故障", "Lift out of order", 4, 3, "community"),
        ],
    ),
    (
        "facilities",
        "公共设施",
        "Public facilities",
        [
            ("facilities-lights", "路灯照明", "Street lights", 8, 5, "community"),
            ("facilities-roads", "道路及井盖", "Roads and manhole covers", 8, 5, "street"),
            ("facilities-parking", "停车及自行车棚", "Parking and bicycle sheds", 8, 10, "community"),
        ],
    ),
    (
        "safety",
        "治安与安全",
        "Safety and order",
        [
            ("safety-hazard", "安全隐患", "Safety hazard", 4, 3, "community"),
            ("safety-illegal-building", "违章建设", "Unauthorised building work", 8, 15, "street"),
            ("safety-rental", "群租房", "Overcrowded rentals", 8, 10, "street"),
        ],
    ),
    (
        "services",
        "社区服务",
        "Community services",
        [
            ("services-elderly", "养老助老服务", "Services for the elderly", 8, 5, "community"),
            ("services-housekeeping", "家政便民服务", "Housekeeping and convenience", 8, 5, "community"),
            ("services-certificates", "证明开具与代办", "Certificates and errands", 8, 3, "community"),
        ],
    ),
    (
        "policy",
        "政策咨询",
        "Policy questions",
        [
            ("policy-social", "社保与救助政策", "Social security and assistance", 8, 5, "community"),
            ("policy-housing", "住房与拆迁政策", "Housing and relocation", 8, 10, "street"),
            ("policy-other", "其他政策咨询", "Other policy questions", 8, 5, "community"),
        ],
    ),
    (
        "opinion",
        "社情民意",
        "Public opinion",
        [
            ("opinion-suggestion", "意见建议", "Opinions and suggestions", 24, 15, "community"),
        ],
    ),
]


def load(category_model: Any, calendar_model: Any = None, notice_model: Any = None) -> None:
    """Idempotent: create what is missing, leave what admins changed."""
    order = 0
    for code, name, name_en, children in TREE:
        order += 10
        parent, _ = category_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
        for i, (ccode, cname, cen, hours, days, level) in enumerate(children):
            category_model.objects.get_or_create(
                code=ccode,
                defaults={
                    "parent": parent,
                    "name": cname,
                    "name_en": cen,
                    "response_hours": hours,
                    "round_the_clock": code == "emergency",
                    "handling_days": days,
                    "default_level": level,
                    "order": order + i + 1,
                },
            )
    if calendar_model is not None:
        from linli.tickets.holidays import NOTICES, days_of

        for year in NOTICES:
            for day, kind, hname in days_of(year):
                calendar_model.objects.get_or_create(date=day, defaults={"kind": kind, "name": hname})
    if notice_model is not None:
        from django.utils import timezone

        from linli.tickets.holidays import NOTICES

        for year in NOTICES:
            notice_model.objects.get_or_create(year=year, defaults={"changed_at": timezone.now()})
