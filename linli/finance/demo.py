"""Demo money for 幸福里社区 (110105001001), made through the actions. Idempotent."""

import datetime as dt
from typing import Any

from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.finance.actions import (
    budget_set,
    donation_record,
    funding_compute,
    ledger_entry_approve,
    ledger_entry_create,
    ledger_entry_review,
)
from linli.finance.models import FundingRun, LedgerEntry

COMMUNITY = "110105001001"

# (month, fund, direction, category, yuan, description)
ENTRIES = [
    (1, "office", "income", "allocation", 52_000, "区财政拨付办公经费"),
    (1, "welfare", "income", "allocation", 80_000, "市公益事业补助资金"),
    (2, "office", "expense", "office_supplies", 1_260, "打印纸、墨盒"),
    (3, "welfare", "expense", "activities", 4_800, "元宵节邻里联欢会"),
    (4, "office", "expense", "utilities", 2_150, "一季度水电及网络费"),
    (5, "welfare", "expense", "environment", 9_600, "小区绿化补种"),
    (6, "welfare", "expense", "services", 6_300, "为老服务助餐点补贴"),
    (7, "office", "expense", "maintenance", 3_400, "活动室空调维修"),
    (8, "welfare", "expense", "relief", 5_000, "困难家庭慰问"),
]


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    community = Area.objects.filter(code=COMMUNITY).first()
    worker = User.objects.filter(username="worker_a").first()
    auditor = User.objects.filter(username="auditor_a").first()
    director = User.objects.filter(username="director_a").first()
    admin = User.objects.filter(username="admin").first()
    if not (community and worker and auditor and director and admin):
        return
    if LedgerEntry.objects.filter(community=community).exists():
        return
    today = timezone.localdate(now or timezone.now())
    year = today.year
    if not FundingRun.objects.filter(year=year).exists():
        from linli.registry.queries import households_on

        # The demo's households were all registered today, after the year's reference date
        # (31 December before): count them as they are, so the demo shows money.
        funding_compute(actor=admin, year=year, counts=households_on(today))
    for fund, yuan in (("office", 50_000), ("welfare", 80_000), ("donations", 20_000)):
        budget_set(actor=director, community=community, year=year, fund=fund, amount_fen=yuan * 100)

    def approve(entry: LedgerEntry) -> None:
        ledger_entry_review(actor=auditor, entry=entry)
        ledger_entry_approve(actor=director, entry=entry)

    for month, fund, direction, category, yuan, text in ENTRIES:
        day = dt.date(year, month, 10)
        if day > today:
            continue
        approve(
            ledger_entry_create(
                actor=worker,
                community=community,
                fund=fund,
                direction=direction,
                category=category,
                amount_fen=yuan * 100,
                occurred_on=day,
                description=text,
            )
        )
    received = min(today, dt.date(year, 2, 1))
    donation = donation_record(
        actor=worker,
        community=community,
        receipt_number=f"JZ-{year}-001",
        donor_kind="unit",
        donor_name="建外某超市",
        anonymous=False,
        kind="money",
        amount_fen=1_500_000,
        purpose="慰问困难老人",
        received_on=received,
    )
    approve(LedgerEntry.objects.get(donation=donation, direction="income"))
    approve(
        ledger_entry_create(
            actor=worker,
            community=community,
            fund="donations",
            direction="expense",
            category="relief",
            amount_fen=620_000,
            occurred_on=received,
            description="春节慰问品（米、面、油）",
            donation=donation,
        )
    )
    donation_record(
        actor=worker,
        community=community,
        receipt_number=f"JZ-{year}-002",
        donor_kind="person",
        donor_name="一位居民",
        anonymous=True,
        kind="goods",
        amount_fen=80_000,
        goods="轮椅两台",
        purpose="借给行动不便的居民",
        received_on=received,
    )
    if out is not None:
        out.write("demo finance: loaded for 幸福里社区")
