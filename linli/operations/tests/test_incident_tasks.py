"""An incident's tasks (吹哨报到): to a worker who can see it, an active volunteer of its area or a
department of its street; the volunteer sees and closes theirs from their own account; once only;
assignees outside the area are refused; outsiders get 404 on every list and write."""

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.operations.emergencies.actions import incident_open
from linli.operations.models import IncidentTask
from linli.operations.tests.conftest import NOW

API = "/api/v1/operations/emergencies"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def incident(tree, worker_a):
    return incident_open(
        actor=worker_a,
        area=tree.community_a,
        kind="flood",
        level="3",
        title="暴雨积水",
        description="3号楼地下室进水",
        now=NOW,
    )


def _post(client, path, body):
    return client.post(f"{API}{path}", body, content_type="application/json")


def test_a_volunteer_gets_a_task_sees_it_and_reports_it_done(incident, volunteers, worker_a, login):
    c = login(worker_a)
    r = _post(c, f"/incidents/{incident.code}/tasks", {"task": "转移3号楼老人", "volunteer_number": "ｖ0"})
    assert r.status_code == 201, r.content
    task = r.json()
    assert (task["assignee"], task["assignee_kind"], task["done_at"]) == ("志愿者0", "volunteer", None)
    assert [e.kind for e in incident.entries.all()][-1] == "task"

    volunteer = login(volunteers[0].user)
    mine = volunteer.get(f"{API}/incident-tasks/mine").json()
    assert [t["id"] for t in mine] == [task["id"]]
    assert login(volunteers[1].user).get(f"{API}/incident-tasks/mine").json() == []
    done = _post(volunteer, f"/incident-tasks/{task['id']}/done", {"report": "已转移2人"})
    assert done.status_code == 200, done.content
    assert done.json()["report"] == "已转移2人"
    again = _post(c, f"/incident-tasks/{task['id']}/done", {"report": "再报"})
    assert again.status_code == 409
    assert AuditEvent.objects.filter(action="operations.incident.task_done").count() == 1
    page = c.get(f"/operations/emergencies/i/{incident.code}/")
    assert "转移3号楼老人" in page.content.decode() and "已转移2人" in page.content.decode()


def test_assignees_must_belong_to_the_area(
    incident, worker_a, worker_b, resident, department, other_department, login
):
    c = login(worker_a)
    # A resident of the community is not a worker: not offered, and refused.
    page = c.get(f"/operations/emergencies/i/{incident.code}/").content.decode()
    assert f'value="w{worker_a.pk}"' in page and f'value="w{resident.pk}"' not in page
    assert (
        _post(c, f"/incidents/{incident.code}/tasks", {"task": "x", "worker_id": resident.pk}).status_code
        == 400
    )
    # A worker of another community, another street's department, or none / two at once: refused.
    assert (
        _post(c, f"/incidents/{incident.code}/tasks", {"task": "x", "worker_id": worker_b.pk}).status_code
        == 400
    )
    bad = _post(c, f"/incidents/{incident.code}/tasks", {"task": "x", "department_id": other_department.pk})
    assert bad.status_code == 400
    assert _post(c, f"/incidents/{incident.code}/tasks", {"task": "x"}).status_code == 400
    two = {"task": "x", "worker_id": worker_a.pk, "department_id": department.pk}
    assert _post(c, f"/incidents/{incident.code}/tasks", two).json()["code"] == "one_assignee"
    assert not IncidentTask.objects.exists()
    ok = _post(c, f"/incidents/{incident.code}/tasks", {"task": "抽水", "department_id": department.pk})
    assert ok.status_code == 201
    assert ok.json()["assignee"] == "区卫健委"


def test_the_page_gives_a_task_and_keeps_what_was_typed_on_error(incident, worker_a, volunteers, login):
    c = login(worker_a)
    page = c.get(f"/operations/emergencies/i/{incident.code}/").content.decode()
    assert f'value="v{volunteers[0].pk}"' in page
    bad = c.post(f"/operations/emergencies/i/{incident.code}/tasks/", {"task": "送沙袋", "assignee": ""})
    assert bad.status_code == 400
    assert "送沙袋" in bad.content.decode()
    ok = c.post(
        f"/operations/emergencies/i/{incident.code}/tasks/",
        {"task": "送沙袋", "assignee": f"v{volunteers[1].pk}"},
    )
    assert ok.status_code == 302
    task = IncidentTask.objects.get()
    mine = login(volunteers[1].user).get("/operations/emergencies/tasks/mine/")
    assert "送沙袋" in mine.content.decode()
    done = login(volunteers[1].user).post(
        f"/operations/emergencies/tasks/{task.pk}/done/", {"report": "已送达"}
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.report == "已送达"


def test_outsiders_get_404_on_the_tasks(incident, worker_a, worker_b, volunteers, login):
    task = _post(
        login(worker_a), f"/incidents/{incident.code}/tasks", {"task": "巡查", "worker_id": worker_a.pk}
    ).json()
    b = login(worker_b)
    assert b.get(f"{API}/incidents/{incident.code}/tasks").status_code == 404
    assert (
        _post(b, f"/incidents/{incident.code}/tasks", {"task": "x", "worker_id": worker_b.pk}).status_code
        == 404
    )
    assert _post(b, f"/incidents/{task['id']}/done", {"report": "x"}).status_code == 404
    assert _post(b, f"/incident-tasks/{task['id']}/done", {"report": "x"}).status_code == 404
    assert b.post(f"/operations/emergencies/tasks/{task['id']}/done/", {"report": "x"}).status_code == 404
    # A volunteer with no task here sees nothing and cannot close another's task.
    v = login(volunteers[0].user)
    assert _post(v, f"/incident-tasks/{task['id']}/done", {"report": "x"}).status_code == 404
    assert IncidentTask.objects.get().done_at is None


def test_the_volunteers_home_shows_their_open_tasks(incident, worker_a, volunteers, login):
    _post(login(worker_a), f"/incidents/{incident.code}/tasks", {"task": "送水", "volunteer_number": "V1"})
    home = login(volunteers[1].user).get("/").content.decode()
    assert "/operations/emergencies/tasks/mine/" in home
    assert "/operations/emergencies/tasks/mine/" not in login(volunteers[0].user).get("/").content.decode()
