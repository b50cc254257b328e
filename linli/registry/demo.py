"""Demo registry data for `manage.py demo_load` (idempotent: does nothing once loaded)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.idnumber import check_character
from linli.registry import actions
from linli.registry.actions import PersonData
from linli.registry.models import LEGACY_KINDS, Building

HOUSEHOLDS = [
    # building, dwelling, kind, [(name, birth, seq, relation, phone)], tags of the head
    ("1号楼", "1-101", "registered", [("王桂兰", "19420315", "022", "head", "13800000001")], ["alone"]),
    (
        "1号楼",
        "1-102",
        "registered",
        [("李建国", "19500612", "013", "head", "13600000011"), ("张秀英", "19520808", "024", "spouse", "")],
        ["empty_nest"],
    ),
    (
        "1号楼",
        "2-301",
        "registered",
        [
            ("刘伟", "19800101", "035", "head", "13600000012"),
            ("陈静", "19820202", "046", "spouse", "13600000013"),
            ("刘子涵", "20150505", "057", "child", ""),
        ],
        ["unemployed"],
    ),
    ("2号楼", "1-201", "resident", [("赵强", "19750909", "017", "head", "13600000014")], ["veterans"]),
    ("2号楼", "2-402", "registered", [("孙丽", "19601111", "028", "head", "13600000015")], ["dibao"]),
]


def _id(birth: str, seq: str) -> str:
    first17 = "110105" + birth + seq
    return first17 + check_character(first17)


def _employment(birth: str, tags: list[str]) -> str:
    if "unemployed" in tags:
        return "unemployed"
    return "retired" if birth < "1966" else "employed"


def load(now: dt.datetime) -> str:
    """The households moved in long before `now` (800 days: on every demo election's register)."""
    community = Area.objects.filter(code="110105001001").first()
    if community is None or Building.objects.filter(community=community).exists():
        return "demo registry: already there"
    with transaction.atomic():
        buildings = {
            name: actions.building_create(actor=None, community=community, name=name, address=f"幸福里{name}")
            for name in ("1号楼", "2号楼", "3号楼")
        }
        for bname, number, kind, people, tags in HOUSEHOLDS:
            hukou, lives = LEGACY_KINDS[kind]
            dwelling = actions.dwelling_create(actor=None, building=buildings[bname], number=number)
            name, birth, seq, _rel, phone = people[0]
            household = actions.household_register(
                actor=None,
                community=community,
                dwelling=dwelling,
                head=PersonData(
                    hukou_where=hukou,
                    hukou_code="110108" if hukou == "beijing" else "",
                    lives_where=lives,
                    name=name,
                    id_number=_id(birth, seq),
                    phone=phone,
                    hukou_place="北京市朝阳区",
                    employment=_employment(birth, tags),
                ),
                now=now - dt.timedelta(days=800),
            )
            for name, birth, seq, rel, phone in people[1:]:
                actions.resident_add(
                    actor=None,
                    household=household,
                    relation=rel,
                    person=PersonData(name=name, id_number=_id(birth, seq), phone=phone),
                    now=now - dt.timedelta(days=800),
                )
            for tag in tags:
                actions.care_tag_set(actor=None, resident=household.head, tag=tag)  # type: ignore[arg-type]
            if phone == "13800000001":
                user = User.objects.filter(display_name="王阿姨（居民）").first()
                if user is not None:
                    actions.resident_link_account(actor=None, resident=household.head, user=user)  # type: ignore[arg-type]
        rented = actions.dwelling_create(
            actor=None, building=buildings["3号楼"], number="1-101", use="rented"
        )
        actions.dwelling_create(actor=None, building=buildings["3号楼"], number="1-102", use="rented")
        today = timezone.localdate(now)
        actions.rental_register(
            actor=None,
            dwelling=rented,
            landlord_name="周先生",
            landlord_phone="13600000020",
            start=today - dt.timedelta(days=340),
            end=today + dt.timedelta(days=25),
            tenants=[PersonData(name="吴杰", id_number=_id("19950303", "039"), phone="13600000021")],
        )
        # 人户分离: a flat whose family lives in Haidian, a collective household and a 空挂户.
        away = actions.dwelling_create(actor=None, building=buildings["2号楼"], number="2-101")
        actions.household_register(
            actor=None,
            community=community,
            dwelling=away,
            head=PersonData(
                name="钱卫东",
                id_number=_id("19680707", "051"),
                lives_where="elsewhere",
                lives_code="110108",
                lives_address="海淀区学院路",
                lives_since=today - dt.timedelta(days=800),
            ),
        )
        actions.household_register(
            actor=None,
            community=community,
            collective_unit="幸福里社区集体户",
            head=PersonData(name="郑小飞", id_number=_id("19990909", "073")),
        )
        actions.household_register(
            actor=None,
            community=community,
            head=PersonData(name="冯空挂", id_number=_id("19851212", "095"), lives_where="unknown"),
        )
        worker = User.objects.filter(username="worker_a").first()
        if worker is not None:
            actions.building_assign(actor=None, building=buildings["1号楼"], worker=worker)
            actions.building_assign(actor=None, building=buildings["2号楼"], worker=worker)
    return "demo registry: 8 households, 1 rental"
