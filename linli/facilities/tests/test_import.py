"""Importing components: all or nothing, every bad row named by its line."""

import io
import json

import pytest
from openpyxl import Workbook

from linli.common.errors import DomainError
from linli.facilities import actions
from linli.facilities.models import Component
from linli.facilities.tests.conftest import LAT0, LON0, NOW


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["部件编码", "网格", "纬度", "经度", "名称", "状态", "设置日期"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_excel_file_with_bad_rows_writes_nothing_and_names_each_line(scene, worker_a, tree):
    data = _xlsx(
        [
            ["1101050605000010", "01", LAT0 + 0.0005, LON0 + 0.0005, "单杠", "完好", "2024-05-01"],
            ["11010506050000", "01", LAT0 + 0.0005, LON0 + 0.0005, "", "", ""],  # 14 digits
            ["1101050605000011", "01", LAT0 + 0.01, LON0 + 0.0005, "", "", ""],  # outside the grid
            ["1101050605000010", "01", LAT0 + 0.0005, LON0 + 0.0005, "", "", ""],  # same code as line 2
            [scene.light.code, "01", LAT0 + 0.0005, LON0 + 0.0005, "", "", ""],  # registered already
            ["1101050605000012", "99", LAT0 + 0.0005, LON0 + 0.0005, "", "", ""],  # no such grid
        ]
    )
    result = actions.components_import(
        actor=worker_a, community=tree.community_a, data=data, fmt="xlsx", now=NOW
    )
    assert [line for line, _ in result.errors] == [3, 4, 5, 6, 7]
    assert "line 2" in result.errors[2][1] or "第2行" in result.errors[2][1]
    assert Component.objects.count() == 2


def test_a_good_excel_file_is_written_whole_and_the_tallies_follow(scene, worker_a, tree):
    data = _xlsx(
        [
            [f"11010506050000{n:02d}", "01", LAT0 + 0.0005, LON0 + 0.0005, "器械", "破损", ""]
            for n in range(20, 30)
        ]
    )
    result = actions.components_import(
        actor=worker_a, community=tree.community_a, data=data, fmt="xlsx", now=NOW
    )
    assert (result.created, result.errors) == (10, [])
    scene.grid.refresh_from_db()
    assert (scene.grid.in_service, scene.grid.intact) == (12, 2)


def test_geojson_points_and_lines(scene, worker_a, tree):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [LON0 + 0.0005, LAT0 + 0.0005]},
                "properties": {"code": "1101050301000001", "grid": scene.grid.area.code},
            },
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[LON0 + 0.0005, LAT0 + 0.0005], [LON0 + 0.001, LAT0 + 0.0005]],
                },
                "properties": {"部件编码": "1101050201000001", "网格": "01"},
            },
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []}, "properties": {}},
        ],
    }
    result = actions.components_import(
        actor=worker_a, community=tree.community_a, data=json.dumps(doc).encode(), fmt="geojson", now=NOW
    )
    assert [line for line, _ in result.errors] == [3]
    doc["features"].pop()
    result = actions.components_import(
        actor=worker_a, community=tree.community_a, data=json.dumps(doc).encode(), fmt="geojson", now=NOW
    )
    assert result.created == 2
    assert Component.objects.get(code="1101050201000001").line is not None


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(scene, worker_a, tree):
    with pytest.raises(DomainError) as exc:
        actions.components_import(
            actor=worker_a, community=tree.community_a, data=b"not a zip", fmt="xlsx", now=NOW
        )
    assert exc.value.code == "bad_file"
