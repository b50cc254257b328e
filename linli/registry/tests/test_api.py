"""The registry API: same rules as the pages (scoped, 404 outside, one error shape)."""

import datetime as dt
import io

from conftest import id_number
from linli.registry.models import Resident, TransferRequest

API = "/api/v1/registry"


def test_worker_b_gets_404_on_a_residents(household_a, worker_b, login):
    client = login(worker_b)
    head = household_a.head
    for method, url, body in (
        ("get", f"{API}/residents/{head.pk}", None),
        ("get", f"{API}/residents/{head.pk}/history", None),
        ("patch", f"{API}/residents/{head.pk}", {"name": "x"}),
        ("get", f"{API}/households/{household_a.pk}", None),
        ("get", f"{API}/households/{household_a.pk}/history", None),
        ("post", f"{API}/residents/{head.pk}/move-out", {}),
        ("post", f"{API}/residents/{head.pk}/death", {}),
        ("post", f"{API}/residents/{head.pk}/tags", {"tag": "alone"}),
        (
            "post",
            f"{API}/residents/{head.pk}/visits",
            {"visited_at": "2026-01-01T10:00:00+08:00", "findings": "x"},
        ),
        (
            "post",
            f"{API}/households/{household_a.pk}/members",
            {"name": "x", "id_number": "x", "relation": "child"},
        ),
        ("post", f"{API}/households/{household_a.pk}/head", {"new_head_id": head.pk}),
        ("post", f"{API}/households/{household_a.pk}/split", {"member_ids": [], "new_head_id": head.pk}),
    ):
        resp = getattr(client, method)(url, body, content_type="application/json")
        assert resp.status_code == 404, url
        assert resp.json()["code"] == "not_found"
    assert client.get(f"{API}/residents").json()["count"] == 0
    assert Resident.objects.get(pk=head.pk).status == "active"


def test_worker_b_cannot_write_into_a(tree, building_a, worker_b, login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = login(worker_b)
    assert (
        client.post(
            f"{API}/buildings",
            {"community": tree.community_a.code, "name": "9号楼"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{API}/buildings/{building_a.pk}/dwellings", {"number": "1"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"{API}/buildings").json()["count"] == 0
    person = {
        "name": "张三",
        "id_number": id_number("19700101", "011"),
        "community": tree.community_a.code,
    }
    assert client.post(f"{API}/households", person, content_type="application/json").status_code == 404
    upload = io.BytesIO(b"x")
    upload.name = "a.csv"
    assert (
        client.post(f"{API}/imports", {"community": tree.community_a.code, "file": upload}).status_code == 404
    )
    assert client.get(f"{API}/transfers").json()["count"] == 0
    assert client.get(f"{API}/reports").json()["count"] == 0
    assert client.get(f"{API}/rentals").json()["count"] == 0


def test_move_in_answers_201_or_202_with_a_transfer(tree, household_b, worker_a, login):
    client = login(worker_a)
    fresh = {
        "name": "张三",
        "id_number": id_number("19700101", "011"),
        "community": tree.community_a.code,
    }
    resp = client.post(f"{API}/households", fresh, content_type="application/json")
    assert resp.status_code == 201
    full = fresh["id_number"]
    assert resp.json()["resident"]["id_number_masked"] == full[:6] + "********" + full[-4:]
    elsewhere = {**fresh, "name": "赵大海", "id_number": id_number("19800505", "051")}
    resp = client.post(f"{API}/households", elsewhere, content_type="application/json")
    assert resp.status_code == 202 and resp.json()["transfer_id"] == TransferRequest.objects.get().pk


def test_bad_input_comes_back_with_fields(tree, worker_a, login):
    resp = login(worker_a).post(
        f"{API}/households",
        {"name": "", "id_number": "123", "community": tree.community_a.code},
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert set(resp.json()["fields"]) == {"name", "id_number"}


def test_moves_and_counts_through_the_api(tree, household_a, worker_a, worker_b, login):
    a, b = login(worker_a), login(worker_b)
    spouse = household_a.members.get(name="李秀英")
    street = a.post(
        f"{API}/residents/{spouse.pk}/move-out",
        {"to_community": tree.street.code},
        content_type="application/json",
    )
    assert street.status_code == 404  # only an active community receives a transfer
    full_width = tree.community_b.code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    resp = a.post(
        f"{API}/residents/{spouse.pk}/move-out",
        {"to_community": full_width},
        content_type="application/json",
    )
    assert resp.status_code == 202
    transfer = resp.json()["id"]
    assert b.get(f"{API}/transfers", {"pending": True}).json()["count"] == 1
    resp = b.post(
        f"{API}/transfers/{transfer}/decide",
        {"accept": True},
        content_type="application/json",
    )
    assert resp.json()["status"] == "accepted"
    counts = {c["community"]: c for c in login(worker_a).get(f"{API}/counts").json()}
    one = {"registered": 1, "resident": 0, "floating": 0, "total": 1}
    assert counts[tree.community_a.code]["residents"] == one
    # The 户口 moved with the record; living in B since today: not yet 常住 there.
    counts = {c["community"]: c for c in b.get(f"{API}/counts").json()}
    assert counts[tree.community_b.code]["residents"] == one
    history = a.get(f"{API}/residents/{spouse.pk}/history").json()
    assert history[0]["kind"] == "transferred_out"


def test_export_masks_unless_revealed_with_a_reason(household_a, worker_a, login):
    client = login(worker_a)

    def post(body):
        return client.post(f"{API}/export", body, content_type="application/json")

    text = b"".join(post({}).streaming_content).decode("utf-8-sig")
    assert "110105********0119" in text and id_number("19500101", "011") not in text
    assert post({"reveal": True}).status_code == 400  # no reason
    resp = post({"reveal": True, "reason": "民政核对低保"})
    assert id_number("19500101", "011") in b"".join(resp.streaming_content).decode("utf-8-sig")
    from linli.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="registry.export.revealed").count() == 1


def test_export_page_masks_by_default_and_xlsx_works(household_a, worker_a, login):
    from openpyxl import load_workbook

    client = login(worker_a)
    resp = client.post("/registry/export/", {"format": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(resp.streaming_content)), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][4] == "姓名" and rows[1][5] == "110105********0119"
    resp = client.post("/registry/export/", {"format": "csv", "reveal": "on", "reason": ""})
    assert resp.status_code == 400


def test_import_through_the_api(
    tree, building_a, worker_a, login, tmp_path, settings, django_capture_on_commit_callbacks
):
    from linli.registry.importing import COLUMNS

    settings.MEDIA_ROOT = tmp_path
    line = ["1号楼", "1-101", "户主", "户籍", "张三", id_number("19700101", "011"), "", "汉族", "", ""]
    upload = io.BytesIO(("\ufeff" + ",".join(COLUMNS) + "\n" + ",".join(line) + "\n").encode())
    upload.name = "a.csv"
    with django_capture_on_commit_callbacks(execute=True):
        resp = login(worker_a).post(f"{API}/imports", {"community": tree.community_a.code, "file": upload})
    assert resp.status_code == 202
    job = login(worker_a).get(f"{API}/imports/{resp.json()['code']}").json()
    assert job["status"] == "done" and job["residents"] == 1


def test_outsiders_get_nothing_from_lists_exports_and_jobs(
    tree, household_a, dwelling_a, worker_a, worker_b, login
):
    from linli.registry import actions
    from linli.registry.actions import PersonData
    from linli.registry.models import ImportJob

    actions.care_tag_set(actor=worker_a, resident=household_a.head, tag="alone")
    rental = actions.rental_register(
        actor=worker_a,
        dwelling=dwelling_a,
        landlord_name="房东",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 1),
        tenants=[PersonData(name="租客", id_number=id_number("19900101", "071"))],
    )
    spouse = household_a.members.get(name="李秀英")
    transfer = actions.resident_move_out(actor=worker_a, resident=spouse, to_community=tree.community_c)
    job = ImportJob.objects.create(
        code="IJOB1", community=tree.community_a, path="/nonexistent", file_name="x.csv"
    )
    b = login(worker_b)
    text = b"".join(b.post(f"{API}/export", {}, content_type="application/json").streaming_content).decode(
        "utf-8-sig"
    )
    assert "王建国" not in text and len(text.splitlines()) == 1
    assert b.get(f"{API}/rentals").json()["count"] == 0
    assert b.get(f"{API}/rentals/expiring", {"days": 400}).json()["count"] == 0
    assert b.get(f"{API}/visits/due", {"all": True}).json() == []
    assert b.get(f"{API}/imports/{job.code}").status_code == 404
    assert b.get(f"/registry/import/{job.code}/").status_code == 404
    assert b.get(f"/registry/rentals/{rental.pk}/extend/").status_code == 404
    assert (
        b.post(
            f"{API}/transfers/{transfer.pk}/decide", {"accept": True}, content_type="application/json"
        ).status_code
        == 404
    )
    resp = b.post(
        f"{API}/rentals",
        {
            "dwelling_id": dwelling_a.pk,
            "landlord_name": "x",
            "start": "2026-01-01",
            "end": "2026-02-01",
            "tenants": [],
        },
        content_type="application/json",
    )
    assert resp.status_code == 404
    assert "租客" not in b.get("/registry/rentals/").content.decode()


def test_a_record_is_corrected_through_the_api(household_a, worker_a, login):
    client = login(worker_a)
    head = household_a.head
    url = f"{API}/residents/{head.pk}"
    resp = client.patch(url, {"hukou_place": "天津市"}, content_type="application/json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["hukou_place"] == "天津市" and resp.json()["name"] == "王建国"
    resp = client.patch(url, {"employment": "astronaut"}, content_type="application/json")
    assert resp.status_code == 400 and "employment" in resp.json()["fields"]
    resp = client.patch(url, {"name": ""}, content_type="application/json")
    assert resp.status_code == 400 and "name" in resp.json()["fields"]
    head.refresh_from_db()
    assert head.name == "王建国" and head.hukou_place == "天津市"
