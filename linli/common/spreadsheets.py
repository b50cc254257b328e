"""Cells for CSV and XLSX files people open in a spreadsheet program.

A text cell that starts with = + - @ tab or carriage return is run as a formula by Excel, WPS and
LibreOffice (CSV), and openpyxl writes a text starting with = as a live formula (XLSX). As the
OWASP guidance on CSV injection says, such cells get a leading single quote, which makes them
text. Numbers stay numbers: a negative amount is data, not a formula. Every exporter writes its
rows through `safe_row`; every importer reads cells back through `unescape_cell`.
"""

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-12", "+3.5") is not a formula: left as it is.
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet will take it as data: numbers and dates as they are, text
    that would start a formula behind a single quote."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


def unescape_cell(text: str) -> str:
    """Undo `safe_cell` for a text read back from a file we (or a careful program) wrote."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def refuse_zip_bomb(source: "str | IO[bytes] | Any") -> None:
    """Refuse an XLSX that would unpack to more than the limits allow, before anything parses it.

    An XLSX is a zip: a few hundred kilobytes can unpack to gigabytes (one huge shared string, a
    million rows), which openpyxl would hold or walk. The sizes in the zip directory are what the
    reader will get at most (zipfile stops there and checks the CRC). ValueError says why.
    """
    too_big = _("The file unpacks to more than the import accepts; split it into smaller files.")
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ValueError(_("This is not a readable .xlsx file.")) from None
    if sum(m.file_size for m in members) > settings.LINLI_IMPORT_MAX_UNZIPPED_BYTES:
        raise ValueError(too_big)
    for m in members:
        # Small members (styles, a short sheet) compress well and harmlessly; only big ones count.
        if m.file_size > 1 << 20 and m.file_size > settings.LINLI_IMPORT_MAX_ZIP_RATIO * max(
            m.compress_size, 1
        ):
            raise ValueError(too_big)
