import pytest
from django.utils import translation

from linli.areas.actions import area_create, areas_import_csv
from linli.areas.models import Area
from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, Forbidden


def test_create_sets_level_parent_and_path(tree):
    area = area_create(actor=None, code="110105001003", name="丁社区")
    assert area.level == "community"
    assert area.parent == tree.street
    assert area.path == "110000/110105/110105001000/110105001003/"
    assert AuditEvent.objects.filter(action="areas.area.created", object_id=str(area.pk)).exists()


def test_code_must_belong_below_the_given_parent(tree):
    with pytest.raises(DomainError) as info:
        area_create(actor=None, code="110105002002", name="错位", parent=tree.street)
    assert info.value.code == "invalid_area"


def test_duplicate_code_is_refused(tree):
    with pytest.raises(DomainError, match="110105001001"):
        area_create(actor=None, code="110105001001", name="again")


def test_worker_may_not_add_areas(tree, worker_a):
    with pytest.raises(Forbidden):
        area_create(actor=worker_a, code="110105001001-02", name="网格")


def test_district_officer_adds_below_own_district_only(tree, district_officer):
    assert area_create(actor=district_officer, code="110105001004", name="戊社区").parent == tree.street
    with pytest.raises(Forbidden):
        area_create(actor=district_officer, code="110101001000", name="东华门街道")


CSV = """代码,名称
110000,北京市
110105,朝阳区
110105001000,建外街道
110105001001,甲社区
"""


def test_import_is_idempotent(db):
    first = areas_import_csv(actor=None, data=CSV.encode("utf-8-sig"))
    assert (first.created, first.errors) == (4, [])
    second = areas_import_csv(actor=None, data=CSV.encode())
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert Area.objects.count() == 4


def test_import_renames_known_codes(db):
    areas_import_csv(actor=None, data=CSV)
    result = areas_import_csv(actor=None, data=CSV.replace("甲社区", "甲社区（新）"))
    assert result.updated == 1
    assert Area.objects.get(code="110105001001").name == "甲社区（新）"


def test_import_with_bad_rows_writes_nothing_and_lists_every_line(db):
    bad = CSV + "11010500100X,坏代码\n110105009001,无街道的社区\n110105001002,\n110105001001,重复\n"
    with translation.override("en"):
        result = areas_import_csv(actor=None, data=bad)
    lines = [line for line, _ in result.errors]
    assert lines == [6, 7, 8, 9]
    assert "also on line 5" in dict(result.errors)[9]
    assert "neither in the file" in dict(result.errors)[7]
    assert Area.objects.count() == 0


def test_import_needs_the_header(db):
    result = areas_import_csv(actor=None, data="110000,北京市\n")
    assert result.errors and result.errors[0][0] == 1


def test_dry_run_writes_nothing(db):
    result = areas_import_csv(actor=None, data=CSV, dry_run=True)
    assert result.created == 4 and result.ok
    assert Area.objects.count() == 0
