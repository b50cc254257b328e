"""Demo admission for 朝阳区 (110105), made through the actions. Idempotent.

The district's list with three items of the street's departments (the tickets' 吹哨报到 records),
a pending one-off task application for communities A and B, and community A's tasks in every state:
admitted and open, done and paid into the project fund, flagged outside the list, refused.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.operations.admission import actions
from linli.operations.emergencies import actions as emergency_actions
from linli.operations.emergencies import tasks as incident_tasks
from linli.operations.models import AdmissionItem, Application, CheckState, Incident
from linli.operations.welfare import actions as welfare_actions
from linli.tickets import calendar
from linli.tickets.models import Department

DISTRICT = "110105"
STREET = "110105001000"
COMMUNITY_A = "110105001001"
COMMUNITY_B = "110105001002"

# department, name, legal basis, holder, funding yuan, unit, (forms, meetings, certificates, ledgers)
ITEMS = [
    (
        "城管执法队",
        "门前三包责任书签订与巡查",
        "《北京市市容环境卫生条例》第二十条",
        "committee",
        20,
        "户",
        (1, 0, 0, 1),
    ),
    (
        "房管所",
        "老旧小区综合整治入户意见征集",
        "《北京市老旧小区综合整治工作手册》",
        "station",
        10,
        "户",
        (1, 1, 0, 0),
    ),
    (
        "城管执法队",
        "生活垃圾分类桶前值守",
        "《北京市生活垃圾管理条例》第三十二条",
        "station",
        50,
        "班",
        (0, 0, 0, 1),
    ),
]


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    district = Area.objects.filter(code=DISTRICT).first()
    a = Area.objects.filter(code=COMMUNITY_A).first()
    b = Area.objects.filter(code=COMMUNITY_B).first()
    street_user = User.objects.filter(username="jianwai").first()
    district_user = User.objects.filter(username="chaoyang").first()
    worker = User.objects.filter(username="worker_a").first()
    departments = {d.name: d for d in Department.objects.filter(street__code=STREET)}
    if not (district and a and b and street_user and district_user and worker and len(departments) >= 2):
        return
    if AdmissionItem.objects.filter(district=district).exists():
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        # Applied a season ago, so the 30 working days' notice and the start have passed.
        then = now - dt.timedelta(days=120)
        items = []
        for dept_name, name, basis, holder, yuan, unit, (forms, meetings, certificates, ledgers) in ITEMS:
            app = actions.application_submit(
                actor=street_user,
                department=departments[dept_name],
                kind="item",
                name=name,
                legal_basis=basis,
                holder=holder,
                funding_fen=yuan * 100,
                unit=unit,
                start_date=calendar.add_working_days(then, actions.ADVANCE_DAYS).date(),
                workload={
                    "forms": forms,
                    "meetings": meetings,
                    "certificates": certificates,
                    "ledgers": ledgers,
                },
                now=then,
            )
            actions.application_review(actor=street_user, application=app, approve=True, now=then)
            actions.application_decide(actor=district_user, application=app, approve=True, now=then)
            items.append(AdmissionItem.objects.get(application=app))
        # Waiting for the street: a one-off census task for both communities.
        actions.application_submit(
            actor=street_user,
            department=departments["房管所"],
            kind="task",
            name="房屋安全隐患排查入户协助",
            description="协助房管所对辖区平房和简易楼逐户排查，填写排查表。",
            legal_basis="《北京市房屋建筑使用安全管理办法》",
            holder="station",
            funding_fen=3000,
            unit="户",
            start_date=calendar.add_working_days(now, actions.ADVANCE_DAYS + 5).date(),
            task_due=calendar.add_working_days(now, actions.ADVANCE_DAYS + 25).date(),
            communities=[a, b],
            workload={"forms": 1, "ledgers": 1},
            now=now,
        )
        due = today + dt.timedelta(days=14)
        dept = departments["城管执法队"]
        actions.task_record(
            actor=worker,
            community=a,
            department=dept,
            title="本月桶前值守",
            due_date=due,
            item=items[2],
            units=20,
            now=now,
        )
        done = actions.task_record(
            actor=worker,
            community=a,
            department=dept,
            title="门前三包签约（第一批）",
            due_date=due,
            item=items[0],
            units=15,
            now=now,
        )
        actions.task_complete(actor=worker, task=done, now=now)
        actions.task_record(
            actor=worker,
            community=a,
            department=dept,
            title="开具辖区商户无违建证明",
            description="执法队电话要求社区为商户出具证明，不在准入清单内。",
            due_date=due,
            now=now,
        )
        refused = actions.task_record(
            actor=worker,
            community=a,
            department=departments["房管所"],
            title="代收物业费台账统计",
            due_date=due,
            now=now,
        )
        actions.task_refuse(actor=worker, task=refused, reason="不在区准入清单内，且非社区职责。", now=now)
    heat_wave(out, now)
    plans(out, now)
    if out is not None:
        n = Application.objects.filter(district=district).count()
        out.write(f"operations: {len(items)} admitted items, {n} applications, 4 tasks in {a.name}\n")


def heat_wave(out: Any, now: dt.datetime) -> None:
    """A heat wave over community A since this morning: an orange alert to its residents and a
    welfare check of its vulnerable residents, half of them already reached."""
    a = Area.objects.filter(code=COMMUNITY_A).first()
    worker = User.objects.filter(username="worker_a").first()
    if a is None or worker is None or Incident.objects.filter(area=a, kind="heat").exists():
        return
    opened = now - dt.timedelta(hours=3)
    with transaction.atomic():
        incident = emergency_actions.incident_open(
            actor=worker,
            area=a,
            kind="heat",
            level="2",
            title="高温橙色预警：连续三天 37℃ 以上",
            description="市气象台发布高温橙色预警，社区启动防暑降温应急预案。",
            now=opened,
        )
        emergency_actions.incident_note(
            actor=worker,
            incident=incident,
            note="开放社区服务站作为纳凉点，备好饮用水",
            assignee="社区服务站",
            now=opened,
        )
        # A task for a registered volunteer (one with an account sees it on their home page).
        volunteers = incident_tasks.volunteers_for(incident)
        volunteer = volunteers.filter(user__isnull=False).first() or volunteers.first()
        if volunteer is not None:
            incident_tasks.task_assign(
                actor=worker,
                incident=incident,
                task="为 3 号楼独居老人送解暑药品和饮用水",
                volunteer=volunteer,
                due_at=opened + dt.timedelta(hours=6),
                now=opened,
            )
        emergency_actions.alert_issue(
            actor=worker,
            area=a,
            incident=incident,
            kind="heat",
            level="2",
            headline="高温橙色预警",
            message="未来三天最高气温 37℃ 以上。",
            instruction="减少午后外出，多饮水；社区服务站开放纳凉。",
            hours=72,
            now=opened,
        )
        check = welfare_actions.check_build(
            actor=None, area=a, incident=incident, reason="高温橙色预警", escalate_after_hours=6, now=opened
        )
        items = list(check.items.order_by("pk"))
        for n, item in enumerate(items[: len(items) // 2]):
            state = CheckState.NEEDS_HELP if n == 0 else CheckState.SAFE
            welfare_actions.check_record(
                actor=None,
                item=item,
                state=state,
                method="visit" if n % 2 == 0 else "phone",
                note="家中空调故障，需维修" if state == CheckState.NEEDS_HELP else "",
                now=opened + dt.timedelta(minutes=30 + 10 * n),
            )
    if out is not None:
        out.write(
            f"operations: heat-wave incident with a volunteer's task, welfare check of {len(items)} residents,"
            " half recorded\n"
        )


def plans(out: Any, now: dt.datetime) -> None:
    """Community A's heat plan: a contact tree, the service-station shelter (open, two people in)
    and last month's drill."""
    from linli.operations.models import EmergencyPlan
    from linli.operations.plans import actions as plan_actions

    a = Area.objects.filter(code=COMMUNITY_A).first()
    worker = User.objects.filter(username="worker_a").first()
    if a is None or worker is None or EmergencyPlan.objects.filter(area=a).exists():
        return
    with transaction.atomic():
        plan = plan_actions.plan_save(
            actor=worker,
            area=a,
            kind="heat",
            title="社区防暑降温应急预案",
            summary="高温预警发布后：开放纳凉点，逐户探访独居、空巢、高龄老人，必要时转移至避暑点。",
            now=now,
        )
        for kind, name, duty in (
            ("worker", "社区书记", "总指挥"),
            ("worker", "包户社工", "逐户探访"),
            ("volunteer", "党员志愿者队", "陪护、送水"),
            ("department", "街道应急办", "调度与物资"),
        ):
            plan_actions.contact_add(actor=worker, plan=plan, kind=kind, name=name, duty=duty, now=now)
        plan_actions.drill_record(
            actor=worker,
            plan=plan,
            held_on=(now - dt.timedelta(days=30)).date(),
            scenario="午后高温停电，转移 10 位高龄老人",
            participants=26,
            findings="两户电话未接通，需更新联系人；纳凉点缺少折叠床。",
            now=now,
        )
        shelter = plan_actions.shelter_save(
            actor=worker, area=a, name="社区服务站纳凉点", address="社区服务站一层", capacity=40, now=now
        )
        plan_actions.shelter_open(actor=worker, shelter=shelter, is_open=True, now=now)
        for name in ("张大爷", "李奶奶"):
            plan_actions.stay_check_in(actor=worker, shelter=shelter, guest_name=name, now=now)
    if out is not None:
        out.write("operations: a heat plan with 4 contacts and a drill, a shelter with 2 people in\n")
