"""Importing an existing volunteer roster from Excel: every row checked first, every bad row
reported by its line number, then all rows registered in one transaction, or none.

Columns (first row, Chinese or English headers): 姓名 name, 身份证号 id_number, 手机 phone,
技能 skills (codes or their Chinese names, separated by 、 or commas), 已有时长 hours (hours
already served, carried over into the ledger with the roster's name as the reason).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.crypto import index_of
from linli.common.errors import DomainError
from linli.common.jobs import enqueue
from linli.common.spreadsheets import refuse_zip_bomb
from linli.volunteers import share
from linli.volunteers.actions import clean_volunteer, hours_carry_over, volunteer_register
from linli.volunteers.models import Skill, Volunteer

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_ERRORS = 200
HEADERS = {
    "姓名": "name",
    "name": "name",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "id_number": "id_number",
    "手机": "phone",
    "手机号": "phone",
    "phone": "phone",
    "技能": "skills",
    "skills": "skills",
    "已有时长": "hours",
    "时长": "hours",
    "hours": "hours",
}


@dataclass
class Report:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    if path.stat().st_size > MAX_BYTES:
        raise DomainError("too_big", _("The file is larger than 5 MB; split it into smaller files."))
    try:
        refuse_zip_bomb(path)
        wb = load_workbook(path, read_only=True, data_only=True)
    except ValueError as exc:
        raise DomainError("bad_file", str(exc)) from None
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise DomainError("bad_file", _("This is not a readable .xlsx file.")) from None
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise DomainError("empty", _("The file is empty."))
        cols = {
            i: HEADERS[_cell(h).lower() if _cell(h).isascii() else _cell(h)]
            for i, h in enumerate(header)
            if (_cell(h).lower() if _cell(h).isascii() else _cell(h)) in HEADERS
        }
        missing = {"name", "id_number"} - set(cols.values())
        if missing:
            raise DomainError("bad_header", _("The first row must name the columns 姓名 and 身份证号."))
        out = []
        for line, row in enumerate(rows, start=2):
            if line - 1 > MAX_ROWS:
                raise DomainError("too_many", _("At most %(n)d rows per file.") % {"n": MAX_ROWS})
            if not any(v not in (None, "") for v in row):
                continue
            out.append((line, {k: _cell(row[i]) if i < len(row) else "" for i, k in cols.items()}))
        return out
    finally:
        wb.close()


def _skill_names() -> dict[str, str]:
    """Skills by code, by their Chinese name and by their English name (as rosters write them)."""
    names = {v: v for v in Skill.values}
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            names |= {str(label): value for value, label in Skill.choices}
    return names


def _skills(raw: str, names: dict[str, str]) -> list[str]:
    parts = [p.strip() for p in raw.replace("、", ",").replace("，", ",").split(",") if p.strip()]
    return [names.get(p, p) for p in parts]


def roster_import(
    *, actor: User | None, community: Area, path: Path, name: str, now: dt.datetime | None = None
) -> Report:
    """Check every row, then register all of them (and carry their hours over), or none."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", community)
    rows = read_rows(path)
    report = Report()
    seen: dict[str, int] = {}
    names = _skill_names()
    checked = []
    for line, row in rows:
        try:
            values = clean_volunteer(
                name=row.get("name", ""),
                id_number=row.get("id_number", ""),
                phone=row.get("phone", ""),
                skills=_skills(row.get("skills", ""), names),
                availability="",
                background="",
                today=timezone.localdate(now),
            )
            minutes = 0
            if row.get("hours"):
                try:
                    minutes = int(Decimal(row["hours"]) * 60)
                except InvalidOperation:
                    raise DomainError("bad_hours", _("Hours must be a number.")) from None
                if not 0 <= minutes <= 100_000 * 60:
                    raise DomainError("bad_hours", _("Hours must be between 0 and 100000."))
        except DomainError as exc:
            report.errors.append(
                (line, "; ".join(str(m) for ms in exc.fields.values() for m in ms) or str(exc.message))
            )
            continue
        index = index_of(Volunteer, "id_index", values["id_number"])
        if index in seen:
            report.errors.append((line, _("The same ID number as line %(n)d.") % {"n": seen[index]}))
            continue
        seen[index] = line
        if Volunteer.objects.filter(id_index=index).exists():
            report.errors.append((line, _("This person is already a volunteer.")))
            continue
        checked.append((values, minutes))
    if report.errors:
        report.errors = report.errors[:MAX_ERRORS]
        return report
    with transaction.atomic():
        for values, minutes in checked:
            v = volunteer_register(
                actor=actor,
                community=community,
                now=now,
                name=values["name"],
                id_number=values["id_number"],
                phone=values["phone"],
                skills=values["skills"],
                share_refresh=False,
            )
            if minutes:
                hours_carry_over(
                    actor=actor, volunteer=v, minutes=minutes, reason=name[:200] or "roster", now=now
                )
        record(
            actor=actor,
            action="volunteers.import.completed",
            obj=community,
            area=community,
            details={"rows": len(checked)},
            now=now,
        )
        enqueue(share.refresh_community, community.pk)
    report.created = len(checked)
    return report


def save_upload(upload: IO[bytes]) -> Path:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as f:
        size = 0
        for chunk in iter(lambda: upload.read(64 * 1024), b""):
            size += len(chunk)
            if size > MAX_BYTES:
                raise DomainError("too_big", _("The file is larger than 5 MB; split it into smaller files."))
            f.write(chunk)
    return Path(f.name)
