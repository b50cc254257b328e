"""Excel import of organization lists: every bad row reported by its line number and nothing
written, or every row written."""

import io

import pytest
import time_machine
from openpyxl import Workbook

from linli.audit.models import AuditEvent
from linli.organizations.models import Organization
from linli.organizations.tests.conftest import NOW

HEADER = ["社区代码", "名称", "类型", "登记或备案", "成立日期", "联系人", "联系电话", "健身协会"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "orgs.xlsx"
    return out


def test_one_bad_row_imports_nothing_and_every_bad_line_is_named(tree, worker_a, login):
    f = _xlsx(
        [
            ["110105001001", "书法社", "文化", "备案", "2021-05-01", "王芳", "13910000001", "否"],
            ["110105001001", "", "文化", "备案", "2021-05-01", "王芳", "", ""],
            ["110105001002", "乙社区队", "文化", "备案", "2021-05-01", "王芳", "", ""],  # not worker_a's
            ["110105001001", "棋社", "棋类", "登记", "2021/05/01", "李强", "123", ""],
        ]
    )
    page = login(worker_a).post("/organizations/import/", {"file": f})
    assert page.status_code == 400
    body = page.content.decode()
    for line in (3, 4, 5):
        assert f"第 {line} 行" in body or f"Line {line}:" in body
    assert "第 2 行" not in body and "Line 2:" not in body
    assert Organization.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="organizations.").exists()


def test_a_good_file_imports_every_row_through_the_api(tree, street_officer, login):
    f = _xlsx(
        [
            ["110105001001", "书法社", "文化", "备案", "2021-05-01", "王芳", "13910000001", "否"],
            ["１１０１０５００１００２", "乙社区健身队", "体育", "登记", "2019-01-01", "李强", "", "是"],
        ]
    )
    r = login(street_officer).post("/api/v1/organizations/import", {"file": f})
    assert r.status_code == 200, r.content
    assert r.json() == {"imported": 2}
    fitness = Organization.objects.get(name="乙社区健身队")
    assert (fitness.community, fitness.kind, fitness.standing, fitness.is_fitness_association) == (
        tree.community_b,
        "sport",
        "registered",
        True,
    )
    assert AuditEvent.objects.filter(action="organizations.import.completed").count() == 1


def test_a_file_that_is_not_xlsx_is_a_clear_400(worker_a, login):
    f = io.BytesIO(b"not a spreadsheet")
    f.name = "x.xlsx"
    r = login(worker_a).post("/api/v1/organizations/import", {"file": f})
    assert r.status_code == 400
    assert r.json()["code"] == "bad_file"
