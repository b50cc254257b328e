"""Committee-owners-property: the owners' committee election checked against art. 278, contracts
within the company's scopes, joint meetings of the three sides with decisions followed up,
complaints linked from tickets with their three rates, the survey answered once with small counts
suppressed in public; and 404 for outsiders on every list and write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import id_number
from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.publicservices.models.property import Answer, Complaint, DecisionStatus
from linli.publicservices.property import actions, queries
from linli.publicservices.property.actions import AttendeeIn, DecisionIn, ItemIn, MemberIn
from linli.publicservices.property.rules import credit_check_char
from linli.publicservices.tests.conftest import NOW
from linli.registry import actions as registry
from linli.registry.actions import PersonData
from linli.tickets import actions as tickets
from linli.tickets.models import Category

DAY = NOW.date()


def credit(n: int) -> str:
    first = f"91110105{n:09d}"
    return first + credit_check_char(first)


@pytest.fixture
def estate(tree, worker_a):
    b1 = registry.building_create(actor=None, community=tree.community_a, name="1号楼")
    b2 = registry.building_create(actor=None, community=tree.community_a, name="2号楼")
    return actions.estate_create(
        actor=worker_a, community=tree.community_a, name="甲小区", buildings=[b1, b2], now=NOW
    )


@pytest.fixture
def company(tree, worker_a):
    # In community A's register: the street's register would be open to community B too.
    return actions.company_register(
        actor=worker_a,
        area=tree.community_a,
        name="安居物业",
        credit_code=credit(1),
        scopes=["cleaning", "security", "lifts"],
        now=NOW,
    )


@pytest.fixture
def contract(estate, company, worker_a):
    return actions.contract_create(
        actor=worker_a,
        company=company,
        estate=estate,
        starts_on=DAY - dt.timedelta(days=100),
        ends_on=DAY + dt.timedelta(days=265),
        fee_fen_m2=235,
        items=[ItemIn("cleaning", "每日清扫"), ItemIn("lifts", "半月保养")],
        now=NOW,
    )


def members(votes=200, area="20000"):
    positions = ["director", "deputy", "member", "member", "member"]
    return [MemberIn(f"委员{i}", p, votes, Decimal(area)) for i, p in enumerate(positions)]


def elect(worker, estate, **kw):
    args = {
        "elected_on": DAY - dt.timedelta(days=30),
        "term_years": 5,
        "owners_total": 300,
        "owners_voted": 200,
        "area_total_m2": Decimal("30000"),
        "area_voted_m2": Decimal("20000"),
        "record_ref": "第一次业主大会会议记录",
        "members": members(votes=101, area="10000.01"),
    }
    args.update(kw)
    return actions.committee_record(actor=worker, estate=estate, now=NOW, **args)


def test_a_committee_needs_two_thirds_by_number_and_area_and_each_member_more_than_half(estate, worker_a):
    with pytest.raises(DomainError) as exc:
        elect(worker_a, estate, owners_voted=199)  # 199/300 < 2/3
    assert exc.value.code == "quorum"
    with pytest.raises(DomainError) as exc:
        elect(worker_a, estate, area_voted_m2=Decimal("19999.99"))
    assert exc.value.code == "quorum"
    with pytest.raises(DomainError) as exc:
        elect(worker_a, estate, members=members(votes=100, area="15000"))  # exactly half is not more
    assert exc.value.code == "not_elected"
    with pytest.raises(DomainError) as exc:
        elect(worker_a, estate, members=members()[:4])
    assert exc.value.code == "members_count"
    committee = elect(worker_a, estate)
    assert committee.members.count() == 5 and committee.term_ends == dt.date(2031, 2, 7)
    with pytest.raises(DomainError) as exc:
        elect(worker_a, estate)
    assert exc.value.code == "term_running"


def test_a_building_joins_one_estate_and_a_contract_stays_within_scopes_and_periods(
    estate, company, contract, worker_a, tree
):
    building = estate.buildings.first()
    with pytest.raises(DomainError) as exc:
        actions.estate_create(
            actor=worker_a, community=tree.community_a, name="乙小区", buildings=[building], now=NOW
        )
    assert exc.value.code == "building_taken"
    with pytest.raises(DomainError) as exc:
        actions.contract_create(
            actor=worker_a,
            company=company,
            estate=estate,
            starts_on=DAY + dt.timedelta(days=200),
            ends_on=DAY + dt.timedelta(days=500),
            fee_fen_m2=200,
            items=[ItemIn("cleaning", "x")],
            now=NOW,
        )
    assert exc.value.code == "period_overlap"
    with pytest.raises(DomainError) as exc:
        actions.contract_create(
            actor=worker_a,
            company=company,
            estate=estate,
            starts_on=DAY + dt.timedelta(days=300),
            ends_on=DAY + dt.timedelta(days=500),
            fee_fen_m2=200,
            items=[ItemIn("parking", "x")],
            now=NOW,
        )
    assert exc.value.code == "scope_outside"


def test_a_bad_credit_code_is_refused(tree, street_officer):
    bad = credit(2)[:-1] + ("0" if credit(2)[-1] != "0" else "1")
    with pytest.raises(DomainError) as exc:
        actions.company_register(
            actor=street_officer, area=tree.street, name="x", credit_code=bad, scopes=["cleaning"]
        )
    assert exc.value.code == "credit_code_invalid"


@pytest.fixture
def meeting(estate, worker_a):
    return actions.meeting_record(
        actor=worker_a,
        estate=estate,
        held_at=NOW - dt.timedelta(days=20),
        topic="电梯维修",
        minutes="三方商定整改",
        attendees=[
            AttendeeIn("residents", "李主任"),
            AttendeeIn("owners", "赵"),
            AttendeeIn("company", "刘经理"),
        ],
        decisions=[
            DecisionIn("更换主板", "company", "刘经理", DAY - dt.timedelta(days=5)),
            DecisionIn("公示维修资金", "owners", "赵", DAY + dt.timedelta(days=5)),
        ],
        now=NOW,
    )


def test_a_joint_meeting_has_the_three_sides_and_its_decisions_are_followed_up(meeting, estate, worker_a):
    with pytest.raises(DomainError) as exc:
        actions.meeting_record(
            actor=worker_a,
            estate=estate,
            held_at=NOW,
            topic="x",
            minutes="x",
            attendees=[AttendeeIn("residents", "李"), AttendeeIn("owners", "赵")],
            now=NOW,
        )
    assert exc.value.code == "three_sides"
    overdue = list(queries.overdue_decisions(worker_a, NOW))
    assert [d.text for d in overdue] == ["更换主板"]
    actions.decision_follow_up(actor=worker_a, decision=overdue[0], note="配件已到", done=False, now=NOW)
    assert queries.overdue_decisions(worker_a, NOW).count() == 1
    actions.decision_follow_up(actor=worker_a, decision=overdue[0], note="已更换", done=True, now=NOW)
    overdue[0].refresh_from_db()
    assert overdue[0].status == DecisionStatus.DONE and overdue[0].follow_ups.count() == 2
    assert queries.overdue_decisions(worker_a, NOW).count() == 0
    with pytest.raises(DomainError):
        actions.decision_follow_up(actor=worker_a, decision=overdue[0], note="again", done=True, now=NOW)


@pytest.fixture
def complaint_ticket(estate, contract, worker_a, tree):
    return tickets.ticket_submit(
        actor=worker_a,
        community=tree.community_a,
        category=Category.objects.get(code="property-service"),
        description="楼道无人打扫",
        channel="visit",
        building=estate.buildings.first(),
        now=NOW - dt.timedelta(days=3),
    )


def test_property_tickets_on_an_estate_are_linked_to_its_company_with_the_three_rates(
    complaint_ticket, company, worker_a, tree
):
    other = tickets.ticket_submit(
        actor=worker_a,
        community=tree.community_a,
        category=Category.objects.get(code="neighbours-leak"),
        description="漏水",
        channel="visit",
        building=complaint_ticket.building,
        now=NOW - dt.timedelta(days=3),
    )
    assert actions.complaints_sweep(now=NOW) == 1
    assert actions.complaints_sweep(now=NOW) == 0
    assert list(Complaint.objects.values_list("ticket_id", "company_id")) == [
        (complaint_ticket.pk, company.pk)
    ]
    rates = queries.complaint_rates(queries.complaints_for(worker_a).filter(company=company), NOW)
    assert (rates.responses, rates.responded, rates.response_rate) == (1, 0, 0.0)  # its limit ran out
    tickets.ticket_accept(actor=worker_a, ticket=other, now=NOW - dt.timedelta(days=3))
    with pytest.raises(DomainError) as exc:
        actions.complaint_link(
            actor=worker_a, ticket=complaint_ticket, estate=complaint_ticket_estate(complaint_ticket)
        )
    assert exc.value.code == "already_linked"


def complaint_ticket_estate(ticket):
    return Complaint.objects.get(ticket=ticket).estate


def test_the_ticket_page_links_the_complaint_estate_and_company_to_who_may_open_them(
    complaint_ticket, worker_a, agent, login
):
    actions.complaints_sweep(now=NOW)
    complaint = Complaint.objects.select_related("estate", "company").get(ticket=complaint_ticket)
    estate_url = reverse("publicservices:property_estate", args=[complaint.estate.code])
    company_url = reverse("publicservices:property_company", args=[complaint.company.code])
    url = reverse("tickets:detail", args=[complaint_ticket.code])
    page = login(worker_a).get(url).content.decode()
    assert estate_url in page and company_url in page
    assert login(worker_a).get(estate_url).status_code == 200
    # The hotline agent sees the ticket but not the property pages: no link to them.
    seen = login(agent).get(url)
    assert seen.status_code == 200 and estate_url not in seen.content.decode()
    assert company_url not in seen.content.decode()


def test_an_answered_complaint_counts_as_responded_and_rated(complaint_ticket, company, worker_a):
    tickets.ticket_accept(actor=worker_a, ticket=complaint_ticket, now=NOW - dt.timedelta(days=3, hours=-1))
    tickets.ticket_resolve(
        actor=worker_a, ticket=complaint_ticket, resolution="已清扫", now=NOW - dt.timedelta(days=2)
    )
    tickets.ticket_return_visit(
        actor=worker_a,
        ticket=complaint_ticket,
        resolved=True,
        satisfaction="dissatisfied",
        note="不满意",
        now=NOW,
    )
    actions.complaints_sweep(now=NOW)
    rates = queries.complaint_rates(queries.complaints_for(worker_a).filter(company=company), NOW)
    assert (rates.response_rate, rates.resolution_rate, rates.satisfaction_rate) == (100.0, 100.0, 0.0)


def _resident_in(building, n, user=None):
    dwelling = registry.dwelling_create(actor=None, building=building, number=f"1-{100 + n}")
    household = registry.household_register(
        actor=None,
        community=building.community,
        dwelling=dwelling,
        head=PersonData(name=f"业主{n}", id_number=_id(n)),
    )
    if user is not None:
        registry.resident_link_account(actor=None, resident=household.head, user=user)
    return household.head


def _id(n):
    return id_number("19600101", f"{n:03d}")


@pytest.fixture
def survey(estate, contract, worker_a):
    return actions.survey_open(
        actor=worker_a,
        estate=estate,
        title="满意度调查",
        opens_on=DAY - dt.timedelta(days=1),
        closes_on=DAY + dt.timedelta(days=20),
        now=NOW,
    )


SCORES = {"overall": 5, "cleaning": 4, "security": 5, "greening": 3, "repairs": 2, "manner": 5}


def test_a_resident_of_the_estate_answers_once_and_apart_from_their_name(
    estate, company, worker_a, resident, login
):
    # The resident's pages run on the real date: a contract and a survey around it.
    today = timezone.localdate()
    actions.contract_create(
        actor=worker_a,
        company=company,
        estate=estate,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=10),
        fee_fen_m2=200,
        items=[ItemIn("cleaning", "每日")],
    )
    survey = actions.survey_open(
        actor=worker_a,
        estate=estate,
        title="今天的调查",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
    )
    me = _resident_in(estate.buildings.first(), 1, user=resident)
    client = login(resident)
    page = client.get("/publicservices/property/")
    assert survey.title in page.content.decode()
    response = client.post(f"/publicservices/property/survey/{survey.code}/", SCORES)
    assert response.status_code == 302, response.content.decode()
    again = client.post(f"/publicservices/property/survey/{survey.code}/", SCORES)
    assert again.status_code == 400
    assert Answer.objects.filter(survey=survey).count() == 1
    with pytest.raises(DomainError) as exc:
        actions.survey_answer(actor=resident, survey=survey, resident=me, scores=SCORES)
    assert exc.value.code == "already_answered"


def test_a_resident_outside_the_estate_cannot_answer(survey, tree, resident, login):
    other = registry.building_create(actor=None, community=tree.community_a, name="9号楼")
    _resident_in(other, 2, user=resident)
    client = login(resident)
    assert client.post(f"/publicservices/property/survey/{survey.code}/", SCORES).status_code == 404
    assert (
        client.post(
            f"/api/v1/publicservices/property/open-surveys/{survey.code}/answer",
            {"scores": SCORES},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_public_results_suppress_small_counts(survey, estate, tree, client):
    building = estate.buildings.first()
    for n in range(4):
        actions.survey_answer(
            actor=None, survey=survey, resident=_resident_in(building, 10 + n), scores=SCORES, now=NOW
        )
    board = client.get(f"/api/v1/publicservices/property/results/{tree.community_a.code}").json()
    assert board[0]["results"]["suppressed"] is True and board[0]["results"]["aspects"] == []
    for n in range(3):
        actions.survey_answer(
            actor=None,
            survey=survey,
            resident=_resident_in(building, 20 + n),
            scores=SCORES | {"overall": 4},
            now=NOW,
        )
    board = client.get(f"/api/v1/publicservices/property/results/{tree.community_a.code}").json()
    overall = next(a for a in board[0]["results"]["aspects"] if a["aspect"] == "overall")
    assert board[0]["results"]["answers"] == 7
    # 4 fives and 3 fours: both under 5, hidden; the zeros too. The full figures stay for staff.
    assert overall["counts"] == {"5": None, "4": None, "3": None, "2": None, "1": None}
    assert overall["satisfied_pct"] == 100.0
    staff = queries.results([survey])
    assert next(a for a in staff.aspects if a.aspect == "overall").counts == {5: 4, 4: 3, 3: 0, 2: 0, 1: 0}
    page = client.get(f"/public/{tree.community_a.code}/property/")
    assert page.status_code == 200 and "&lt;5" in page.content.decode()


def test_one_small_count_alone_is_hidden_with_the_next_smallest():
    assert queries._suppress({5: 9, 4: 6, 3: 2, 2: 5, 1: 7}) == {5: 9, 4: 6, 3: None, 2: None, 1: 7}


def test_staff_pages_render_for_the_worker_and_the_street(
    estate, company, contract, meeting, survey, complaint_ticket, worker_a, street_officer, login
):
    actions.complaints_sweep(now=NOW)
    for user in (worker_a, street_officer):
        client = login(user)
        for url in (
            "/publicservices/property/",
            f"/publicservices/property/e/{estate.code}/",
            f"/publicservices/property/c/{company.code}/",
            f"/publicservices/property/m/{meeting.code}/",
        ):
            page = client.get(url)
            assert page.status_code == 200, url
        assert (
            complaint_ticket.code
            in client.get(f"/publicservices/property/c/{company.code}/").content.decode()
        )


def test_pages_record_a_committee_and_keep_a_bad_form(estate, worker_a, login):
    client = login(worker_a)
    lines = "\n".join(
        f"委员{i}, {p}, 1-{i}01, 101, 10000.01"
        for i, p in enumerate(["主任", "副主任", "委员", "委员", "委员"])
    )
    data = {
        "elected_on": "2026-02-01",
        "term_years": 5,
        "owners_total": 300,
        "owners_voted": 150,
        "area_total_m2": "30000",
        "area_voted_m2": "20000",
        "record_ref": "会议记录",
        "members": lines,
    }
    bad = client.post(f"/publicservices/property/e/{estate.code}/committee/", data)
    assert bad.status_code == 400 and "会议记录" in bad.content.decode()
    ok = client.post(f"/publicservices/property/e/{estate.code}/committee/", data | {"owners_voted": 200})
    assert ok.status_code == 302 and estate.committees.count() == 1


def test_the_api_runs_the_triangle(tree, worker_a, street_officer, login):
    registry.building_create(actor=None, community=tree.community_a, name="5号楼")
    api = "/api/v1/publicservices/property"
    street = login(street_officer)
    company = street.post(
        f"{api}/companies",
        {"area": tree.street.code, "name": "物业", "credit_code": credit(3), "scopes": ["cleaning"]},
        content_type="application/json",
    )
    assert company.status_code == 201, company.content
    worker = login(worker_a)
    from linli.registry.models import Building

    b = Building.objects.get(name="5号楼")
    estate = worker.post(
        f"{api}/estates",
        {"community": tree.community_a.code, "name": "丙小区", "buildings": [b.pk]},
        content_type="application/json",
    )
    assert estate.status_code == 201, estate.content
    contract = worker.post(
        f"{api}/contracts",
        {
            "company": company.json()["code"],
            "estate": estate.json()["code"],
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "fee_fen_m2": 180,
            "items": [{"scope": "cleaning", "standard": "每日"}],
        },
        content_type="application/json",
    )
    assert contract.status_code == 201, contract.content
    meeting = worker.post(
        f"{api}/meetings",
        {
            "estate": estate.json()["code"],
            "held_at": "2026-03-01T10:00:00+08:00",
            "topic": "停车",
            "minutes": "商定",
            "attendees": [
                {"party": "residents", "name": "甲"},
                {"party": "owners", "name": "乙"},
                {"party": "company", "name": "丙"},
            ],
            "decisions": [
                {"text": "划线", "owner_party": "company", "owner_name": "丙", "due_on": "2026-03-20"}
            ],
        },
        content_type="application/json",
    )
    assert meeting.status_code == 201, meeting.content
    assert worker.get(f"{api}/decisions").json()["items"][0]["text"] == "划线"
    bad = worker.post(
        f"{api}/meetings",
        {
            "estate": estate.json()["code"],
            "held_at": "2026-03-01T10:00:00+08:00",
            "topic": "x",
            "minutes": "x",
            "attendees": [],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "three_sides"


@pytest.fixture
def rows(estate, company, contract, meeting, survey, complaint_ticket, tree):
    return {
        "e": estate.code,
        "c": company.code,
        "m": meeting.code,
        "d": meeting.decisions.first().code,
        "s": survey.code,
        "t": complaint_ticket.code,
        "a": tree.community_a.code,
    }


API = "/api/v1/publicservices/property"
OUTSIDE = [
    ("get", f"{API}/estates/{{e}}/committees", None),
    ("post", f"{API}/estates", {"community": "{a}", "name": "x", "buildings": []}),
    (
        "post",
        f"{API}/estates/{{e}}/committees",
        {
            "elected_on": "2026-01-01",
            "term_years": 5,
            "owners_total": 3,
            "owners_voted": 3,
            "area_total_m2": "1",
            "area_voted_m2": "1",
            "record": "x",
            "members": [],
        },
    ),
    ("post", f"{API}/companies", {"area": "{a}", "name": "x", "credit_code": "x", "scopes": ["cleaning"]}),
    ("get", f"{API}/companies/{{c}}/rates", None),
    ("get", f"{API}/companies/{{c}}/results", None),
    (
        "post",
        f"{API}/contracts",
        {
            "company": "{c}",
            "estate": "{e}",
            "starts_on": "2028-01-01",
            "ends_on": "2028-12-31",
            "fee_fen_m2": 1,
            "items": [],
        },
    ),
    ("get", f"{API}/meetings/{{m}}", None),
    (
        "post",
        f"{API}/meetings",
        {
            "estate": "{e}",
            "held_at": "2026-03-01T10:00:00+08:00",
            "topic": "x",
            "minutes": "x",
            "attendees": [],
        },
    ),
    (
        "post",
        f"{API}/meetings/{{m}}/decisions",
        {"text": "x", "owner_party": "company", "owner_name": "x", "due_on": "2026-04-01"},
    ),
    ("post", f"{API}/decisions/{{d}}/follow-ups", {"note": "x", "done": True}),
    ("post", f"{API}/complaints", {"ticket": "{t}", "estate": "{e}"}),
    (
        "post",
        f"{API}/surveys",
        {"estate": "{e}", "title": "x", "opens_on": "2026-03-10", "closes_on": "2026-03-20"},
    ),
    ("get", f"{API}/surveys/{{s}}/results", None),
    ("post", f"{API}/open-surveys/{{s}}/answer", {"scores": SCORES}),
    ("get", "/publicservices/property/e/{e}/", None),
    ("get", "/publicservices/property/c/{c}/", None),
    ("get", "/publicservices/property/m/{m}/", None),
    ("get", "/publicservices/property/e/{e}/committee/", None),
    ("get", "/publicservices/property/e/{e}/meeting/", None),
    ("post_form", "/publicservices/property/e/{e}/contract/", {"company": "{c}"}),
    ("post_form", "/publicservices/property/e/{e}/complaint/", {"ticket": "{t}"}),
    ("post_form", "/publicservices/property/e/{e}/survey/", {"title": "x"}),
    ("post_form", "/publicservices/property/m/{m}/decision/", {"text": "x"}),
    ("post_form", "/publicservices/property/d/{d}/follow-up/", {"note": "x", "done": "on"}),
    ("post_form", "/publicservices/property/survey/{s}/", SCORES),
]


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDE)
def test_a_worker_of_another_community_gets_404_and_changes_nothing(rows, worker_b, login, method, url, body):
    client = login(worker_b)
    before = AuditEvent.objects.count()
    filled = {k: (v.format(**rows) if isinstance(v, str) else v) for k, v in (body or {}).items()}
    if method == "get":
        response = client.get(url.format(**rows))
    elif method == "post_form":
        response = client.post(url.format(**rows), filled)
    else:
        response = client.post(url.format(**rows), filled, content_type="application/json")
    assert response.status_code == 404, response.content
    assert AuditEvent.objects.count() == before


def test_lists_show_an_outsider_nothing(rows, worker_b, login):
    client = login(worker_b)
    for path in ("estates", "companies", "contracts", "meetings", "decisions", "complaints", "surveys"):
        assert client.get(f"{API}/{path}").json()["items"] == [], path
    assert client.get(f"{API}/open-surveys").json() == []
    page = client.get("/publicservices/property/").content.decode()
    assert rows["e"] not in page and rows["c"] not in page


def test_the_home_page_tile_counts_overdue_decisions_in_reach(meeting, worker_a, worker_b):
    from linli.publicservices.property.home import tiles

    assert tiles(worker_a, "worker", NOW)[0].count == 1
    assert tiles(worker_b, "worker", NOW) == []


def test_the_periodic_sweep_links_property_tickets(complaint_ticket):
    from linli.publicservices.sweeps import property_complaints_sweep

    assert property_complaints_sweep() == 1
    assert property_complaints_sweep() == 0


def test_the_street_compares_companies_in_a_fixed_number_of_queries(
    rows, complaint_ticket, worker_a, street_officer, tree, login, django_assert_max_num_queries
):
    actions.complaints_sweep(now=NOW)
    table = queries.company_table(street_officer, NOW)
    assert [(r.company.code, r.complaints, r.rates.responses) for r in table] == [(rows["c"], 1, 1)]
    for n in range(5):
        actions.company_register(
            actor=worker_a,
            area=tree.community_a,
            name=f"物业{n}",
            credit_code=credit(10 + n),
            scopes=["cleaning"],
        )
    client = login(street_officer)
    client.get("/publicservices/property/")
    with django_assert_max_num_queries(20):
        page = client.get("/publicservices/property/")
    assert page.status_code == 200 and "物业4" in page.content.decode()


def test_pages_record_a_meeting_a_decision_and_its_follow_up(estate, worker_a, login):
    client = login(worker_a)
    url = f"/publicservices/property/e/{estate.code}/meeting/"
    form = {
        "held_at": "2026-03-01T10:00",
        "topic": "停车难",
        "residents": "李主任",
        "owners": "赵、孙",
        "company": "",
        "minutes": "商定划线",
    }
    missing = client.post(url, form)
    assert missing.status_code == 400 and "停车难" in missing.content.decode()
    made = client.post(url, form | {"company": "刘经理"})
    assert made.status_code == 302
    meeting = estate.meetings.get()
    assert sorted(meeting.attendees.values_list("name", flat=True)) == ["刘经理", "孙", "李主任", "赵"]
    decision = {"text": "划停车线", "owner_party": "company", "owner_name": "刘经理", "due_on": "2026-04-01"}
    assert client.post(f"/publicservices/property/m/{meeting.code}/decision/", decision).status_code == 302
    code = meeting.decisions.get().code
    done = client.post(f"/publicservices/property/d/{code}/follow-up/", {"note": "已划线", "done": "on"})
    assert done.status_code == 302
    assert meeting.decisions.get().status == DecisionStatus.DONE
    page = client.get(f"/publicservices/property/m/{meeting.code}/").content.decode()
    assert "已划线" in page
