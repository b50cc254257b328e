"""Pages: scoped (outsiders get 404), forms keep input, every page renders."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import id_number
from linli.registry import actions
from linli.registry.actions import PersonData
from linli.registry.models import ChangeReport, Resident, TransferRequest

# Pages count days from the clock: it stands still at a fixed Monday in these tests.
NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_worker_b_gets_404_on_a_residents_and_households(household_a, worker_b, login):
    client = login(worker_b)
    head = household_a.head
    for url in (
        f"/registry/residents/{head.pk}/",
        f"/registry/residents/{head.pk}/edit/",
        f"/registry/residents/{head.pk}/move-out/",
        f"/registry/residents/{head.pk}/death/",
        f"/registry/residents/{head.pk}/visits/",
        f"/registry/households/{household_a.pk}/",
        f"/registry/households/{household_a.pk}/members/",
        f"/registry/households/{household_a.pk}/birth/",
        f"/registry/households/{household_a.pk}/head/",
        f"/registry/households/{household_a.pk}/split/",
        f"/registry/households/{household_a.pk}/merge/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code == 404, url
    assert client.post(f"/registry/residents/{head.pk}/tags/", {"tag": "alone"}).status_code == 404
    assert not head.care_tags.exists()


def test_worker_b_lists_show_nothing_of_a(household_a, building_a, worker_b, login):
    client = login(worker_b)
    assert "王建国" not in client.post("/registry/", {"q": "王"}, follow=True).content.decode()
    assert "1号楼" not in client.get("/registry/buildings/").content.decode()
    assert client.get(f"/registry/buildings/{building_a.pk}/").status_code == 404
    assert client.post(f"/registry/buildings/{building_a.pk}/", {"number": "9-9"}).status_code == 404
    assert (
        client.post(f"/registry/buildings/{building_a.pk}/assign/", {"worker": worker_b.pk}).status_code
        == 404
    )


def test_a_resident_sees_only_their_own_household(household_a, household_b, resident, worker_a, login):
    actions.resident_link_account(actor=worker_a, resident=household_a.head, user=resident)
    client = login(resident)
    html = client.get("/registry/mine/").content.decode()
    assert "王建国" in html and "李秀英" in html and "赵大海" not in html
    assert "110105********0119" in html  # masked, never in full
    assert client.get(f"/registry/households/{household_b.pk}/").status_code == 404
    assert client.get(f"/registry/residents/{household_a.head.pk}/").status_code == 404  # no staff pages
    assert client.get("/registry/").status_code == 404
    assert client.get("/api/v1/registry/me/household").json()["code"] == household_a.code
    assert client.get(f"/api/v1/registry/households/{household_b.pk}").status_code == 404
    assert client.get("/api/v1/registry/residents").json()["count"] == 0


def test_resident_reports_a_new_member_and_the_worker_approves(household_a, resident, worker_a, login):
    actions.resident_link_account(actor=worker_a, resident=household_a.head, user=resident)
    client = login(resident)
    resp = client.post(
        "/registry/mine/",
        {
            "kind": "new_member",
            "name": "王小明",
            "id_number": id_number("20100101", "031"),
            "relation": "grandchild",
        },
    )
    assert resp.status_code == 302
    report = ChangeReport.objects.get()
    assert report.status == "pending" and not Resident.objects.filter(name="王小明").exists()
    staff = login(worker_a)
    assert "王小明" in staff.get("/registry/reports/").content.decode()
    assert staff.post(f"/registry/reports/{report.pk}/", {"decision": "accept"}).status_code == 302
    assert Resident.objects.get(name="王小明").household == household_a
    assert "已通过" in client.get("/registry/mine/").content.decode()


def test_a_rejection_needs_a_reason_the_resident_then_sees(household_a, resident, worker_a, worker_b, login):
    actions.resident_link_account(actor=worker_a, resident=household_a.head, user=resident)
    report = actions.change_report_submit(
        actor=resident, kind="new_phone", subject=household_a.head, phone="13912345678"
    )
    assert login(worker_b).post(f"/registry/reports/{report.pk}/", {"decision": "reject"}).status_code == 404
    staff = login(worker_a)
    resp = staff.post(f"/registry/reports/{report.pk}/", {"decision": "reject", "reason": ""})
    assert resp.status_code == 400
    staff.post(f"/registry/reports/{report.pk}/", {"decision": "reject", "reason": "号码不是本人的"})
    assert "号码不是本人的" in login(resident).get("/registry/mine/").content.decode()
    household_a.head.refresh_from_db()
    assert household_a.head.phone == "13600000001"


def test_move_in_form_keeps_what_was_typed_on_a_bad_id(tree, worker_a, login):
    resp = login(worker_a).post(
        "/registry/households/new/",
        {
            "community": tree.community_a.pk,
            "name": "张三",
            "id_number": "110105195001010118",
        },
    )
    assert resp.status_code == 400
    html = resp.content.decode()
    assert 'value="张三"' in html and "110105195001010118" in html


def test_move_in_of_an_id_active_elsewhere_sends_a_transfer(tree, household_b, worker_a, worker_b, login):
    resp = login(worker_a).post(
        "/registry/households/new/",
        {
            "community": tree.community_a.pk,
            "kind": "resident",
            "name": "赵大海",
            "id_number": id_number("19800505", "051"),
        },
    )
    assert resp.status_code == 302 and resp["Location"] == "/registry/transfers/"
    transfer = TransferRequest.objects.get()
    assert Resident.objects.filter(name="赵大海").count() == 1
    assert login(worker_a).get(f"/registry/transfers/{transfer.pk}/").status_code == 404  # B decides
    client_b = login(worker_b)
    assert "赵大海" in client_b.get("/registry/transfers/").content.decode()
    client_b.post(f"/registry/transfers/{transfer.pk}/", {"decision": "accept"})
    assert Resident.objects.get(name="赵大海", status="active").community == tree.community_a


def test_every_registry_page_renders_for_a_worker(tree, household_a, building_a, dwelling_a, worker_a, login):
    client = login(worker_a)
    head = household_a.head
    for url in (
        "/registry/",
        "/registry/?status=active",
        "/registry/buildings/",
        f"/registry/buildings/{building_a.pk}/",
        "/registry/households/new/",
        f"/registry/households/{household_a.pk}/",
        f"/registry/households/{household_a.pk}/members/",
        f"/registry/households/{household_a.pk}/birth/",
        f"/registry/households/{household_a.pk}/head/",
        f"/registry/households/{household_a.pk}/split/",
        f"/registry/households/{household_a.pk}/merge/",
        f"/registry/residents/{head.pk}/",
        f"/registry/residents/{head.pk}/move-out/",
        f"/registry/residents/{head.pk}/death/",
        f"/registry/residents/{head.pk}/visits/",
        "/registry/transfers/",
        "/registry/reports/",
        "/registry/rentals/",
        "/registry/rentals/new/",
        "/registry/visits/",
        "/registry/visits/?all=1",
        "/registry/import/",
        "/registry/export/",
    ):
        assert client.get(url).status_code == 200, url


def test_search_page_runs_a_fixed_number_of_queries(
    tree, building_a, worker_a, login, django_assert_max_num_queries
):
    for i in range(15):
        actions.household_register(
            actor=None,
            community=tree.community_a,
            head=PersonData(name=f"王{i}", id_number=id_number("19600101", f"{i + 100:03d}")),
        )
    client = login(worker_a)
    client.get("/registry/")
    results = client.post("/registry/", {"q": "王"})["Location"]
    with django_assert_max_num_queries(16):
        assert client.get(results).status_code == 200


def test_search_by_building_and_dwelling(household_a, household_b, dwelling_a, building_a, worker_a, login):
    household_a.dwelling = dwelling_a
    household_a.save()
    client = login(worker_a)
    html = client.get("/registry/", {"building": building_a.pk, "dwelling": "1-101"}).content.decode()
    assert "王建国" in html and "李秀英" in html
    assert "王建国" not in client.get("/registry/", {"dwelling": "9-999"}).content.decode()


def test_search_by_exact_id_and_phone(household_a, worker_a, login):
    client = login(worker_a)
    html = client.post("/registry/", {"q": id_number("19520303", "022")}, follow=True).content.decode()
    assert "李秀英" in html and "王建国" not in html
    html = client.post("/registry/", {"q": "136 0000 0001"}, follow=True).content.decode()
    assert "王建国" in html and "李秀英" not in html


@time_machine.travel(NOW, tick=False)
def test_rental_registration_and_the_two_lists(tree, dwelling_a, building_a, worker_a, login):
    from linli.registry.actions import dwelling_create

    client = login(worker_a)
    today = timezone.localdate()
    resp = client.post(
        "/registry/rentals/new/",
        {
            "dwelling": dwelling_a.pk,
            "landlord_name": "房东刘",
            "start": today.isoformat(),
            "end": (today + dt.timedelta(days=20)).isoformat(),
            "tenants": f"租客甲, {id_number('19900101', '071')}\n租客乙, {id_number('19910101', '082')}",
        },
    )
    assert resp.status_code == 302
    tenant = Resident.objects.get(name="租客甲")
    assert tenant.kind == "floating" and tenant.residence_until == today + dt.timedelta(days=20)
    dwelling_create(actor=None, building=building_a, number="1-102", use="rented")
    html = client.get("/registry/rentals/").content.decode()
    assert "租客甲" in html and "1-102" in html
    rental = tenant.household.rentals.get()
    client.post(
        f"/registry/rentals/{rental.pk}/extend/", {"end": (today + dt.timedelta(days=200)).isoformat()}
    )
    tenant.refresh_from_db()
    assert tenant.residence_until == today + dt.timedelta(days=200)
    assert "租客甲" not in client.get("/registry/rentals/").content.decode().split("1-102")[0].split("<h2")[1]


@time_machine.travel(NOW, tick=False)
def test_visits_due_and_overdue_follow_the_frequency(
    tree, household_a, building_a, dwelling_a, worker_a, login
):
    household_a.dwelling = dwelling_a
    household_a.save()
    actions.building_assign(actor=worker_a, building=building_a, worker=worker_a)
    head = household_a.head
    actions.care_tag_set(actor=worker_a, resident=head, tag="alone")
    from linli.registry.queries import visits_due

    due = visits_due(worker_a)
    assert [d.resident for d in due] == [head] and due[0].every_days == 7
    assert due[0].due == timezone.localdate() + dt.timedelta(days=7)  # a week after joining the group
    with time_machine.travel(NOW + dt.timedelta(days=9), tick=False):
        assert visits_due(worker_a)[0].overdue
    now = timezone.now()
    actions.visit_log(actor=worker_a, resident=head, visited_at=now - dt.timedelta(days=1), findings="身体好")
    assert visits_due(worker_a, window_days=3) == []
    assert [d.resident for d in visits_due(worker_a, window_days=7)] == [head]
    actions.visit_frequency_set(actor=worker_a, community=tree.community_a, tag="alone", days=30)
    assert visits_due(worker_a, window_days=7) == []
    html = login(worker_a).get("/registry/visits/").content.decode()
    assert "王建国" not in html


def test_a_visit_list_made_for_a_day_is_overdue_against_that_day_not_the_clock(
    household_a, building_a, dwelling_a, worker_a
):
    from linli.registry.queries import visits_due

    household_a.dwelling = dwelling_a
    household_a.save()
    actions.building_assign(actor=worker_a, building=building_a, worker=worker_a)
    actions.care_tag_set(actor=worker_a, resident=household_a.head, tag="alone", now=NOW)
    (due,) = visits_due(worker_a, today=NOW.date() + dt.timedelta(days=9))
    assert due.due == NOW.date() + dt.timedelta(days=7) and due.overdue
    (due,) = visits_due(worker_a, today=NOW.date() + dt.timedelta(days=6))
    assert not due.overdue


@pytest.mark.parametrize(
    "path", ["/registry/", "/registry/visits/", "/registry/rentals/", "/registry/transfers/"]
)
def test_residents_and_outsiders_have_no_staff_pages(resident, path, login):
    assert login(resident).get(path).status_code == 404


def test_household_action_pages_do_what_they_say(tree, household_a, dwelling_a, worker_a, login):
    client = login(worker_a)
    head, spouse = household_a.head, household_a.members.get(name="李秀英")
    h = f"/registry/households/{household_a.pk}"
    resp = client.post(
        f"{h}/birth/", {"relation": "grandchild", "name": "王小宝", "id_number": id_number("20250101", "013")}
    )
    assert resp.status_code == 302
    baby = Resident.objects.get(name="王小宝")
    assert (
        client.post(f"{h}/head/", {"new_head": spouse.pk, "old_head_relation": "spouse"}).status_code == 302
    )
    household_a.refresh_from_db()
    assert household_a.head == spouse
    resp = client.post(f"{h}/split/", {"members": [baby.pk], "new_head": baby.pk, "dwelling": dwelling_a.pk})
    assert resp.status_code == 302
    baby.refresh_from_db()
    new = baby.household
    assert new != household_a and new.dwelling == dwelling_a
    resp = client.post(
        f"/registry/households/{new.pk}/merge/", {"target": household_a.code, "relation": "grandchild"}
    )
    assert resp.status_code == 302
    baby.refresh_from_db()
    assert baby.household == household_a
    resp = client.post(f"/registry/residents/{head.pk}/death/", {"note": "病故"})
    assert resp.status_code == 302
    head.refresh_from_db()
    assert head.status == "deceased"
    resp = client.post(f"/registry/residents/{baby.pk}/move-out/", {"to_community": tree.community_b.code})
    assert resp.status_code == 302 and TransferRequest.objects.filter(resident=baby).exists()
    resp = client.post(f"/registry/residents/{spouse.pk}/move-out/", {"to_community": "999"})
    assert resp.status_code == 400  # unknown community code, form kept
    # A street is no community to move to (the lookup was a bare code match before).
    resp = client.post(f"/registry/residents/{spouse.pk}/move-out/", {"to_community": tree.street.code})
    assert resp.status_code == 400 and not TransferRequest.objects.filter(resident=spouse).exists()


def test_buildings_dwellings_tags_and_visits_from_the_pages(tree, household_a, worker_a, login):
    client = login(worker_a)
    resp = client.post(
        "/registry/buildings/",
        {"community": tree.community_a.pk, "name": "5号楼", "unit_count": 2, "grid": tree.grid_a.pk},
    )
    assert resp.status_code == 302
    from linli.registry.models import Building

    b = Building.objects.get(name="5号楼")
    assert b.grid == tree.grid_a
    assert (
        client.post(f"/registry/buildings/{b.pk}/", {"number": "1-101", "use": "rented"}).status_code == 302
    )
    assert (
        client.post(f"/registry/buildings/{b.pk}/", {"number": "1-101", "use": "rented"}).status_code == 400
    )
    client.post(f"/registry/buildings/{b.pk}/assign/", {"worker": worker_a.pk})
    assert b.assignments.filter(worker=worker_a).exists()
    head = household_a.head
    client.post(f"/registry/residents/{head.pk}/tags/", {"tag": "disability", "level": ""})
    assert not head.care_tags.exists()  # no grant: refused like an unknown tag
    client.post(f"/registry/residents/{head.pk}/tags/", {"tag": "empty_nest"})
    assert list(head.care_tags.values_list("tag", flat=True)) == ["empty_nest"]
    client.post(f"/registry/residents/{head.pk}/tags/", {"remove": "empty_nest"})
    assert not head.care_tags.exists()
    resp = client.post(
        f"/registry/residents/{head.pk}/visits/",
        {"visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "findings": "身体健康"},
    )
    assert resp.status_code == 302 and head.visits.count() == 1
    resp = client.post("/registry/visits/", {"community": tree.community_a.pk, "tag": "alone", "days": 10})
    assert resp.status_code == 302


def test_a_worker_corrects_a_record_and_bad_input_keeps_what_was_typed(household_a, worker_a, login):
    from linli.audit.models import AuditEvent

    client = login(worker_a)
    head = household_a.head
    url = f"/registry/residents/{head.pk}/edit/"
    page = client.get(url).content.decode()
    assert (
        'value="王建国"' in page
        and f"/registry/residents/{head.pk}/edit/"
        in client.get(f"/registry/residents/{head.pk}/").content.decode()
    )
    bad = client.post(url, {"name": "  ", "ethnicity": "回族", "hukou_place": "河北省保定市"})
    assert bad.status_code == 400  # the form again, with what was typed and the error
    page = bad.content.decode()
    assert 'value="河北省保定市"' in page and 'aria-invalid="true"' in page
    head.refresh_from_db()
    assert (
        head.ethnicity == "汉族"
        and not AuditEvent.objects.filter(action="registry.resident.updated").exists()
    )
    ok = client.post(
        url, {"name": "王建国", "ethnicity": "回族", "hukou_place": "河北省保定市", "employment": "retired"}
    )
    assert ok.status_code == 302
    head.refresh_from_db()
    assert (head.ethnicity, head.hukou_place, head.employment) == ("回族", "河北省保定市", "retired")
    event = AuditEvent.objects.get(action="registry.resident.updated")
    assert event.details == {"fields": ["ethnicity", "hukou_place", "employment"]}
    assert head.events.filter(kind="changed").count() == 1
    # Saving the same values again changes nothing and records nothing.
    client.post(
        url, {"name": "王建国", "ethnicity": "回族", "hukou_place": "河北省保定市", "employment": "retired"}
    )
    assert AuditEvent.objects.filter(action="registry.resident.updated").count() == 1
