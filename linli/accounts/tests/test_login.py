import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, _user
from linli.accounts.actions import password_reset
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent


def post_login(client: Client, login: str, password: str, **extra):
    return client.post("/account/login/", {"username": login, "password": password}, **extra)


def test_resident_signs_in_with_mobile_number(resident, client):
    response = post_login(client, "138 0000 0001", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.login.succeeded", actor=resident).exists()


def test_staff_sign_in_with_username_then_need_second_factor(worker_a, client):
    assert post_login(client, "worker_a", PASSWORD).status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/"


def test_staff_enrol_an_authenticator_and_go_on(worker_a, client):
    post_login(client, "worker_a", PASSWORD)
    page = client.get("/account/two-factor/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=worker_a, confirmed=False)
    wrong = client.post("/account/two-factor/", {"token": "000000"})
    assert wrong.status_code == 200 and b"000000" in wrong.content
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    assert client.post("/account/two-factor/", {"token": f"{code:06d}"}).status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_second_factor_can_be_relaxed_for_the_demo(worker_a, client, settings):
    settings.LINLI_REQUIRE_2FA = False
    post_login(client, "worker_a", PASSWORD)
    assert client.get("/").status_code == 200


def test_wrong_password_keeps_the_login_and_explains(worker_a, client):
    response = post_login(client, "worker_a", "nope", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="worker_a"' in page
    assert "do not match" in page
    assert AuditEvent.objects.filter(action="accounts.login.failed").exists()


def test_repeated_failures_lock_the_account_and_are_logged(worker_a, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "worker_a", "wrong-password")
    response = post_login(client, "worker_a", PASSWORD)
    assert response.status_code == 429
    assert client.get("/").status_code == 302  # still signed out
    assert AccessAttempt.objects.filter(username=f"user:{worker_a.pk}").exists()
    assert AuditEvent.objects.filter(action="accounts.login.locked_out").exists()


@pytest.mark.parametrize(
    "spellings",
    [
        ["138 0000 0001", "+86 138 0000 0001", "138-0000-0001", "13800000001", "+8613800000001"],
        ["１３８００００００01"] * 5,  # full-width digits, as a Chinese input method types them
    ],
)
def test_every_spelling_of_a_mobile_number_counts_against_one_account(resident, client, settings, spellings):
    assert len(spellings) == settings.AXES_FAILURE_LIMIT
    for login in spellings[:-1]:
        assert post_login(client, login, "wrong-password").status_code == 200
    assert post_login(client, spellings[-1], "wrong-password").status_code == 429
    # The right password through a spelling not tried yet does not get past the lockout.
    assert post_login(client, "+86 138-0000-0001", PASSWORD).status_code == 429
    assert post_login(client, "8613800000001", PASSWORD).status_code == 429
    assert client.get("/").status_code == 302  # still signed out
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {f"user:{resident.pk}"}


def test_a_staff_members_username_and_mobile_number_share_one_count(worker_a, client, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "worker_a" if n % 2 else "139 0000 0001", "wrong-password")
    assert post_login(client, "worker_a", PASSWORD).status_code == 429
    assert post_login(client, "ｗｏｒｋｅｒ_ａ", PASSWORD).status_code == 429  # NFKC: the same name


def test_unknown_mobile_numbers_are_counted_without_keeping_the_number(tree, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "137 0000 0009", "wrong-password")
    assert post_login(client, "+8613700000009", "wrong-password").status_code == 429
    [key] = AccessAttempt.objects.values_list("username", flat=True)
    assert key.startswith("phone:") and "13700000009" not in key


def test_a_temporary_password_lifts_a_residents_lockout(tree, resident, client, settings):
    director = _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "138 0000 0001", "wrong-password")
    assert post_login(client, "13800000001", PASSWORD).status_code == 429
    temporary = password_reset(actor=director, user=resident)
    assert not AccessAttempt.objects.exists()
    assert post_login(client, "+86 138 0000 0001", temporary).status_code == 302
    assert client.get("/")["Location"] == "/account/password/"


def test_failed_phone_logins_are_logged_masked(resident, client):
    post_login(client, "13800000001", "wrong")
    event = AuditEvent.objects.get(action="accounts.login.failed")
    assert event.details["login"] == "138****0001"


@pytest.mark.parametrize(
    ("new", "expect"),
    [
        ("short1", "too short"),
        ("onlyletterspassword", "letters and digits"),
        ("1234567890123", "entirely numeric"),
    ],
)
def test_password_rules(resident, login, new, expect):
    client = login(resident)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert expect in response.content.decode()


def test_password_change_works_and_is_audited(resident, login):
    client = login(resident)
    new = "brand-new-pass-7"
    response = client.post(
        "/account/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(new)
    assert AuditEvent.objects.filter(action="accounts.user.password_changed", actor=resident).exists()


def test_logout_needs_post(resident, login):
    client = login(resident)
    assert client.get("/account/logout/").status_code == 405
    assert client.post("/account/logout/").status_code == 302
    assert client.get("/").status_code == 302
