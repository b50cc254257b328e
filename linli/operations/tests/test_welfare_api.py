"""/api/v1/operations/welfare: one call builds the check list of an area from the care tags (80+
derived; disability only with the sensitive grant), assigned to each building's 包户 worker; a check
is recorded once; needs-help becomes a ticket; the board counts; the sweep escalates the
unreached after the set time; outsiders get 404."""

import datetime as dt

import pytest
import time_machine

from conftest import id_number
from linli.accounts.models import SensitiveGrant
from linli.operations.models import CheckItem, CheckState
from linli.operations.tests.conftest import NOW
from linli.operations.welfare.actions import check_build, check_record, escalate_unreached
from linli.operations.welfare.queries import FIELDS, board
from linli.registry.actions import PersonData, household_register
from linli.registry.actions.care import care_tag_set
from linli.registry.actions.households import building_create, dwelling_create
from linli.registry.actions.visits import building_assign
from linli.tickets.models import Category

API = "/api/v1/operations/welfare"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


@pytest.fixture
def people(tree, worker_a):
    """Community A: 张奶奶 (born 1940, 80+), 刘大爷 (lives alone), 赵先生 (disability), 钱女士 (no tag)."""
    building = building_create(actor=None, community=tree.community_a, name="1号楼")
    building_assign(actor=None, building=building, worker=worker_a)
    out = {}
    for i, (name, born, tag) in enumerate(
        [
            ("张奶奶", "19400505", None),
            ("刘大爷", "19500606", "alone"),
            ("赵先生", "19800707", "disability"),
            ("钱女士", "19900808", None),
        ]
    ):
        dwelling = dwelling_create(actor=None, building=building, number=f"1-{i + 1}01")
        h = household_register(
            actor=None,
            community=tree.community_a,
            dwelling=dwelling,
            head=PersonData(name=name, id_number=id_number(born, f"0{i}3")),
        )
        if tag:
            care_tag_set(actor=None, resident=h.head, tag=tag, level=2 if tag == "disability" else None)
        out[name] = h.head
    return out


def test_the_check_list_comes_from_the_care_tags_and_goes_to_the_building_worker(
    tree, people, worker_a, street_officer, login
):
    r = _post(login(street_officer), "/checks", {"area_code": tree.street.code, "reason": "高温橙色预警"})
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    # The street officer holds no disability grant: 赵先生 is not on the list.
    assert r.json()["residents"] == 2
    items = login(worker_a).get(f"{API}/checks/{code}/items?mine=true").json()["items"]
    assert sorted((i["resident"], tuple(i["tags"])) for i in items) == [
        ("刘大爷", ("alone",)),
        ("张奶奶", ("aged_80",)),
    ]
    assert {i["worker"] for i in items} == {worker_a.display_name}


def test_with_the_sensitive_grant_disability_is_on_the_list(tree, people, street_officer):
    SensitiveGrant.objects.create(user=street_officer, category="disability", area=tree.street)
    check = check_build(actor=street_officer, area=tree.street, reason="寒潮", now=NOW)
    assert check.residents == 3


def test_a_check_is_recorded_once_and_needs_help_becomes_a_ticket(tree, people, worker_a, login):
    check = check_build(actor=worker_a, area=tree.community_a, reason="高温", now=NOW)
    items = {
        i.resident.name: i for i in CheckItem.objects.filter(welfare_check=check).select_related("resident")
    }
    c = login(worker_a)
    ok = _post(
        c,
        f"/items/{items['张奶奶'].pk}/record",
        {"state": "needs_help", "method": "visit", "note": "空调坏了"},
    )
    assert ok.json()["state"] == "needs_help"
    again = _post(c, f"/items/{items['张奶奶'].pk}/record", {"state": "safe", "method": "phone"})
    assert again.status_code == 409
    Category.objects.get_or_create(code="help-demo", defaults={"name": "生活求助"})
    t = _post(c, f"/items/{items['张奶奶'].pk}/ticket", {"category": "help-demo"})
    assert t.status_code == 200, t.content
    assert t.json()["ticket"]
    board = c.get(f"{API}/checks/{check.code}/board/{tree.community_a.code}").json()
    assert (board["total"]["total"], board["total"]["needs_help"], board["total"]["pending"]) == (2, 1, 1)


def test_the_unreached_are_escalated_after_the_set_time(tree, people, worker_a):
    check = check_build(actor=worker_a, area=tree.community_a, reason="高温", escalate_after_hours=2, now=NOW)
    assert escalate_unreached(now=NOW + dt.timedelta(hours=1)) == 0
    assert escalate_unreached(now=NOW + dt.timedelta(hours=3)) == 2
    assert escalate_unreached(now=NOW + dt.timedelta(hours=4)) == 0
    assert check.items.filter(escalated_at__isnull=False, state=CheckState.PENDING).count() == 2


def test_outsiders_get_404_on_checks_and_items(tree, people, worker_a, worker_b, resident, login):
    check = check_build(actor=worker_a, area=tree.community_a, reason="高温", now=NOW)
    item = check.items.first()
    b = login(worker_b)
    assert b.get(f"{API}/checks/{check.code}/items").status_code == 404
    assert b.get(f"{API}/checks").json()["items"] == []
    assert _post(b, f"/items/{item.pk}/record", {"state": "safe", "method": "phone"}).status_code == 404
    assert _post(b, "/checks", {"area_code": tree.community_a.code, "reason": "x"}).status_code == 404
    assert b.get(f"{API}/checks/{check.code}/board/{tree.community_a.code}").status_code == 404
    assert (
        _post(login(resident), f"/items/{item.pk}/record", {"state": "safe", "method": "phone"}).status_code
        == 404
    )
    item.refresh_from_db()
    assert item.state == CheckState.PENDING


def _counted(check):
    """The board's figures counted from the items themselves (what the tallies must equal)."""
    items = CheckItem.objects.filter(welfare_check=check)
    return {
        "total": items.count(),
        "pending": items.filter(state=CheckState.PENDING).count(),
        "safe": items.filter(state=CheckState.SAFE).count(),
        "needs_help": items.filter(state=CheckState.NEEDS_HELP).count(),
        "not_reached": items.filter(state=CheckState.NOT_REACHED).count(),
        "escalated": items.filter(escalated_at__isnull=False).count(),
    }


def _board(check, area, viewer):
    total, _rows = board(viewer, check, area)
    return {name: getattr(total, name) for name in FIELDS}


def test_the_board_tallies_follow_build_record_and_escalation(tree, people, worker_a, street_officer):
    """The board reads per-community tallies kept by the actions; at every step, from the street
    and from the community, they equal a count of the items."""
    check = check_build(actor=None, area=tree.street, reason="寒潮", escalate_after_hours=2, now=NOW)
    assert (
        _board(check, tree.street, street_officer)
        == _counted(check)
        == _board(check, tree.community_a, worker_a)
    )
    assert _counted(check)["total"] == 3  # 张奶奶 (80+), 刘大爷 (alone), 赵先生 (disability, no builder)
    first, second, _third = CheckItem.objects.filter(welfare_check=check).order_by("pk")
    check_record(actor=worker_a, item=first, state="safe", method="phone", now=NOW)
    check_record(actor=worker_a, item=second, state="not_reached", now=NOW)
    escalate_unreached(now=NOW + dt.timedelta(hours=3))
    figures = _board(check, tree.street, street_officer)
    assert figures == _counted(check) == _board(check, tree.community_a, worker_a)
    assert (figures["safe"], figures["not_reached"], figures["pending"], figures["escalated"]) == (1, 1, 1, 2)
    # Another check's records never move this check's board.
    other = check_build(actor=None, area=tree.community_a, reason="暴雨", now=NOW)
    check_record(actor=worker_a, item=other.items.first(), state="safe", method="visit", now=NOW)
    assert _board(check, tree.street, street_officer) == figures
