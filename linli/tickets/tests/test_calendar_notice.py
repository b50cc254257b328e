"""A year without a holiday notice: provisional deadlines, the admin's warning, the recount."""

import datetime as dt

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.common.errors import Forbidden
from linli.tickets import actions, calendar, setup
from linli.tickets.calendar import TZ
from linli.tickets.models import EventKind, Status, TicketEvent

# Wed 30 Dec 2026 10:00: 2026 has its notice, 2027 has none (as shipped).
NEW_YEAR_EVE_EVE = dt.datetime(2026, 12, 30, 10, 0, tzinfo=TZ)


def at(y, m, d, h=17, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def enter_2027(actor, *, now=None, through=3):
    """A 2027 notice whose New Year holiday runs 1 January to `through` January."""
    return setup.calendar_notice_add(
        actor=actor,
        year=2027,
        holidays=[(dt.date(2027, 1, 1), dt.date(2027, 1, through), "元旦")],
        workdays=[],
        now=now or at(2026, 12, 31, 9),
    )


def test_three_working_days_from_wednesday_30_december_end_on_tuesday_5_january(make_ticket, leak):
    leak.handling_days = 3
    leak.save()
    ticket = make_ticket(now=NEW_YEAR_EVE_EVE)
    assert ticket.due_at == at(2027, 1, 5)


def test_a_deadline_into_2027_is_provisional_on_the_page_in_the_list_and_in_the_api(
    make_ticket, worker_a, login
):
    later = make_ticket(now=NEW_YEAR_EVE_EVE)
    sure = make_ticket(now=at(2026, 12, 1, 10))
    client = login(worker_a)
    page = client.get(f"/tickets/{later.code}/").content.decode()
    assert "暂定" in page
    assert "暂定" not in client.get(f"/tickets/{sure.code}/").content.decode()
    assert client.get("/tickets/").content.decode().count("暂定") == 1
    flags = {row["code"]: row["due_provisional"] for row in client.get("/api/v1/tickets").json()["items"]}
    assert flags == {later.code: True, sure.code: False}
    assert client.get(f"/api/v1/tickets/{later.code}").json()["due_provisional"] is True


def test_the_flag_goes_once_the_notice_is_entered(make_ticket, city_admin):
    ticket = make_ticket(now=NEW_YEAR_EVE_EVE)
    assert ticket.due_provisional
    enter_2027(city_admin)
    calendar.changed()  # what the commit does
    assert not ticket.due_provisional


@pytest.mark.parametrize(
    ("moment", "shown"),
    [(at(2026, 10, 31, 23, 59), False), (at(2026, 11, 1, 0, 1), True)],
)
def test_the_city_admin_is_warned_from_1_november_while_next_years_notice_is_missing(
    city_admin, login, moment, shown
):
    client = login(city_admin)
    with time_machine.travel(moment, tick=False):
        home = client.get("/").content.decode()
        page = client.get("/tickets/calendar/").content.decode()
    warning = "2027年的国务院节假日安排通知尚未录入"
    assert (warning in home, warning in page) == (shown, shown)


def test_the_warning_is_gone_once_the_notice_exists_and_workers_never_see_it(city_admin, worker_a, login):
    warning = "2027年的国务院节假日安排通知尚未录入"
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        assert warning not in login(worker_a).get("/").content.decode()
        enter_2027(city_admin, now=at(2026, 11, 20, 10))
        calendar.changed()
        assert warning not in login(city_admin).get("/").content.decode()
        assert warning not in login(city_admin).get("/tickets/calendar/").content.decode()


def test_a_new_notice_moves_open_deadlines_with_a_timeline_entry_in_one_audit_event(
    make_ticket, city_admin, worker_a, leak
):
    # 5 working days from Wed 30 Dec on the statutory days: 31 Dec, 4, 5, 6, 7 Jan.
    moving = make_ticket(now=NEW_YEAR_EVE_EVE)
    assert moving.due_at == at(2027, 1, 7)
    # 8 working hours from Thu 31 Dec 16:00: 1 h that day, 7 h on Mon 4 Jan.
    answering = make_ticket(now=at(2026, 12, 31, 16))
    assert answering.response_due == at(2027, 1, 4, 16)
    done = make_ticket(now=NEW_YEAR_EVE_EVE)
    actions.ticket_accept(actor=worker_a, ticket=done, now=at(2026, 12, 30, 11))
    actions.ticket_reject(actor=worker_a, ticket=done, reason="不属实", now=at(2026, 12, 30, 12))
    early = make_ticket(now=at(2026, 12, 1, 10))

    enter_2027(city_admin, through=4)  # Monday 4 January off as well

    moving.refresh_from_db()
    answering.refresh_from_db()
    assert moving.due_at == at(2027, 1, 8)
    assert answering.response_due == at(2027, 1, 5, 16)
    entry = TicketEvent.objects.get(ticket=moving, kind=EventKind.DEADLINE_MOVED)
    assert "2027-01-07 17:00" in entry.note and "2027-01-08 17:00" in entry.note
    assert entry.actor == city_admin and entry.public
    done.refresh_from_db()
    assert done.status == Status.REJECTED and done.due_at == at(2027, 1, 7)
    for untouched in (done, early):
        assert not TicketEvent.objects.filter(ticket=untouched, kind=EventKind.DEADLINE_MOVED).exists()
    event = AuditEvent.objects.get(action="tickets.calendar.notice_added")
    assert sorted(event.details["tickets_moved"]) == sorted([moving.code, answering.code])


def test_an_approved_extension_keeps_its_days_when_the_notice_moves_the_deadline(
    make_ticket, city_admin, worker_a, director_a
):
    ticket = make_ticket(now=NEW_YEAR_EVE_EVE)
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=at(2026, 12, 30, 11))
    extension = actions.extension_request(
        actor=worker_a, ticket=ticket, days=2, reason="等配件", now=at(2026, 12, 30, 12)
    )
    actions.extension_decide(actor=director_a, extension=extension, approve=True, now=at(2026, 12, 30, 13))
    ticket.refresh_from_db()
    assert ticket.due_at == at(2027, 1, 11)  # 7 Jan + Fri 8 + Mon 11
    enter_2027(city_admin, through=4)
    ticket.refresh_from_db()
    assert ticket.due_at == at(2027, 1, 12)


def test_a_refused_notice_moves_nothing(make_ticket, street_officer):
    ticket = make_ticket(now=NEW_YEAR_EVE_EVE)
    with pytest.raises(Forbidden):
        enter_2027(street_officer, through=4)
    ticket.refresh_from_db()
    assert ticket.due_at == at(2027, 1, 7)
    assert not TicketEvent.objects.filter(kind=EventKind.DEADLINE_MOVED).exists()


def test_outsiders_cannot_see_or_change_the_calendar(worker_a, street_officer, district_officer, login):
    for user in (worker_a, street_officer, district_officer):
        client = login(user)
        body = {"year": 2027, "holidays": "2027-01-01,2027-01-04,元旦", "workdays": ""}
        assert client.post("/tickets/calendar/", body).status_code == 404, user
        assert "2027-01-04" not in client.get("/tickets/calendar/").content.decode()
    assert not calendar.Calendar.load().covered & {2027}
