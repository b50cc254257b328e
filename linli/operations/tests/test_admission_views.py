"""Admission pages: a street officer enters an application, reviews it; the district approves; the
public list shows it to anyone; a worker records a task outside the list and refuses it; outsiders
get 404 on every page and POST."""

import pytest
import time_machine
from django.urls import reverse

from linli.operations.admission import actions
from linli.operations.models import Application, ApplicationStatus, Task, TaskStatus
from linli.operations.tests.conftest import NOW, START


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _apply(client, department, **extra):
    data = {
        "department": department.pk,
        "kind": "item",
        "name": "社区禁毒宣传",
        "legal_basis": "《禁毒法》第十一条",
        "holder": "committee",
        "funding": "150.00",
        "unit": "场",
        "start_date": START.isoformat(),
        "forms": "1",
        "meetings": "2",
        "certificates": "0",
        "ledgers": "1",
        **extra,
    }
    return client.post(reverse("operations:application_new"), data)


def test_an_application_goes_through_the_pages_to_the_public_list(
    tree, department, street_officer, district_officer, client, login
):
    street = login(street_officer)
    r = _apply(street, department)
    app = Application.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("operations:application", args=[app.code])
    assert app.funding_fen == 15000 and app.meetings == 2
    page = street.get(reverse("operations:application", args=[app.code]))
    assert "社区禁毒宣传" in page.content.decode()
    street.post(reverse("operations:application_review", args=[app.code]), {"approve": "1", "note": ""})
    district = login(district_officer)
    assert "社区禁毒宣传" in district.get(reverse("operations:index")).content.decode()
    district.post(reverse("operations:application_decide", args=[app.code]), {"approve": "1", "reason": ""})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.APPROVED
    public = client.get(reverse("operations:list", args=[tree.district.code]))
    assert public.status_code == 200
    assert "《禁毒法》第十一条" in public.content.decode()


def test_a_late_application_keeps_what_was_typed(department, street_officer, login):
    r = _apply(login(street_officer), department, start_date="2026-03-20")
    assert r.status_code == 400
    body = r.content.decode()
    assert "30" in body and "社区禁毒宣传" in body
    assert not Application.objects.exists()


def test_refusing_without_a_reason_is_refused_on_the_form(department, street_officer, login):
    street = login(street_officer)
    _apply(street, department)
    app = Application.objects.get()
    r = street.post(reverse("operations:application_review", args=[app.code]), {"approve": "0", "note": ""})
    assert r.status_code == 400
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED


def test_a_worker_records_a_task_outside_the_list_and_refuses_it(tree, department, worker_a, login):
    client = login(worker_a)
    r = client.post(
        reverse("operations:task_new", args=[tree.community_a.code]),
        {
            "department": department.pk,
            "item": "",
            "title": "填报 XX 统计表",
            "units": "1",
            "due_date": "2026-03-20",
        },
    )
    task = Task.objects.get()
    assert r.status_code == 302
    assert (task.admitted, task.status) == (False, TaskStatus.FLAGGED)
    page = client.get(reverse("operations:task", args=[task.code])).content.decode()
    assert "不在" in page or "not on" in page
    client.post(reverse("operations:task_refuse", args=[task.code]), {"reason": "未经准入"})
    task.refresh_from_db()
    assert (task.status, task.refusal_reason) == (TaskStatus.REFUSED, "未经准入")


def test_the_burden_page_rolls_up_the_street(tree, department, worker_a, street_officer, login):
    actions.task_record(
        actor=worker_a, community=tree.community_a, department=department, title="x", due_date=START
    )
    page = login(street_officer).get(reverse("operations:burden", args=[tree.street.code]))
    assert page.status_code == 200
    assert tree.community_a.name in page.content.decode()


def test_outsiders_get_404_on_every_admission_page(
    tree, department, street_officer, other_street_officer, worker_a, worker_b, resident, login
):
    app = actions.application_submit(
        actor=street_officer,
        department=department,
        kind="item",
        name="x",
        legal_basis="y",
        holder="committee",
        start_date=START,
    )
    task = actions.task_record(
        actor=worker_a, community=tree.community_a, department=department, title="x", due_date=START
    )
    other = login(other_street_officer)
    b = login(worker_b)
    assert other.get(reverse("operations:application", args=[app.code])).status_code == 404
    assert (
        other.post(reverse("operations:application_review", args=[app.code]), {"approve": "1"}).status_code
        == 404
    )
    assert (
        other.post(reverse("operations:application_decide", args=[app.code]), {"approve": "1"}).status_code
        == 404
    )
    assert b.get(reverse("operations:task", args=[task.code])).status_code == 404
    assert b.get(reverse("operations:tasks", args=[tree.community_a.code])).status_code == 404
    assert (
        b.post(reverse("operations:task_new", args=[tree.community_a.code]), {"title": "x"}).status_code
        == 404
    )
    assert b.post(reverse("operations:task_refuse", args=[task.code]), {"reason": "x"}).status_code == 404
    assert b.post(reverse("operations:task_take", args=[task.code])).status_code == 404
    assert b.post(reverse("operations:task_complete", args=[task.code])).status_code == 404
    assert b.get(reverse("operations:burden", args=[tree.street.code])).status_code == 404
    assert login(resident).get(reverse("operations:index")).status_code == 404
    assert login(resident).get(reverse("operations:application_new")).status_code == 404
    assert other.get(reverse("operations:index")).content.decode().count(app.code) == 0
    task.refresh_from_db()
    assert task.status == TaskStatus.FLAGGED
