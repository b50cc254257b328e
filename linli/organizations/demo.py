"""Demo organizations for 建外街道 (110105001000): social organizations of every type in its
communities (one a fitness association with sports instructors), members and officers (the demo
resident runs the dance team), activities, a report filed and one overdue, a government service
contract paid through the ledger, a Party committee with branches, members and a transfer, and
the Party worker of each community. All through the actions, as the system (actor None)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.organizations import actions
from linli.organizations.models import MemberRole, Organization, PartyKind
from linli.registry.models import Resident, ResidentStatus

STREET = "110105001000"

ORGS = [
    # name, kind, standing, fitness, incubation, purpose
    ("建外社区舞蹈队", "culture", "filed", False, "none", "广场舞、文艺演出"),
    ("建外健身协会", "sport", "filed", True, "graduated", "组织居民健身、体质测试"),
    ("邻里互助社", "mutual_aid", "filed", False, "incubating", "老人互助、邻里守望"),
    ("为老服务中心", "life_services", "registered", False, "none", "助餐、助浴、代购"),
    ("爱心公益社", "charity", "filed", False, "none", "济困助学、爱心捐赠"),
    ("法律咨询志愿服务队", "professional", "filed", False, "none", "法律咨询、调解协助"),
]
PEOPLE = ["王芳", "李强", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄勇"]


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    street = Area.objects.filter(code=STREET).first()
    if street is None:
        return
    communities = list(Area.objects.filter(parent=street, level="community").order_by("code"))
    if not communities or Organization.objects.filter(community__in=communities).exists():
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    resident_user = User.objects.filter(username="resident").first()
    with transaction.atomic():
        for n, community in enumerate(communities):
            orgs = []
            for i, (name, kind, standing, fitness, incubation, purpose) in enumerate(ORGS):
                if fitness and n % 3 == 2:
                    continue  # one community in three without a fitness association: below 90%
                orgs.append(
                    actions.organization_register(
                        actor=None,
                        community=community,
                        name=name,
                        kind=kind,
                        standing=standing,
                        founded_on=today.replace(year=today.year - 3 - i % 3, month=3, day=1),
                        contact_name=PEOPLE[i % len(PEOPLE)],
                        contact_phone=f"1391000{n:02d}{i:02d}",
                        purpose=purpose,
                        is_fitness_association=fitness,
                        incubation=incubation,
                        now=now,
                    )
                )
            residents = list(
                Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE).order_by("pk")[:6]
            )
            for j, org in enumerate(orgs):
                chair_user = resident_user if (n == 0 and j == 0 and resident_user) else None
                actions.member_add(
                    actor=None,
                    org=org,
                    name=residents[0].name if residents and chair_user else PEOPLE[j % len(PEOPLE)],
                    resident=residents[0] if residents and chair_user else None,
                    user=chair_user,
                    role=MemberRole.CHAIR,
                    joined_on=org.founded_on,
                    now=now,
                )
                for k in range(3):
                    actions.member_add(
                        actor=None,
                        org=org,
                        name=PEOPLE[(j + k + 1) % len(PEOPLE)],
                        joined_on=org.founded_on,
                        sports_instructor=org.is_fitness_association and k < 2,
                        now=now,
                    )
                actions.activity_record(
                    actor=None,
                    org=org,
                    title=f"{org.name}月度活动",
                    held_on=today - dt.timedelta(days=7 + j),
                    place="社区活动室",
                    participants=20 + j,
                    is_volunteer=org.kind in ("charity", "mutual_aid"),
                    now=now,
                )
                if j % 2 == 0:
                    actions.report_submit(
                        actor=None,
                        org=org,
                        year=today.year - 1,
                        summary="全年开展活动十余次，服务居民数百人次。",
                        activities_held=12,
                        now=now,
                    )
            actions.contract_sign(
                actor=None,
                org=orgs[3],
                title="居家养老助餐服务",
                amount_fen=12_000_00,
                starts_on=today.replace(month=1, day=1),
                ends_on=today.replace(month=12, day=31),
                now=now,
            )
            committee = actions.party_org_add(
                actor=None,
                community=community,
                kind=PartyKind.COMMITTEE,
                name=f"{community.name}党委",
                now=now,
            )
            branches = [
                actions.party_org_add(
                    actor=None,
                    community=community,
                    kind=PartyKind.BRANCH,
                    name=f"{community.name}第{b}党支部",
                    parent=committee,
                    secretary_name=PEOPLE[b],
                    now=now,
                )
                for b in (1, 2)
            ]
            for m, person in enumerate(PEOPLE[:4]):
                actions.party_member_add(
                    actor=None,
                    party_org=branches[m % 2],
                    name=person,
                    joined_party_on=dt.date(1990 + m * 5, 7, 1),
                    transferred_from="东城区某街道党工委" if m == 3 else "",
                    on=today - dt.timedelta(days=30),
                    now=now,
                )
            actions.party_worker_set(
                actor=None,
                community=community,
                name=PEOPLE[(n + 5) % len(PEOPLE)],
                phone=f"1381000{n:04d}",
                since=today.replace(year=today.year - 1, month=1, day=1),
                now=now,
            )
    if out is not None:
        out.write(f"organizations: {len(communities)} communities of {STREET}\n")
