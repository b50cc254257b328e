"""Emergency and welfare pages: open an incident, warn, build a check, record from the list; the
CAP download; outsiders get 404 on every page and POST."""

import pytest
import time_machine
from django.urls import reverse

from linli.operations.emergencies import actions
from linli.operations.models import Alert, CheckItem, Incident
from linli.operations.tests.conftest import NOW
from linli.operations.welfare.actions import check_build


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_worker_opens_an_incident_warns_and_builds_a_check(tree, worker_a, household_a, login):
    c = login(worker_a)
    assert c.get(reverse("operations:emergencies")).status_code == 200
    r = c.post(
        reverse("operations:incident_new"),
        {"area": tree.community_a.code, "kind": "heat", "level": "2", "title": "高温", "description": "37℃"},
    )
    incident = Incident.objects.get()
    assert r.status_code == 302
    r = c.post(
        reverse("operations:incident_alert", args=[incident.code]),
        {"headline": "高温预警", "message": "少外出", "instruction": "", "hours": "24"},
    )
    assert r.status_code == 302
    alert = Alert.objects.get()
    cap = c.get(reverse("operations:alert_cap", args=[alert.code]))
    assert b"urn:oasis:names:tc:emergency:cap:1.2" in cap.content
    page = c.get(reverse("operations:incident", args=[incident.code])).content.decode()
    assert "高温预警" in page


def test_an_alert_to_an_empty_area_is_refused_on_the_form(tree, worker_b, login):
    c = login(worker_b)
    incident = actions.incident_open(
        actor=worker_b, area=tree.community_b, kind="cold", level="4", title="寒潮", description="x"
    )
    r = c.post(
        reverse("operations:incident_alert", args=[incident.code]),
        {"headline": "寒潮", "message": "降温", "hours": "24"},
    )
    assert r.status_code == 400
    assert not Alert.objects.exists()


def test_outsiders_get_404_on_emergency_and_welfare_pages(
    tree, worker_a, worker_b, household_a, resident, login
):
    incident = actions.incident_open(
        actor=worker_a, area=tree.community_a, kind="fire", level="4", title="t", description="d"
    )
    alert = actions.alert_issue(
        actor=worker_a, area=tree.community_a, kind="fire", level="4", headline="h", message="m"
    )
    check = check_build(actor=worker_a, area=tree.community_a, reason="r", now=NOW)
    b = login(worker_b)
    for name in ("incident",):
        assert b.get(reverse(f"operations:{name}", args=[incident.code])).status_code == 404
    for name in ("incident_note", "incident_close", "incident_alert", "incident_check"):
        assert (
            b.post(
                reverse(f"operations:{name}", args=[incident.code]), {"note": "x", "report": "x"}
            ).status_code
            == 404
        )
    assert b.post(reverse("operations:alert_cancel", args=[alert.code]), {"message": "x"}).status_code == 404
    assert b.get(reverse("operations:alert_cap", args=[alert.code])).status_code == 404
    assert b.get(reverse("operations:check", args=[check.code])).status_code == 404
    assert check.code not in b.get(reverse("operations:emergencies")).content.decode()
    assert login(resident).get(reverse("operations:emergencies")).status_code == 404
    item = CheckItem.objects.filter(welfare_check=check).first()
    if item is not None:
        assert (
            b.post(
                reverse("operations:item_record", args=[item.pk]), {"state": "safe", "method": "phone"}
            ).status_code
            == 404
        )
    incident.refresh_from_db()
    assert incident.closed_at is None
