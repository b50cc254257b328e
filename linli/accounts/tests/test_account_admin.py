"""Looking after accounts: temporary passwords, lost authenticators, deactivation, removing roles.

Who may: whoever manages roles wherever the person holds one. Outside the viewer's reach: 404.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import _user
from linli.accounts.actions import api_token_create
from linli.accounts.models import RoleGrant, User
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent


@pytest.fixture
def director_a(tree):
    return _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")


@pytest.fixture
def director_b(tree):
    return _user("主任乙", Role.DIRECTOR, tree.community_b, username="director_b")


def test_a_temporary_password_signs_in_and_must_be_replaced(director_a, worker_a, login):
    AccessAttempt.objects.create(
        username=f"user:{worker_a.pk}", ip_address="10.0.0.1", user_agent="x", failures_since_start=5,
        get_data="", post_data="", http_accept="", path_info="/account/login/",
    )  # fmt: skip
    page = login(director_a).get(f"/account/people/{worker_a.pk}/").content.decode()
    assert "给临时密码" in page or "Give a temporary password" in page
    response = login(director_a).post(f"/account/people/{worker_a.pk}/password-reset/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert password in response.content.decode()
    worker_a.refresh_from_db()
    assert worker_a.check_password(password) and worker_a.must_change_password
    assert not AccessAttempt.objects.exists()  # the lockout is lifted
    event = AuditEvent.objects.get(action="accounts.user.password_reset")
    assert event.actor == director_a and password not in str(event.details)
    # Every page but the password page (and signing out) leads to the password page.
    client = login(worker_a)
    assert client.get("/tickets/")["Location"] == "/account/password/"
    assert client.get("/account/password/").status_code == 200
    changed = client.post(
        "/account/password/",
        {"old_password": password, "new_password1": "my-own-pass-2026", "new_password2": "my-own-pass-2026"},
    )
    assert changed.status_code == 302
    worker_a.refresh_from_db()
    assert not worker_a.must_change_password
    assert client.get("/tickets/").status_code == 200


def test_only_who_manages_every_role_of_the_person_may(tree, director_a, worker_a, street_officer, login):
    # A director manages their community, not the street officer above them; a worker manages no one.
    for actor, person in ((director_a, street_officer), (worker_a, director_a)):
        client = login(actor)
        page = client.get(f"/account/people/{person.pk}/")
        if page.status_code == 200:
            assert "password-reset" not in page.content.decode()
        assert client.post(f"/api/v1/people/{person.pk}/password-reset").status_code in (403, 404)
        resp = client.post(f"/account/people/{person.pk}/deactivate/", {"reason": "试试"})
        assert resp.status_code in (302, 400, 403, 404)
        person.refresh_from_db()
        assert person.is_active and not person.must_change_password
    # The street officer looks after the director's account.
    resp = login(street_officer).post(f"/api/v1/people/{director_a.pk}/password-reset")
    assert resp.status_code == 200 and len(resp.json()["temporary_password"]) == 14


def test_outsiders_get_404_from_every_account_page_and_endpoint(director_b, worker_a, login):
    grant = RoleGrant.objects.get(user=worker_a)
    client = login(director_b)
    for url in (
        f"/account/people/{worker_a.pk}/password-reset/",
        f"/account/people/{worker_a.pk}/authenticator-reset/",
        f"/account/people/{worker_a.pk}/deactivate/",
        f"/account/people/{worker_a.pk}/reactivate/",
        f"/account/people/{worker_a.pk}/grants/{grant.pk}/revoke/",
    ):
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    api = "/api/v1/people"
    assert [p["username"] for p in client.get(api).json()] == ["director_b"]
    assert client.get(f"{api}/{worker_a.pk}").status_code == 404
    for method, url, body in (
        ("post", f"{api}/{worker_a.pk}/password-reset", None),
        ("post", f"{api}/{worker_a.pk}/authenticator-reset", None),
        ("post", f"{api}/{worker_a.pk}/deactivate", {"reason": "x"}),
        ("post", f"{api}/{worker_a.pk}/reactivate", None),
        ("delete", f"{api}/{worker_a.pk}/grants/{grant.pk}", None),
    ):
        resp = getattr(client, method)(url, body, content_type="application/json")
        assert resp.status_code == 404 and resp.json()["code"] == "not_found", url
    worker_a.refresh_from_db()
    assert worker_a.is_active and RoleGrant.objects.filter(user=worker_a).exists()
    assert (
        not AuditEvent.objects.filter(action__startswith="accounts.user.")
        .exclude(action="accounts.user.created")
        .exists()
    )


def test_deactivation_needs_a_reason_and_stops_sessions_and_tokens(director_a, worker_a, login):
    _, key = api_token_create(actor=worker_a, name="app")
    worker = login(worker_a)
    assert worker.get("/tickets/").status_code == 200
    client = login(director_a)
    refused = client.post(f"/account/people/{worker_a.pk}/deactivate/", {"reason": "  "})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    assert (
        client.post(f"/account/people/{worker_a.pk}/deactivate/", {"reason": "11月30日离职"}).status_code
        == 302
    )
    worker_a.refresh_from_db()
    assert not worker_a.is_active
    assert AuditEvent.objects.get(action="accounts.user.deactivated").details == {"reason": "11月30日离职"}
    assert worker.get("/tickets/").status_code == 302  # the open session is over
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    resp = client.post(f"/api/v1/people/{worker_a.pk}/reactivate")
    assert resp.status_code == 200 and resp.json()["is_active"] is True
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_no_one_deactivates_or_resets_their_own_account(director_a, login):
    client = login(director_a)
    resp = client.post(
        f"/api/v1/people/{director_a.pk}/deactivate", {"reason": "x"}, content_type="application/json"
    )
    assert resp.status_code == 409
    assert client.post(f"/api/v1/people/{director_a.pk}/password-reset").status_code == 409
    assert User.objects.get(pk=director_a.pk).is_active


def test_authenticator_reset_and_role_removal(tree, director_a, worker_a, login):
    TOTPDevice.objects.create(user=worker_a, name="phone", confirmed=True)
    client = login(director_a)
    assert client.post(f"/account/people/{worker_a.pk}/authenticator-reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=worker_a).exists()
    assert AuditEvent.objects.filter(action="accounts.totp.reset", object_id=str(worker_a.pk)).count() == 1
    grant = RoleGrant.objects.get(user=worker_a)
    resp = client.delete(f"/api/v1/people/{worker_a.pk}/grants/{grant.pk}")
    assert resp.status_code == 204
    assert not RoleGrant.objects.filter(user=worker_a).exists()
    assert AuditEvent.objects.filter(action="accounts.grant.revoked").count() == 1
