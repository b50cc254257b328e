"""The OpenAPI document describes the server: one name per schema, every error answer, true bodies."""

import datetime as dt

import pydantic
import pytest
from django.test import Client

from linli.accounts.actions import api_token_create
from linli.api.api import api
from linli.governance.actions import election_announce
from linli.governance.models import PollingStation

API = "/api/v1"


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema(path_prefix=API)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_schemas_share_a_component_name(document):
    # Ninja names a component after the class and silently keeps one of two same-named classes.
    by_name: dict[str, set[str]] = {}
    for model in _subclasses(pydantic.BaseModel):
        if model.__module__.startswith("linli."):
            by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: where for name, where in by_name.items() if len(where) > 1}
    assert shared == {}


def _tuple_typed(node, where="") -> list[str]:
    """Places typed as tuples: `prefixItems` (pydantic's tuple schema), which the fuzzer and many
    client generators turn into an array-valued `items` that OpenAPI 3.1 refuses, or that itself."""
    found = []
    if isinstance(node, dict):
        if "prefixItems" in node or isinstance(node.get("items"), list):
            found.append(where)
        for key, value in node.items():
            found += _tuple_typed(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _tuple_typed(value, f"{where}/{i}")
    return found


def test_no_schema_is_typed_as_a_tuple(document):
    assert _tuple_typed(document) == []


def _body_properties(document, path, method="post"):
    body = document["paths"][f"{API}{path}"][method]["requestBody"]["content"]
    ref = next(iter(body.values()))["schema"]["$ref"].rsplit("/", 1)[-1]
    return set(document["components"]["schemas"][ref]["properties"])


def test_request_bodies_are_the_ones_the_server_reads(document):
    assert _body_properties(document, "/tickets/extensions/{ext_id}/decide") == {"approve"}
    assert _body_properties(document, "/tickets/department-calls/{call_id}/report") == {"report"}
    assert _body_properties(document, "/governance/evaluations/{code}/answers") == {"ratings"}
    assert _body_properties(document, "/disclosure/questions/{pk}/answer") == {"answer"}
    assert _body_properties(document, "/governance/elections/{code}/stations") == {"name", "place"}


def test_every_operation_documents_its_errors_in_the_error_shape(document):
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message", "fields"}
    missing = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            errors = {int(s): r for s, r in operation["responses"].items() if 400 <= int(s) < 500}
            if 400 not in errors or 404 not in errors:
                missing.append(f"{method} {path}")
            if operation.get("security") and not {401, 403} <= set(errors):
                missing.append(f"{method} {path} (auth)")
            if (operation.get("parameters") or operation.get("requestBody")) and 422 not in errors:
                missing.append(f"{method} {path} (422)")
            for answer in errors.values():
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)
    assert missing == []


def test_a_polling_station_is_added_with_a_json_body(tree, worker_a):
    election = election_announce(
        actor=worker_a,
        community=tree.community_a,
        title="换届选举",
        election_day=dt.date(2026, 4, 18),
        register_cutoff=dt.date(2026, 3, 20),
        seats={"director": 1, "deputy": 1, "member": 3},
        now=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=worker_a, name='t')[1]}")
    response = client.post(
        f"{API}/governance/elections/{election.code}/stations",
        {"name": "第一投票站", "place": "居委会"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    station = PollingStation.objects.get(pk=response.json()["id"])
    assert (station.name, station.place) == ("第一投票站", "居委会")
