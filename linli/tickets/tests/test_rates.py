import datetime as dt

from linli.tickets import actions, queries
from linli.tickets.calendar import TZ
from linli.tickets.models import Ticket

NOV = dt.date(2026, 11, 1)
T0 = dt.datetime(2026, 11, 2, 10, tzinfo=TZ)  # Monday


def test_rates_from_a_known_set(make_ticket, worker_a, worker_b, resident, tree, leak):
    a = [make_ticket(now=T0) for _ in range(4)]
    # community A: 4 received; 3 answered in time, 1 answered late.
    for t in a[:3]:
        actions.ticket_accept(actor=worker_a, ticket=t, now=T0 + dt.timedelta(hours=1))
    actions.ticket_accept(actor=worker_a, ticket=a[3], now=T0 + dt.timedelta(days=5))
    # Evaluations: resolved+satisfied, resolved+basic, not resolved+dissatisfied.
    for t, resolved, sat in [(a[0], True, "satisfied"), (a[1], True, "basic"), (a[2], False, "dissatisfied")]:
        actions.ticket_resolve(actor=worker_a, ticket=t, resolution="ok", now=T0 + dt.timedelta(days=1))
        actions.ticket_evaluate(
            actor=resident, ticket=t, resolved=resolved, satisfaction=sat, now=T0 + dt.timedelta(days=2)
        )
    # community B: 1 received, never answered; a ticket from October does not count.
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

    data = queries.rates(None, NOV)
    com = {r.area.code: r for r in data["community"]}
    assert (com["110105001001"].received, com["110105001001"].responded) == (4, 3)
    assert com["110105001001"].response_rate == 75.0
    assert com["110105001001"].resolution_rate == 66.7
    assert com["110105001001"].satisfaction_rate == 66.7
    assert com["110105001002"].response_rate == 0.0 and com["110105001002"].resolution_rate is None
    street = {r.area.code: r for r in data["street"]}["110105001000"]
    assert (street.received, street.responded, street.evaluated) == (5, 3, 3)
    assert street.response_rate == 60.0
    ranking = queries.ranking(data["community"])
    assert [r.area.code for r in ranking] == ["110105001001", "110105001002"]
    assert Ticket.objects.count() == 6


def test_worker_sees_only_their_community_rates(make_ticket, worker_a):
    make_ticket(now=T0)
    data = queries.rates(worker_a, NOV)
    assert [r.area.code for r in data["community"]] == ["110105001001"]
    assert data["street"] == []


def test_trend_over_months(make_ticket, street_officer, tree):
    make_ticket(now=T0)
    months = queries.last_months(NOV, 3)
    assert months == [dt.date(2026, 9, 1), dt.date(2026, 10, 1), NOV]
    trend = queries.trend(street_officer, tree.street, months)
    assert [r.received for _, r in trend] == [0, 0, 1]
