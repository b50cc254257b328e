"""The auditor reads: every write operation of the API refuses them, walked from the OpenAPI document."""

import datetime as dt
import json
import re
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from linli.accounts.models import User
from linli.audit.models import AuditEvent

COMMUNITY = "110105001001"  # the demo auditor's community (幸福里)
# Fields whose dummy value must be real for a request to reach the permission check.
KNOWN = {
    "community": COMMUNITY,
    "category": "neighbours-leak",
    "description": "楼道灯坏了",
    "channel": "hotline",
}
WRITES = ("post", "put", "patch", "delete")
# What an auditor may still change: nothing but their own account (under /account/, not the API)
# and the finance review that is their job (民主理财: `finance.review`).
ALLOWED = {
    ("post", "/api/v1/finance/entries/{code}/review"),  # the auditor's own job
    # Reads that carry their terms in the body, so that no number reaches an access log; the
    # export stays masked without the reveal right (tested in the registry's own tests).
    ("post", "/api/v1/registry/residents/search"),
    ("post", "/api/v1/registry/export"),
    # Excel exports of what the auditor may read, POST because each export is an audit event.
    ("post", "/api/v1/services/exports/orders"),
    ("post", "/api/v1/services/exports/settlements"),
}


def _singular(segment: str) -> str:
    segment = segment.replace("-", "")
    if segment.endswith("ies"):
        return segment[:-3] + "y"
    return segment.removesuffix("s")


def _path_value(app: str, segment: str, param: str) -> str:
    """An object of the community for `{param}` after `segment`: the walk must get past the 404s."""
    if param in ("year",):
        return "2026"
    if param == "number":
        return "1"
    if segment in ("communities", "public"):
        return COMMUNITY
    name = _singular(segment)
    # /api/v1/people/… and the like are the accounts app's.
    config = (
        apps.get_app_config(app) if apps.is_installed(f"linli.{app}") else apps.get_app_config("accounts")
    )
    for model in config.get_models():
        if not model.__name__.lower().endswith(name):
            continue
        rows = model.objects.all()
        if any(f.name == "community" for f in model._meta.fields):
            rows = rows.filter(community__code=COMMUNITY)
        obj = rows.order_by("pk").first()
        if obj is not None:
            return str(getattr(obj, "code", obj.pk) if param == "code" else obj.pk)
    return "1"


def _dummy(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    if "$ref" in schema:
        return _dummy(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _dummy(schema[key][0], components)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        props = schema.get("properties", {})
        return {
            k: KNOWN[k] if k in KNOWN else _dummy(props[k], components)
            for k in schema.get("required", [])
            if k in props
        }
    if kind == "array":
        return [_dummy(schema.get("items", {}), components)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2026-12-01"
    if schema.get("format") == "date-time":
        return "2026-12-01T10:00:00+08:00"
    return "x"


@pytest.mark.django_db
def test_every_api_write_refuses_the_auditor():
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        call_command("demo_load", stdout=StringIO())
        auditor = User.objects.get(username="auditor_a")
        client = Client()
        client.force_login(auditor)
        device, _ = TOTPDevice.objects.get_or_create(user=auditor, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        doc = client.get("/api/openapi.json").json()
        last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
        components = doc.get("components", {}).get("schemas", {})
        answered: dict[int, int] = {}
        accepted = []
        for path, operations in doc["paths"].items():
            for method, op in operations.items():
                if method not in WRITES or (method, path) in ALLOWED:
                    continue
                app = path.split("/")[3]
                url = re.sub(
                    r"([\w-]+)/\{(\w+)\}",
                    lambda m, app=app: f"{m.group(1)}/{_path_value(app, m.group(1), m.group(2))}",
                    path,
                )
                body: Any = {}
                content = op.get("requestBody", {}).get("content", {})
                if "application/json" in content:
                    body = _dummy(content["application/json"]["schema"], components)
                    response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
                else:
                    response = getattr(client, method)(url)
                answered[response.status_code] = answered.get(response.status_code, 0) + 1
                if response.status_code < 300:
                    accepted.append(f"{method.upper()} {url} -> {response.status_code}")
        assert not accepted, accepted
        assert not AuditEvent.objects.filter(seq__gt=last).exists()
        # The walk reaches the permission checks: most writes are refused as forbidden, not just unparsed.
        assert answered.get(403, 0) >= 20, answered
