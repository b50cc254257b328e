"""Home care: the station plans visits by a care provider, the carer records them, and a visit not
made by its due day is flagged missed by the sweep (once), until the next visit clears it."""

import datetime as dt

import pytest
import time_machine

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.services import actions, care
from linli.services.models import CarePlan, CareVisit, Entitlement, EntitlementKind, Redemption
from linli.services.tests.conftest import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(scene, worker_a):
    scene.handy.services.add(scene.cleaning)
    return actions.care_plan_create(
        actor=worker_a,
        resident=scene.me,
        provider=scene.handy,
        every_days=7,
        first_due=NOW.date() + dt.timedelta(days=2),
        note="独居老人，每周上门保洁、测血压",
        now=NOW,
    )


def test_a_visit_recorded_sets_the_next_due_day(plan, scene):
    when = NOW + dt.timedelta(days=1)
    actions.care_visit_record(
        actor=scene.handy_user, plan=plan, visited_at=when, done="保洁、测血压", findings="血压偏高", now=when
    )
    plan.refresh_from_db()
    assert plan.next_due == when.date() + dt.timedelta(days=7)
    assert AuditEvent.objects.filter(action="services.care.visited").count() == 1


def test_a_missed_visit_is_flagged_once_and_cleared_by_the_next_visit(plan, scene):
    late = NOW + dt.timedelta(days=4)
    assert actions.care_visits_sweep(now=late) == 1
    assert actions.care_visits_sweep(now=late + dt.timedelta(minutes=1)) == 0
    plan.refresh_from_db()
    assert plan.missed_since == NOW.date() + dt.timedelta(days=2)
    assert AuditEvent.objects.filter(action="services.care.missed").count() == 1
    actions.care_visit_record(actor=scene.handy_user, plan=plan, visited_at=late, done="补上门", now=late)
    plan.refresh_from_db()
    assert plan.missed_since is None


def test_a_visit_cannot_be_in_the_future_or_by_another_provider(plan, scene, worker_b):
    with pytest.raises(DomainError) as future:
        actions.care_visit_record(
            actor=scene.handy_user, plan=plan, visited_at=NOW + dt.timedelta(hours=1), done="x", now=NOW
        )
    assert future.value.code == "future_visit"
    with pytest.raises(NotFound):
        actions.care_visit_record(actor=scene.fixit_user, plan=plan, visited_at=NOW, done="x", now=NOW)
    with pytest.raises(NotFound):
        actions.care_visit_record(actor=worker_b, plan=plan, visited_at=NOW, done="x", now=NOW)
    assert CareVisit.objects.count() == 0


def test_only_the_station_plans_and_only_with_a_provider_serving_the_community(
    scene, resident, street_officer
):
    with pytest.raises((Forbidden, NotFound)):
        actions.care_plan_create(
            actor=resident,
            resident=scene.me,
            provider=scene.handy,
            every_days=7,
            first_due=NOW.date(),
            note="x",
            now=NOW,
        )
    scene.handy.service_areas.clear()
    with pytest.raises(DomainError) as elsewhere:
        actions.care_plan_create(
            actor=street_officer,
            resident=scene.me,
            provider=scene.handy,
            every_days=7,
            first_due=NOW.date(),
            note="x",
            now=NOW,
        )
    assert elsewhere.value.code == "provider_elsewhere"


def test_the_station_plans_on_the_page_and_the_carer_records_a_visit(scene, tree, worker_a, login):
    scene.handy.services.add(scene.cleaning)
    station = login(worker_a)
    page = station.get(f"/services/c/{tree.community_a.code}/care/")
    assert scene.handy.name in page.content.decode()
    bad = station.post(
        f"/services/c/{tree.community_a.code}/care/new/",
        {
            "resident": scene.me.pk,
            "provider": scene.handy.code,
            "every_days": "7",
            "first_due": "2020-01-01",
            "note": "每周保洁",
        },
    )
    assert bad.status_code == 400
    assert "每周保洁" in bad.content.decode()
    first_due = NOW.date() + dt.timedelta(days=1)
    made = station.post(
        f"/services/c/{tree.community_a.code}/care/new/",
        {
            "resident": scene.me.pk,
            "provider": scene.handy.code,
            "every_days": "7",
            "first_due": first_due.isoformat(),
            "note": "每周保洁",
        },
    )
    assert made.status_code == 302
    plan = CarePlan.objects.get()
    carer = login(scene.handy_user)
    assert plan.code in carer.get("/services/care/").content.decode()
    visited = carer.post(
        f"/services/care/{plan.code}/visit/",
        {
            "visited_at": (NOW - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "done": "保洁",
            "hours": "2",
        },
    )
    assert visited.status_code == 302
    assert CareVisit.objects.get().hours == 2


def test_the_api_lists_missed_plans_and_records_visits(plan, scene, worker_a, login, hours):
    actions.care_visits_sweep(now=NOW + dt.timedelta(days=5))
    missed = login(worker_a).get("/api/v1/services/care-plans?missed=true").json()["items"]
    assert [p["code"] for p in missed] == [plan.code]
    carer = login(scene.handy_user)
    answer = carer.post(
        f"/api/v1/services/care-plans/{plan.code}/visits",
        {"visited_at": "2026-03-09T10:00:00+08:00", "done": "陪同就医"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["missed_since"] is None
    assert answer.json()["visits"][0]["done"] == "陪同就医"
    assert answer.json()["visits"][0]["paid_hours"] == 1
    old = carer.post(
        f"/api/v1/services/care-plans/{plan.code}/visits",
        {"visited_at": "2026-01-09T10:00:00+08:00", "done": "x"},
        content_type="application/json",
    )
    assert old.status_code == 400
    assert "visited_at" in old.json()["fields"]


OUTSIDE = [
    ("get", "/services/care/{code}/", None),
    ("post", "/services/care/{code}/visit/", {"visited_at": "2026-03-10T08:00", "done": "x", "hours": "1"}),
    ("get", "/services/c/{a}/care/", None),
    (
        "post",
        "/services/c/{a}/care/new/",
        {"resident": "{me}", "provider": "{p}", "every_days": "7", "first_due": "2026-03-12", "note": "x"},
    ),
    ("get", "/api/v1/services/care-plans/{code}", None),
    (
        "post",
        "/api/v1/services/care-plans/{code}/visits",
        {"visited_at": "2026-03-10T08:00:00+08:00", "done": "x"},
    ),
    (
        "post",
        "/api/v1/services/communities/{a}/care-plans",
        {"resident_id": "{me}", "provider": "{p}", "every_days": 7, "first_due": "2026-03-12", "note": "x"},
    ),
]


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDE)
def test_another_communitys_worker_gets_404_and_nothing_is_written(
    plan, scene, tree, worker_b, login, method, url, body
):
    rows = {"code": plan.code, "a": tree.community_a.code, "me": str(scene.me.pk), "p": scene.handy.code}
    client = login(worker_b)
    before = AuditEvent.objects.count()
    path = url.format(**rows)
    data = {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in (body or {}).items()}
    if "resident_id" in data:
        data["resident_id"] = int(data["resident_id"])
    if path.startswith("/api/"):
        response = getattr(client, method)(path, data, content_type="application/json")
    else:
        response = getattr(client, method)(path, data)
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_another_provider_sees_none_of_the_plans(plan, scene, login):
    client = login(scene.fixit_user)
    assert client.get("/api/v1/services/care-plans").json()["items"] == []
    assert client.get(f"/services/care/{plan.code}/").status_code == 404
    assert plan.code not in client.get("/services/care/").content.decode()


def test_the_station_home_shows_missed_visits_and_another_community_none(plan, worker_a, worker_b):
    from linli.services import home

    later = NOW + dt.timedelta(days=5)
    actions.care_visits_sweep(now=later)

    def missed(user):
        return next(t for t in home.tiles(user, "worker", later) if t.url == "/services/care/?missed=1").count

    assert (missed(worker_a), missed(worker_b)) == (1, 0)


@pytest.fixture
def hours(scene, worker_a):
    return care.entitlement_grant(
        actor=worker_a,
        resident=scene.me,
        kind=EntitlementKind.CARE_HOURS,
        month=NOW.date(),
        granted=3,
        unit_fen=3000,
        reason="一级残疾，居家照护",
        now=NOW,
    )


def test_a_visit_uses_up_care_hours_as_far_as_the_balance_goes_and_once(plan, scene, hours):
    first = NOW + dt.timedelta(hours=1)
    v1 = actions.care_visit_record(
        actor=scene.handy_user, plan=plan, visited_at=first, done="助浴", hours=2, now=first
    )
    second = NOW + dt.timedelta(days=1)
    v2 = actions.care_visit_record(
        actor=scene.handy_user, plan=plan, visited_at=second, done="助浴、陪护", hours=2, now=second
    )
    third = NOW + dt.timedelta(days=2)
    v3 = actions.care_visit_record(
        actor=scene.handy_user, plan=plan, visited_at=third, done="陪聊", now=third
    )
    hours.refresh_from_db()
    # 2 + 1 (the balance left) + 0: never past the grant, one redemption per paid visit.
    assert (hours.used, hours.balance) == (3, 0)
    assert [r.units for r in Redemption.objects.filter(entitlement=hours).order_by("at")] == [2, 1]
    assert Redemption.objects.get(visit=v1).amount_fen == 6000
    assert Redemption.objects.get(visit=v2).provider == scene.handy
    assert not Redemption.objects.filter(visit=v3).exists()
    assert AuditEvent.objects.filter(action="services.entitlement.redeemed").count() == 2


def test_a_visit_without_care_hours_is_still_recorded(plan, scene):
    when = NOW + dt.timedelta(hours=1)
    visit = actions.care_visit_record(
        actor=scene.handy_user, plan=plan, visited_at=when, done="助浴", now=when
    )
    assert CareVisit.objects.filter(pk=visit.pk).exists()
    assert not Redemption.objects.exists()
    assert not Entitlement.objects.filter(used__gt=0).exists()


def test_the_visits_hours_go_into_the_providers_monthly_statement(plan, scene, hours):
    when = NOW + dt.timedelta(hours=1)
    actions.care_visit_record(
        actor=scene.handy_user, plan=plan, visited_at=when, done="助浴", hours=2, now=when
    )
    later = NOW + dt.timedelta(days=40)
    settlement = actions.settlement_prepare(actor=None, provider=scene.handy, month=NOW.date(), now=later)
    assert (settlement.care_hours, settlement.subsidy_fen) == (2, 6000)
    line = settlement.lines.get()
    assert (line.community_id, line.care_hours, line.subsidy_fen) == (plan.community_id, 2, 6000)
