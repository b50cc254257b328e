"""Full-width input at every registry entry point is stored in ASCII, so the blind index finds the
same person whichever way the number was typed (issue 10, item 7)."""

from conftest import id_number
from linli.common.tests.fullwidth import full_width
from linli.registry.models import Resident, TransferRequest
from linli.registry.tests.importing.test_run import run, write_csv

API = "/api/v1/registry"
ID = id_number("19491231", "002")  # 11010519491231002X
ONE_FULL_WIDTH = ID[:10] + "\uff11" + ID[11:]  # a full-width 1 in the birth date, as the review found it


def test_the_move_in_form_stores_a_full_width_id_in_ascii_and_finds_it_again(tree, worker_a, login):
    client = login(worker_a)
    form = {"community": tree.community_a.pk, "name": "张三"}
    first = client.post("/registry/households/new/", {**form, "id_number": full_width(ID.lower())})
    assert first.status_code == 302
    person = Resident.objects.get()
    assert person.id_number == ID and person.birth_date.isoformat() == "1949-12-31"
    again = client.post("/registry/households/new/", {**form, "id_number": ID, "phone": "13800138000"})
    assert again.status_code in (400, 409)
    assert Resident.objects.count() == 1


def test_the_api_refuses_the_ascii_twin_of_a_full_width_id(tree, worker_a, worker_b, login):
    body = {"community": tree.community_a.code, "name": "张三"}
    created = login(worker_a).post(
        f"{API}/households",
        {**body, "id_number": ONE_FULL_WIDTH, "phone": full_width("138 0013 8000")},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    person = Resident.objects.get()
    assert (person.id_number, person.phone) == (ID, "13800138000")
    # Typed in ASCII in another community: the same person, so a transfer, not a second record.
    moved = login(worker_b).post(
        f"{API}/households",
        {**body, "community": tree.community_b.code, "id_number": ID},
        content_type="application/json",
    )
    assert moved.status_code == 202 and TransferRequest.objects.count() == 1
    assert Resident.objects.count() == 1


def test_an_import_row_in_full_width_is_stored_in_ascii(tree, worker_a, building_a, tmp_path):
    row = [
        "1号楼",
        "1-101",
        "户主",
        "户籍",
        "张三",
        full_width(ID),
        full_width("13800138000"),
        "汉族",
        "",
        "",
    ]
    result = run(tree, worker_a, write_csv(tmp_path / "people.csv", [row]))
    assert not result.errors, result.errors
    person = Resident.objects.get()
    assert (person.id_number, person.phone) == (ID, "13800138000")


def test_a_search_by_a_full_width_id_or_phone_finds_the_person(household_a, worker_a, login):
    head = household_a.head
    client = login(worker_a)
    for typed in (full_width(head.id_number), full_width(head.phone)):
        found = client.post(f"{API}/residents/search", {"q": typed}, content_type="application/json").json()
        assert [r["id"] for r in found["items"]] == [head.pk], typed
