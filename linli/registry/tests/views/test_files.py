"""Whatever reveals or writes an audit event is a POST with CSRF: a link cannot start an export."""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import id_number
from linli.audit.models import AuditEvent

URL = "/api/v1/registry/export"
REVEAL = {"reveal": True, "reason": "民政核对低保", "format": "csv"}


def test_a_get_to_the_export_does_nothing(household_a, worker_a, login):
    resp = login(worker_a).get(URL, {"reveal": "true", "reason": "民政核对低保"})
    assert resp.status_code == 405
    assert id_number("19500101", "011") not in resp.content.decode()
    assert not AuditEvent.objects.filter(action="registry.export.revealed").exists()


def csrf_client(user) -> Client:
    """A browser session that sends CSRF tokens only when told to."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_a_session_post_without_the_csrf_token_is_refused_and_with_it_runs(household_a, worker_a):
    client = csrf_client(worker_a)
    resp = client.post(URL, REVEAL, content_type="application/json")
    assert resp.status_code == 403
    assert not AuditEvent.objects.filter(action="registry.export.revealed").exists()
    client.get("/registry/export/")  # the page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    resp = client.post(URL, REVEAL, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert resp.status_code == 200
    assert id_number("19500101", "011") in b"".join(resp.streaming_content).decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="registry.export.revealed").count() == 1


def test_the_export_page_runs_only_on_post_with_the_csrf_token(household_a, worker_a):
    client = csrf_client(worker_a)
    page = client.get("/registry/export/", {"format": "csv", "reveal": "on", "reason": "民政核对低保"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    resp = client.post("/registry/export/", {"format": "csv", "reveal": "on", "reason": "民政核对低保"})
    assert resp.status_code == 403
    assert not AuditEvent.objects.filter(action="registry.export.revealed").exists()
