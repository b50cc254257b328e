"""The tickets' tasks on each role's home page: counted by the scoped lists they link to."""

import datetime as dt

from linli.tickets import actions, home
from linli.tickets.tests.conftest import MONDAY


def _tile(tiles, url_part):
    # Only the tickets' own tiles: other apps link to lists with the same filters (overdue=1, ...).
    mine = [t for t in tiles if t.url.startswith("/tickets/")]
    found = [t for t in mine if url_part in t.url and (url_part != "/tickets/" or t.url == url_part)]
    assert len(found) == 1, [t.url for t in tiles]
    return found[0]


def test_an_overdue_ticket_shows_on_the_workers_home_and_its_link_lists_it(worker_a, ticket, login):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY)  # due in five working days, long past
    client = login(worker_a)
    page = client.get("/")
    late = _tile(page.context["tiles"], "overdue=1")
    assert late.count == 1 and late.alert
    assert late.url in page.content.decode().replace("&amp;", "&")
    listed = client.get(late.url).content.decode()
    assert ticket.code in listed


def test_to_accept_near_and_overdue_are_counted_at_the_time_given(worker_a, ticket):
    due = ticket.due_at
    before = home.tiles(worker_a, "worker", due - dt.timedelta(hours=2))
    assert _tile(before, "status=submitted").count == 1
    assert _tile(before, "near=1").count == 1
    assert _tile(before, "overdue=1").count == 0
    after = home.tiles(worker_a, "worker", due + dt.timedelta(hours=1))
    assert _tile(after, "near=1").count == 0
    assert _tile(after, "overdue=1").count == 1


def test_the_near_deadline_link_lists_the_ticket(worker_a, ticket, login):
    tile = _tile(home.tiles(worker_a, "worker", ticket.due_at - dt.timedelta(hours=1)), "near=1")
    assert tile.url.startswith("/tickets/?")
    # The list itself counts from the wall clock: the ticket (due long ago) is overdue there, not near.
    assert ticket.code not in login(worker_a).get(tile.url).content.decode()


def test_another_communitys_ticket_is_not_counted(worker_b, ticket):
    tiles = home.tiles(worker_b, "worker", ticket.due_at + dt.timedelta(hours=1))
    assert _tile(tiles, "status=submitted").count == 0
    assert _tile(tiles, "overdue=1").count == 0


def test_a_reply_shows_on_the_residents_home_and_leads_to_the_messages(resident, worker_a, ticket, login):
    page = login(resident).get("/")
    mine = _tile(page.context["tiles"], "/tickets/")
    assert mine.count is None and mine.url == "/tickets/"
    assert _tile(page.context["tiles"], "/tickets/new/")
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY)
    page = login(resident).get("/")
    mine = _tile(page.context["tiles"], "/tickets/notifications/")
    assert mine.count == 1
    assert login(resident).get(mine.url).status_code == 200


def test_the_resident_sees_no_staff_tasks(resident, ticket, login):
    urls = [t.url for t in login(resident).get("/").context["tiles"]]
    assert not any("overdue" in u or "status=" in u for u in urls)


def test_escalations_and_department_calls_on_the_street_home(
    street_officer, worker_a, ticket, department, login
):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY)
    actions.ticket_escalate(actor=worker_a, ticket=ticket, reason="需要街道协调", now=MONDAY)
    client = login(street_officer)
    tiles = client.get("/").context["tiles"]
    escalated = _tile(tiles, "level=street")
    assert escalated.count == 1
    assert _tile(tiles, "called=1").count == 0
    assert _tile(tiles, "/tickets/rates/")
    actions.ticket_call_department(
        actor=street_officer, ticket=ticket, department=department, request="请来查看", now=MONDAY
    )
    called = _tile(client.get("/").context["tiles"], "called=1")
    assert called.count == 1
    assert ticket.code in client.get(called.url).content.decode()
    assert ticket.code in client.get(escalated.url).content.decode()


def test_the_director_sees_the_communitys_rates(director_a, ticket, login):
    tiles = login(director_a).get("/").context["tiles"]
    rates = _tile(tiles, "/tickets/rates/")
    assert "%" in rates.detail or "—" in rates.detail
    assert _tile(tiles, "overdue=1")


def test_the_agent_home_leads_to_the_console(agent, login):
    tiles = login(agent).get("/").context["tiles"]
    assert [t.url for t in tiles] == ["/tickets/hotline/"]


def test_recent_activity_reads_as_words_not_codes(worker_a, ticket, login):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=MONDAY)
    actions.ticket_resolve(actor=worker_a, ticket=ticket, resolution="已修好", now=MONDAY)
    home_page = login(worker_a).get("/").content.decode()
    assert "诉求已办结" in home_page and "tickets.ticket.resolved" not in home_page
    audit_page = login(worker_a).get("/audit/").content.decode()
    assert "诉求已办结" in audit_page
    client = login(worker_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Request resolved" in client.get("/").content.decode()
