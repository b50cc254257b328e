"""Finance on the home page: the entry waits on the auditor's home, then on the director's."""

import datetime as dt

from linli.finance.actions import ledger_entry_create, ledger_entry_review


def _tile(tiles, part):
    [tile] = [t for t in tiles if part in t.url]
    return tile


def test_an_entry_waits_first_for_review_then_for_approval(tree, worker_a, auditor_a, director_a, login):
    entry = ledger_entry_create(
        actor=worker_a,
        community=tree.community_a,
        fund="office",
        direction="expense",
        category="office_supplies",
        amount_fen=10000,
        occurred_on=dt.date(2026, 1, 15),
        description="办公用品",
    )
    auditor = login(auditor_a)
    tiles = auditor.get("/").context["tiles"]
    review = _tile(tiles, "status=entered")
    assert review.count == 1
    assert auditor.get(review.url).status_code == 200
    assert _tile(tiles, "/audit/").url == "/audit/"
    assert _tile(login(director_a).get("/").context["tiles"], "status=reviewed").count == 0
    ledger_entry_review(actor=auditor_a, entry=entry)
    assert _tile(auditor.get("/").context["tiles"], "status=entered").count == 0
    assert _tile(login(director_a).get("/").context["tiles"], "status=reviewed").count == 1


def test_workers_get_no_finance_tasks(worker_a, login):
    assert not [t for t in login(worker_a).get("/").context["tiles"] if "/finance/" in t.url]
