"""Every finance list and write endpoint answers 404 to a worker of another community."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.finance.actions import donation_record, ledger_entry_create


@pytest.fixture
def a_rows(tree, worker_a, approved):
    entry = approved(amount_fen=1_000)
    pending = ledger_entry_create(
        actor=worker_a,
        community=tree.community_a,
        fund="office",
        direction="expense",
        category="activities",
        amount_fen=500,
        occurred_on=dt.date(2026, 1, 20),
        description="待审",
    )
    donation = donation_record(
        actor=worker_a,
        community=tree.community_a,
        receipt_number="R-1",
        donor_kind="unit",
        donor_name="某公司",
        anonymous=False,
        kind="goods",
        amount_fen=100,
        goods="米",
        purpose="慰问",
        received_on=dt.date(2026, 1, 5),
    )
    return {
        "entry": entry.code,
        "pending": pending.code,
        "donation": donation.code,
        "a": tree.community_a.code,
    }


CASES = [
    ("get", "/api/v1/finance/communities/{a}/entries", None),
    ("get", "/api/v1/finance/communities/{a}/summary", None),
    ("get", "/api/v1/finance/communities/{a}/periods", None),
    ("get", "/api/v1/finance/communities/{a}/donations", None),
    ("get", "/api/v1/finance/entries/{entry}", None),
    ("post", "/api/v1/finance/entries/{pending}/review", None),
    ("post", "/api/v1/finance/entries/{pending}/reject", {"reason": "x"}),
    ("post", "/api/v1/finance/entries/{entry}/reverse", {"reason": "x"}),
    ("put", "/api/v1/finance/communities/{a}/budgets/2026/office", {"amount_fen": 1}),
    ("post", "/api/v1/finance/communities/{a}/periods", {"kind": "month", "start": "2026-01-01"}),
    ("get", "/finance/c/{a}/", None),
    ("get", "/finance/c/{a}/periods/", None),
    ("post", "/finance/c/{a}/periods/", {"kind": "month", "start": "2026-01-01"}),
    ("get", "/finance/c/{a}/budget/", None),
    ("post", "/finance/c/{a}/budget/", {"year": "2026", "fund": "office", "amount": "1"}),
    ("get", "/finance/c/{a}/donations/", None),
    ("get", "/finance/e/{entry}/", None),
    ("post", "/finance/e/{pending}/review/", None),
    ("post", "/finance/e/{entry}/reverse/", {"reason": "x"}),
]


@pytest.mark.parametrize(("method", "url", "body"), CASES)
def test_outsider_gets_404_and_changes_nothing(a_rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    path = url.format(**a_rows)
    if path.startswith("/api/") and body is not None:
        response = getattr(client, method)(path, body, content_type="application/json")
    else:
        response = getattr(client, method)(path, body or {})
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
