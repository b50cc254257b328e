"""Open311 GeoReport v2: every endpoint in JSON and XML, with the spec's error format."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import time_machine

from linli.accounts.actions import api_token_create
from linli.tickets.models import Ticket

from .conftest import MONDAY

BASE = "/open311/v2"


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own output


@pytest.fixture
def key(agent):
    return api_token_create(actor=agent, name="open311 client")[1]


@pytest.fixture
def worker_key(worker_b):
    return api_token_create(actor=worker_b, name="b")[1]


def test_discovery_json_and_xml(client, db):
    body = client.get(f"{BASE}/discovery.json").json()
    assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert body["endpoints"][0]["url"].endswith("/open311/v2/")
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_json_and_xml(client, db):
    services = client.get(f"{BASE}/services.json").json()
    leak = next(s for s in services if s["service_code"] == "neighbours-leak")
    assert set(leak) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert leak["type"] == "realtime" and leak["metadata"] is True
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    codes = [s.findtext("service_code") for s in root.findall("service")]
    assert "neighbours-leak" in codes and "neighbours" not in codes  # groups are not services


def test_services_unknown_jurisdiction_is_404_in_both_formats(client, db):
    response = client.get(f"{BASE}/services.json?jurisdiction_id=999999")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "jurisdiction_id provided was not found"}]
    response = client.get(f"{BASE}/services.xml?jurisdiction_id=999999")
    root = xml(response)
    assert response.status_code == 404 and root.tag == "errors" and root.findtext("error/code") == "404"


def test_service_definition_json_and_xml(client, db):
    body = client.get(f"{BASE}/services/neighbours-leak.json").json()
    assert body["service_code"] == "neighbours-leak"
    attr = body["attributes"][0]
    assert attr["code"] == "kind" and attr["datatype"] == "singlevaluelist"
    assert {v["key"] for v in attr["values"]} >= {"help", "complaint"}
    root = xml(client.get(f"{BASE}/services/neighbours-leak.xml"))
    assert root.tag == "service_definition" and root.find("attributes/attribute/values/value/key") is not None
    assert client.get(f"{BASE}/services/nope.json").status_code == 404
    assert xml(client.get(f"{BASE}/services/nope.xml")).findtext("error/code") == "404"


def test_post_request_json_and_xml(client, tree, key):
    form = {
        "api_key": key,
        "jurisdiction_id": tree.community_a.code,
        "service_code": "facilities-lights",
        "lat": "39.909",
        "long": "116.447",
        "description": "3号楼路灯不亮",
        "first_name": "明",
        "last_name": "张",
        "phone": "13700000007",
        "attribute[kind]": "complaint",
    }
    response = client.post(f"{BASE}/requests.json", form)
    assert response.status_code == 201
    body = response.json()
    assert set(body[0]) == {"service_request_id", "token", "service_notice", "account_id"}
    t = Ticket.objects.get(code=body[0]["service_request_id"])
    assert t.channel == "open311" and t.kind == "complaint" and t.contact_name == "张明"
    root = xml(client.post(f"{BASE}/requests.xml", form))
    assert root.tag == "service_requests" and root.findtext("request/service_request_id")


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"api_key": ""}, 403),
        ({"api_key": "wrong"}, 403),
        ({"service_code": ""}, 400),
        ({"service_code": "nope"}, 404),
        ({"lat": "", "long": ""}, 400),
        ({"jurisdiction_id": "110105001000"}, 400),  # a street, not a community
        ({"jurisdiction_id": "999"}, 404),
        ({"description": ""}, 400),
        ({"phone": "12"}, 400),
    ],
)
def test_post_request_errors(client, tree, key, fmt, change, status):
    form = {
        "api_key": key,
        "jurisdiction_id": tree.community_a.code,
        "service_code": "facilities-lights",
        "lat": "39.9",
        "long": "116.4",
        "description": "路灯不亮",
    }
    form.update(change)
    response = client.post(f"{BASE}/requests.{fmt}", form)
    assert response.status_code == status
    if fmt == "json":
        assert response.json()[0]["code"] == status and response.json()[0]["description"]
    else:
        root = xml(response)
        assert root.tag == "errors" and root.findtext("error/code") == str(status)
    assert not Ticket.objects.exists()


def test_post_by_a_key_outside_the_community_is_404(client, tree, worker_key):
    form = {
        "api_key": worker_key,
        "jurisdiction_id": tree.community_a.code,
        "service_code": "facilities-lights",
        "address_string": "甲社区3号楼",
        "description": "x",
    }
    assert client.post(f"{BASE}/requests.json", form).status_code == 404


def test_get_requests_with_filters_json_and_xml(client, tree, key, make_ticket, worker_a):
    from linli.tickets import actions

    open_ = make_ticket(now=None)
    done = make_ticket(
        now=None,
        category=__import__("linli.tickets.models", fromlist=["Category"]).Category.objects.get(
            code="environment-garbage"
        ),
    )
    actions.ticket_accept(actor=worker_a, ticket=done)
    actions.ticket_reject(actor=worker_a, ticket=done, reason="重复")
    rows = client.get(f"{BASE}/requests.json?api_key={key}").json()
    assert {r["service_request_id"] for r in rows} == {open_.code, done.code}
    expected = {
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    }
    assert set(rows[0]) == expected
    assert [
        r["service_request_id"]
        for r in client.get(f"{BASE}/requests.json?api_key={key}&status=closed").json()
    ] == [done.code]
    assert [
        r["service_request_id"]
        for r in client.get(f"{BASE}/requests.json?api_key={key}&service_code=neighbours-leak").json()
    ] == [open_.code]
    both = client.get(
        f"{BASE}/requests.json?api_key={key}&service_request_id={open_.code},{done.code}"
    ).json()
    assert len(both) == 2
    assert client.get(f"{BASE}/requests.json?api_key={key}&start_date=2099-01-01T00:00:00Z").json() == []
    assert (
        client.get(f"{BASE}/requests.json?api_key={key}&jurisdiction_id={tree.community_b.code}").json() == []
    )
    root = xml(client.get(f"{BASE}/requests.xml?api_key={key}&status=open"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [open_.code]
    assert root.findtext("request/status") == "open"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_requests_errors(client, tree, key, fmt):
    cases = [
        ("api_key=wrong", 403),
        (f"api_key={key}&status=pending", 400),
        (f"api_key={key}&start_date=yesterday", 400),
        (f"api_key={key}&jurisdiction_id=000", 404),
    ]
    for query, status in cases:
        response = client.get(f"{BASE}/requests.{fmt}?{query}")
        assert response.status_code == status, query
        code = response.json()[0]["code"] if fmt == "json" else int(xml(response).findtext("error/code"))
        assert code == status


def test_get_one_request_and_token_json_and_xml(client, key, ticket, worker_key):
    body = client.get(f"{BASE}/requests/{ticket.code}.json?api_key={key}").json()
    assert body[0]["service_request_id"] == ticket.code and body[0]["status"] == "open"
    assert (
        xml(client.get(f"{BASE}/requests/{ticket.code}.xml?api_key={key}")).findtext("request/service_code")
        == "neighbours-leak"
    )
    token = client.get(f"{BASE}/tokens/{ticket.token}.json?api_key={key}").json()
    assert token == [{"service_request_id": ticket.code, "token": ticket.token}]
    assert (
        xml(client.get(f"{BASE}/tokens/{ticket.token}.xml?api_key={key}")).findtext("request/token")
        == ticket.token
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_one_request_and_token_errors(client, key, ticket, worker_key, fmt):
    for url, status in [
        (f"{BASE}/requests/{ticket.code}.{fmt}?api_key=wrong", 403),
        (f"{BASE}/requests/NOPE.{fmt}", 404),
        (f"{BASE}/requests/NOPE.{fmt}?api_key={key}", 404),
        (f"{BASE}/requests/{ticket.code}.{fmt}?api_key={worker_key}", 404),  # outsider: 404, never 403
        (f"{BASE}/tokens/{ticket.token}.{fmt}?api_key=wrong", 403),
        (f"{BASE}/tokens/nope.{fmt}?api_key={key}", 404),
        (f"{BASE}/tokens/{ticket.token}.{fmt}?api_key={worker_key}", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        code = response.json()[0]["code"] if fmt == "json" else int(xml(response).findtext("error/code"))
        assert code == status


def test_keyless_clients_read_the_public_view_without_personal_data(client, key, ticket):
    """A standard client reads requests without an api_key, as the spec allows; no resident's words."""
    full = client.get(f"{BASE}/requests/{ticket.code}.json?api_key={key}").json()[0]
    assert full["description"]
    # Without dates the list covers the last 90 days before the request: read it a day after.
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        public = client.get(f"{BASE}/requests.json").json()
    row = next(r for r in public if r["service_request_id"] == ticket.code)
    assert row["description"] == "" and row["lat"] == "" and row["media_url"] == ""
    assert row["address"] == ticket.community.name and row["service_code"] == full["service_code"]
    assert row["status"] == full["status"]
    one = xml(client.get(f"{BASE}/requests/{ticket.code}.xml"))
    assert one.findtext("request/service_request_id") == ticket.code
    assert one.findtext("request/description") in ("", None)
    token = client.get(f"{BASE}/tokens/{ticket.token}.json").json()
    assert token == [{"service_request_id": ticket.code, "token": ticket.token}]


def test_a_post_hands_out_the_token_that_tokens_resolves(client, tree, key):
    form = {
        "api_key": key,
        "jurisdiction_id": tree.community_a.code,
        "service_code": "facilities-lights",
        "lat": "39.9",
        "long": "116.4",
        "description": "路灯不亮",
    }
    posted = client.post(f"{BASE}/requests.json", form).json()[0]
    assert posted["token"]
    resolved = client.get(f"{BASE}/tokens/{posted['token']}.json?api_key={key}").json()
    assert resolved == [{"service_request_id": posted["service_request_id"], "token": posted["token"]}]
    posted_xml = xml(client.post(f"{BASE}/requests.xml", form))
    token = posted_xml.findtext("request/token")
    assert token and Ticket.objects.filter(token=token).exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("lat", "long"), [("-91", "116.4"), ("39.9", "200"), ("NaN", "116.4"), ("39.9", "-Infinity")]
)
def test_positions_off_the_globe_are_refused_in_the_spec_format(client, tree, key, fmt, lat, long):
    form = {
        "api_key": key,
        "jurisdiction_id": tree.community_a.code,
        "service_code": "facilities-lights",
        "lat": lat,
        "long": long,
        "description": "路灯不亮",
    }
    response = client.post(f"{BASE}/requests.{fmt}", form)
    assert response.status_code == 400
    if fmt == "json":
        assert response.json()[0]["code"] == 400 and "lat" in response.json()[0]["description"]
    else:
        assert xml(response).findtext("error/code") == "400"
    assert not Ticket.objects.exists()


def test_a_building_out_of_reach_reads_like_a_missing_one(client, tree, worker_key):
    from linli.registry.models import Building

    building = Building.objects.create(community=tree.community_a, name="3号楼")
    answers = []
    for address_id in (str(building.pk), str(building.pk + 1000)):
        form = {
            "api_key": worker_key,  # a worker of community B
            "service_code": "facilities-lights",
            "address_id": address_id,
            "description": "路灯不亮",
        }
        response = client.post(f"{BASE}/requests.json", form)
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 404
    assert not Ticket.objects.exists()


def test_a_control_character_in_one_ticket_keeps_requests_xml_well_formed(client, key, make_ticket):
    bad = make_ticket(description="漏水\x01到\x0b厨房")
    make_ticket(description="另一户")
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=False):
        root = xml(client.get(f"{BASE}/requests.xml?api_key={key}"))
    assert len(root.findall("request")) == 2
    row = next(r for r in root.findall("request") if r.findtext("service_request_id") == bad.code)
    assert row.findtext("description") == "漏水\ufffd到\ufffd厨房"
    one = xml(client.get(f"{BASE}/requests/{bad.code}.xml?api_key={key}"))
    assert one.findtext("request/service_request_id") == bad.code


def test_control_characters_are_refused_on_the_way_in(client, tree, key):
    form = {
        "api_key": key,
        "jurisdiction_id": tree.community_a.code,
        "service_code": "facilities-lights",
        "address_string": "甲社区3号楼",
        "description": "路灯\x01不亮",
    }
    response = client.post(f"{BASE}/requests.json", form)
    assert response.status_code == 400 and response.json()[0]["code"] == 400
    assert not Ticket.objects.exists()
