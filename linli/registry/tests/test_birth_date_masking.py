"""A masked ID number hides exactly the 8 birth-date digits: no page, API answer or export may
show a viewer without the reveal right the full birth date next to it (issue 10, item 6).

The walk covers every GET route of the registry's pages and API, so a new field or page that
shows the date fails here without being listed.
"""

import io
import re

import pytest
from django.urls import URLPattern, get_resolver, reverse

from conftest import PASSWORD, id_number, signed_in
from linli.accounts.actions import user_create
from linli.accounts.roles import Role
from linli.registry import actions
from linli.registry.actions import PersonData
from linli.registry.models import Resident

API = "/api/v1/registry"


@pytest.fixture
def auditor(tree):
    return user_create(
        actor=None,
        display_name="理财小组",
        username="auditor_a",
        password=PASSWORD,
        role=Role.AUDITOR,
        area=tree.community_a,
    )


@pytest.fixture
def people(household_a, building_a, dwelling_a, tree):
    """household_a plus an 88-year-old never visited (her due date follows from her birthday)."""
    actions.resident_add(
        actor=None,
        household=household_a,
        relation="parent",
        person=PersonData(name="王老太", id_number=id_number("19380615", "042")),
    )
    return list(Resident.objects.filter(community=tree.community_a))


def _date_spellings(resident: Resident) -> set[str]:
    b = resident.birth_date
    return {
        b.isoformat(),
        b.strftime("%Y%m%d"),
        b.strftime("%Y/%m/%d"),
        f"{b.year}/{b.month}/{b.day}",
        f"{b.year}年{b.month}月{b.day}日",
        b.strftime("%Y年%m月%d日"),
        resident.id_number,
    }


def _text(resp) -> str:
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if body[:2] == b"PK":  # an XLSX export: read the cells, not the zip
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row) for ws in wb.worksheets for row in ws.values
        )
    return body.decode("utf-8", errors="replace")


def _page_urls(people, household, building) -> list[str]:
    """Every GET-able registry page, each <pk> tried with each kind of row."""
    resolver = get_resolver()
    ns_resolver = resolver.namespace_dict["registry"][1]
    values = {
        "pk": sorted({p.pk for p in people} | {household.pk, building.pk}),
        "fmt": ["csv", "xlsx"],
        "code": [household.code],
    }
    urls = []
    for pattern in ns_resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        params = list(pattern.pattern.converters)
        if len(params) > 1 or not set(params) <= set(values):
            pytest.fail(f"the walk does not know how to fill {pattern.pattern}: teach it")
        if not params:
            url = reverse(f"registry:{pattern.name}")
            urls += [url, url + "?all=1&format=csv", url + "?all=1&format=xlsx"]
        else:
            urls += [reverse(f"registry:{pattern.name}", kwargs={params[0]: v}) for v in values[params[0]]]
    return urls


def _api_urls(client, people, household, building, community_code) -> list[str]:
    """Every GET route of the registry API from the OpenAPI document, params filled in."""
    paths = client.get("/api/openapi.json").json()["paths"]
    pks = sorted({p.pk for p in people} | {household.pk, building.pk})
    urls = []
    for path, ops in paths.items():
        if not path.startswith(API) or "get" not in ops:
            continue
        names = set(re.findall(r"{(\w+)}", path))
        if not names:
            filled = [path]
        elif names == {"pk"}:
            filled = [path.replace("{pk}", str(pk)) for pk in pks]
        elif names == {"code"}:
            filled = [path.replace("{code}", community_code)]
        else:
            pytest.fail(f"the walk does not know how to fill {path}: teach it")
        query = "?all=true&days=36500&status=&format="
        for url in filled:
            urls += [url, url + query + "csv", url + query + "xlsx"]
    return urls


def _walk(client, urls: list[str], people) -> int:
    shown = 0
    for url in urls:
        resp = client.get(url)
        if resp.status_code != 200:
            continue
        text = _text(resp)
        for r in people:
            for spelling in _date_spellings(r):
                assert spelling not in text, f"{url} shows {r.name}'s full birth date or ID ({spelling})"
        shown += sum(r.name in text for r in people)
    return shown


def test_an_auditor_sees_no_full_birth_date_anywhere_in_the_registry(
    people, household_a, building_a, auditor, tree
):
    client = signed_in(auditor)
    urls = _page_urls(people, household_a, building_a)
    urls += _api_urls(client, people, household_a, building_a, tree.community_a.code)
    shown = _walk(client, urls, people)
    for fmt in ("csv", "xlsx"):  # the export is a POST (a download form)
        resp = client.post(reverse("registry:export"), {"format": fmt})
        assert resp.status_code == 200
        text = _text(resp)
        assert household_a.head.name in text
        assert not any(s in text for r in people for s in _date_spellings(r))
    # The walk really reached the people (lists, details, the household, the export).
    assert shown > 10
    detail = client.get(f"{API}/residents/{household_a.head_id}").json()
    assert detail["birth_date"] is None
    assert detail["birth_year"] == 1950
    assert detail["id_number_masked"] == "110105********011" + household_a.head.id_number[-1]


def test_a_resident_sees_birth_years_only_in_their_own_household(people, household_a, resident, worker_a):
    actions.resident_link_account(actor=worker_a, resident=household_a.head, user=resident)
    client = signed_in(resident)
    urls = [reverse("registry:mine"), f"{API}/me/household", f"{API}/households/{household_a.pk}"]
    assert _walk(client, urls, people) >= 2
    members = client.get(f"{API}/me/household").json()["members"]
    assert {m["birth_year"] for m in members} == {1950, 1952, 1938}
    assert {m["birth_date"] for m in members} == {None}


def test_a_worker_with_the_reveal_right_sees_the_full_birth_date(people, household_a, worker_a):
    client = signed_in(worker_a)
    head = household_a.head
    assert client.get(f"{API}/residents/{head.pk}").json()["birth_date"] == "1950-01-01"
    members = client.get(f"{API}/households/{household_a.pk}").json()["members"]  # nested schema
    assert "1950-01-01" in {m["birth_date"] for m in members}
    assert "1950-01-01" in client.get(reverse("registry:resident", kwargs={"pk": head.pk})).content.decode()
    assert (
        "1950-01-01"
        in client.get(reverse("registry:household", kwargs={"pk": household_a.pk})).content.decode()
    )


def test_an_auditor_cannot_confirm_a_guessed_id_or_phone_by_searching(people, household_a, auditor, worker_a):
    head = household_a.head
    for q in (head.id_number, head.phone):
        for viewer, count in ((worker_a, 1), (auditor, 0)):
            found = signed_in(viewer).post(
                f"{API}/residents/search", {"q": q}, content_type="application/json"
            )
            assert found.json()["count"] == count
