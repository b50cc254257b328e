"""Excel imports of existing lists: all or nothing, every bad row by its line number."""

import io

import pytest
from openpyxl import Workbook

from linli.common.errors import DomainError
from linli.publicservices import importing
from linli.publicservices.models.assistance import Application, Status
from linli.publicservices.models.employment import Seeker
from linli.publicservices.tests.conftest import NOW
from linli.registry.models import CareTag


def xlsx(header, *rows):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def ids(household_a):
    head = household_a.head
    spouse = household_a.members.exclude(pk=head.pk).get()
    return head, spouse


SEEKERS = ["身份证号", "技能", "培训意向", "可工作时间"]


def test_a_seeker_list_with_bad_rows_writes_nothing_and_names_each_line(tree, worker_a, ids):
    head, spouse = ids
    data = xlsx(
        SEEKERS,
        [head.id_number, "电工", "", "全职"],
        ["110105199001010000", "保洁", "", "全职"],
        [spouse.id_number, "保洁", "", "有空就行"],
        [head.id_number, "电工", "", "全职"],
    )
    with pytest.raises(DomainError) as exc:
        importing.seekers_import(actor=worker_a, community=tree.community_a, data=data, now=NOW)
    lines = exc.value.fields["file"]
    assert [m.split(":")[0].split("：")[0] for m in lines] == ["Line 3", "Line 4", "Line 5"] or len(
        lines
    ) == 3
    assert any("3" in m for m in lines) and any("4" in m for m in lines) and any("5" in m for m in lines)
    assert not Seeker.objects.exists()


def test_a_clean_seeker_list_is_imported_whole(tree, worker_a, ids):
    head, spouse = ids
    data = xlsx(
        SEEKERS,
        [head.id_number.lower(), "电工，驾驶", "", "全职"],
        [spouse.id_number, "保洁", "育婴", "兼职"],
    )
    assert importing.seekers_import(actor=worker_a, community=tree.community_a, data=data, now=NOW) == 2
    assert Seeker.objects.count() == 2
    assert Seeker.objects.get(resident=head).skill_set() == {"电工", "驾驶"}


def test_a_file_that_is_not_xlsx_is_a_clear_refusal(tree, worker_a):
    with pytest.raises(DomainError) as exc:
        importing.seekers_import(actor=worker_a, community=tree.community_a, data=b"name,id\n", now=NOW)
    assert exc.value.code == "import_file"


RECIPIENTS = ["身份证号", "救助类别", "家庭人口", "每月金额(元)", "批准日期", "下次复核日期"]


def test_recipients_are_taken_over_granted_with_their_care_tag(granted, tree, worker_a, ids):
    head, _ = ids
    data = xlsx(RECIPIENTS, [head.id_number, "低保", 2, "1395", "2025-07-01", "2026-07-01"])
    assert importing.recipients_import(actor=worker_a, community=tree.community_a, data=data, now=NOW) == 1
    a = Application.objects.get()
    assert a.status == Status.GRANTED and a.amount_fen == 139_500
    assert CareTag.objects.filter(resident=head, tag="dibao").exists()
    again = xlsx(RECIPIENTS, [head.id_number, "低保", 2, "1395", "2025-07-01", "2026-07-01"])
    with pytest.raises(DomainError):
        importing.recipients_import(actor=worker_a, community=tree.community_a, data=again, now=NOW)


def test_a_recipient_list_with_a_bad_row_writes_nothing(granted, tree, worker_a, ids):
    head, spouse = ids
    data = xlsx(
        RECIPIENTS,
        [head.id_number, "低保", 2, "1395", "2025-07-01", "2026-07-01"],
        [spouse.id_number, "五保", 2, "abc", "2025-07-01", "2025-01-01"],
    )
    with pytest.raises(DomainError) as exc:
        importing.recipients_import(actor=worker_a, community=tree.community_a, data=data, now=NOW)
    assert len(exc.value.fields["file"]) == 3  # kind, amount, dates of line 3
    assert not Application.objects.exists()


def test_the_import_page_shows_the_bad_lines_and_an_outsider_gets_404(tree, worker_a, worker_b, ids, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    head, _ = ids
    bad = xlsx(SEEKERS, [head.id_number, "电工", "", "随时"])
    url = f"/publicservices/employment/import/{tree.community_a.code}/"
    page = login(worker_a).post(url, {"file": SimpleUploadedFile("s.xlsx", bad)})
    assert page.status_code == 400 and "2" in page.content.decode()
    assert login(worker_b).get(url).status_code == 404
    assert login(worker_b).post(url, {"file": SimpleUploadedFile("s.xlsx", bad)}).status_code == 404
    assert (
        login(worker_b).get(f"/publicservices/assistance/import/{tree.community_a.code}/").status_code == 404
    )


RECIPIENT_HEADER = ["身份证号", "救助类别", "家庭人口", "每月金额(元)", "批准日期", "下次复核日期"]


def test_the_api_imports_both_lists_all_or_nothing_and_an_outsider_gets_404(
    granted, tree, worker_a, worker_b, ids, login
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from linli.audit.models import AuditEvent

    head, spouse = ids
    seekers = f"/api/v1/publicservices/employment/seekers/import/{tree.community_a.code}"
    recipients = f"/api/v1/publicservices/assistance/recipients/import/{tree.community_a.code}"
    client = login(worker_a)
    bad = xlsx(
        SEEKERS,
        [head.id_number, "电工", "", "全职"],
        [spouse.id_number, "保洁", "", "随时"],
        ["123", "", "", "全职"],
    )
    r = client.post(seekers, {"file": SimpleUploadedFile("s.xlsx", bad)})
    assert r.status_code == 422 and r.json()["code"] == "import_rows"
    lines = r.json()["fields"]["file"]
    assert len(lines) == 2 and {"3", "4"} <= {c for line in lines for c in line[:4]}
    assert not Seeker.objects.exists()
    good = xlsx(SEEKERS, [head.id_number, "电工", "", "全职"], [spouse.id_number, "保洁", "", "兼职"])
    outsider = login(worker_b)
    before = AuditEvent.objects.count()
    assert outsider.post(seekers, {"file": SimpleUploadedFile("s.xlsx", good)}).status_code == 404
    rows = xlsx(RECIPIENT_HEADER, [head.id_number, "低保", 2, "1395", "2025-07-01", "2026-07-01"])
    assert outsider.post(recipients, {"file": SimpleUploadedFile("r.xlsx", rows)}).status_code == 404
    assert AuditEvent.objects.count() == before and not Seeker.objects.exists()
    assert client.post(seekers, {"file": SimpleUploadedFile("s.xlsx", good)}).json() == {"imported": 2}
    assert client.post(recipients, {"file": SimpleUploadedFile("r.xlsx", rows)}).json() == {"imported": 1}
    assert Application.objects.get().status == Status.GRANTED


def test_a_zip_bomb_is_refused_before_it_is_parsed(tree, worker_a):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (60 * 1024 * 1024))
    with pytest.raises(DomainError) as exc:
        importing.seekers_import(actor=worker_a, community=tree.community_a, data=out.getvalue(), now=NOW)
    from django.utils.translation import gettext

    too_big = gettext("The file unpacks to more than the import accepts; split it into smaller files.")
    assert exc.value.code == "import_file" and exc.value.message == too_big
