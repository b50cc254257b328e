"""Import limits, checked before a file is parsed: unpacked size and packing ratio of an XLSX, rows,
upload size; and only the first bad lines are kept, with a count of the rest."""

import io

import pytest

from linli.registry import importing
from linli.registry.models import ImportJob, Resident
from linli.registry.tests.importing.test_run import HEADER, rows_of, run, write_csv


def write_xlsx(path, rows, header=HEADER):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def no_openpyxl(monkeypatch):
    """openpyxl must not even open the file."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file that should have been refused first")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_an_xlsx_with_one_huge_shared_string_is_refused_before_it_is_opened(
    tree, worker_a, building_a, tmp_path, no_openpyxl
):
    import zipfile

    plain = write_xlsx(tmp_path / "plain.xlsx", rows_of(3))
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in src.infolist():
            out.writestr(member, src.read(member))
        # One shared string of 3 MB, packed into a few kilobytes.
        out.writestr("xl/sharedStrings.xml", '<sst count="1"><si><t>' + "A" * (3 << 20) + "</t></si></sst>")
    assert path.stat().st_size < 100_000
    result = run(tree, worker_a, path, "xlsx")
    assert not result.written and result.errors[0][0] == 1
    assert "unpacks" in result.errors[0][1] or "解压" in result.errors[0][1]
    assert Resident.objects.count() == 0


def test_an_xlsx_that_unpacks_past_the_total_limit_is_refused(
    tree, worker_a, building_a, tmp_path, settings, no_openpyxl
):
    settings.LINLI_IMPORT_MAX_UNZIPPED_BYTES = 2_000
    result = run(tree, worker_a, write_xlsx(tmp_path / "big.xlsx", rows_of(30)), "xlsx")
    assert not result.written and result.error_count == 1


def test_a_file_that_is_no_zip_is_refused_with_a_message(tree, worker_a, building_a, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip at all")
    result = run(tree, worker_a, path, "xlsx")
    assert not result.written and result.error_count == 1 and result.errors[0][0] == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_with_more_rows_than_the_setting_is_refused_and_the_limit_itself_passes(
    tree, worker_a, building_a, tmp_path, settings, fmt
):
    settings.LINLI_IMPORT_MAX_ROWS = 6
    writer = write_csv if fmt == "csv" else write_xlsx
    result = run(tree, worker_a, writer(tmp_path / f"many.{fmt}", rows_of(9)), fmt)
    assert not result.written and result.error_count == 1
    assert "6" in result.errors[0][1]
    assert Resident.objects.count() == 0
    result = run(tree, worker_a, writer(tmp_path / f"six.{fmt}", rows_of(6)), fmt)
    assert result.written and Resident.objects.count() == 6


def test_a_csv_past_the_row_limit_stops_being_read_there(tree, worker_a, building_a, tmp_path, settings):
    settings.LINLI_IMPORT_MAX_ROWS = 10
    path = write_csv(tmp_path / "many.csv", rows_of(1000))
    read = []
    with pytest.raises(ValueError):
        for line, _row in importing.read_csv(path):
            read.append(line)
    assert len(read) == 10


def test_only_the_first_bad_lines_are_kept_and_the_page_says_how_many_more(
    tree, worker_a, building_a, login, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.LINLI_IMPORT_MAX_ERRORS = 3
    settings.MEDIA_ROOT = tmp_path
    rows = rows_of(10)
    for row in rows:
        row[4] = ""  # no name: every line is wrong
    upload = io.BytesIO(write_csv(tmp_path / "bad.csv", rows).read_bytes())
    upload.name = "bad.csv"
    client = login(worker_a)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/registry/import/", {"community": tree.community_a.pk, "file": upload})
    job = ImportJob.objects.get()
    assert (job.error_count, len(job.errors), job.errors_not_listed) == (10, 3, 7)
    client.cookies["linli_language"] = "en"
    html = client.get(resp["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "and 7 more lines" in html or "还有 7 行" in html


def test_an_upload_over_the_size_limit_is_refused_and_not_stored(
    tree, worker_a, building_a, login, tmp_path, settings
):
    settings.LINLI_IMPORT_MAX_BYTES = 100
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = io.BytesIO(write_csv(tmp_path / "a.csv", rows_of(6)).read_bytes())
    upload.name = "a.csv"
    resp = login(worker_a).post(
        "/api/v1/registry/imports", {"community": tree.community_a.code, "file": upload}
    )
    assert resp.status_code == 400 and resp.json()["code"] == "file_too_large"
    assert not ImportJob.objects.exists()
    assert not any((tmp_path / "media").rglob("*.csv"))
