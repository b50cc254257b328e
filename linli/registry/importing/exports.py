"""The import template and the rows of an export, in the import's format."""

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from linli.common.masking import mask_id_number, mask_phone
from linli.common.spreadsheets import safe_row
from linli.registry.importing.columns import (
    EMPLOYMENT_LABELS,
    EXAMPLE,
    EXPORT_COLUMNS,
    HUKOU_LABELS,
    KIND_LABELS,
    LIVING_LABELS,
    RELATION_LABELS,
    TAG_LABELS,
    TEMPLATE_COLUMNS,
)
from linli.registry.models import (
    CareTagKind,
    Resident,
)


def template_csv() -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(TEMPLATE_COLUMNS)
    w.writerow(EXAMPLE)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "居民"
    ws.append(TEMPLATE_COLUMNS)
    ws.append(EXAMPLE)
    for col in ("F", "G"):  # ID and phone as text, so Excel keeps every digit
        for cell in ws[col]:
            cell.number_format = "@"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _tag_cell(resident: Resident, code: str) -> str:
    """A tag as the import reads it back: disability with its level (残疾2级)."""
    if code == CareTagKind.DISABILITY:
        level = next((t.level for t in getattr(resident, "visible_tags", []) if t.tag == code), None)
        if level:
            return f"{TAG_LABELS[code]}{level}级"
    return TAG_LABELS.get(code, code)


def export_rows(
    residents: Iterable[Resident], *, reveal: bool, today: dt.date, tag_labels: dict[str, str]
) -> Iterator[list[str]]:
    """One list of cells per resident, masked unless `reveal`. Tags: only those loaded as visible."""
    from linli.registry.queries import tags_of

    yield EXPORT_COLUMNS
    for r in residents:
        household = r.household
        dwelling = household.dwelling if household else None
        yield safe_row(
            [
                dwelling.building.name if dwelling else "",
                dwelling.number if dwelling else "",
                RELATION_LABELS.get(r.relation, r.relation),  # type: ignore[call-overload]
                KIND_LABELS.get(r.kind, r.kind),
                r.name,
                r.id_number if reveal else mask_id_number(r.id_number),
                r.phone if reveal else mask_phone(r.phone),
                r.ethnicity,
                r.hukou_place,
                EMPLOYMENT_LABELS.get(r.employment, ""),  # type: ignore[call-overload]
                "、".join(_tag_cell(r, t) for t in tags_of(r, today)),
                household.code if household else "",
                HUKOU_LABELS.get(r.hukou_where, r.hukou_where),
                r.hukou_code,
                LIVING_LABELS.get(r.lives_where, r.lives_where),
                r.lives_code,
                r.lives_address,
                r.lives_since.isoformat() if r.lives_since else "",
            ]
        )
