import pytest
from django.core.exceptions import ValidationError

from linli.finance.charts import bars
from linli.finance.money import parse_yuan, yuan


@pytest.mark.parametrize(
    ("typed", "fen"),
    [("1250", 125_000), ("1,250.5", 125_050), ("0.01", 1), ("1250元", 125_000), ("¥3.20", 320)],
)
def test_amounts_typed_in_yuan_become_fen(typed, fen):
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize("typed", ["", "-5", "1.234", "abc", "1e3", "12,34x"])
def test_bad_amounts_are_refused(typed):
    with pytest.raises(ValidationError):
        parse_yuan(typed)


def test_fen_shown_as_yuan():
    assert [yuan(0), yuan(2000), yuan(123_450), yuan(-5)] == ["0", "20", "1,234.50", "-0.05"]


def test_charts_escape_labels():
    svg = str(bars([("<script>alert(1)</script>", 100)], "t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
