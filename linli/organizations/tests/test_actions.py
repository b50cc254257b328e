"""Organizations' actions: checks, history of members, officers, reports and reminders, grades,
contracts paid through the ledger. Each write leaves one audit event."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.finance.models import EntryStatus, LedgerEntry
from linli.organizations import actions, queries
from linli.organizations.models import AnnualReport, ReportStatus
from linli.organizations.tests.conftest import NOW, TZ, register


def test_registering_checks_every_field_and_keeps_the_phone_masked_in_the_api(tree, worker_a):
    with pytest.raises(DomainError) as exc:
        actions.organization_register(
            actor=worker_a,
            community=tree.community_a,
            name="",
            kind="nonsense",
            standing="filed",
            founded_on=NOW.date() + dt.timedelta(days=1),
            contact_name="王芳",
            contact_phone="12345",
            now=NOW,
        )
    assert set(exc.value.fields) == {"name", "kind", "founded_on", "contact_phone"}


def test_the_same_name_twice_in_one_community_is_refused(tree, scene, worker_a):
    with pytest.raises(DomainError) as exc:
        register(tree.community_a, "甲社区舞蹈队")
    assert exc.value.code == "duplicate_name"
    register(tree.community_b, "甲社区舞蹈队")  # another community may use it


def test_a_worker_of_another_community_cannot_register_here(tree, worker_b):
    with pytest.raises(NotFound):
        actions.organization_register(
            actor=worker_b,
            community=tree.community_a,
            name="x",
            kind="culture",
            standing="filed",
            founded_on=dt.date(2020, 1, 1),
            contact_name="王",
            now=NOW,
        )


def test_members_keep_their_history_and_one_chair_at_a_time(scene, worker_a):
    org = scene.dance
    m = actions.member_add(actor=worker_a, org=org, name="李四", joined_on=dt.date(2021, 1, 1), now=NOW)
    with pytest.raises(DomainError) as exc:
        actions.member_add(
            actor=worker_a, org=org, name="赵六", role="chair", joined_on=dt.date(2021, 1, 1), now=NOW
        )
    assert exc.value.code == "role_taken"
    actions.member_leave(actor=worker_a, member=m, left_on=dt.date(2023, 5, 1), now=NOW)
    again = actions.member_add(actor=worker_a, org=org, name="李四", joined_on=dt.date(2024, 2, 1), now=NOW)
    assert [x.name for x in queries.members_of(org, current=False)] == ["李四"]
    assert again in queries.members_of(org, current=True)
    with pytest.raises(DomainError):
        actions.member_leave(actor=worker_a, member=m, left_on=dt.date(2024, 1, 1), now=NOW)


def test_the_organiser_runs_their_organization_and_nothing_else(scene):
    actions.activity_record(
        actor=scene.organiser, org=scene.dance, title="广场舞", held_on=NOW.date(), participants=30, now=NOW
    )
    assert scene.dance.activities.count() == 1
    with pytest.raises(NotFound):
        actions.activity_record(
            actor=scene.organiser, org=scene.fitness, title="x", held_on=NOW.date(), now=NOW
        )
    with pytest.raises(NotFound):
        actions.organization_dissolve(actor=scene.organiser, org=scene.b_org, now=NOW)
    with pytest.raises(Forbidden):
        actions.organization_dissolve(actor=scene.organiser, org=scene.dance, now=NOW)


def test_only_the_street_grades(scene, worker_a, street_officer):
    with pytest.raises(Forbidden):
        actions.organization_grade(actor=worker_a, org=scene.dance, grade="3A", now=NOW)
    org = actions.organization_grade(actor=street_officer, org=scene.dance, grade="3A", now=NOW)
    assert (org.grade, org.graded_on) == ("3A", NOW.date())
    assert AuditEvent.objects.filter(action="organizations.organization.graded").count() == 1


def test_reminders_open_last_years_reports_once_and_overdue_follows_the_due_date(
    scene, worker_a, street_officer
):
    february = dt.datetime(2026, 2, 20, 9, 0, tzinfo=TZ)
    assert actions.reports_remind(now=february) == 0
    march = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    assert actions.reports_remind(now=march) == 3
    assert actions.reports_remind(now=march) == 0  # idempotent
    assert AnnualReport.objects.filter(year=2025, status=ReportStatus.DUE).count() == 3
    assert list(queries.overdue_for(worker_a, march)) == []  # not due yet
    assert {o.name for o in queries.overdue_for(worker_a, NOW)} == {"甲社区舞蹈队", "甲社区健身协会"}
    actions.report_submit(actor=worker_a, org=scene.dance, year=2025, summary="全年活动12次", now=NOW)
    assert {o.name for o in queries.overdue_for(street_officer, NOW)} == {"甲社区健身协会", "乙社区互助社"}
    with pytest.raises(DomainError) as exc:
        actions.report_submit(actor=worker_a, org=scene.dance, year=2025, summary="again", now=NOW)
    assert exc.value.code == "already_submitted"
    with pytest.raises(DomainError):
        actions.report_submit(actor=worker_a, org=scene.dance, year=2026, summary="not finished", now=NOW)


def test_a_contract_is_paid_through_the_ledger_and_never_beyond_its_amount(scene, worker_a):
    contract = actions.contract_sign(
        actor=worker_a,
        org=scene.dance,
        title="文化活动服务",
        amount_fen=100_000,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        now=NOW,
    )
    payment = actions.contract_pay(
        actor=worker_a, contract=contract, amount_fen=60_000, paid_on=NOW.date(), now=NOW
    )
    entry = LedgerEntry.objects.get(pk=payment.entry_id)
    assert (entry.community, entry.amount_fen, entry.direction, entry.category, entry.status) == (
        scene.dance.community,
        60_000,
        "expense",
        "services",
        EntryStatus.ENTERED,
    )
    with pytest.raises(DomainError) as exc:
        actions.contract_pay(
            actor=worker_a, contract=contract, amount_fen=50_000, paid_on=NOW.date(), now=NOW
        )
    assert exc.value.code == "over_contract"
    assert LedgerEntry.objects.count() == 1
    assert actions.paid_fen(contract) == 60_000


def test_the_street_cannot_enter_ledger_payments_for_the_community(scene, street_officer):
    contract = actions.contract_sign(
        actor=street_officer,
        org=scene.dance,
        title="x",
        amount_fen=1000,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
        now=NOW,
    )
    with pytest.raises(Forbidden):
        actions.contract_pay(
            actor=street_officer, contract=contract, amount_fen=100, paid_on=NOW.date(), now=NOW
        )
    assert not contract.payments.exists()
