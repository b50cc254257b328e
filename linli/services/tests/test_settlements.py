"""Settlements: a provider's month of completed orders and meals, approved by the street, whose
government part is entered in each community's ledger."""

import datetime as dt

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.finance.models import EntryStatus, LedgerEntry
from linli.services import actions, care
from linli.services.models import Mode, Settlement, SettlementStatus
from linli.services.tests.conftest import NOW

FEB = NOW - dt.timedelta(days=20)  # 2026-02-18, a working Wednesday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _done(scene, resident, worker, community, provider, user, when, service=None):
    order = actions.order_create(
        actor=resident if service is None else worker,
        service=service or scene.repair,
        community=community,
        description="漏水",
        resident=None if service is None else scene.me,
        now=when,
    )
    actions.order_dispatch(actor=worker, order=order, mode=Mode.DIRECT, provider=provider, now=when)
    actions.order_accept(
        actor=user, order=order, provider=provider, eta=when + dt.timedelta(hours=1), now=when
    )
    actions.order_on_the_way(actor=user, order=order, now=when)
    return actions.order_complete(actor=user, order=order, now=when + dt.timedelta(hours=2))


@pytest.fixture
def february(scene, tree, resident, worker_a):
    """Two repairs and a subsidised meal delivery by 甲社区家政 in February, one repair in March;
    two meals served by the street's meal point in February."""
    scene.handy.services.add(scene.meal)
    care.entitlement_grant(
        actor=worker_a,
        resident=scene.me,
        kind="meals",
        month=FEB.date(),
        granted=5,
        unit_fen=500,
        reason="独居",
        now=FEB,
    )
    for _ in range(2):
        _done(scene, resident, worker_a, tree.community_a, scene.handy, scene.handy_user, FEB)
    _done(scene, resident, worker_a, tree.community_a, scene.handy, scene.handy_user, FEB, service=scene.meal)
    _done(scene, resident, worker_a, tree.community_a, scene.handy, scene.handy_user, NOW)
    for day in (FEB.date() + dt.timedelta(days=1), FEB.date() + dt.timedelta(days=2)):
        booking = care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=day, now=FEB)
        care.meal_serve(actor=scene.canteen_user, booking=booking, now=FEB + dt.timedelta(days=2))
    return scene


def test_a_statement_counts_the_months_completed_orders_and_their_subsidy(february, street_officer):
    s = actions.settlement_prepare(actor=street_officer, provider=february.handy, month=FEB.date(), now=NOW)
    assert (s.orders, s.meals) == (3, 0)
    assert s.amount_fen == 2 * 5000 + 1500
    assert s.subsidy_fen == 500
    assert s.status == SettlementStatus.DRAFT
    assert AuditEvent.objects.filter(action="services.settlement.prepared").count() == 1


def test_a_meal_points_statement_counts_the_meals_served_at_the_entitlements_value(february):
    s = actions.settlement_prepare(
        actor=february.canteen_user, provider=february.canteen, month=FEB.date(), now=NOW
    )
    assert (s.orders, s.meals, s.subsidy_fen) == (0, 2, 1000)


def test_approval_enters_the_government_part_in_the_communitys_welfare_ledger(february, tree, street_officer):
    s = actions.settlement_prepare(
        actor=february.canteen_user, provider=february.canteen, month=FEB.date(), now=NOW
    )
    actions.settlement_approve(actor=street_officer, settlement=s, now=NOW)
    s.refresh_from_db()
    assert s.status == SettlementStatus.APPROVED
    entry = LedgerEntry.objects.get()
    assert (entry.community, entry.fund, entry.direction, entry.category) == (
        tree.community_a,
        "welfare",
        "expense",
        "services",
    )
    assert entry.amount_fen == 1000
    assert entry.status == EntryStatus.ENTERED  # awaits the finance group's review like any entry
    assert s.lines.get().ledger_code == entry.code
    assert AuditEvent.objects.filter(action="services.settlement.approved", actor=street_officer).exists()


def test_an_approved_statement_is_final(february, street_officer):
    s = actions.settlement_prepare(actor=None, provider=february.canteen, month=FEB.date(), now=NOW)
    actions.settlement_approve(actor=street_officer, settlement=s, now=NOW)
    with pytest.raises(DomainError) as again:
        actions.settlement_approve(actor=street_officer, settlement=s, now=NOW)
    assert again.value.status == 409
    with pytest.raises(DomainError):
        actions.settlement_prepare(actor=None, provider=february.canteen, month=FEB.date(), now=NOW)
    assert LedgerEntry.objects.count() == 1


def test_drawing_up_again_replaces_the_draft(february, street_officer):
    first = actions.settlement_prepare(actor=None, provider=february.handy, month=FEB.date(), now=NOW)
    again = actions.settlement_prepare(actor=None, provider=february.handy, month=FEB.date(), now=NOW)
    assert first.pk == again.pk
    assert Settlement.objects.count() == 1
    assert again.lines.count() == 1


def test_the_current_month_cannot_be_settled(february):
    with pytest.raises(DomainError) as refused:
        actions.settlement_prepare(actor=None, provider=february.handy, month=NOW.date(), now=NOW)
    assert refused.value.code == "month_not_over"


def test_only_a_street_officer_approves_and_not_their_own_statement(february, worker_a, street_officer):
    s = actions.settlement_prepare(actor=street_officer, provider=february.handy, month=FEB.date(), now=NOW)
    with pytest.raises(Forbidden):
        actions.settlement_approve(actor=worker_a, settlement=s, now=NOW)
    with pytest.raises(Forbidden):
        actions.settlement_approve(actor=street_officer, settlement=s, now=NOW)
    assert LedgerEntry.objects.count() == 0


def test_another_communitys_worker_and_another_provider_cannot_see_or_draw_up(february, worker_b):
    with pytest.raises(NotFound):
        actions.settlement_prepare(actor=worker_b, provider=february.handy, month=FEB.date(), now=NOW)
    with pytest.raises(NotFound):
        actions.settlement_prepare(
            actor=february.fixit_user, provider=february.handy, month=FEB.date(), now=NOW
        )


# --- pages and API -------------------------------------------------------------------------------


def test_the_street_officer_approves_on_the_page(february, street_officer, login):
    s = actions.settlement_prepare(
        actor=february.canteen_user, provider=february.canteen, month=FEB.date(), now=NOW
    )
    client = login(street_officer)
    page = client.get("/services/settlements/")
    assert s.code in page.content.decode()
    detail = client.get(f"/services/settlements/{s.code}/")
    assert f"/services/settlements/{s.code}/approve/" in detail.content.decode()
    response = client.post(f"/services/settlements/{s.code}/approve/")
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(amount_fen=1000).exists()


def test_a_provider_draws_up_its_statement_on_the_page_and_a_bad_month_stays_on_the_form(february, login):
    client = login(february.canteen_user)
    bad = client.post(
        "/services/settlements/new/", {"provider": february.canteen.code, "month": "2099-01-01"}
    )
    assert bad.status_code == 400
    assert "2099-01-01" in bad.content.decode()
    good = client.post(
        "/services/settlements/new/", {"provider": february.canteen.code, "month": "2026-02-01"}
    )
    assert good.status_code == 302
    assert Settlement.objects.get().meals == 2


def test_the_api_draws_up_lists_and_approves(february, street_officer, login):
    provider_client = login(february.canteen_user)
    made = provider_client.post(
        "/api/v1/services/settlements",
        {"provider": february.canteen.code, "month": "2026-02-01"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    code = made.json()["code"]
    assert made.json()["lines"][0]["subsidy_fen"] == 1000
    officer = login(street_officer)
    listed = officer.get("/api/v1/services/settlements")
    assert [x["code"] for x in listed.json()["items"]] == [code]
    approved = officer.post(f"/api/v1/services/settlements/{code}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["lines"][0]["ledger_code"]


@pytest.fixture
def statement(february):
    return actions.settlement_prepare(actor=None, provider=february.handy, month=FEB.date(), now=NOW)


OUTSIDE = [
    ("get", "/services/settlements/{code}/", None),
    ("post", "/services/settlements/{code}/approve/", {}),
    ("post", "/services/settlements/new/", {"provider": "{provider}", "month": "2026-02-01"}),
    ("get", "/api/v1/services/settlements/{code}", None),
    ("post", "/api/v1/services/settlements/{code}/approve", None),
    ("post", "/api/v1/services/settlements", {"provider": "{provider}", "month": "2026-02-01"}),
]


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDE)
@pytest.mark.parametrize("who", ["worker_b", "fixit"])
def test_outsiders_get_404_and_nothing_is_written(
    statement, february, request, login, who, method, url, body
):
    user = february.fixit_user if who == "fixit" else request.getfixturevalue(who)
    rows = {"code": statement.code, "provider": february.handy.code}
    client = login(user)
    before = AuditEvent.objects.count()
    path = url.format(**rows)
    data = {k: v.format(**rows) for k, v in (body or {}).items()}
    if path.startswith("/api/"):
        response = getattr(client, method)(path, data, content_type="application/json")
    else:
        response = getattr(client, method)(path, data)
    # The street's meal-point staff and B's worker do not see 甲社区家政's statements: 404 (a form
    # naming a provider they cannot see is the same 404, or a refusal on the form, never a write).
    assert response.status_code in ((404, 400) if url.endswith("/new/") else (404,))
    assert AuditEvent.objects.count() == before
    assert Settlement.objects.get().status == SettlementStatus.DRAFT


def test_outsiders_lists_hold_none_of_the_statements(statement, worker_b, february, login):
    for user in (worker_b, february.fixit_user):
        client = login(user)
        assert client.get("/api/v1/services/settlements").json()["items"] == []
        page = client.get("/services/settlements/")
        assert statement.code not in page.content.decode()


# --- Excel exports -------------------------------------------------------------------------------


def _sheet(response, index=0):
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).worksheets[index].values)


def test_the_orders_export_holds_the_viewers_orders_with_phones_masked(
    february, street_officer, worker_b, login
):
    rows = _sheet(login(street_officer).post("/services/export/orders/"))
    assert len(rows) == 1 + 4
    assert all("*" in (r[7] or "*") for r in rows[1:])  # masked, never the full number
    assert AuditEvent.objects.filter(action="services.orders.exported", actor=street_officer).exists()
    assert len(_sheet(login(worker_b).post("/services/export/orders/"))) == 1  # the header only


def test_the_settlements_export_has_a_sheet_per_statement_and_per_community(statement, street_officer, login):
    response = login(street_officer).post("/services/settlements/export/")
    assert [r[0] for r in _sheet(response)[1:]] == [statement.code]
    assert _sheet(response, 1)[1][1] == "甲社区"


def test_an_outsider_exports_nothing_of_the_street(statement, february, login):
    response = login(february.fixit_user).post("/services/settlements/export/")
    assert len(_sheet(response)) == 1
    assert login(february.fixit_user).post("/services/export/orders/").status_code == 404


def test_the_api_exports_and_an_outsider_gets_only_the_header(february, street_officer, worker_b, login):
    assert len(_sheet(login(street_officer).post("/api/v1/services/exports/orders"))) == 5
    assert len(_sheet(login(worker_b).post("/api/v1/services/exports/orders"))) == 1
    assert login(february.fixit_user).post("/api/v1/services/exports/orders").status_code == 404
