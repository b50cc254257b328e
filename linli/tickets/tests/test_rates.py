import datetime as dt

from linli.tickets import actions, queries
from linli.tickets.calendar import TZ
from linli.tickets.models import Rating, Ticket

NOV = dt.date(2026, 11, 1)
DEC1 = dt.datetime(2026, 12, 1, tzinfo=TZ)
T0 = dt.datetime(2026, 11, 2, 10, tzinfo=TZ)  # Monday


def test_rates_from_a_known_set(make_ticket, worker_a, worker_b, resident, tree, leak):
    a = [make_ticket(now=T0) for _ in range(4)]
    # community A: 4 responses due; 3 answered in time, 1 answered late.
    for t in a[:3]:
        actions.ticket_accept(actor=worker_a, ticket=t, now=T0 + dt.timedelta(hours=1))
    actions.ticket_accept(actor=worker_a, ticket=a[3], now=T0 + dt.timedelta(days=5))
    # Evaluations: resolved+satisfied, resolved+basic, not resolved+dissatisfied.
    for t, resolved, sat in [(a[0], True, "satisfied"), (a[1], True, "basic"), (a[2], False, "dissatisfied")]:
        actions.ticket_resolve(actor=worker_a, ticket=t, resolution="ok", now=T0 + dt.timedelta(days=1))
        actions.ticket_evaluate(
            actor=resident, ticket=t, resolved=resolved, satisfaction=sat, now=T0 + dt.timedelta(days=2)
        )
    # community B: 1 due, never answered; a ticket from October does not count.
    from linli.tickets.actions import ticket_submit

    ticket_submit(
        actor=worker_b, community=tree.community_b, category=leak, description="x", channel="walk_in", now=T0
    )
    ticket_submit(
        actor=worker_b,
        community=tree.community_b,
        category=leak,
        description="x",
        channel="walk_in",
        now=T0 - dt.timedelta(days=10),
    )

    data = queries.rates(None, NOV, now=DEC1)
    com = {r.area.code: r for r in data["community"]}
    assert (com["110105001001"].responses, com["110105001001"].responded) == (4, 3)
    assert com["110105001001"].response_rate == 75.0
    assert com["110105001001"].resolution_rate == 66.7
    assert com["110105001001"].satisfaction_rate == 66.7
    assert com["110105001002"].response_rate == 0.0 and com["110105001002"].resolution_rate is None
    street = {r.area.code: r for r in data["street"]}["110105001000"]
    assert (street.responses, street.responded, street.evaluated) == (5, 3, 3)
    assert street.response_rate == 60.0
    ranking = queries.ranking(data["community"])
    assert [r.area.code for r in ranking] == ["110105001001", "110105001002"]
    assert Ticket.objects.count() == 6


def test_worker_sees_only_their_community_rates(make_ticket, worker_a):
    make_ticket(now=T0)
    data = queries.rates(worker_a, NOV, now=DEC1)
    assert [r.area.code for r in data["community"]] == ["110105001001"]
    assert data["street"] == []


def test_trend_over_months(make_ticket, street_officer, tree):
    make_ticket(now=T0)
    months = queries.last_months(NOV, 3)
    assert months == [dt.date(2026, 9, 1), dt.date(2026, 10, 1), NOV]
    trend = queries.trend(street_officer, tree.street, months, now=DEC1)
    assert [r.responses for _, r in trend] == [0, 0, 1]


MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
MAR2 = dt.datetime(2026, 3, 2, 10, tzinfo=TZ)  # Monday


def _month_figures(month, now):
    r = {x.area.code: x for x in queries.rates(None, month, now=now)["community"]}["110105001001"]
    return (r.responses, r.responded, r.evaluated, r.resolved, r.satisfied)


def _rated_dissatisfied(make_ticket, worker_a, resident, *, resolved_at, rated_at):
    t = make_ticket(now=MAR2)
    actions.ticket_accept(actor=worker_a, ticket=t, now=MAR2 + dt.timedelta(hours=1))
    actions.ticket_resolve(actor=worker_a, ticket=t, resolution="修好了", now=resolved_at)
    actions.ticket_evaluate(
        actor=resident, ticket=t, resolved=False, satisfaction="dissatisfied", now=rated_at
    )
    return t


def _reopen_and_rate_again(t, worker_a, resident, *, reopened_at, rated_at):
    actions.ticket_reopen(actor=resident, ticket=t, reason="还在漏", now=reopened_at)
    actions.ticket_resolve(
        actor=worker_a, ticket=t, resolution="换了水管", now=reopened_at + dt.timedelta(days=1)
    )
    actions.ticket_evaluate(actor=resident, ticket=t, resolved=True, satisfaction="satisfied", now=rated_at)


def test_march_figures_stay_the_same_after_an_april_reopen_and_re_evaluation(make_ticket, worker_a, resident):
    mar30 = dt.datetime(2026, 3, 30, 10, tzinfo=TZ)
    t = _rated_dissatisfied(
        make_ticket, worker_a, resident, resolved_at=mar30 - dt.timedelta(days=3), rated_at=mar30
    )
    published = _month_figures(MARCH, dt.datetime(2026, 4, 1, 9, tzinfo=TZ))
    assert published == (1, 1, 1, 0, 0)

    _reopen_and_rate_again(
        t,
        worker_a,
        resident,
        reopened_at=dt.datetime(2026, 4, 2, 10, tzinfo=TZ),
        rated_at=dt.datetime(2026, 4, 8, 10, tzinfo=TZ),
    )
    later = dt.datetime(2026, 5, 1, tzinfo=TZ)
    assert _month_figures(MARCH, later) == published
    assert _month_figures(APRIL, later) == (0, 0, 1, 1, 1)
    t.refresh_from_db()
    assert t.satisfaction == "satisfied"  # the ticket shows the latest; the month keeps its own
    assert list(Rating.objects.filter(ticket=t).values_list("satisfaction", flat=True)) == [
        "dissatisfied",
        "satisfied",
    ]


def test_a_dissatisfied_rating_stays_counted_in_its_month(make_ticket, worker_a, resident):
    mar10 = dt.datetime(2026, 3, 10, 10, tzinfo=TZ)
    t = _rated_dissatisfied(
        make_ticket, worker_a, resident, resolved_at=mar10 - dt.timedelta(days=1), rated_at=mar10
    )
    _reopen_and_rate_again(
        t, worker_a, resident, reopened_at=mar10 + dt.timedelta(days=1), rated_at=mar10 + dt.timedelta(days=5)
    )
    r = {
        x.area.code: x
        for x in queries.rates(None, MARCH, now=dt.datetime(2026, 4, 1, tzinfo=TZ))["community"]
    }
    a = r["110105001001"]
    assert (a.evaluated, a.resolved, a.satisfied) == (2, 1, 1)
    assert a.satisfaction_rate == 50.0


def test_a_ticket_inside_its_response_window_is_neither_a_success_nor_a_failure(make_ticket, worker_a):
    make_ticket(now=T0)  # leak: 8 working hours, due Tuesday 3 November 10:00
    late_in_month = make_ticket(now=dt.datetime(2026, 11, 30, 16, tzinfo=TZ))  # due 1 December

    assert _month_figures(NOV, T0 + dt.timedelta(hours=2))[:2] == (0, 0)
    assert queries.rates(None, NOV, now=T0 + dt.timedelta(hours=2))["community"][0].response_rate is None
    assert _month_figures(NOV, T0 + dt.timedelta(days=1, hours=1))[:2] == (1, 0)  # the limit ran out
    # November, once over, does not hold the ticket whose limit ran into December...
    assert _month_figures(NOV, dt.datetime(2026, 12, 20, tzinfo=TZ))[:2] == (1, 0)
    # ...which counts in December, as a success once answered in time.
    actions.ticket_accept(
        actor=worker_a, ticket=late_in_month, now=dt.datetime(2026, 12, 1, 9, 30, tzinfo=TZ)
    )
    assert _month_figures(dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 10, tzinfo=TZ))[:2] == (1, 1)


def test_a_ranking_orders_by_performance_not_by_code(tree):
    def row(area, responses, responded, evaluated, resolved, satisfied):
        return queries.Rates(area, responses, responded, evaluated, resolved, satisfied)

    a, b, c = tree.community_a, tree.community_b, tree.community_c
    rows = [
        row(a, 10, 10, 10, 10, 5),  # satisfaction 50, everything else perfect
        row(b, 10, 0, 10, 10, 10),  # satisfaction 100, never answered in time
        row(c, 20, 0, 20, 20, 20),  # as b, on twice the volume
    ]
    assert [r.area.code for r in queries.ranking(rows)] == [c.code, b.code, a.code]
    # An area with nothing to rate is left out; equal rates and volume fall back to the code.
    rows = [row(c, 1, 1, 0, 0, 0), row(b, 1, 1, 0, 0, 0), row(a, 0, 0, 0, 0, 0)]
    assert [r.area.code for r in queries.ranking(rows)] == [b.code, c.code]


def test_every_rates_table_and_the_export_rank_by_performance_with_rank_numbers(
    make_ticket, worker_a, agent, city_admin, tree, leak, login
):
    """The district table and the export used to list areas in code order under a "#" column."""
    import io

    import time_machine
    from openpyxl import load_workbook

    from linli.areas.actions import area_create

    area_create(actor=None, code="110101001000", name="东华门街道")
    east = area_create(actor=None, code="110101001001", name="东华门社区")
    # 朝阳 (110105) answers in time; 东城 (110101, first by code) never answers.
    actions.ticket_accept(actor=worker_a, ticket=make_ticket(now=T0), now=T0 + dt.timedelta(hours=1))
    actions.ticket_submit(
        actor=agent, community=east, category=leak, description="漏水", channel="hotline", now=T0
    )
    with time_machine.travel(DEC1 + dt.timedelta(days=3), tick=False):
        client = login(city_admin)
        page = client.get("/tickets/rates/?month=2026-11").content.decode()
        xlsx = client.get("/tickets/rates.xlsx?month=2026-11")
        api = client.get("/api/v1/tickets/rates?month=2026-11&level=district").json()
    districts = page.split("各区排名")[1]
    assert districts.index("朝阳区") < districts.index("东城区")
    assert '<td>1</td><th scope="row"><a href="?month=2026-11&area=110105">' in districts
    sheet = load_workbook(io.BytesIO(xlsx.content))["各区"]
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (1, "110105"),
        (2, "110101"),
    ]
    assert [(r["area"], r["rank"]) for r in api] == [("110101", 2), ("110105", 1)]


def test_the_migration_rebuilds_every_rating_from_the_audit_chain(make_ticket, worker_a, resident):
    import importlib

    from django.apps import apps
    from django.db import connection

    mar30 = dt.datetime(2026, 3, 30, 10, tzinfo=TZ)
    t = _rated_dissatisfied(
        make_ticket, worker_a, resident, resolved_at=mar30 - dt.timedelta(days=3), rated_at=mar30
    )
    _reopen_and_rate_again(
        t, worker_a, resident, reopened_at=mar30 + dt.timedelta(days=2), rated_at=mar30 + dt.timedelta(days=9)
    )
    # A ticket rated without an event in the chain (loaded from elsewhere) keeps its one rating.
    loaded = make_ticket(now=MAR2)
    Ticket.objects.filter(pk=loaded.pk).update(
        status="closed", resolved_rating=True, satisfaction="basic", evaluated_at=mar30, closed_at=mar30
    )
    fields = ("ticket_id", "community_id", "at", "actor_id", "kind", "resolved", "satisfaction", "note")
    before = list(Rating.objects.values_list(*fields))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tickets_rating")
    importlib.import_module("linli.tickets.migrations.0005_rating").copy_ratings(apps, None)
    after = list(Rating.objects.exclude(ticket=loaded).values_list(*fields))
    assert after == before
    assert list(Rating.objects.filter(ticket=loaded).values_list("satisfaction", "at")) == [("basic", mar30)]
    assert len(after) == 2 and after[0][6] == "dissatisfied"
