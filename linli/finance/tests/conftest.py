"""Finance cast: the director and a democratic finance group member of community A."""

import datetime as dt

import pytest

from linli.accounts.actions import user_create
from linli.accounts.roles import Role

PASSWORD = "correct-horse-42"


@pytest.fixture
def director_a(tree):
    return user_create(
        actor=None,
        display_name="主任甲",
        username="director_a",
        password=PASSWORD,
        role=Role.DIRECTOR,
        area=tree.community_a,
    )


@pytest.fixture
def auditor_a(tree):
    return user_create(
        actor=None,
        display_name="理财小组甲",
        username="auditor_a",
        password=PASSWORD,
        role=Role.AUDITOR,
        area=tree.community_a,
    )


@pytest.fixture
def approved(tree, worker_a, auditor_a, director_a):
    """Enter, review and approve an entry in community A; returns a function."""
    from linli.finance.actions import ledger_entry_approve, ledger_entry_create, ledger_entry_review

    def make(
        amount_fen=10000,
        direction="expense",
        fund="office",
        category="office_supplies",
        occurred_on=dt.date(2026, 1, 15),
        **extra,
    ):
        entry = ledger_entry_create(
            actor=worker_a,
            community=tree.community_a,
            fund=fund,
            direction=direction,
            category=category,
            amount_fen=amount_fen,
            occurred_on=occurred_on,
            description="办公用品",
            **extra,
        )
        ledger_entry_review(actor=auditor_a, entry=entry)
        return ledger_entry_approve(actor=director_a, entry=entry)

    return make
