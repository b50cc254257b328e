"""Races on PostgreSQL (row locks): two providers accepting one order, two redemptions of one
entitlement's last unit. Exactly one wins each time. SQLite serialises writes and is skipped."""

import datetime as dt
import threading

import pytest
from django.db import connection

from linli.common.errors import DomainError
from linli.services import actions, care
from linli.services.models import Entitlement, Mode, Order, Redemption, Status
from linli.services.tests.conftest import NOW

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises every write")


def test_two_providers_accepting_one_order_at_once_exactly_one_wins(scene, tree, resident, worker_a):
    order = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="漏水", now=NOW
    )
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.BROADCAST, now=NOW)
    eta = NOW + dt.timedelta(hours=1)
    results = _race(
        lambda: actions.order_accept(
            actor=scene.fixit_user, order=order, provider=scene.fixit, eta=eta, now=NOW
        ),
        lambda: actions.order_accept(
            actor=scene.handy_user, order=order, provider=scene.handy, eta=eta, now=NOW
        ),
    )
    # Both calls answered: one won, the other was told the order is gone (a deadlock or any
    # other error would leave a thread without a result).
    assert len(results) == 2 and sum(isinstance(r, Order) for r in results) == 1
    assert [r for r in results if not isinstance(r, Order)] == ["offer_closed"]
    assert Order.objects.get(pk=order.pk).status == Status.ACCEPTED


def test_two_redemptions_of_the_last_unit_at_once_exactly_one_succeeds(scene, worker_a):
    ent = care.entitlement_grant(
        actor=worker_a, resident=scene.me, kind="meals", month=NOW.date(), granted=1, reason="独居", now=NOW
    )
    results = _race(
        lambda: care._redeem(actor=None, entitlement=ent, units=1, provider=None, now=NOW),
        lambda: care._redeem(actor=None, entitlement=ent, units=1, provider=None, now=NOW),
    )
    assert sorted(map(str, results)).count("no_balance") == 1
    assert Redemption.objects.count() == 1
    assert Entitlement.objects.get(pk=ent.pk).used == 1


def test_two_payments_in_hours_of_one_order_at_once_exactly_one(scene, tree, resident):
    from linli.services.models import ServiceType
    from linli.services.tests.test_hours import give_hours
    from linli.volunteers.models import Account

    ServiceType.objects.filter(pk=scene.cleaning.pk).update(hours_minutes=60)
    account = give_hours(scene.me, 600)
    order = actions.order_create(
        actor=resident, service=scene.cleaning, community=tree.community_a, description="擦窗户", now=NOW
    )
    results = _race(
        lambda: actions.order_pay_hours(actor=None, order=order, now=NOW),
        lambda: actions.order_pay_hours(actor=None, order=order, now=NOW),
    )
    assert sorted(map(str, results)).count("already_paid") == 1 and len(results) == 2
    assert Account.objects.get(pk=account.pk).balance == 540


def test_two_visits_recorded_at_once_take_the_last_care_hour_once(scene, worker_a):
    scene.handy.services.add(scene.cleaning)
    plan = actions.care_plan_create(
        actor=worker_a,
        resident=scene.me,
        provider=scene.handy,
        every_days=7,
        first_due=NOW.date() + dt.timedelta(days=2),
        note="助浴",
        now=NOW,
    )
    ent = care.entitlement_grant(
        actor=worker_a,
        resident=scene.me,
        kind="care_hours",
        month=NOW.date(),
        granted=1,
        reason="一级残疾",
        now=NOW,
    )
    when = NOW + dt.timedelta(hours=1)
    results = _race(
        lambda: actions.care_visit_record(actor=None, plan=plan, visited_at=when, done="助浴", now=when),
        lambda: actions.care_visit_record(actor=None, plan=plan, visited_at=when, done="陪聊", now=when),
    )
    # Both visits are recorded; the entitlement's one hour paid exactly one of them.
    assert len(results) == 2 and all(not isinstance(r, str) for r in results)
    assert Redemption.objects.filter(entitlement=ent).count() == 1
    assert Entitlement.objects.get(pk=ent.pk).used == 1
