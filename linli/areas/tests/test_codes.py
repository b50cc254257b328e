import pytest
from django.core.exceptions import ValidationError

from linli.areas.codes import level_of, parent_code
from linli.areas.levels import Level


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("110000", Level.CITY, None),
        ("110105", Level.DISTRICT, "110000"),
        ("110105001000", Level.STREET, "110105"),
        ("110105001001", Level.COMMUNITY, "110105001000"),
        ("110105001001-03", Level.GRID, "110105001001"),
        ("130102", Level.DISTRICT, "130100"),
    ],
)
def test_codes_tell_level_and_parent(code, level, parent):
    assert level_of(code) == level
    assert parent_code(code) == parent


@pytest.mark.parametrize(
    "code", ["11010", "1101050010", "11010500100A", "110105000001", "110105001000-01", "abc", ""]
)
def test_bad_codes_are_refused(code):
    with pytest.raises(ValidationError):
        level_of(code)
