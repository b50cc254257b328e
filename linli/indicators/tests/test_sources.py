"""The sources of the apps that landed last (volunteers, organizations, facilities, operations,
public services, meal points), computed by hand on a small data set and compared with the engine's
figures at every level. 甲 (A) and 乙 (B) are in 建外街道, 丙 (C) in 朝外街道, all in 朝阳区."""

import datetime as dt

import pytest

from linli.areas.actions import area_create
from linli.common.indicators import get
from linli.indicators import compute
from linli.indicators.models import Value
from linli.indicators.tests.conftest import DAY, EARLIER, LONG_AGO, NOW, volunteer
from linli.registry.models import Resident

pytestmark = pytest.mark.django_db


def figure(code, area, day=DAY):
    ind = get(code)
    v = Value.objects.filter(indicator=code, area=area, period_start=compute.current_start(ind, day)).first()
    return None if v is None else v.value


def run(*codes, day=DAY, now=NOW):
    compute.compute_all(day, now=now, codes=codes)


def test_volunteer_share_is_volunteers_over_residents_per_community(people):
    t = people
    volunteer(t.community_a, 1)
    volunteer(t.community_a, 2)  # A: 2 of 10 = 20% (meets 15%)
    volunteer(t.community_b, 3)
    volunteer(t.community_b, 4)  # B: 2 of 20 = 10%
    volunteer(t.community_b, 5, left_at=EARLIER)  # gone before the period's end
    volunteer(t.community_c, 6)  # C: no residents, no figure
    run("volunteers.share_15", "volunteers.people")
    assert figure("volunteers.share_15", t.community_a) == pytest.approx(20.0)
    assert figure("volunteers.share_15", t.community_b) == pytest.approx(10.0)
    assert figure("volunteers.share_15", t.community_c) is None
    assert figure("volunteers.share_15", t.street) == pytest.approx(50.0)  # A of A, B
    assert figure("volunteers.share_15", t.city) == pytest.approx(50.0)
    assert figure("volunteers.people", t.street) == 4
    assert figure("volunteers.people", t.city) == 5
    # The refresh after a registration: B reaches 3 of 20 = 15%, and the street 2 of 2.
    volunteer(t.community_b, 7)
    ind = get("volunteers.share_15")
    compute.refresh_area(ind, compute.current_start(ind, DAY), t.community_b, now=NOW)
    assert figure("volunteers.share_15", t.street) == pytest.approx(100.0)


def test_patrol_volunteers_are_those_offering_safety_patrols(tree):
    from linli.volunteers.models import Volunteer

    for n, community, skills, left in (
        (1, tree.community_a, "patrol", None),
        (2, tree.community_a, "medical,patrol,it", None),
        (3, tree.community_a, "medical", None),
        (4, tree.community_b, "it,patrol", None),
        (5, tree.community_c, "patrol", EARLIER),  # gone before the period's end
    ):
        v = volunteer(community, n, left_at=left)
        Volunteer.objects.filter(pk=v.pk).update(skills=skills)
    run("safety.patrol_volunteers")
    assert not get("safety.patrol_volunteers").reported
    assert figure("safety.patrol_volunteers", tree.community_a) == 2
    assert figure("safety.patrol_volunteers", tree.street) == 3
    assert figure("safety.patrol_volunteers", tree.community_c) is None
    assert figure("safety.patrol_volunteers", tree.city) == 3


def _org(community, n, *, fitness=False, dissolved=False):
    from linli.organizations.models import Organization, OrgStatus

    return Organization.objects.create(
        code=f"ORG{n:03d}",
        community=community,
        name=f"组织{n}",
        kind="sport" if fitness else "culture",
        standing="filed",
        is_fitness_association=fitness,
        founded_on=LONG_AGO,
        contact_name="联系人",
        status=OrgStatus.DISSOLVED if dissolved else OrgStatus.ACTIVE,
        created_at=EARLIER,
    )


def test_organizations_fitness_and_instructors(people):
    from linli.organizations.models import Membership

    t = people
    fit = _org(t.community_a, 1, fitness=True)
    for i in range(2, 11):
        _org(t.community_a, i)  # A: 10 active organizations, one of them a fitness association
    _org(t.community_b, 11, fitness=True, dissolved=True)  # B: none active
    _org(t.community_b, 12)
    Membership.objects.create(organization=fit, name="教练", sports_instructor=True, joined_on=LONG_AGO)
    Membership.objects.create(
        organization=fit, name="离开", sports_instructor=True, joined_on=LONG_AGO, left_on=DAY.replace(day=1)
    )
    Membership.objects.create(organization=fit, name="会员", joined_on=LONG_AGO)
    run(
        "organizations.civic",
        "organizations.ten_per_community",
        "culture.fitness_association",
        "culture.instructors_per_400",
    )
    assert figure("organizations.civic", t.community_a) == 10
    assert figure("organizations.civic", t.street) == 11
    assert figure("organizations.ten_per_community", t.community_b) == 1
    assert figure("organizations.ten_per_community", t.district) == pytest.approx(100 / 3)  # A of 3
    assert figure("culture.fitness_association", t.street) == pytest.approx(50.0)
    assert figure("culture.fitness_association", t.other_street) == pytest.approx(0.0)  # C has none
    assert figure("culture.fitness_association", t.city) == pytest.approx(100 / 3)
    # One instructor (the other left) for A's 10 residents: 40 per 400; B none: 0; street 400/30.
    assert figure("culture.instructors_per_400", t.community_a) == pytest.approx(40.0)
    assert figure("culture.instructors_per_400", t.community_b) == pytest.approx(0.0)
    assert figure("culture.instructors_per_400", t.street) == pytest.approx(400 / 30)


def test_intact_rate_counts_grids_for_their_community(tree):
    from linli.facilities.models import Grid, GridMonth

    box = {"min_lat": 39.9, "min_lon": 116.4, "max_lat": 39.91, "max_lon": 116.41, "polygon": {}}
    g1 = Grid.objects.create(
        area=tree.grid_a,
        in_service=4,
        intact=3,
        **box,
    )
    Grid.objects.create(
        area=area_create(actor=None, code="110105001001-02", name="二", parent=tree.community_a),
        in_service=6,
        intact=6,
        **box,
    )
    Grid.objects.create(
        area=area_create(actor=None, code="110105002001-01", name="三", parent=tree.community_c),
        in_service=10,
        intact=5,
        **box,
    )
    GridMonth.objects.create(grid=g1, month=dt.date(2026, 2, 1), in_service=4, intact=1)
    run("facilities.intact_rate")
    assert figure("facilities.intact_rate", tree.community_a) == pytest.approx(90.0)  # 9 of 10
    assert figure("facilities.intact_rate", tree.other_street) == pytest.approx(50.0)
    assert figure("facilities.intact_rate", tree.city) == pytest.approx(70.0)  # 14 of 20
    # A month that is over is read from its month-end snapshot.
    feb = dt.date(2026, 2, 10)
    run("facilities.intact_rate", day=feb)
    assert figure("facilities.intact_rate", tree.city, feb) == pytest.approx(25.0)


def test_tasks_admitted_and_refused(tree):
    from linli.operations.models import AdmissionItem, Task, TaskStatus
    from linli.tickets.models import Department

    dept = Department.objects.create(street=tree.street, name="城管")
    for i, (community, admitted, status) in enumerate(
        [
            (tree.community_a, True, TaskStatus.DONE),
            (tree.community_a, True, TaskStatus.OPEN),
            (tree.community_a, False, TaskStatus.REFUSED),
            (tree.community_b, False, TaskStatus.FLAGGED),
        ]
    ):
        Task.objects.create(
            code=f"T{i}",
            community=community,
            department=dept,
            admitted=admitted,
            status=status,
            title="任务",
            due_date=DAY,
            arrived_at=NOW - dt.timedelta(days=2),
        )
    Task.objects.create(  # last month: not in March
        code="T9",
        community=tree.community_a,
        department=dept,
        admitted=True,
        status=TaskStatus.DONE,
        title="任务",
        due_date=DAY,
        arrived_at=NOW - dt.timedelta(days=40),
    )
    for i in range(57):
        AdmissionItem.objects.create(
            code=f"I{i}",
            district=tree.district,
            department=dept,
            name=f"事项{i}",
            legal_basis="法",
            holder="committee",
            added_in=1,
        )
    run("operations.tasks_admitted", "operations.tasks_refused", "operations.list_within_56")
    assert figure("operations.tasks_admitted", tree.community_a) == 2
    assert figure("operations.tasks_admitted", tree.city) == 2
    assert figure("operations.tasks_refused", tree.community_a) == pytest.approx(100 / 3)
    assert figure("operations.tasks_refused", tree.street) == pytest.approx(25.0)  # 1 of 4
    # 朝阳's list has 57 committee items: none of its communities is within 56.
    assert figure("operations.list_within_56", tree.community_a) == 57
    assert figure("operations.list_within_56", tree.city) == pytest.approx(0.0)


def test_employment_and_assistance(people):
    from linli.publicservices.models import Application, StartUp

    t = people
    residents = list(Resident.objects.filter(household__community=t.community_a)[:3])
    StartUp.objects.create(
        code="S1",
        community=t.community_a,
        founder=residents[0],
        business="早餐",
        started_on=DAY,
        jobs_created=3,
    )
    StartUp.objects.create(
        code="S2",
        community=t.community_b,
        founder=residents[1],
        business="修车",
        started_on=DAY,
        jobs_created=1,
    )
    StartUp.objects.create(  # last year
        code="S3",
        community=t.community_b,
        founder=residents[2],
        business="花店",
        started_on=dt.date(2025, 6, 1),
        jobs_created=5,
    )
    common = {
        "kind": "dibao",
        "monthly_income_fen": 0,
        "assets_fen": 0,
        "created_at": EARLIER,
        "check_due": EARLIER,
    }
    for i, (members, status, ended) in enumerate(
        [(3, "granted", None), (2, "ended", EARLIER), (4, "submitted", None)]
    ):
        r = residents[i]
        Application.objects.create(
            code=f"A{i}",
            community=t.community_a,
            household=r.household,
            applicant=r,
            members=members,
            status=status,
            decided_at=EARLIER - dt.timedelta(days=1) if status != "submitted" else None,
            ended_at=ended,
            **common,
        )
    run("publicservices.startups", "publicservices.startup_jobs", "publicservices.dibao_people")
    assert figure("publicservices.startups", t.street) == 2
    assert figure("publicservices.startup_jobs", t.city) == 4
    assert figure("publicservices.dibao_people", t.community_a) == 3  # the ended one no longer counts
    # February: the household that ended in March was still receiving it.
    feb = dt.date(2026, 2, 10)
    run("publicservices.dibao_people", day=feb)
    assert figure("publicservices.dibao_people", t.community_a, feb) == 3


def test_meals_and_meal_point_coverage(people):
    from linli.services.models import MealBooking, Provider

    t = people
    point = Provider.objects.create(
        code="P1", name="助餐点", kind="meal_point", area=t.street, created_at=EARLIER
    )
    point.service_areas.set([t.street])  # the whole street: A and B
    r = list(Resident.objects.filter(household__community=t.community_a)[:2])
    for i, (resident, day, status) in enumerate(
        [(r[0], DAY, "served"), (r[0], DAY - dt.timedelta(days=1), "served"), (r[1], DAY, "cancelled")]
    ):
        MealBooking.objects.create(
            code=f"M{i}",
            point=point,
            resident=resident,
            community=t.community_a,
            day=day,
            status=status,
            booked_at=EARLIER,
        )
    run("services.meals_served", "services.people_served", "services.meal_coverage")
    assert figure("services.meals_served", t.community_a) == 2
    assert figure("services.people_served", t.city) == 1
    assert figure("services.meal_coverage", t.street) == pytest.approx(100.0)
    assert figure("services.meal_coverage", t.city) == pytest.approx(200 / 3)  # C is not served
