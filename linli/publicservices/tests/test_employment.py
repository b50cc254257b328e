"""Employment: seekers, postings, matching both ways, referrals to placements and follow-ups,
courses, start-ups and figures; and 404 for outsiders on every list and write of the API."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.publicservices.employment import actions, queries
from linli.publicservices.models.employment import Placement, PostingStatus, SeekerStatus
from linli.publicservices.tests.conftest import NOW
from linli.registry.models import CareTag


@pytest.fixture
def people(household_a):
    head = household_a.head
    spouse = household_a.members.exclude(pk=head.pk).get()
    return head, spouse


@pytest.fixture
def posting(tree, worker_a):
    return actions.posting_create(
        actor=worker_a,
        area=tree.community_a,
        employer="社区服务站",
        title="保洁员",
        kind="public_welfare",
        welfare_line="cleaning",
        funding="区就业专项资金",
        monthly_subsidy_fen=200_000,
        skills="保洁，绿化",
        availability="full_time",
        openings=1,
        now=NOW,
    )


def test_the_registrys_unemployed_become_seekers_once(tree, worker_a, people):
    _head, spouse = people
    CareTag.objects.create(community=tree.community_a, resident=spouse, tag="unemployed")
    assert actions.seekers_from_registry(actor=worker_a, community=tree.community_a, now=NOW) == 1
    assert actions.seekers_from_registry(actor=worker_a, community=tree.community_a, now=NOW) == 0
    with pytest.raises(DomainError) as exc:
        actions.seeker_register(actor=worker_a, resident=spouse, source="worker", now=NOW)
    assert exc.value.code == "already_seeking"


def test_a_resident_registers_themselves_but_not_someone_else(tree, resident, people):
    head, spouse = people
    head.user = resident
    head.save(update_fields=["user"])
    seeker = actions.seeker_register(
        actor=resident, resident=head, source="self", skills="电工、驾驶", availability="part_time", now=NOW
    )
    assert seeker.skill_set() == {"电工", "驾驶"}
    with pytest.raises(DomainError) as exc:
        actions.seeker_register(actor=resident, resident=spouse, source="self", now=NOW)
    assert exc.value.status == 404


def test_matching_ranks_by_shared_skills_and_respects_hours(tree, worker_a, people, posting):
    head, spouse = people
    both = actions.seeker_register(
        actor=worker_a, resident=head, source="worker", skills="保洁,绿化", now=NOW
    )
    part = actions.seeker_register(
        actor=worker_a, resident=spouse, source="worker", skills="保洁", availability="part_time", now=NOW
    )
    found = queries.seekers_matching(worker_a, posting)
    assert [(s.code, n) for s, n in found] == [(both.code, 2)]
    assert part.code not in [s.code for s, _ in found]
    assert [p.code for p, _ in queries.postings_matching(worker_a, both)] == [posting.code]
    # The match keys follow the seeker: new hours, then a placement, take them off the list.
    actions.seeker_update(
        actor=worker_a, seeker=part, skills="保洁", training_wanted="", availability="flexible", now=NOW
    )
    found = queries.seekers_matching(worker_a, posting)
    assert [(s.code, n) for s, n in found] == [(both.code, 2), (part.code, 1)]
    ref = actions.referral_create(actor=worker_a, seeker=both, posting=posting, now=NOW)
    actions.placement_decide(actor=worker_a, placement=ref, hired=True, start=NOW.date(), now=NOW)
    assert [s.code for s, _ in queries.seekers_matching(worker_a, posting)] == [part.code]


def test_a_placement_for_someone_not_registered_as_a_seeker_is_refused_clearly(worker_a, posting):
    with pytest.raises(DomainError) as exc:
        actions.referral_create(actor=worker_a, seeker=None, posting=posting, now=NOW)
    assert exc.value.code == "not_a_seeker"
    assert "seeker" in str(exc.value.message) or "求职" in str(exc.value.message)


def test_a_placement_fills_the_posting_and_follow_ups_wait_for_their_month(tree, worker_a, people, posting):
    head, _ = people
    seeker = actions.seeker_register(actor=worker_a, resident=head, source="worker", skills="保洁", now=NOW)
    ref = actions.referral_create(actor=worker_a, seeker=seeker, posting=posting, now=NOW)
    actions.placement_interview(actor=worker_a, placement=ref, at=NOW + dt.timedelta(days=2), now=NOW)
    actions.placement_decide(actor=worker_a, placement=ref, hired=True, start=dt.date(2026, 3, 16), now=NOW)
    posting.refresh_from_db()
    seeker.refresh_from_db()
    assert posting.status == PostingStatus.FILLED and seeker.status == SeekerStatus.PLACED
    with pytest.raises(DomainError) as exc:
        actions.followup_record(
            actor=worker_a, placement=ref, months=3, in_job=True, now=NOW + dt.timedelta(days=30)
        )
    assert exc.value.code == "too_early"
    actions.followup_record(
        actor=worker_a, placement=ref, months=3, in_job=True, now=NOW + dt.timedelta(days=100)
    )
    actions.followup_record(
        actor=worker_a, placement=ref, months=6, in_job=True, now=NOW + dt.timedelta(days=190)
    )
    rows = queries.figures(worker_a, tree.community_a, 2026)
    assert rows[0].placed == 1 and rows[0].welfare_placed == 1 and rows[0].followup_6_kept == 1


def test_completing_a_course_adds_its_skill(tree, worker_a, people):
    head, _ = people
    seeker = actions.seeker_register(actor=worker_a, resident=head, source="worker", now=NOW)
    course = actions.course_create(
        actor=worker_a,
        area=tree.community_a,
        title="育婴师培训",
        skill="育婴",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 30),
        places=1,
        now=NOW,
    )
    enrolment = actions.enrolment_add(actor=worker_a, course=course, seeker=seeker, now=NOW)
    actions.enrolment_complete(actor=worker_a, enrolment=enrolment, on=dt.date(2026, 4, 30), now=NOW)
    seeker.refresh_from_db()
    assert "育婴" in seeker.skill_set()


def test_start_ups_count_their_jobs_in_the_street_figures(tree, worker_a, street_officer, people):
    head, _ = people
    actions.startup_create(
        actor=worker_a,
        founder=head,
        business="社区早餐店",
        started_on=dt.date(2026, 5, 1),
        jobs_created=4,
        now=NOW,
    )
    street = queries.figures(street_officer, tree.street, 2026)
    total = street[-1]
    assert total.area == tree.street and total.startups == 1 and total.startup_jobs == 4


@pytest.fixture
def rows(tree, worker_a, people, posting):
    head, _ = people
    seeker = actions.seeker_register(actor=worker_a, resident=head, source="worker", skills="保洁", now=NOW)
    ref = actions.referral_create(actor=worker_a, seeker=seeker, posting=posting, now=NOW)
    course = actions.course_create(
        actor=worker_a,
        area=tree.community_a,
        title="培训",
        skill="保洁",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 2),
        places=5,
        now=NOW,
    )
    return {
        "seeker": seeker.code,
        "posting": posting.code,
        "ref": ref.code,
        "course": course.code,
        "a": tree.community_a.code,
        "head": head.pk,
    }


API = "/api/v1/publicservices/employment"
OUTSIDE = [
    ("get", f"{API}/seekers/{{seeker}}", None),
    ("get", f"{API}/seekers/{{seeker}}/matches", None),
    ("post", f"{API}/seekers", {"resident": "{head}", "skills": "x"}),
    ("post", f"{API}/seekers/from-registry/{{a}}", {}),
    (
        "post",
        f"{API}/postings",
        {"area_code": "{a}", "employer": "x", "title": "x", "kind": "market", "availability": "full_time"},
    ),
    ("get", f"{API}/postings/{{posting}}/matches", None),
    ("post", f"{API}/referrals", {"posting": "{posting}", "seeker": "{seeker}"}),
    ("post", f"{API}/referrals/{{ref}}/interview", {"at": "2026-03-12T10:00:00+08:00"}),
    ("post", f"{API}/referrals/{{ref}}/decision", {"hired": False}),
    ("post", f"{API}/referrals/{{ref}}/followup", {"months": 3, "in_job": True}),
    (
        "post",
        f"{API}/courses",
        {
            "area_code": "{a}",
            "title": "x",
            "skill": "x",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-02",
            "places": 3,
        },
    ),
    ("post", f"{API}/courses/{{course}}/enrolments", {"seeker": "{seeker}"}),
    ("post", f"{API}/courses/{{course}}/completions", {"seeker": "{seeker}", "on": "2026-04-02"}),
    ("post", f"{API}/startups", {"founder": "{head}", "business": "x", "started_on": "2026-04-01"}),
    ("get", f"{API}/figures/{{a}}?year=2026", None),
]


def _call(client, method, url, body, rows):
    url = url.format(**rows)
    if body is None:
        return client.get(url)
    filled = {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in body.items()}
    for k in ("resident", "founder"):
        if k in filled:
            filled[k] = int(filled[k])
    return client.post(url, filled, content_type="application/json")


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDE)
def test_a_worker_of_another_community_gets_404_and_changes_nothing(rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    response = _call(client, method, url, body, rows)
    assert response.status_code == 404, response.content
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("path", ["seekers", "postings", "referrals", "courses", "startups"])
def test_lists_show_an_outsider_nothing(rows, worker_b, login, path):
    assert login(worker_b).get(f"{API}/{path}").json()["items"] == []


def test_the_api_refuses_a_referral_of_a_resident_who_is_not_a_seeker(rows, worker_a, people, login):
    _, spouse = people
    r = login(worker_a).post(
        f"{API}/referrals",
        {"posting": rows["posting"], "resident": spouse.pk},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "not_a_seeker"


WEB_OUTSIDE = [
    ("get", "/publicservices/employment/p/{posting}/", None),
    ("post", "/publicservices/employment/p/{posting}/refer/", {"seeker": "{seeker}"}),
    ("post", "/publicservices/employment/r/{ref}/decide/", {"hired": "0"}),
    ("get", "/publicservices/employment/figures/{a}/", None),
]


@pytest.mark.parametrize(("method", "url", "body"), WEB_OUTSIDE)
def test_pages_answer_404_to_a_worker_of_another_community(rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    filled = {k: v.format(**rows) for k, v in (body or {}).items()}
    response = (
        getattr(client, method)(url.format(**rows), filled)
        if body is not None
        else client.get(url.format(**rows))
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_pages_work_for_the_worker_and_the_resident_registers_themselves(
    rows, worker_a, resident, people, login
):
    w = login(worker_a)
    assert rows["seeker"] in w.get(f"/publicservices/employment/p/{rows['posting']}/").content.decode()
    assert w.get(f"/publicservices/employment/figures/{rows['a']}/").status_code == 200
    assert w.get("/publicservices/employment/").status_code == 200
    _, spouse = people
    spouse.user = resident
    spouse.save(update_fields=["user"])
    r = login(resident).post(
        "/publicservices/employment/register/", {"skills": "烹饪", "availability": "part_time"}
    )
    assert r.status_code == 302
    again = login(resident).post(
        "/publicservices/employment/register/", {"skills": "烹饪", "availability": "part_time"}
    )
    assert again.status_code == 400 and "烹饪" in again.content.decode()


def test_a_referral_decided_twice_at_once_moves_once(worker_a, people, posting):
    """The shared transition: the second of two decisions read before either moved gets a 409
    and changes nothing (its posting's opening is given back with the rollback)."""
    head, _ = people
    seeker = actions.seeker_register(actor=worker_a, resident=head, source="worker", skills="保洁", now=NOW)
    ref = actions.referral_create(actor=worker_a, seeker=seeker, posting=posting, now=NOW)
    stale = Placement.objects.get(pk=ref.pk)
    actions.placement_decide(actor=worker_a, placement=ref, hired=False, now=NOW)
    with pytest.raises(DomainError) as exc:
        actions.placement_decide(actor=worker_a, placement=stale, hired=True, start=NOW.date(), now=NOW)
    assert (exc.value.code, exc.value.status) == ("stale", 409)
    posting.refresh_from_db()
    assert posting.openings == 1 and Placement.objects.get(pk=ref.pk).status == "not_hired"
    with pytest.raises(DomainError) as exc:
        actions.placement_decide(actor=worker_a, placement=ref, hired=True, start=NOW.date(), now=NOW)
    assert exc.value.code == "wrong_step"
