"""Whatever reveals or writes an audit event is a POST: no GET in the API or the pages writes one,
whatever it is asked in its query string (every route of the URLconf, not a list of examples)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from linli.api.api import api
from linli.audit.models import AuditEvent

QUERY = {"reveal": "true", "reason": "核对身份信息", "format": "csv", "q": "13600000001"}


def api_get_paths() -> list[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    paths = [p for p, ops in schema["paths"].items() if "get" in ops]
    return [re.sub(r"\{[^}]+\}", "1", p) for p in paths]


def page_paths(patterns=None, prefix: str = "") -> list[str]:
    out: list[str] = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(p.pattern)
        if route.startswith("api/v1/") or route.startswith("^"):
            continue
        route = re.sub(r"<(?:int:)?\w+>", "1", re.sub(r"<str:\w+>", "x", route)).replace("<path:path>", "x")
        if isinstance(p, URLResolver):
            out += page_paths(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern) and "<" not in route:
            out.append("/" + prefix + route)
    return out


@pytest.mark.parametrize("who", ["worker_a"])
def test_no_get_in_the_api_or_the_pages_writes_an_audit_event(household_a, login, request, who):
    client = login(request.getfixturevalue(who))
    before = AuditEvent.objects.count()
    paths = api_get_paths() + page_paths()
    assert len(paths) > 100
    for path in paths:
        resp = client.get(path, QUERY)
        assert resp.status_code < 500, path
    assert AuditEvent.objects.count() == before
