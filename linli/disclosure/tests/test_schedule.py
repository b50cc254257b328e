import datetime as dt

import pytest
import time_machine

from linli.disclosure.actions import item_create, item_publish, overdue_refresh, schedule_set
from linli.disclosure.models import Overdue
from linli.disclosure.schedules import overdue


def finance_late(community, day):
    return [(r.start, r.end) for r in overdue([community], day) if r.category == "finance"]


def test_quarterly_finance_is_overdue_the_day_after_its_grace(tree):
    a = tree.community_a
    # Q1 2026 ends 31 March; default grace is 10 days: due 10 April.
    assert finance_late(a, dt.date(2026, 4, 10)) == []
    assert finance_late(a, dt.date(2026, 4, 11)) == [(dt.date(2026, 1, 1), dt.date(2026, 3, 31))]


def test_a_published_notice_covering_the_quarter_clears_it(tree, worker_a):
    item = item_create(
        actor=worker_a,
        community=tree.community_a,
        category="finance",
        title="2026年第一季度财务公开",
        body="收支情况如下。",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    assert finance_late(tree.community_a, dt.date(2026, 4, 20)) != []
    item_publish(actor=worker_a, item=item)
    assert finance_late(tree.community_a, dt.date(2026, 4, 20)) == []
    # Other communities are still late.
    assert finance_late(tree.community_b, dt.date(2026, 4, 20)) != []


def test_a_district_schedule_overrides_the_default_for_its_communities(tree, district_officer):
    schedule_set(
        actor=district_officer,
        area=tree.district,
        category="finance",
        frequency="month",
        grace_days=5,
        effective_from=dt.date(2026, 1, 1),
    )
    # January is due 5 February.
    assert finance_late(tree.community_a, dt.date(2026, 2, 5)) == []
    assert finance_late(tree.community_a, dt.date(2026, 2, 6)) == [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    ]


def test_nearest_area_rule_wins(tree, district_officer, city_admin):
    schedule_set(
        actor=city_admin,
        area=tree.city,
        category="safety",
        frequency="none",
        grace_days=0,
        effective_from=dt.date(2026, 1, 1),
    )
    schedule_set(
        actor=district_officer,
        area=tree.district,
        category="safety",
        frequency="year",
        grace_days=30,
        effective_from=dt.date(2025, 1, 1),
    )
    late = [r for r in overdue([tree.community_a], dt.date(2026, 2, 1)) if r.category == "safety"]
    assert [(r.start, r.due_on) for r in late] == [(dt.date(2025, 1, 1), dt.date(2026, 1, 30))]


def test_a_street_officer_cannot_set_schedules(tree, street_officer):
    from linli.common.errors import Forbidden

    with pytest.raises(Forbidden):
        schedule_set(
            actor=street_officer,
            area=tree.street,
            category="finance",
            frequency="month",
            grace_days=5,
            effective_from=dt.date(2026, 1, 1),
        )


def test_the_sweep_records_and_resolves_overdue_disclosures(tree, worker_a):
    with time_machine.travel(dt.datetime(2026, 4, 11, 9, 0, tzinfo=dt.UTC), tick=False):
        from linli.common.jobs import run_periodic_once
        from linli.common.sweeps import load_all

        load_all()
        assert "linli.disclosure.sweeps.disclosure_overdue_sweep" in run_periodic_once()
        rows = Overdue.objects.filter(community=tree.community_a, category="finance")
        assert [(r.period_start, r.due_on) for r in rows] == [(dt.date(2026, 1, 1), dt.date(2026, 4, 10))]
        assert overdue_refresh() == (0, 0)  # idempotent
        item = item_create(
            actor=worker_a,
            community=tree.community_a,
            category="finance",
            title="一季度财务",
            body="见附表",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 3, 31),
        )
        item_publish(actor=worker_a, item=item)
        assert rows.get().resolved_at is not None


def test_overdue_api_is_scoped_and_takes_a_day(tree, worker_a, login):
    body = login(worker_a).get("/api/v1/disclosure/overdue?day=2026-04-11").json()
    assert {r["community_code"] for r in body} == {tree.community_a.code}
    assert {"finance", "affairs", "safety"} <= {r["category"] for r in body}
    finance = next(r for r in body if r["category"] == "finance")
    assert finance["due_on"] == "2026-04-10" and finance["days_late"] == 1
    other = login(worker_a).get(f"/api/v1/disclosure/overdue?community={tree.community_b.code}")
    assert other.status_code == 404
