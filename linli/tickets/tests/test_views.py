import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from linli.tickets import actions
from linli.tickets.models import Attachment, Status, Ticket
from linli.tickets.tests.conftest import MONDAY

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_resident_submits_from_the_portal_with_a_photo(tree, resident, leak, login):
    client = login(resident)
    page = client.get("/tickets/new/")
    assert page.status_code == 200
    response = client.post(
        "/tickets/new/",
        {
            "community": tree.community_a.pk,
            "category": leak.pk,
            "kind": "help",
            "description": "厨房顶棚漏水",
            "photo": SimpleUploadedFile("a.png", PNG, content_type="image/png"),
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/tickets/{ticket.code}/")
    assert ticket.requester == resident and ticket.attachments.count() == 1
    assert client.get(f"/tickets/{ticket.code}/").status_code == 200


def test_bad_input_keeps_what_was_typed(tree, resident, leak, login):
    response = login(resident).post(
        "/tickets/new/",
        {
            "community": tree.community_a.pk,
            "category": leak.pk,
            "kind": "help",
            "description": "",
            "address": "3号楼",
        },
    )
    assert response.status_code == 400
    assert "3号楼" in response.content.decode()
    assert not Ticket.objects.exists()


def test_english_page_is_complete(tree, resident, leak, login, ticket):
    client = login(resident)
    client.cookies["linli_language"] = "en"
    body = client.get(f"/tickets/{ticket.code}/").content.decode()
    assert "Timeline" in body and "办理记录" not in body


def test_chinese_is_the_default(tree, resident, ticket, login):
    body = login(resident).get(f"/tickets/{ticket.code}/").content.decode()
    assert "办理记录" in body and "Timeline" not in body


def test_worker_accepts_and_resolves_in_the_browser(ticket, worker_a, login):
    client = login(worker_a)
    assert client.get("/tickets/").status_code == 200
    client.post(f"/tickets/{ticket.code}/do/accept/")
    client.post(f"/tickets/{ticket.code}/do/resolve/", {"resolution": "已修复"})
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED


def test_refused_step_shows_the_message_and_keeps_input(ticket, worker_a, login):
    response = login(worker_a).post(f"/tickets/{ticket.code}/do/resolve/", {"resolution": "已修复了"})
    assert response.status_code == 400
    assert "已修复了" in response.content.decode()


def test_outsider_gets_404_on_pages_and_steps(ticket, worker_b, login):
    client = login(worker_b)
    assert client.get(f"/tickets/{ticket.code}/").status_code == 404
    assert client.post(f"/tickets/{ticket.code}/do/accept/").status_code == 404
    assert ticket.code not in client.get("/tickets/?status=").content.decode()


def test_other_resident_gets_404(ticket, tree, login):
    from linli.accounts.actions import user_create

    other = user_create(
        actor=None,
        display_name="邻居",
        phone="13800000002",
        password="correct-horse-42",
        role="resident",
        area=tree.community_a,
    )
    assert login(other).get(f"/tickets/{ticket.code}/").status_code == 404


def test_attachment_served_only_to_those_who_see_the_ticket(ticket, resident, worker_a, worker_b, login):
    att = actions.attachment_add(actor=resident, ticket=ticket, upload=SimpleUploadedFile("a.png", PNG))
    url = f"/tickets/attachments/{att.pk}/"
    own = login(resident).get(url)
    assert own.status_code == 200 and own["Content-Type"] == "image/png"
    assert login(worker_a).get(url).status_code == 200
    assert login(worker_b).get(url).status_code == 404


def test_attachment_type_and_size_are_checked(ticket, resident):
    import pytest

    from linli.common.errors import DomainError

    with pytest.raises(DomainError) as exc:
        actions.attachment_add(
            actor=resident, ticket=ticket, upload=SimpleUploadedFile("x.png", b"<svg onload=alert(1)>")
        )
    assert exc.value.code == "bad_type"
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(DomainError) as exc:
        actions.attachment_add(actor=resident, ticket=ticket, upload=big)
    assert exc.value.code == "too_big"
    assert not Attachment.objects.exists()


def test_hotline_console_finds_the_caller_and_creates_in_one_post(household_a, agent, leak, login):
    client = login(agent)
    assert client.get("/tickets/hotline/?phone=13600000001").content.decode().count("王建国") == 0
    lookup = client.post("/tickets/hotline/lookup/", {"phone": "136 0000 0001"})
    assert lookup.status_code == 302 and "1360000" not in lookup["Location"]
    page = client.get(lookup["Location"]).content.decode()
    assert "王建国" in page and household_a.code in page
    head = household_a.head
    response = client.post(
        "/tickets/hotline/",
        {
            "phone": "13600000001",
            "category": leak.pk,
            "description": "楼上漏水",
            "kind": "help",
            "resident": head.pk,
        },
    )
    assert response.status_code == 302 and "1360000" not in response["Location"]
    t = Ticket.objects.get()
    assert t.channel == "hotline" and t.resident == head and t.community == household_a.community
    assert t.code in client.get(response["Location"]).content.decode()  # still this caller
    client.post("/tickets/hotline/lookup/", {"phone": ""})  # the next caller
    assert "王建国" not in client.get("/tickets/hotline/").content.decode()


def test_a_mistyped_number_is_shown_as_typed_with_the_reason(household_a, agent, login):
    resp = login(agent).post("/tickets/hotline/lookup/", {"phone": "1360000"})
    assert resp.status_code == 400 and 'value="1360000"' in resp.content.decode()
    assert "王建国" not in resp.content.decode()


def test_hotline_is_not_for_residents(resident, login, tree):
    assert login(resident).get("/tickets/hotline/").status_code == 404


def test_overdue_lists_by_worker_community_and_street(make_ticket, worker_a, street_officer, login):
    ticket = make_ticket(now=dt.datetime(2026, 10, 9, 10, tzinfo=dt.UTC))
    actions.ticket_accept(actor=worker_a, ticket=ticket)
    client = login(street_officer)
    for by in ("worker", "community", "street"):
        body = client.get(f"/tickets/overdue/?by={by}").content.decode()
        assert ticket.code in body


def test_rates_page_and_xlsx(ticket, street_officer, login):
    client = login(street_officer)
    month = ticket.submitted_at.strftime("%Y-%m")
    assert client.get(f"/tickets/rates/?month={month}").status_code == 200
    response = client.get(f"/tickets/rates.xlsx?month={month}")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_admin_edits_a_category_and_adds_a_notice(city_admin, worker_a, login, leak):
    client = login(city_admin)
    response = client.post(
        f"/tickets/categories/?edit={leak.code}",
        {
            "code": leak.code,
            "name": "楼上漏水",
            "response_hours": 4,
            "handling_days": 3,
            "default_level": "community",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    leak.refresh_from_db()
    assert leak.response_hours == 4 and leak.handling_days == 3
    response = client.post(
        "/tickets/calendar/",
        {"year": 2027, "holidays": "2027-01-01,2027-01-03,元旦", "workdays": "2027-01-09"},
    )
    assert response.status_code == 302
    assert login(worker_a).post("/tickets/calendar/", {"year": 2027, "holidays": "x"}).status_code == 404


def test_notice_with_a_bad_line_is_refused_with_its_line_number(city_admin, login, db):
    response = login(city_admin).post(
        "/tickets/calendar/", {"year": 2027, "holidays": "2027-01-01,2027-01-03,元旦\nnonsense"}
    )
    assert response.status_code == 400 and "2" in response.content.decode()


def test_list_page_query_count_is_fixed(make_ticket, worker_a, login, django_assert_max_num_queries):
    for _ in range(5):
        make_ticket()
    client = login(worker_a)
    client.get("/tickets/")
    with django_assert_max_num_queries(14):
        client.get("/tickets/")
    for _ in range(10):
        make_ticket()
    with django_assert_max_num_queries(14):
        client.get("/tickets/")


def test_hot_spots_show_repeated_categories(make_ticket, worker_a, login):
    for _ in range(3):
        make_ticket(now=MONDAY)
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):  # the page shows this month
        body = login(worker_a).get("/tickets/hot-spots/").content.decode()
    assert "楼上漏水" in body


def test_staff_pages_are_404_for_residents(resident, login, tree):
    client = login(resident)
    for url in [
        "/tickets/overdue/",
        "/tickets/rates/",
        "/tickets/rates.xlsx",
        "/tickets/hot-spots/",
        "/tickets/categories/",
        "/tickets/calendar/",
        "/tickets/departments/",
        "/tickets/hotline/",
    ]:
        assert client.get(url).status_code == 404, url


def test_outsider_sees_no_other_community_in_overdue_rates_and_hot_spots(make_ticket, worker_b, login):
    t = make_ticket(now=dt.datetime(2026, 10, 9, 10, tzinfo=dt.UTC))
    client = login(worker_b)
    assert t.code not in client.get("/tickets/overdue/?by=community").content.decode()
    assert "甲社区" not in client.get("/tickets/rates/?month=2026-10").content.decode()
    assert "甲社区" not in client.get("/tickets/hot-spots/?month=2026-10").content.decode()


def test_only_city_admins_change_categories_and_departments_need_a_street(worker_a, login, leak):
    client = login(worker_a)
    assert client.post("/tickets/categories/", {"code": "x", "name": "x"}).status_code == 404
    assert client.get("/tickets/departments/").status_code == 404


def test_street_officer_adds_a_department(street_officer, tree, login):
    from linli.tickets.models import Department

    response = login(street_officer).post(
        "/tickets/departments/", {"street": tree.street.pk, "name": "房管所"}
    )
    assert response.status_code == 302 and Department.objects.filter(name="房管所").exists()


def test_notifications_page_lists_and_marks_read(ticket, resident, login):
    from linli.tickets.models import Notification

    client = login(resident)
    assert ticket.code in client.get("/tickets/notifications/").content.decode()
    client.post("/tickets/notifications/")
    assert not Notification.objects.filter(user=resident, read_at__isnull=True).exists()


def test_api_list_query_count_is_fixed(make_ticket, worker_a, login, django_assert_max_num_queries):
    client = login(worker_a)
    make_ticket()
    client.get("/api/v1/tickets")
    with django_assert_max_num_queries(8):
        client.get("/api/v1/tickets")
    for _ in range(12):
        make_ticket()
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/tickets").json()["items"]) == 13


def test_the_rates_workbook_writes_a_formula_like_name_as_text_and_numbers_as_numbers(
    ticket, street_officer, login
):
    import io

    from openpyxl import load_workbook

    from linli.areas.models import Area

    Area.objects.filter(pk=ticket.community_id).update(name='=HYPERLINK("http://evil.example","点")')
    month = ticket.submitted_at.strftime("%Y-%m")
    data = login(street_officer).get(f"/tickets/rates.xlsx?month={month}").content
    cells = [c for ws in load_workbook(io.BytesIO(data)).worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert '\'=HYPERLINK("http://evil.example","点")' in [c.value for c in cells]
    assert any(isinstance(c.value, int) and c.value >= 1 for c in cells)  # the counts stay numbers
