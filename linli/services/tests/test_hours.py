"""Paying an order with time-bank hours through the volunteers' ledger: once per order."""

import pytest
import time_machine

from linli.common.errors import DomainError
from linli.services import actions
from linli.services.models import Order, ServiceType
from linli.services.tests.conftest import NOW
from linli.volunteers.actions.ledger import _family_account, _post, system_account
from linli.volunteers.models import Account, AccountKind, TransferKind


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def give_hours(resident, minutes):
    account = _family_account(resident)
    _post(
        kind=TransferKind.GIFT,
        area=resident.community,
        legs=[(system_account(AccountKind.ISSUED, resident.community), -minutes), (account, minutes)],
        actor=None,
        now=NOW,
    )
    return account


@pytest.fixture
def hours_order(scene, tree, resident):
    ServiceType.objects.filter(pk=scene.cleaning.pk).update(hours_minutes=60)
    account = give_hours(scene.me, 90)
    order = actions.order_create(
        actor=resident, service=scene.cleaning, community=tree.community_a, description="擦窗户", now=NOW
    )
    return order, account


def test_the_resident_pays_with_hours_once(hours_order, resident, login):
    order, account = hours_order
    client = login(resident)
    data = client.post(f"/api/v1/services/orders/{order.code}/pay-hours").json()
    assert (data["paid_minutes"], bool(data["hours_transfer"])) == (60, True)
    assert Account.objects.get(pk=account.pk).balance == 30
    again = client.post(f"/api/v1/services/orders/{order.code}/pay-hours")
    assert again.status_code == 409 and again.json()["code"] == "already_paid"
    assert Account.objects.get(pk=account.pk).balance == 30
    assert "60" in client.get(f"/services/o/{order.code}/").content.decode()


def test_not_enough_hours_or_a_service_not_payable(scene, tree, resident, hours_order):
    order, account = hours_order
    Account.objects.filter(pk=account.pk).update(balance=10)
    with pytest.raises(DomainError) as exc:
        actions.order_pay_hours(actor=resident, order=order, now=NOW)
    assert exc.value.code == "no_balance"
    assert Order.objects.get(pk=order.pk).hours_transfer == ""
    repair = actions.order_create(
        actor=resident, service=scene.repair, community=tree.community_a, description="漏水", now=NOW
    )
    with pytest.raises(DomainError) as exc:
        actions.order_pay_hours(actor=resident, order=repair, now=NOW)
    assert exc.value.code == "not_payable_in_hours"


def test_the_station_pays_from_the_order_page(hours_order, worker_a, login):
    order, account = hours_order
    r = login(worker_a).post(f"/services/o/{order.code}/pay-hours/")
    assert r.status_code == 302
    assert Account.objects.get(pk=account.pk).balance == 30


@pytest.mark.parametrize("url", ["/services/o/{code}/pay-hours/", "/api/v1/services/orders/{code}/pay-hours"])
def test_outsiders_get_404(hours_order, worker_b, login, url):
    order, account = hours_order
    assert login(worker_b).post(url.format(code=order.code)).status_code == 404
    assert Account.objects.get(pk=account.pk).balance == 90
