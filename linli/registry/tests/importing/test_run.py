"""Import: every row checked first, then all written or none; export masks unless revealed."""

import csv
import datetime as dt
import io
import threading

import pytest
from django.db import connection
from django.utils import timezone

from conftest import id_number
from linli.audit.models import AuditEvent
from linli.registry import importing
from linli.registry.importing.columns import PLACE_COLUMNS
from linli.registry.models import Household, Resident

HEADER = importing.COLUMNS
PLACE_HEADER = list(PLACE_COLUMNS)


def person_row(i: int, relation: str = "户主", building: str = "1号楼", kind: str = "户籍") -> list[str]:
    birth = (dt.date(1940, 1, 1) + dt.timedelta(days=i)).strftime("%Y%m%d")
    return [
        building,
        f"1-{i // 3:04d}",
        relation,
        kind,
        f"居民{i}",
        id_number(birth, f"{i % 997 + 1:03d}"),
        "",
        "汉族",
        "",
        "",
    ]


def rows_of(n: int) -> list[list[str]]:
    """n people in households of three: head, spouse, child."""
    return [person_row(i, ["户主", "配偶", "子女"][i % 3]) for i in range(n)]


def write_csv(path, rows, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def run(tree, worker, path, fmt="csv", dry_run=False):
    return importing.residents_import(
        actor=worker,
        community=tree.community_a,
        source=importing.reader_for(path, fmt),
        dry_run=dry_run,
        file_name=path.name,
    )


def test_one_bad_row_in_ten_thousand_writes_nothing_and_names_it(tree, worker_a, building_a, tmp_path):
    rows = rows_of(10_000)
    rows[7_321][5] = rows[7_321][5][:-1] + (
        "0" if rows[7_321][5][-1] != "0" else "1"
    )  # wrong check character
    result = run(tree, worker_a, write_csv(tmp_path / "big.csv", rows))
    assert not result.ok and result.error_count == 1
    line, message = result.errors[0]
    assert line == 7_321 + 2  # header is line 1
    assert "check character" in message or "校验" in message
    assert Resident.objects.count() == 0 and Household.objects.count() == 0


def test_a_good_file_is_written_whole_with_heads_and_one_audit_event(tree, worker_a, building_a, tmp_path):
    before = AuditEvent.objects.count()
    result = run(tree, worker_a, write_csv(tmp_path / "ok.csv", rows_of(30)))
    assert result.ok and result.written
    assert Household.objects.filter(community=tree.community_a).count() == 10
    assert Resident.objects.filter(community=tree.community_a, status="active").count() == 30
    h = Household.objects.get(dwelling__number="1-0001")
    assert h.head.name == "居民3" and h.members.count() == 3
    assert {m.relation for m in h.members.all()} == {"head", "spouse", "child"}
    assert Resident.objects.get(name="居民4").id_number == rows_of(5)[4][5]  # stored encrypted, read back
    assert AuditEvent.objects.count() == before + 1
    # Rows written without the ORM still compare like ORM-written ones.
    assert (
        Resident.objects.filter(registered_at__lte=timezone.now(), birth_date__gte="1940-01-01").count() == 30
    )


def test_dry_run_checks_but_writes_nothing(tree, worker_a, building_a, tmp_path):
    result = run(tree, worker_a, write_csv(tmp_path / "ok.csv", rows_of(6)), dry_run=True)
    assert result.ok and not result.written and result.households == 2 and result.residents == 6
    assert Resident.objects.count() == 0


def test_every_kind_of_bad_row_is_listed_by_line(tree, worker_a, building_a, household_a, tmp_path):
    rows = rows_of(9)
    rows[1][5] = rows[0][5]  # duplicate of line 2
    rows[3][0] = "99号楼"  # unknown building
    rows[4][5] = "11010519500230001X"  # no such date
    rows[6][5] = household_a.head.id_number  # already active in community A
    rows[7][2] = "表亲戚"  # unknown relation
    result = run(tree, worker_a, write_csv(tmp_path / "bad.csv", rows))
    by_line = dict(result.errors)
    assert set(by_line) == {3, 5, 6, 8, 9}
    assert "line 2" in by_line[3] or "第" in by_line[3] or "2" in by_line[3]
    assert "99号楼" in by_line[5]
    assert "甲社区" in by_line[8]
    assert Resident.objects.count() == 2  # only household_a


def test_member_rows_must_follow_a_head(tree, worker_a, building_a, tmp_path):
    rows = [person_row(1, "配偶"), person_row(2, "户主")]
    result = run(tree, worker_a, write_csv(tmp_path / "x.csv", rows))
    assert [line for line, _ in result.errors] == [2]


def test_xlsx_and_gbk_csv_are_read(tree, worker_a, building_a, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows_of(3):
        row[5] = row[5]
        ws.append(row)
    wb.save(tmp_path / "r.xlsx")
    assert run(tree, worker_a, tmp_path / "r.xlsx", "xlsx").written
    gbk_rows = [person_row(i) for i in range(100, 103)]
    result = run(tree, worker_a, write_csv(tmp_path / "gbk.csv", gbk_rows, encoding="gb18030"))
    assert result.written and Resident.objects.filter(name="居民101").exists()


def test_missing_headers_are_reported(tree, worker_a, building_a, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    result = run(tree, worker_a, path)
    assert not result.ok and "楼栋" in result.errors[0][1]


def test_worker_b_cannot_import_into_a(tree, worker_b, building_a, tmp_path):
    from linli.common.errors import NotFound

    with pytest.raises(NotFound):
        run(tree, worker_b, write_csv(tmp_path / "ok.csv", rows_of(3)))


@pytest.mark.django_db(transaction=True)
def test_two_racing_imports_of_one_id_leave_one_active_record(tree, worker_a, worker_b, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race cannot happen there")
    from linli.registry.actions import building_create

    building_create(actor=None, community=tree.community_a, name="1号楼")
    building_create(actor=None, community=tree.community_b, name="1号楼")
    path = write_csv(tmp_path / "same.csv", rows_of(300))
    results = {}
    barrier = threading.Barrier(2)

    def go(name, worker, community):
        from django.db import connections

        try:
            barrier.wait()
            results[name] = importing.residents_import(
                actor=worker, community=community, source=importing.reader_for(path, "csv")
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=go, args=("a", worker_a, tree.community_a)),
        threading.Thread(target=go, args=("b", worker_b, tree.community_b)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(1 for r in results.values() if r.written) == 1
    loser = next(r for r in results.values() if not r.written)
    assert not loser.ok
    assert Resident.objects.filter(status="active").count() == 300


def test_template_downloads_have_the_chinese_headers(tree, worker_a, login):
    client = login(worker_a)
    body = client.get("/registry/import/template.csv").content.decode("utf-8-sig")
    assert body.splitlines()[0] == ",".join([*HEADER, "关爱标签", *PLACE_HEADER])
    resp = client.get("/registry/import/template.xlsx")
    assert resp.status_code == 200 and resp.content[:2] == b"PK"


def test_upload_page_runs_the_job_and_shows_the_outcome(
    tree, worker_a, building_a, login, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = login(worker_a)
    data = write_csv(tmp_path / "up.csv", rows_of(6)).read_bytes()
    upload = io.BytesIO(data)
    upload.name = "up.csv"
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            "/registry/import/", {"community": tree.community_a.pk, "file": upload, "dry_run": "on"}
        )
    job_url = resp["Location"]
    resp = client.get(job_url)
    assert resp.status_code == 200
    assert Resident.objects.count() == 0
    assert "2 households, 6 residents" in resp.content.decode() or "2 户" in resp.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(job_url)
    assert Resident.objects.count() == 6


def test_upload_with_a_bad_row_lists_it(
    tree, worker_a, building_a, login, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = login(worker_a)
    rows = rows_of(3)
    rows[2][4] = ""
    upload = io.BytesIO(write_csv(tmp_path / "b.csv", rows).read_bytes())
    upload.name = "b.csv"
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/registry/import/", {"community": tree.community_a.pk, "file": upload})
    html = client.get(resp["Location"]).content.decode()
    assert ("Line 4:" in html or "第 4 行" in html) and Resident.objects.count() == 0
    from linli.registry.models import ImportJob

    job = ImportJob.objects.get()
    assert job.status == "failed" and job.errors[0][0] == 4


def with_tags(
    rows: list[list[str]], tags: dict[int, str], header: str = "关爱标签"
) -> tuple[list[str], list]:
    """Header and rows with the optional care-tag column; `tags` by index into rows."""
    return [*HEADER, header], [[*row, tags.get(i, "")] for i, row in enumerate(rows)]


def write_tagged_csv(path, header, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_care_tags_are_imported_by_the_names_the_pages_show(tree, grant_dibao, building_a, tmp_path):
    from linli.accounts.models import SensitiveGrant
    from linli.accounts.policy import forget
    from linli.registry.models import CareTag

    SensitiveGrant.objects.create(
        user=grant_dibao, category="disability", area=tree.community_a, reason="残联"
    )
    forget(grant_dibao)
    header, rows = with_tags(
        rows_of(6), {0: "独居老人、低保", 1: "失业；空巢老人", 3: "残疾2级"}, header="关怀标签"
    )
    result = run(tree, grant_dibao, write_tagged_csv(tmp_path / "t.csv", header, rows))
    assert result.written, result.errors
    tags = {(t.resident.name, t.tag, t.level) for t in CareTag.objects.select_related("resident")}
    assert tags == {
        ("居民0", "alone", None),
        ("居民0", "dibao", None),
        ("居民1", "unemployed", None),
        ("居民1", "empty_nest", None),
        ("居民3", "disability", 2),
    }
    assert all(t.community_id == tree.community_a.pk for t in CareTag.objects.all())


def test_a_sensitive_tag_without_the_grant_refuses_its_line(tree, worker_a, building_a, tmp_path):
    header, rows = with_tags(rows_of(3), {0: "独居老人", 1: "低保"})
    result = run(tree, worker_a, write_tagged_csv(tmp_path / "s.csv", header, rows))
    assert not result.written
    assert [line for line, _ in result.errors] == [3]
    assert "低保" in result.errors[0][1]
    assert Resident.objects.count() == 0


def test_derived_unknown_and_levelless_tags_are_refused_by_line(tree, worker_a, building_a, tmp_path):
    from linli.accounts.models import SensitiveGrant
    from linli.accounts.policy import forget

    SensitiveGrant.objects.create(user=worker_a, category="disability", area=tree.community_a, reason="残联")
    forget(worker_a)
    rows = rows_of(4)
    rows[0] = person_row(0)
    rows[0][5] = id_number("19900101", "011")  # 36 years old
    header, rows = with_tags(rows, {0: "80岁以上", 1: "热心人", 2: "独居老人;;", 3: "残疾"})
    result = run(tree, worker_a, write_tagged_csv(tmp_path / "d.csv", header, rows))
    assert [line for line, _ in result.errors] == [2, 3, 5]
    messages = [m for _, m in result.errors]
    assert "80岁以上" in messages[0] and "热心人" in messages[1] and "残疾1级" in messages[2]
    assert Resident.objects.count() == 0


def test_an_export_tag_cell_reads_back_as_the_same_tags(tree, worker_a):
    """The export writes 80岁以上 (derived) and 残疾N级; the import takes both back."""
    from types import SimpleNamespace

    from linli.registry.importing import Checker
    from linli.registry.importing.exports import _tag_cell

    old = SimpleNamespace(visible_tags=[SimpleNamespace(tag="disability", level=2)])
    cell = "、".join(_tag_cell(old, code) for code in ("disability", "alone", "aged_80"))  # type: ignore[arg-type]
    assert cell == "残疾2级、独居老人、80岁以上"
    checker = Checker(tree.community_a, today=dt.date(2026, 11, 26))  # the system: every tag allowed
    errors: list[str] = []
    assert checker.tags(cell, errors, dt.date(1940, 5, 1)) == "disability:2;alone"
    assert errors == []
    checker.tags("80岁以上", errors, dt.date(1990, 1, 1))
    assert len(errors) == 1 and "80岁以上" in errors[0]


def test_an_id_registered_between_check_and_write_is_named_and_nothing_is_written(
    tree, worker_a, building_a, tmp_path
):
    from linli.registry.actions import PersonData, household_register

    rows = rows_of(6)

    def someone_registers_line_5_meanwhile():
        household_register(
            actor=None,
            community=tree.community_b,
            head=PersonData(name="别处的人", id_number=rows[3][5]),
        )

    result = importing.residents_import(
        actor=worker_a,
        community=tree.community_a,
        source=importing.reader_for(write_csv(tmp_path / "race.csv", rows), "csv"),
        on_write=someone_registers_line_5_meanwhile,
    )
    assert not result.written
    assert [line for line, _ in result.errors] == [5]
    assert "乙社区" in result.errors[0][1]
    assert Resident.objects.filter(community=tree.community_a).count() == 0
