"""Social assistance, step by step, as the community, the street and the district see it."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.publicservices.assistance import actions, queries
from linli.publicservices.assistance.review import review_sweep
from linli.publicservices.models.assistance import Application, Document, Status
from linli.publicservices.tests.conftest import DIBAO_DOCS, NOW, PDF, docs, walk_to_granted, walk_to_notice
from linli.registry.models import CareTag


def _submit(worker, household, kind="dibao", documents=None):
    return actions.application_submit(
        actor=worker,
        household=household,
        applicant=household.head,
        kind=kind,
        members=2,
        monthly_income_fen=0,
        assets_fen=0,
        reason="困难",
        documents=docs(*DIBAO_DOCS) if documents is None else documents,
        now=NOW,
    )


def test_an_application_missing_a_required_document_is_refused_with_the_document_named(
    granted, worker_a, household_a
):
    with pytest.raises(DomainError) as exc:
        _submit(worker_a, household_a, documents=docs("id_card", "hukou"))
    assert exc.value.code == "document_missing"
    assert "收入" in str(exc.value.message) or "income" in str(exc.value.message)
    assert not Application.objects.exists()


def test_a_second_open_application_of_the_same_kind_for_a_household_is_refused(
    application, worker_a, household_a
):
    with pytest.raises(DomainError) as exc:
        _submit(worker_a, household_a)
    assert exc.value.code == "duplicate_application"
    # Another kind is fine.
    _submit(worker_a, household_a, kind="medical", documents=docs("id_card", "medical_bills"))


def test_a_renamed_file_is_not_taken_as_a_pdf(granted, worker_a, household_a):
    bad = [
        actions.Upload(kind=k, filename="x.pdf", content_type="application/pdf", data=b"MZ...")
        for k in DIBAO_DOCS
    ]
    with pytest.raises(DomainError) as exc:
        _submit(worker_a, household_a, documents=bad)
    assert exc.value.code == "document_type"


def test_documents_and_the_reason_are_encrypted_at_rest(application):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select content from publicservices_document")
        stored = [r[0] for r in cursor.fetchall()]
        cursor.execute("select reason from publicservices_application")
        reason = cursor.fetchone()[0]
    assert len(stored) == 3
    assert all("JVBER" not in s and "PDF" not in s for s in stored)  # neither raw nor plain base64
    assert "老伴" not in reason
    assert Document.objects.first().content  # the ORM decrypts


def test_each_step_has_its_deadline_on_the_working_calendar(application, worker_a, street_officer):
    # Submitted on Tuesday 10 March: ten working days later is Tuesday 24 March, 17:00.
    assert application.check_due.astimezone(NOW.tzinfo) == dt.datetime(2026, 3, 24, 17, 0, tzinfo=NOW.tzinfo)
    actions.application_check(
        actor=worker_a, application=application, report="属实", passed=True, amount_fen=100_000, now=NOW
    )
    assert application.review_due.astimezone(NOW.tzinfo).date() == dt.date(2026, 3, 24)


def test_the_full_path_grants_the_assistance_and_sets_the_registry_care_tag(
    application, worker_a, street_officer, district_officer
):
    walk_to_notice(application, worker_a, street_officer)
    # The district cannot decide while the objection window runs.
    with pytest.raises(DomainError) as exc:
        actions.application_approve(
            actor=district_officer, application=application, passed=True, now=NOW + dt.timedelta(days=2)
        )
    assert exc.value.code == "notice_running"
    actions.application_approve(
        actor=district_officer, application=application, passed=True, now=NOW + dt.timedelta(days=9)
    )
    application.refresh_from_db()
    assert application.status == Status.GRANTED
    assert application.next_review_on == dt.date(2027, 3, 19)
    assert CareTag.objects.filter(resident=application.applicant, tag="dibao").exists()
    codes = list(
        AuditEvent.objects.filter(object_repr=application.code)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert codes == [
        "publicservices.application.submitted",
        "publicservices.application.checked",
        "publicservices.application.noticed",
        "publicservices.application.granted",
    ]


def test_a_worker_cannot_take_the_streets_step(application, worker_a):
    actions.application_check(
        actor=worker_a, application=application, report="属实", passed=True, amount_fen=100_000, now=NOW
    )
    with pytest.raises(DomainError) as exc:
        actions.application_review(actor=worker_a, application=application, passed=True, now=NOW)
    assert exc.value.status == 403


def test_without_the_sensitive_grant_a_worker_does_not_see_applications(application, tree):
    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role

    plain = user_create(
        actor=None,
        display_name="无授权",
        username="plain",
        password="correct-horse-42",
        role=Role.WORKER,
        area=tree.community_a,
    )
    assert not queries.applications_for(plain).exists()
    with pytest.raises(DomainError) as exc:
        actions.application_check(
            actor=plain, application=application, report="x", passed=True, amount_fen=1, now=NOW
        )
    assert exc.value.status == 404


def test_an_objection_is_taken_only_during_the_window(application, worker_a, street_officer, resident):
    walk_to_notice(application, worker_a, street_officer)
    actions.objection_file(
        actor=resident, application=application, text_="他家有车", now=NOW + dt.timedelta(days=2)
    )
    with pytest.raises(DomainError) as exc:
        actions.objection_file(
            actor=resident, application=application, text_="晚了", now=NOW + dt.timedelta(days=9)
        )
    assert exc.value.code == "window_closed"
    assert application.objections.count() == 1


def test_payments_are_once_a_month_and_a_one_off_kind_ends_when_paid(
    granted, application, worker_a, street_officer, district_officer, household_a
):
    walk_to_granted(application, worker_a, street_officer, district_officer)
    actions.payment_record(
        actor=worker_a,
        application=application,
        month=dt.date(2026, 4, 1),
        amount_fen=120_000,
        paid_on=dt.date(2026, 4, 5),
        now=NOW,
    )
    with pytest.raises(DomainError) as exc:
        actions.payment_record(
            actor=worker_a,
            application=application,
            month=dt.date(2026, 4, 20),
            amount_fen=120_000,
            paid_on=dt.date(2026, 4, 25),
            now=NOW,
        )
    assert exc.value.code == "paid_already"
    once = _submit(worker_a, household_a, kind="temporary", documents=docs("id_card", "hardship"))
    walk_to_granted(once, worker_a, street_officer, district_officer)
    actions.payment_record(
        actor=worker_a,
        application=once,
        month=dt.date(2026, 4, 1),
        amount_fen=50_000,
        paid_on=dt.date(2026, 4, 5),
        now=NOW,
    )
    once.refresh_from_db()
    assert once.status == Status.ENDED


def test_the_review_sweep_flags_due_reviews_and_ending_removes_the_care_tag(
    application, worker_a, street_officer, district_officer
):
    walk_to_granted(application, worker_a, street_officer, district_officer)
    later = NOW + dt.timedelta(days=400)
    first = review_sweep(later)
    assert first.flagged == 1
    assert review_sweep(later).flagged == 0  # idempotent
    assert list(queries.reviews_due(worker_a)) == [application]
    actions.recipient_review(actor=worker_a, application=application, keep=False, note="已就业", now=later)
    assert not CareTag.objects.filter(resident=application.applicant, tag="dibao").exists()


def test_the_sweep_puts_back_a_care_tag_removed_by_hand_and_leaves_hand_set_tags_alone(
    application, worker_a, street_officer, district_officer, household_a
):
    walk_to_granted(application, worker_a, street_officer, district_officer)
    CareTag.objects.filter(resident=application.applicant).delete()
    other = household_a.members.exclude(pk=application.applicant_id).get()
    CareTag.objects.create(community=other.community, resident=other, tag="dibao")
    result = review_sweep(NOW + dt.timedelta(days=10))
    assert result.tags_added == 1 and result.tags_removed == 0
    assert CareTag.objects.filter(resident=other, tag="dibao").exists()
    assert review_sweep(NOW + dt.timedelta(days=10)).tags_added == 0


def test_the_board_shows_masked_names_and_amounts(application, worker_a, street_officer):
    walk_to_notice(application, worker_a, street_officer)
    rows = queries.notice_rows(application.community, NOW + dt.timedelta(days=2))
    assert rows["notices"][0]["name"] == "王**"
    assert rows["notices"][0]["amount_fen"] == 120_000
    assert queries.notice_rows(application.community, NOW + dt.timedelta(days=30))["notices"] == []


def test_opening_a_document_needs_a_reason_and_is_recorded(application, worker_a):
    doc = application.documents.first()
    assert actions.document_open(actor=worker_a, document=doc, reason="核对材料", now=NOW) == PDF
    assert AuditEvent.objects.filter(action="publicservices.document.opened").count() == 1
