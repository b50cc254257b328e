"""Spreadsheet cells: text that would run as a formula is written as text, numbers stay numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from linli.common.spreadsheets import safe_cell, safe_row, unescape_cell


@pytest.mark.parametrize("text", ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")'])
def test_text_that_starts_a_formula_gets_a_quote_and_reads_back(text):
    cell = safe_cell(text)
    assert cell == "'" + text
    assert unescape_cell(cell) == text


def test_numbers_dates_and_plain_text_are_written_as_they_are():
    row = [-12, -3.5, Decimal("-1.20"), 0, None, dt.date(2026, 1, 1), "张三", "-12", "+3.5", "110105"]
    assert safe_row(row) == row
    assert unescape_cell("'quoted by a person") == "'quoted by a person"
