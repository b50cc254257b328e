"""Reading uploaded CSV and XLSX files row by row, within the size limits."""

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from linli.common.spreadsheets import refuse_zip_bomb, unescape_cell
from linli.registry.importing.columns import COLUMNS, KEYS, OPTIONAL_COLUMNS, Rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return unescape_cell(str(value).strip()).strip()


def _text(cell: str) -> str:
    """A CSV cell as typed: trimmed, and without the quote an export put before a formula sign."""
    return unescape_cell(cell.strip()).strip()


def _header_map(header: list[str]) -> dict[int, str]:
    names = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ValueError(
            _("The first row must hold the column headers; missing: %(cols)s.") % {"cols": "、".join(missing)}
        )
    cols = {names.index(c): k for c, k in zip(COLUMNS, KEYS, strict=True)}
    for c, k in OPTIONAL_COLUMNS.items():
        if c in names and k not in cols.values():
            cols[names.index(c)] = k
    return cols


def _detect_encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1 << 16)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "gb18030"  # what Excel on Chinese Windows writes
    return "utf-8-sig"


def read_csv(path: Path) -> Rows:
    with path.open(encoding=_detect_encoding(path), newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise ValueError(_("The file is empty."))
        cols = _header_map(header)
        for line, row in enumerate(reader, start=2):
            _refuse_past_max_rows(line)
            if not any(c.strip() for c in row):
                continue
            yield line, {k: (_text(row[i]) if i < len(row) else "") for i, k in cols.items()}


def _refuse_past_max_rows(line: int) -> None:
    limit = settings.LINLI_IMPORT_MAX_ROWS
    if line - 1 > limit:  # line 1 holds the headers
        raise ValueError(
            _("The file has more than %(n)d rows below the headers; split it into smaller files.")
            % {"n": limit}
        )


def _refuse_zip_bomb(path: Path) -> None:
    refuse_zip_bomb(path)


def read_xlsx(path: Path) -> Rows:
    from openpyxl import load_workbook

    _refuse_zip_bomb(path)
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        declared = ws.max_row  # from the sheet's <dimension>, when the writer gave one
        if declared:
            _refuse_past_max_rows(declared)
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ValueError(_("The file is empty."))
        cols = _header_map([_cell(h) for h in header])
        for line, row in enumerate(rows, start=2):
            _refuse_past_max_rows(line)
            if not any(v not in (None, "") for v in row):
                continue
            yield line, {k: (_cell(row[i]) if i < len(row) else "") for i, k in cols.items()}
    finally:
        wb.close()


def reader_for(path: Path, fmt: str) -> Callable[[], Rows]:
    fmt = fmt.lower()
    if fmt not in ("csv", "xlsx"):
        raise ValueError(_("Upload a .csv or .xlsx file."))
    return (lambda: read_csv(path)) if fmt == "csv" else (lambda: read_xlsx(path))
