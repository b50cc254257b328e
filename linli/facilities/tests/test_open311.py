"""Open311: a request names a component by its 16-digit code (service attribute `component`);
the ticket carries the code and becomes the component's problem, reported by a resident."""

import pytest
import time_machine
from django.utils import translation

from linli.accounts.actions import api_token_create
from linli.audit.models import AuditEvent
from linli.facilities.models import Problem, ProblemStatus, Source
from linli.facilities.tests.conftest import NOW
from linli.tickets.models import Ticket

BASE = "/open311/v2"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _form(key, **change):
    form = {"api_key": key, "service_code": "facilities-lights", "description": "路灯不亮"}
    form.update(change)
    return {k: v for k, v in form.items() if v is not None}


def test_the_service_definition_lists_the_component_attribute_in_both_languages(client, db):
    for lang, word in (("zh-hans", "编码"), ("en", "code")):
        with translation.override(lang):
            body = client.get(f"{BASE}/services/facilities-lights.json", HTTP_ACCEPT_LANGUAGE=lang).json()
        attr = next(a for a in body["attributes"] if a["code"] == "component")
        assert attr["datatype"] == "string" and attr["required"] is False and attr["order"] == 2
        assert word in attr["description"]
    root = client.get(f"{BASE}/services/facilities-lights.xml").content.decode()
    assert "<code>component</code>" in root


def test_a_request_naming_a_component_carries_its_code_and_opens_its_problem(client, scene, agent, tree):
    key = api_token_create(actor=agent, name="hotline")[1]
    # No jurisdiction nor position: the component gives both; full-width digits and spaces fold.
    r = client.post(f"{BASE}/requests.json", _form(key, **{"attribute[component]": "110105 0120 000001"}))
    assert r.status_code == 201, r.content
    ticket = Ticket.objects.get(code=r.json()[0]["service_request_id"])
    assert ticket.external_ref == scene.light.code
    assert ticket.community_id == tree.community_a.pk and ticket.lat is not None
    problem = Problem.objects.get(ticket=ticket)
    assert problem.component == scene.light and problem.source == Source.RESIDENT
    assert problem.status == ProblemStatus.OPEN
    scene.light.refresh_from_db()
    assert scene.light.state == "damaged"
    assert AuditEvent.objects.filter(action="facilities.problem.reported").exists()
    # A second request about the same light: a ticket carrying the code, no second problem.
    r = client.post(f"{BASE}/requests.xml", _form(key, **{"attribute[component]": scene.light.code}))
    assert r.status_code == 201
    assert Ticket.objects.filter(external_ref=scene.light.code).count() == 2
    assert Problem.objects.filter(component=scene.light).count() == 1


@pytest.mark.parametrize(
    ("value", "status", "said"),
    [
        ("12345", 400, "16"),  # not a code
        ("1101000120000001", 400, "county"),  # first six digits not a county
        ("1101050199000001", 404, "not found"),  # well-formed, no such component
    ],
)
def test_bad_component_codes_are_refused_and_nothing_is_written(client, scene, agent, value, status, said):
    key = api_token_create(actor=agent, name="hotline")[1]
    with translation.override("en"):
        r = client.post(
            f"{BASE}/requests.json", _form(key, **{"attribute[component]": value}), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert r.status_code == status
    assert said in r.json()[0]["description"]
    assert not Ticket.objects.exists() and not Problem.objects.exists()


def test_a_component_of_another_community_reads_as_not_found(client, scene, agent, tree):
    key = api_token_create(actor=agent, name="hotline")[1]
    form = _form(key, jurisdiction_id=tree.community_b.code, **{"attribute[component]": scene.light.code})
    r = client.post(f"{BASE}/requests.json", form)
    assert r.status_code == 404
    assert r.json()[0]["description"] == "attribute[component] provided was not found"
    assert not Ticket.objects.exists()


def test_outsider_naming_a_component_is_404(client, scene, worker_b):
    # A worker of community B may not submit in community A: the component reads as not found.
    key = api_token_create(actor=worker_b, name="b")[1]
    r = client.post(f"{BASE}/requests.json", _form(key, **{"attribute[component]": scene.light.code}))
    assert r.status_code == 404
    assert not Ticket.objects.exists() and not Problem.objects.exists()
    scene.light.refresh_from_db()
    assert scene.light.state == "intact"


def test_a_resident_names_a_component_in_their_own_community(client, scene, resident):
    key = api_token_create(actor=resident, name="app")[1]
    r = client.post(f"{BASE}/requests.json", _form(key, **{"attribute[component]": scene.cover.code}))
    assert r.status_code == 201, r.content
    assert Problem.objects.get(component=scene.cover).source == Source.RESIDENT
