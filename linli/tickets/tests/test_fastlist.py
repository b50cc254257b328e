"""The fast list (tickets/fastlist.py): the PostgreSQL JSON page must match the ORM page."""

import json

import pytest
from django.db import connection

from linli.tickets import fastlist, queries
from linli.tickets.models import Ticket


def test_the_precompiled_page_matches_the_orm_for_a_street(make_ticket, tree, street_officer, worker_b):
    """On PostgreSQL the page is one prepared statement writing JSON; elsewhere it is `worker_page`."""
    import datetime as dt

    from .conftest import MONDAY

    now = MONDAY + dt.timedelta(hours=2)  # the tickets were submitted at MONDAY
    for community in (tree.community_a, tree.community_b, tree.community_a):
        make_ticket(community=community, actor=street_officer, channel="walk_in")
    # One of them past due and assigned: the overdue flag and the assignee come out alike.
    first = Ticket.objects.order_by("submitted_at").first()
    # Its deadline has a fraction of a second ending in zeros: both ways write it alike.
    due = (now - dt.timedelta(hours=1)).replace(microsecond=120000)
    Ticket.objects.filter(pk=first.pk).update(due_at=due, assignee=worker_b)
    # Another due in 2027, a year without a notice: provisional, computed alike in SQL and Python.
    last = Ticket.objects.exclude(pk=first.pk).order_by("pk").last()
    Ticket.objects.filter(pk=last.pk).update(due_at=dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC))
    for offset, limit in ((0, 20), (0, 2), (2, 2), (3, 2)):
        items, more = fastlist.worker_page_json(street_officer, offset=offset, limit=limit, now=now)
        orm = fastlist.list_rows(
            queries.worker_list(street_officer, now=now), offset=offset, limit=limit, now=now
        )
        assert (json.loads(items), more) == orm
    items = json.loads(fastlist.worker_page_json(street_officer, now=now)[0])
    assert len(items) == 3
    assert [row["overdue"] for row in items].count(True) == 1
    assert [row["code"] for row in items if row["due_provisional"]] == [last.code]
    assert json.loads(fastlist.worker_page_json(worker_b, now=now)[0]) == [
        row for row in items if row["community"] == tree.community_b.code
    ]


@pytest.mark.parametrize("prepare", [True, False])
def test_the_page_is_the_same_with_or_without_prepared_statements(
    make_ticket, tree, street_officer, settings, prepare
):
    settings.LINLI_DB_PREPARE = prepare
    for community in (tree.community_a, tree.community_b):
        make_ticket(community=community, actor=street_officer, channel="walk_in")
    items, more = fastlist.worker_page_json(street_officer, limit=1)
    assert (json.loads(items), more) == fastlist.list_rows(
        queries.worker_list(street_officer), offset=0, limit=1
    )
    if connection.vendor == "postgresql":  # the statement is kept on the server only when asked
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%json_build_object%%'"
            )
            assert (cursor.fetchone()[0] > 0) is prepare


def test_list_timestamps_are_written_as_postgresql_writes_them():
    import datetime as dt

    from linli.tickets.fastlist import _iso

    utc = dt.UTC
    assert _iso(dt.datetime(2026, 10, 1, 12, 34, 56, 120000, tzinfo=utc)) == "2026-10-01T12:34:56.12+00:00"
    assert _iso(dt.datetime(2026, 10, 1, 12, 34, 56, tzinfo=utc)) == "2026-10-01T12:34:56+00:00"
    assert (
        _iso(dt.datetime(2026, 10, 1, 12, 34, 56, 123456, tzinfo=utc)) == "2026-10-01T12:34:56.123456+00:00"
    )
