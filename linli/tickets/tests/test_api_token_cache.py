"""The ticket list through a bearer token: cached authentication never outlives a change."""

from django.test import Client

from linli.accounts.actions import api_token_create, api_token_revoke, role_grant, role_revoke
from linli.accounts.models import ApiToken, RoleGrant
from linli.accounts.roles import Role


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
