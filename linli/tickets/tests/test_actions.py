import datetime as dt
import threading

import pytest
from django.db import connection

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.tickets import actions
from linli.tickets.models import EventKind, Extension, Level, Notification, Status, Ticket

from .conftest import MONDAY

LATER = MONDAY + dt.timedelta(hours=1)


def test_submission_sets_deadlines_on_the_calendar_and_tells_the_requester(ticket, resident):
    assert ticket.status == Status.SUBMITTED and ticket.level == Level.COMMUNITY
    assert ticket.response_due == MONDAY + dt.timedelta(days=1)  # 7 h on Monday, 1 h on Tuesday
    assert ticket.due_at.date() == dt.date(2026, 11, 30)
    assert Notification.objects.filter(user=resident, ticket=ticket).count() == 1
    assert AuditEvent.objects.filter(action="tickets.ticket.submitted", object_id=str(ticket.pk)).count() == 1


def test_response_limit_runs_into_the_next_working_day(ticket):
    # 8 working hours from Monday 10:00: 7 h on Monday, 1 h on Tuesday → 10:00 Tuesday.
    assert ticket.response_due.astimezone(ticket.submitted_at.tzinfo).strftime("%a %H:%M") == "Tue 10:00"


def test_anonymous_needs_a_contact_number(tree, agent, leak):
    with pytest.raises(DomainError) as exc:
        actions.ticket_submit(
            actor=agent, community=tree.community_a, category=leak, description="x", anonymous=True
        )
    assert "contact_phone" in exc.value.fields
    t = actions.ticket_submit(
        actor=agent,
        community=tree.community_a,
        category=leak,
        description="x",
        anonymous=True,
        contact_phone="13700000009",
        channel="hotline",
    )
    assert t.anonymous and t.contact_phone == "13700000009" and t.requester is None


@pytest.mark.parametrize(
    ("lat", "long", "field"), [("-1000", "116.4", "lat"), ("39.9", "200", "long"), ("NaN", "1", "lat")]
)
def test_a_position_off_the_globe_is_refused(tree, agent, leak, lat, long, field):
    from decimal import Decimal

    with pytest.raises(DomainError) as exc:
        actions.ticket_submit(
            actor=agent,
            community=tree.community_a,
            category=leak,
            description="x",
            lat=Decimal(lat),
            long=Decimal(long),
            channel="hotline",
        )
    assert exc.value.code == "bad_position" and field in exc.value.fields
    assert not Ticket.objects.exists()


def test_resident_cannot_submit_in_another_community(tree, resident, leak):
    with pytest.raises(DomainError) as exc:
        actions.ticket_submit(actor=resident, community=tree.community_b, category=leak, description="x")
    assert exc.value.status == 404


def test_full_lifecycle_with_evaluation(ticket, worker_a, resident):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=LATER)
    actions.ticket_start(actor=worker_a, ticket=ticket, now=LATER)
    actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="已联系楼上修好管道", now=LATER)
    actions.ticket_evaluate(actor=resident, ticket=ticket, resolved=True, satisfaction="satisfied", now=LATER)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.accepted_at == LATER
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "accepted", "started", "resolved", "evaluated"]
    assert (
        AuditEvent.objects.filter(object_id=str(ticket.pk), action__startswith="tickets.ticket.").count() == 5
    )
    assert Notification.objects.filter(user=resident, ticket=ticket).count() == 5


def test_sms_goes_to_the_contact_number(tree, agent, leak, django_capture_on_commit_callbacks, sms_outbox):
    with django_capture_on_commit_callbacks(execute=True):
        actions.ticket_submit(
            actor=agent,
            community=tree.community_a,
            category=leak,
            description="x",
            contact_phone="13700000009",
            channel="hotline",
        )
    assert sms_outbox and sms_outbox[-1][0] == "13700000009"


# Who may do what: (action, who is allowed, who is refused).
def _do(step, ticket, user):
    if step == "accept":
        return actions.ticket_accept(actor=user, ticket=ticket)
    if step == "reject":
        return actions.ticket_reject(actor=user, ticket=ticket, reason="不属于社区受理范围")
    if step == "escalate":
        return actions.ticket_escalate(actor=user, ticket=ticket, reason="需要街道协调")
    if step == "supervise":
        return actions.ticket_supervise(actor=user, ticket=ticket, note="请尽快办理")
    raise AssertionError(step)


@pytest.mark.parametrize(
    ("step", "allowed", "refused"),
    [
        (
            "accept",
            ["worker_a", "director_a"],
            ["resident", "worker_b", "street_officer", "agent", "district_officer"],
        ),
        ("reject", ["worker_a"], ["resident", "worker_b", "street_officer", "agent"]),
        ("escalate", ["worker_a"], ["resident", "worker_b", "agent", "city_admin"]),
        (
            "supervise",
            ["director_a", "street_officer", "district_officer", "city_admin"],
            ["worker_a", "resident", "agent", "worker_b"],
        ),
    ],
)
def test_transition_by_role(request, make_ticket, step, allowed, refused):
    for name in refused:
        t = make_ticket()
        with pytest.raises(DomainError) as exc:
            _do(step, t, request.getfixturevalue(name))
        assert exc.value.status in (403, 404), (step, name)
        assert Ticket.objects.get(pk=t.pk).status == Status.SUBMITTED
    for name in allowed:
        _do(step, make_ticket(), request.getfixturevalue(name))


def test_outsiders_get_not_found_not_forbidden(ticket, worker_b):
    with pytest.raises(DomainError) as exc:
        actions.ticket_accept(actor=worker_b, ticket=ticket)
    assert exc.value.status == 404


def test_forbidden_status_transitions(ticket, worker_a, resident):
    with pytest.raises(DomainError):
        actions.ticket_start(actor=worker_a, ticket=ticket)  # not accepted yet
    with pytest.raises(DomainError):
        actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="x")
    with pytest.raises(DomainError):
        actions.ticket_evaluate(actor=resident, ticket=ticket, resolved=True, satisfaction="satisfied")
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    with pytest.raises(DomainError) as exc:
        actions.ticket_accept(actor=worker_a, ticket=ticket)
    assert exc.value.code == "wrong_status"
    actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="ok")
    with pytest.raises(DomainError):
        actions.ticket_evaluate(actor=worker_a, ticket=ticket, resolved=True, satisfaction="satisfied")
    with pytest.raises(DomainError):
        actions.ticket_reject(actor=worker_a, ticket=ticket, reason="late")


def test_escalation_then_department_must_report_back(ticket, worker_a, street_officer, department):
    actions.ticket_escalate(actor=worker_a, ticket=ticket, reason="涉及公共管道")
    ticket.refresh_from_db()
    assert ticket.level == Level.STREET
    with pytest.raises(DomainError):  # the community no longer handles it
        actions.ticket_accept(actor=worker_a, ticket=ticket)
    actions.ticket_accept(actor=street_officer, ticket=ticket)
    call = actions.ticket_call_department(
        actor=street_officer, ticket=ticket, department=department, request="现场执法"
    )
    with pytest.raises(DomainError) as exc:
        actions.ticket_resolve(actor=street_officer, ticket=ticket, resolution="done")
    assert exc.value.code == "department_pending"
    actions.department_report(actor=street_officer, call=call, report="已拆除违建管道")
    with pytest.raises(DomainError):
        actions.department_report(actor=street_officer, call=call, report="again")
    actions.ticket_resolve(actor=street_officer, ticket=ticket, resolution="done")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert "department_reported" in list(ticket.events.values_list("kind", flat=True))


def test_department_needs_the_street_level(ticket, worker_a, street_officer, department):
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    with pytest.raises(DomainError):
        actions.ticket_call_department(actor=worker_a, ticket=ticket, department=department, request="x")


def test_extension_approved_by_a_supervisor_not_the_requester(ticket, worker_a, director_a):
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    ext = actions.extension_request(actor=worker_a, ticket=ticket, days=3, reason="等待配件")
    with pytest.raises(DomainError):
        actions.extension_request(actor=worker_a, ticket=ticket, days=3, reason="again")
    with pytest.raises(DomainError) as exc:
        actions.extension_decide(actor=worker_a, extension=ext, approve=True)
    assert exc.value.status == 403
    before = Ticket.objects.get(pk=ticket.pk).due_at
    actions.extension_decide(actor=director_a, extension=ext, approve=True)
    after = Ticket.objects.get(pk=ticket.pk).due_at
    assert after.date() == dt.date(2026, 12, 3) and after > before
    assert Extension.objects.get(pk=ext.pk).state == "approved"


def test_reopen_within_the_period_when_dissatisfied(ticket, worker_a, resident):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=LATER)
    actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="ok", now=LATER)
    actions.ticket_evaluate(
        actor=resident, ticket=ticket, resolved=False, satisfaction="dissatisfied", now=LATER
    )
    with pytest.raises(DomainError) as exc:
        actions.ticket_reopen(
            actor=resident, ticket=ticket, reason="还在漏", now=LATER + dt.timedelta(days=8)
        )
    assert exc.value.code == "reopen_too_late"
    actions.ticket_reopen(actor=resident, ticket=ticket, reason="还在漏", now=LATER + dt.timedelta(days=2))
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and ticket.reopen_count == 1
    # The old rating is not shown as the reopened ticket's; its Rating row keeps it for the rates.
    assert ticket.satisfaction == "" and ticket.resolved_rating is None and ticket.evaluated_at is None
    assert ticket.ratings.get().satisfaction == "dissatisfied"


def test_satisfied_resident_cannot_reopen(ticket, worker_a, resident):
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="ok")
    actions.ticket_evaluate(actor=resident, ticket=ticket, resolved=True, satisfaction="satisfied")
    with pytest.raises(DomainError):
        actions.ticket_reopen(actor=resident, ticket=ticket, reason="x")


def test_return_visit_closes_a_hotline_ticket(tree, agent, worker_a, leak):
    t = actions.ticket_submit(
        actor=agent,
        community=tree.community_a,
        category=leak,
        description="x",
        contact_phone="13700000009",
        channel="hotline",
    )
    actions.ticket_accept(actor=worker_a, ticket=t)
    actions.ticket_resolve(actor=worker_a, ticket=t, resolution="ok")
    actions.ticket_return_visit(
        actor=worker_a, ticket=t, resolved=True, satisfaction="basic", note="电话回访，基本满意"
    )
    t.refresh_from_db()
    assert t.status == Status.CLOSED and t.return_visit_at is not None and t.satisfaction == "basic"


def test_transfer_moves_the_ticket_out_of_reach(ticket, worker_a, tree, worker_b):
    actions.ticket_transfer(actor=worker_a, ticket=ticket, community=tree.community_b, reason="地址属乙社区")
    ticket.refresh_from_db()
    assert ticket.community == tree.community_b and ticket.status == Status.SUBMITTED
    actions.ticket_accept(actor=worker_b, ticket=ticket)


def test_duplicates_link_to_the_first(make_ticket, worker_a):
    a, b, c = make_ticket(), make_ticket(), make_ticket()
    actions.ticket_link_duplicate(actor=worker_a, ticket=b, original=a)
    actions.ticket_link_duplicate(actor=worker_a, ticket=c, original=b)
    assert Ticket.objects.get(pk=c.pk).duplicate_of_id == a.pk


def test_stale_copy_loses_the_race(ticket, worker_a, worker_a2):
    """Two handlers holding the same loaded ticket: the second accept is refused, nothing changes."""
    copy = Ticket.objects.get(pk=ticket.pk)
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    with pytest.raises(DomainError):
        actions.ticket_accept(actor=worker_a2, ticket=copy)
    assert Ticket.objects.get(pk=ticket.pk).assignee == worker_a
    assert ticket.events.filter(kind=EventKind.ACCEPTED).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_two_workers_accepting_at_once_one_wins(tree, resident, worker_a, worker_a2, leak):
    t = actions.ticket_submit(actor=resident, community=tree.community_a, category=leak, description="x")
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def take(user):
        barrier.wait()
        try:
            actions.ticket_accept(actor=user, ticket=Ticket.objects.get(pk=t.pk))
            results[user.username] = "won"
        except DomainError as exc:
            results[user.username] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in (worker_a, worker_a2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results.values()) in (["conflict", "won"], ["won", "wrong_status"])
    assert Ticket.objects.get(pk=t.pk).events.filter(kind="accepted").count() == 1


def test_transfer_to_a_community_of_another_street_is_refused(ticket, worker_a, tree):
    with pytest.raises(DomainError) as refused:
        actions.ticket_transfer(actor=worker_a, ticket=ticket, community=tree.community_c, reason="x")
    assert refused.value.code == "bad_community"
    ticket.refresh_from_db()
    assert ticket.community == tree.community_a
