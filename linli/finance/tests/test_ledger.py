import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from linli.common.errors import DomainError, Forbidden, NotFound
from linli.finance import queries
from linli.finance.actions import (
    budget_set,
    ledger_entry_approve,
    ledger_entry_create,
    ledger_entry_reject,
    ledger_entry_reverse,
    ledger_entry_review,
    period_close,
)
from linli.finance.models import LedgerEntry

JAN = dt.date(2026, 1, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def enter(user, community, **kw):
    values = dict(
        fund="office",
        direction="expense",
        category="office_supplies",
        amount_fen=12_345,
        occurred_on=JAN,
        description="打印纸",
    )
    values.update(kw)
    return ledger_entry_create(actor=user, community=community, **values)


def test_entered_reviewed_approved_then_counted(tree, worker_a, auditor_a, director_a):
    entry = enter(worker_a, tree.community_a)
    assert queries.balances(tree.community_a)["office"] == 0  # pending entries count nothing
    ledger_entry_review(actor=auditor_a, entry=entry)
    assert queries.balances(tree.community_a)["office"] == 0
    ledger_entry_approve(actor=director_a, entry=entry)
    assert queries.balances(tree.community_a)["office"] == -12_345


@pytest.mark.parametrize("who", ["worker_a", "auditor_a", "street_officer"])
def test_approval_by_the_wrong_role_is_refused(request, tree, worker_a, auditor_a, director_a, who):
    entry = enter(worker_a, tree.community_a)
    ledger_entry_review(actor=auditor_a, entry=entry)
    with pytest.raises(Forbidden):
        ledger_entry_approve(actor=request.getfixturevalue(who), entry=entry)
    entry.refresh_from_db()
    assert entry.status == "reviewed"


def test_review_is_only_for_the_finance_group(tree, worker_a, director_a):
    entry = enter(worker_a, tree.community_a)
    for user in (worker_a, director_a):
        with pytest.raises(Forbidden):
            ledger_entry_review(actor=user, entry=entry)


def test_approval_needs_the_review_first(tree, worker_a, director_a):
    entry = enter(worker_a, tree.community_a)
    with pytest.raises(DomainError) as exc:
        ledger_entry_approve(actor=director_a, entry=entry)
    assert exc.value.code == "not_reviewed"


def test_director_cannot_approve_what_they_entered(tree, director_a, auditor_a):
    entry = enter(director_a, tree.community_a)
    ledger_entry_review(actor=auditor_a, entry=entry)
    with pytest.raises(Forbidden):
        ledger_entry_approve(actor=director_a, entry=entry)


def test_api_approval_by_the_wrong_role_is_403(tree, worker_a, auditor_a, login):
    entry = enter(worker_a, tree.community_a)
    ledger_entry_review(actor=auditor_a, entry=entry)
    response = login(worker_a).post(f"/api/v1/finance/entries/{entry.code}/approve")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_a_closed_period_cannot_be_changed(tree, worker_a, director_a, approved):
    approved(amount_fen=5_000)
    period_close(actor=director_a, community=tree.community_a, kind="month", start=dt.date(2026, 1, 1))
    with pytest.raises(DomainError) as exc:
        enter(worker_a, tree.community_a, occurred_on=dt.date(2026, 1, 31))
    assert exc.value.code == "period_closed"
    # February is still open.
    enter(worker_a, tree.community_a, occurred_on=dt.date(2026, 2, 1))


def test_a_period_with_pending_entries_does_not_close(tree, worker_a, director_a):
    enter(worker_a, tree.community_a)
    with pytest.raises(DomainError) as exc:
        period_close(actor=director_a, community=tree.community_a, kind="quarter", start=dt.date(2026, 2, 10))
    assert exc.value.code == "entries_pending"


def test_a_period_closes_only_after_it_ends(tree, director_a):
    with pytest.raises(DomainError) as exc:
        period_close(actor=director_a, community=tree.community_a, kind="month", start=dt.date(2099, 1, 1))
    assert exc.value.code == "period_not_over"


def test_entries_of_a_closed_quarter_cannot_be_reviewed(tree, worker_a, auditor_a, director_a):
    entry = enter(worker_a, tree.community_a)
    ledger_entry_reject(actor=auditor_a, entry=entry, reason="凭证不全")
    period_close(actor=director_a, community=tree.community_a, kind="quarter", start=JAN)
    with pytest.raises(DomainError):
        ledger_entry_reject(actor=auditor_a, entry=entry, reason="again")


def test_a_reversal_restores_balances(tree, worker_a, auditor_a, director_a, approved):
    approved(amount_fen=50_000, direction="income", category="allocation")
    wrong = approved(amount_fen=20_000)
    assert queries.balances(tree.community_a)["office"] == 30_000
    reversal = ledger_entry_reverse(
        actor=worker_a, entry=wrong, reason="金额录错", occurred_on=dt.date(2026, 2, 3)
    )
    assert reversal.amount_fen == -20_000 and reversal.reverses == wrong
    ledger_entry_review(actor=auditor_a, entry=reversal)
    ledger_entry_approve(actor=director_a, entry=reversal)
    assert queries.balances(tree.community_a)["office"] == 50_000
    wrong.refresh_from_db()
    assert wrong.amount_fen == 20_000 and wrong.status == "approved"  # never edited
    with pytest.raises(DomainError):
        ledger_entry_reverse(actor=worker_a, entry=wrong, reason="again")


def test_a_closed_periods_entry_is_corrected_in_an_open_period(tree, worker_a, director_a, approved):
    wrong = approved(amount_fen=7_000)
    period_close(actor=director_a, community=tree.community_a, kind="month", start=JAN)
    with pytest.raises(DomainError):
        ledger_entry_reverse(actor=worker_a, entry=wrong, reason="x", occurred_on=JAN)
    reversal = ledger_entry_reverse(
        actor=worker_a, entry=wrong, reason="录错", occurred_on=dt.date(2026, 2, 1)
    )
    assert reversal.occurred_on == dt.date(2026, 2, 1)


def test_category_must_match_direction(tree, worker_a):
    with pytest.raises(DomainError) as exc:
        enter(worker_a, tree.community_a, direction="income", category="office_supplies")
    assert "category" in exc.value.fields


def test_outsider_cannot_write_to_another_communitys_ledger(tree, worker_b, login):
    with pytest.raises(NotFound):
        enter(worker_b, tree.community_a)
    client = login(worker_b)
    response = client.post(
        f"/api/v1/finance/communities/{tree.community_a.code}/entries",
        {
            "fund": "office",
            "direction": "expense",
            "category": "office_supplies",
            "amount_fen": 100,
            "occurred_on": "2026-01-10",
            "description": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        f"/finance/c/{tree.community_a.code}/new/",
        {
            "direction": "expense",
            "fund": "office",
            "category": "office_supplies",
            "amount": "1",
            "occurred_on": "2026-01-10",
            "description": "x",
        },
    )
    assert response.status_code == 404
    assert not LedgerEntry.objects.exists()


def test_outsider_cannot_see_or_act_on_another_communitys_entry(tree, worker_a, worker_b, login):
    entry = enter(worker_a, tree.community_a)
    client = login(worker_b)
    assert client.get(f"/api/v1/finance/entries/{entry.code}").status_code == 404
    assert client.post(f"/api/v1/finance/entries/{entry.code}/review").status_code == 404
    assert client.get(f"/finance/e/{entry.code}/").status_code == 404
    assert client.get(f"/finance/c/{tree.community_a.code}/").status_code == 404
    assert client.get(f"/api/v1/finance/communities/{tree.community_a.code}/entries").status_code == 404


def test_resident_cannot_see_the_staff_ledger(tree, resident, login):
    assert login(resident).get(f"/finance/c/{tree.community_a.code}/").status_code == 404


def test_voucher_must_be_pdf_or_image(tree, worker_a):
    with pytest.raises(DomainError) as exc:
        enter(worker_a, tree.community_a, voucher=SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>"))
    assert exc.value.code == "voucher_type"
    assert not LedgerEntry.objects.exists()


def test_voucher_size_is_limited(tree, worker_a, settings):
    settings.LINLI_VOUCHER_MAX_BYTES = 10
    with pytest.raises(DomainError) as exc:
        enter(worker_a, tree.community_a, voucher=SimpleUploadedFile("a.pdf", PDF))
    assert exc.value.code == "voucher_too_large"


def test_voucher_is_served_only_to_those_who_see_the_entry(
    tree, worker_a, auditor_a, worker_b, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    entry = enter(worker_a, tree.community_a, voucher=SimpleUploadedFile("发票.pdf", PDF))
    response = login(auditor_a).get(f"/finance/e/{entry.code}/voucher/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(worker_b).get(f"/finance/e/{entry.code}/voucher/").status_code == 404
    from django.test import Client

    assert Client().get(f"/finance/e/{entry.code}/voucher/").status_code == 302  # to sign-in
    assert (
        entry.voucher.name not in Client().get(f"/public/{tree.community_a.code}/finance/").content.decode()
    )


def test_entry_form_keeps_what_was_typed(tree, worker_a, login):
    response = login(worker_a).post(
        f"/finance/c/{tree.community_a.code}/new/",
        {
            "direction": "expense",
            "fund": "office",
            "category": "office_supplies",
            "amount": "12.345",
            "occurred_on": "2026-01-10",
            "description": "社区活动横幅",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "社区活动横幅" in page and "12.345" in page


def test_entry_through_the_browser_then_review_and_approve(tree, worker_a, auditor_a, director_a, login):
    response = login(worker_a).post(
        f"/finance/c/{tree.community_a.code}/new/",
        {
            "direction": "expense",
            "fund": "office",
            "category": "office_supplies",
            "amount": "1,250.50",
            "occurred_on": "2026-01-10",
            "description": "社区活动横幅",
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.amount_fen == 125_050
    assert login(auditor_a).post(f"/finance/e/{entry.code}/review/").status_code == 302
    assert login(director_a).post(f"/finance/e/{entry.code}/approve/").status_code == 302
    entry.refresh_from_db()
    assert entry.status == "approved"
    page = login(director_a).get(f"/finance/c/{tree.community_a.code}/?year=2026").content.decode()
    assert "1,250.50" in page


def test_the_budget_left_shows_the_share_left_not_the_share_spent(tree, director_a, approved, login):
    budget_set(actor=director_a, community=tree.community_a, year=2026, fund="office", amount_fen=5_000_000)
    approved(amount_fen=4_319_000)  # 86% spent, 14% left
    client = login(director_a)
    zh = client.get(f"/finance/c/{tree.community_a.code}/?year=2026").content.decode()
    assert "6,810.00 (剩余 14%)" in zh and "43,190.00 (占预算 86%)" in zh
    en = client.get(
        f"/finance/c/{tree.community_a.code}/?year=2026", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "6,810.00 (14% left)" in en and "43,190.00 (86% of the budget)" in en


def test_wrong_role_in_the_browser_gets_a_message_not_a_change(tree, worker_a, auditor_a, login):
    entry = enter(worker_a, tree.community_a)
    ledger_entry_review(actor=auditor_a, entry=entry)
    response = login(worker_a).post(f"/finance/e/{entry.code}/approve/", follow=True)
    assert "message error" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "reviewed"


def test_budget_versus_actual(tree, director_a, approved, login):
    budget_set(actor=director_a, community=tree.community_a, year=2026, fund="office", amount_fen=100_000)
    approved(amount_fen=25_000)
    office = next(
        f
        for f in queries.fund_totals(tree.community_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 2026)
        if f.fund == "office"
    )
    assert (office.budget_fen, office.expense_fen, office.budget_left_fen, office.budget_used_percent) == (
        100_000,
        25_000,
        75_000,
        25,
    )
    body = (
        login(director_a).get(f"/api/v1/finance/communities/{tree.community_a.code}/summary?year=2026").json()
    )
    assert {
        "fund": "office",
        "income_fen": 0,
        "expense_fen": 25_000,
        "balance_fen": -25_000,
        "budget_fen": 100_000,
    } in body["funds"]


def test_only_the_director_sets_the_budget(tree, worker_a):
    with pytest.raises(Forbidden):
        budget_set(actor=worker_a, community=tree.community_a, year=2026, fund="office", amount_fen=1)


def test_close_period_through_the_api(tree, director_a, worker_b, login):
    url = f"/api/v1/finance/communities/{tree.community_a.code}/periods"
    assert (
        login(worker_b)
        .post(url, {"kind": "month", "start": "2026-01-01"}, content_type="application/json")
        .status_code
        == 404
    )
    response = login(director_a).post(
        url, {"kind": "month", "start": "2026-01-20"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["start"] == "2026-01-01" and response.json()["end"] == "2026-01-31"
    again = login(director_a).post(
        url, {"kind": "month", "start": "2026-01-01"}, content_type="application/json"
    )
    assert again.status_code == 409


def test_monthly_totals_match_the_entries_after_approvals_and_reversals(
    tree, worker_a, auditor_a, director_a, approved
):
    from django.core.management import call_command

    from linli.finance import totals

    approved(amount_fen=50_000, direction="income", category="allocation")
    wrong = approved(amount_fen=20_000)
    reversal = ledger_entry_reverse(
        actor=worker_a, entry=wrong, reason="录错", occurred_on=dt.date(2026, 2, 3)
    )
    ledger_entry_review(actor=auditor_a, entry=reversal)
    ledger_entry_approve(actor=director_a, entry=reversal)
    assert totals.rebuild() == 0  # nothing to fix: the actions kept them exact
    rows = queries.by_category(tree.community_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    scanned = queries.by_category(
        tree.community_a, dt.date(2026, 1, 2), dt.date(2026, 12, 31)
    )  # not whole months
    assert [(r.category, r.amount_fen) for r in rows] == [(r.category, r.amount_fen) for r in scanned]
    from linli.finance.models import LedgerMonth

    LedgerMonth.objects.all().delete()
    out = io.StringIO()
    call_command("finance_totals_rebuild", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert totals.rebuild() == 0


def test_api_entry_with_voucher_upload(tree, worker_a, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = login(worker_a).post(
        f"/api/v1/finance/communities/{tree.community_a.code}/entries/with-voucher",
        {
            "fund": "office",
            "direction": "expense",
            "category": "office_supplies",
            "amount_fen": "2500",
            "occurred_on": "2026-01-10",
            "description": "文具",
            "voucher": SimpleUploadedFile(
                "receipt.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"
            ),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_voucher"] is True
    bad = login(worker_a).post(
        f"/api/v1/finance/communities/{tree.community_a.code}/entries/with-voucher",
        {
            "fund": "office",
            "direction": "expense",
            "category": "office_supplies",
            "amount_fen": "2500",
            "occurred_on": "2026-01-10",
            "description": "文具",
            "voucher": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="image/png"),
        },
    )
    assert bad.status_code == 400 and "voucher" in bad.json()["fields"]
    assert LedgerEntry.objects.count() == 1


def test_ledger_page_does_a_fixed_number_of_queries(tree, worker_a, login, django_assert_max_num_queries):
    client = login(worker_a)
    for i in range(3):
        enter(worker_a, tree.community_a, amount_fen=100 + i)
    client.get(f"/finance/c/{tree.community_a.code}/?year=2026")
    with django_assert_max_num_queries(20) as few:
        client.get(f"/finance/c/{tree.community_a.code}/?year=2026")
    for i in range(20):
        enter(worker_a, tree.community_a, amount_fen=1000 + i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/finance/c/{tree.community_a.code}/?year=2026")


def test_a_rejected_reversal_leaves_the_entry_to_be_reversed_again(tree, worker_a, auditor_a, approved):
    entry = approved(amount_fen=3_000)
    first = ledger_entry_reverse(actor=worker_a, entry=entry, reason="录错", occurred_on=dt.date(2026, 2, 3))
    ledger_entry_reject(actor=auditor_a, entry=first, reason="其实没错")
    assert queries.reversal_of(entry) is None
    second = ledger_entry_reverse(
        actor=worker_a, entry=entry, reason="确实录错", occurred_on=dt.date(2026, 2, 4)
    )
    assert queries.reversal_of(entry) == second
    first.refresh_from_db()
    assert first.reverses == entry and first.status == "rejected"  # kept as it was
