"""Races on PostgreSQL: two redemptions of the same hours at once, two sign-ups for the last place,
two check-ins of one sign-up. Exactly one wins each time. SQLite serialises writes and is skipped."""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from linli.common.errors import DomainError
from linli.volunteers import actions
from linli.volunteers.models import Account, Movement, SignUp, SignUpStatus, Transfer, TransferKind
from linli.volunteers.tests.conftest import END, NOW, START

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


def test_two_redemptions_of_the_same_hours_at_once_exactly_one_succeeds(scene, worker_a, resident):
    entry = actions.signup(actor=None, shift=scene.shift, volunteer=scene.me, now=NOW)
    actions.check_in(actor=worker_a, entry=entry, now=START)
    actions.check_out(actor=worker_a, entry=entry, now=END)
    actions.sign_off(actor=worker_a, entry=entry, minutes=120, now=END)
    account = Account.objects.get(volunteer=scene.me)
    results = _race(
        lambda: actions.hours_redeem(actor=resident, account=account, minutes=90, reason="助浴", now=END),
        lambda: actions.hours_redeem(actor=resident, account=account, minutes=90, reason="理发", now=END),
    )
    assert len(results) == 2 and results.count("no_balance") == 1
    assert Transfer.objects.filter(kind=TransferKind.REDEEMED).count() == 1
    assert Account.objects.get(pk=account.pk).balance == 30
    assert Movement.objects.aggregate(s=Sum("minutes"))["s"] == 0


def test_two_sign_ups_for_the_last_place_one_gets_it_one_waits(scene):
    actions.signup(actor=None, shift=scene.shift, volunteer=scene.third, now=NOW)
    results = _race(
        lambda: actions.signup(actor=None, shift=scene.shift, volunteer=scene.me, now=NOW),
        lambda: actions.signup(actor=None, shift=scene.shift, volunteer=scene.other, now=NOW),
    )
    assert sorted(r.status for r in results) == [SignUpStatus.CONFIRMED, SignUpStatus.WAITING]
    assert SignUp.objects.filter(status=SignUpStatus.CONFIRMED).count() == 2


def test_two_check_ins_at_once_are_one_entry(scene, worker_a):
    entry = actions.signup(actor=None, shift=scene.shift, volunteer=scene.me, now=NOW)
    results = _race(
        lambda: actions.check_in(actor=worker_a, entry=SignUp.objects.get(pk=entry.pk), now=START),
        lambda: actions.check_in(actor=worker_a, entry=SignUp.objects.get(pk=entry.pk), now=START),
    )
    assert len(results) == 2 and all(r.checked_in_at == START for r in results)


def test_the_database_refuses_a_transfer_that_does_not_sum_to_zero(scene):
    from django.db import transaction
    from django.db.utils import DatabaseError

    account = Account.objects.get(volunteer=scene.me)
    with pytest.raises(DatabaseError), transaction.atomic():
        t = Transfer.objects.create(code="HBAD", kind="earned", area=scene.me.community, at=NOW)
        Movement.objects.create(transfer=t, account=account, minutes=60)
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    actions.hours_carry_over(actor=None, volunteer=scene.me, minutes=60, reason="台账")
    with pytest.raises(DatabaseError), transaction.atomic():
        Movement.objects.update(minutes=1)  # append-only
    with pytest.raises(DatabaseError), transaction.atomic():
        Transfer.objects.all().delete()
