"""Demo tickets for `manage.py demo_load`: a few requests in every state, made through the actions."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.tickets import actions, setup
from linli.tickets.models import Category, Department, Ticket


def load_demo(stdout: Any = None, now: dt.datetime | None = None) -> int:
    """Idempotent: does nothing once the demo tickets exist (they carry external_ref 'demo-…')."""
    with transaction.atomic():
        return _load(stdout, now or timezone.now())


def _load(stdout: Any, now: dt.datetime) -> int:
    if Ticket.objects.filter(external_ref__startswith="demo-").exists():
        return 0
    try:
        community = Area.objects.get(code="110105001001")
        resident = User.objects.get(display_name="王阿姨（居民）")
        worker = User.objects.get(username="worker_a")
        street = User.objects.get(username="jianwai")
        agent = User.objects.get(username="agent")
        director = User.objects.get(username="director_a")
    except (Area.DoesNotExist, User.DoesNotExist):
        return 0
    for name in ("城管执法队", "房管所"):
        if not Department.objects.filter(street=community.parent, name=name).exists():
            setup.department_create(actor=street, street=community.parent, name=name)  # type: ignore[arg-type]
    department = Department.objects.get(street=community.parent, name="城管执法队")
    cat = {c.code: c for c in Category.objects.all()}
    made = 0

    def submit(actor: User | None, code: str, text: str, days_ago: int, **kw: Any) -> Ticket:
        nonlocal made
        made += 1
        return actions.ticket_submit(
            actor=actor,
            community=community,
            category=cat[code],
            description=text,
            external_ref=f"demo-{made}",
            now=now - dt.timedelta(days=days_ago, hours=2),
            **kw,
        )

    t1 = submit(resident, "neighbours-leak", "楼上卫生间漏水，渗到我家厨房顶棚。", 1)
    t5 = submit(resident, "environment-garbage", "小区东门垃圾桶满溢，无人清运。", 6)
    actions.ticket_accept(actor=worker, ticket=t5, now=now - dt.timedelta(days=6))
    actions.ticket_escalate(
        actor=worker, ticket=t5, reason="涉及环卫所清运，需街道协调。", now=now - dt.timedelta(days=5)
    )
    t2 = submit(resident, "facilities-lights", "3号楼门口路灯坏了一周，晚上很黑。", 9)
    actions.ticket_accept(actor=worker, ticket=t2, now=now - dt.timedelta(days=9))
    actions.ticket_resolve(
        actor=worker, ticket=t2, resolution="已联系物业更换灯泡。", now=now - dt.timedelta(days=8)
    )
    actions.ticket_evaluate(
        actor=resident, ticket=t2, resolved=True, satisfaction="satisfied", now=now - dt.timedelta(days=7)
    )
    t3 = submit(
        agent,
        "environment-noise",
        "夜间施工噪声扰民，已持续三晚。",
        3,
        channel="hotline",
        contact_phone="13700000001",
        anonymous=True,
    )
    # Noise goes to the street's one-stop hall first (the category's default level).
    actions.ticket_accept(actor=street, ticket=t3, now=now - dt.timedelta(days=3))
    actions.ticket_call_department(
        actor=street,
        ticket=t3,
        department=department,
        request="夜间到现场检查施工许可。",
        now=now - dt.timedelta(days=2),
    )
    t4 = submit(worker, "property-elevator", "5号楼2单元电梯停运，有老人出行困难。", 12, channel="visit")
    actions.ticket_accept(actor=worker, ticket=t4, now=now - dt.timedelta(days=12))
    actions.ticket_start(actor=worker, ticket=t4, now=now - dt.timedelta(days=11))
    actions.extension_request(
        actor=worker, ticket=t4, days=3, reason="等待电梯配件到货。", now=now - dt.timedelta(days=10)
    )
    actions.ticket_supervise(
        actor=director, ticket=t4, note="老人出行困难，请加快办理。", now=now - dt.timedelta(days=5)
    )
    submit(resident, "policy-social", "想咨询退休人员医保报销比例。", 0, kind="consultation")
    if stdout is not None:
        stdout.write(f"demo tickets: {made} new (e.g. {t1.code})")
    return made
