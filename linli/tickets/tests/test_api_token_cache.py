"""The ticket list through a bearer token: cached authentication never outlives a change."""

import json

import pytest
from django.db import connection
from django.test import Client

from linli.accounts.actions import api_token_create, api_token_revoke, role_grant, role_revoke
from linli.accounts.models import ApiToken, RoleGrant
from linli.accounts.roles import Role
from linli.tickets import fastlist, queries
from linli.tickets.models import Ticket


def bearer(user):
    _, key = api_token_create(actor=user, name="app")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def codes(client):
    response = client.get("/api/v1/tickets")
    assert response.status_code == 200
    return [t["code"] for t in response.json()["items"]]


def test_a_revoked_token_is_refused_at_once(ticket, worker_a):
    _, key = api_token_create(actor=worker_a, name="app")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert codes(client) == [ticket.code]  # the token and grants are now cached
    token = ApiToken.objects.get(user=worker_a, revoked_at__isnull=True)
    api_token_revoke(actor=worker_a, token=token)
    assert client.get("/api/v1/tickets").status_code == 401


def test_a_lost_grant_is_404_at_once(ticket, worker_a, city_admin):
    client = bearer(worker_a)
    assert client.get(f"/api/v1/tickets/{ticket.code}").status_code == 200
    assert codes(client) == [ticket.code]
    role_revoke(actor=city_admin, grant=RoleGrant.objects.get(user=worker_a))
    assert client.get(f"/api/v1/tickets/{ticket.code}").status_code == 404
    assert codes(client) == []


def test_a_new_grant_counts_at_once(ticket, tree, worker_b, city_admin):
    client = bearer(worker_b)
    assert codes(client) == []
    assert client.get(f"/api/v1/tickets/{ticket.code}").status_code == 404
    role_grant(actor=city_admin, user=worker_b, role=Role.WORKER, area=tree.community_a)
    assert codes(client) == [ticket.code]


def test_a_deactivated_user_is_refused_at_once(ticket, worker_a):
    client = bearer(worker_a)
    assert codes(client) == [ticket.code]
    worker_a.is_active = False
    worker_a.save(update_fields=["is_active"])
    assert client.get("/api/v1/tickets").status_code == 401


def test_a_cached_token_still_writes_as_its_user(tree, worker_a):
    client = bearer(worker_a)
    codes(client)  # cached: the next request does not load the user row up front
    response = client.post(
        "/api/v1/tickets",
        {
            "community": tree.community_a.code,
            "category": "neighbours-leak",
            "description": "漏水",
            "channel": "walk_in",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert codes(client) == [response.json()["code"]]


def test_the_list_is_one_query_once_the_token_is_cached(
    ticket, worker_a, django_assert_max_num_queries, django_assert_num_queries
):
    client = bearer(worker_a)
    with django_assert_max_num_queries(5):  # token, user, grants, last use (rate-limited), list
        assert codes(client) == [ticket.code]
    with django_assert_num_queries(1):
        assert codes(client) == [ticket.code]


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
