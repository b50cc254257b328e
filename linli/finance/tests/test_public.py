import datetime as dt
import re

import pytest
from django.test import Client

from linli.common.errors import DomainError
from linli.finance.actions import (
    donation_record,
    funding_compute,
    ledger_entry_approve,
    ledger_entry_create,
    ledger_entry_review,
)
from linli.finance.models import LedgerEntry

EXTERNAL = re.compile(r"""(?:src|href|action)=["'](?:https?:)?//""", re.I)


@pytest.fixture
def donation(tree, worker_a, auditor_a, director_a):
    """20,000 yuan from an anonymous person, its income approved."""
    d = donation_record(
        actor=worker_a,
        community=tree.community_a,
        receipt_number="JZ-2026-001",
        donor_kind="person",
        donor_name="赵慈善",
        anonymous=True,
        kind="money",
        amount_fen=2_000_000,
        purpose="慰问困难老人",
        received_on=dt.date(2026, 2, 1),
    )
    income = LedgerEntry.objects.get(donation=d, direction="income")
    ledger_entry_review(actor=auditor_a, entry=income)
    ledger_entry_approve(actor=director_a, entry=income)
    return d


def spend(tree, worker_a, auditor_a, director_a, donation, amount_fen, approve=True):
    entry = ledger_entry_create(
        actor=worker_a,
        community=tree.community_a,
        fund="donations",
        direction="expense",
        category="relief",
        amount_fen=amount_fen,
        occurred_on=dt.date(2026, 2, 10),
        description="春节慰问品",
        donation=donation,
    )
    if approve:
        ledger_entry_review(actor=auditor_a, entry=entry)
        ledger_entry_approve(actor=director_a, entry=entry)
    return entry


def test_money_donation_enters_the_donations_fund(donation):
    income = LedgerEntry.objects.get(donation=donation, direction="income")
    assert (income.fund, income.category, income.amount_fen) == ("donations", "donation", 2_000_000)


def test_uses_cannot_exceed_the_donation(tree, worker_a, auditor_a, director_a, donation):
    spend(tree, worker_a, auditor_a, director_a, donation, 1_500_000)
    with pytest.raises(DomainError) as exc:
        spend(tree, worker_a, auditor_a, director_a, donation, 600_000, approve=False)
    assert exc.value.code == "donation_exhausted"


def test_receipt_numbers_are_unique_per_community(tree, worker_a, donation):
    with pytest.raises(DomainError) as exc:
        donation_record(
            actor=worker_a,
            community=tree.community_a,
            receipt_number="JZ-2026-001",
            donor_kind="unit",
            donor_name="某公司",
            anonymous=False,
            kind="goods",
            amount_fen=100,
            goods="大米",
            purpose="x",
            received_on=dt.date(2026, 2, 1),
        )
    assert "receipt_number" in exc.value.fields


def test_public_finance_page_needs_no_login_and_shows_no_personal_data(
    tree, worker_a, auditor_a, director_a, donation, city_admin
):
    funding_compute(actor=city_admin, year=2026, counts={tree.community_a.pk: {"registered": 2_100}})
    spend(tree, worker_a, auditor_a, director_a, donation, 300_000)
    pending = ledger_entry_create(
        actor=worker_a,
        community=tree.community_a,
        fund="office",
        direction="expense",
        category="activities",
        amount_fen=987_654,
        occurred_on=dt.date(2026, 3, 1),
        description="未审核的支出",
    )
    response = Client().get(f"/public/{tree.community_a.code}/finance/?year=2026")
    assert response.status_code == 200
    page = response.content.decode()
    assert "慰问困难老人" in page and "春节慰问品" in page and "3,000.00" in page
    assert "赵慈善" not in page  # anonymous on request
    assert "工作者甲" not in page and "主任甲" not in page  # no staff names either
    assert pending.description not in page and "9,876.54" not in page  # only approved figures
    assert "<svg" in page and not EXTERNAL.search(page)
    assert "84,000" in page  # 80,000 + 100 * 40: the calculation is shown
    donations = Client().get(f"/public/{tree.community_a.code}/donations/?year=2026").content.decode()
    assert "春节慰问品" in donations and "3,000.00" in donations and "17,000.00" in donations  # used, left
    assert "赵慈善" not in donations


def test_public_finance_api_hides_anonymous_donors(tree, donation, client):
    body = client.get(f"/api/v1/finance/public/{tree.community_a.code}?year=2026").json()
    assert body["donations"][0]["donor"] == ""
    assert "赵慈善" not in str(body)


def test_public_page_of_an_unknown_community_is_404(tree, client):
    assert client.get("/public/110105009999/finance/").status_code == 404
    assert client.get(f"/public/{tree.street.code}/finance/").status_code == 404


def test_public_finance_page_does_a_fixed_number_of_queries(
    tree, worker_a, auditor_a, director_a, donation, django_assert_max_num_queries
):
    for _ in range(5):
        spend(tree, worker_a, auditor_a, director_a, donation, 1_000)
    with django_assert_max_num_queries(12):
        Client().get(f"/public/{tree.community_a.code}/finance/?year=2026")


def test_staff_donation_list_shows_the_donor(tree, worker_a, donation, login):
    page = login(worker_a).get(f"/finance/c/{tree.community_a.code}/donations/").content.decode()
    assert "赵慈善" in page and "JZ-2026-001" in page


def test_outsider_cannot_record_a_donation_elsewhere(tree, worker_b, login):
    response = login(worker_b).post(
        f"/api/v1/finance/communities/{tree.community_a.code}/donations",
        {
            "receipt_number": "X1",
            "donor_kind": "unit",
            "donor_name": "某公司",
            "kind": "money",
            "amount_fen": 100,
            "purpose": "x",
            "received_on": "2026-02-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    response = login(worker_b).post(f"/finance/c/{tree.community_a.code}/donations/", {"receipt_number": "X"})
    assert response.status_code == 404
