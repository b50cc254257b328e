"""Excel (.xlsx) import of existing lists: job seekers, and assistance recipients granted before
linli. All or nothing: every row is checked first and every bad row reported by its line number;
only a clean file is written, in one transaction, through the same actions as a page would use
(recipients through `recipient_take_over`), with one audit event for the import.

A list is one community's, so the limits are small: 5 MB and 5,000 rows; the unpacked size and
compression ratio are refused before parsing by `common.spreadsheets.refuse_zip_bomb`.
"""

import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.crypto import index_of
from linli.common.errors import DomainError
from linli.common.idnumber import normalize_id_number
from linli.common.spreadsheets import refuse_zip_bomb, unescape_cell
from linli.publicservices.assistance import actions as assistance_actions
from linli.publicservices.employment import actions as employment_actions
from linli.publicservices.models.assistance import OPEN_STATUSES, Application
from linli.publicservices.models.employment import Availability, Seeker, SeekerStatus, Source
from linli.publicservices.permissions import require_assistance, require_employment
from linli.registry.models import Resident, ResidentStatus

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000

SEEKER_COLUMNS = {"身份证号": "id", "技能": "skills", "培训意向": "training", "可工作时间": "availability"}
RECIPIENT_COLUMNS = {
    "身份证号": "id",
    "救助类别": "kind",
    "家庭人口": "members",
    "每月金额(元)": "amount",
    "批准日期": "granted_on",
    "下次复核日期": "next_review_on",
}
AVAILABILITY = {"全职": Availability.FULL_TIME, "兼职": Availability.PART_TIME, "灵活": Availability.FLEXIBLE}
KINDS = {"低保": "dibao", "特困": "tekun"}


@dataclass
class BadRows:
    errors: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.errors.append((line, message))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return unicodedata.normalize("NFKC", unescape_cell(str(value).strip())).strip()


def read(data: bytes, columns: dict[str, str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of the first sheet by line number, keyed by `columns`; ValueError for a file that
    cannot be read or is past the limits."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise ValueError(_("The file is larger than 5 MB; split it."))
    # The zip directory is checked before anything parses the file (common.spreadsheets).
    refuse_zip_bomb(io.BytesIO(data))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError):
        raise ValueError(_("This is not a readable .xlsx file.")) from None
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [_cell(h) for h in next(rows, ())]
        missing = [c for c in columns if c not in header]
        if missing:
            raise ValueError(
                _("The first row must hold the column headers; missing: %(cols)s.")
                % {"cols": "、".join(missing)}
            )
        where = {header.index(c): k for c, k in columns.items()}
        out = []
        for line, row in enumerate(rows, start=2):
            if line - 1 > MAX_ROWS:
                raise ValueError(
                    _("The file has more than %(n)d rows below the headers; split it.") % {"n": MAX_ROWS}
                )
            if not any(v not in (None, "") for v in row):
                continue
            out.append((line, {k: (_cell(row[i]) if i < len(row) else "") for i, k in where.items()}))
        return out
    finally:
        wb.close()


def _refuse(bad: BadRows) -> None:
    if bad.errors:
        lines = [_("Line %(n)d: %(msg)s") % {"n": n, "msg": m} for n, m in bad.errors[:500]]
        raise DomainError(
            "import_rows",
            _("Nothing was imported: %(n)d rows need correcting.") % {"n": len(bad.errors)},
            fields={"file": lines},
            status=422,
        )


def _residents(community: Area, rows: list[tuple[int, dict[str, str]]], bad: BadRows) -> dict[int, Resident]:
    """Each row's resident of this community, found by the ID number's blind index."""
    found: dict[int, Resident] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        number = normalize_id_number(row["id"])
        if not number:
            bad.add(line, _("The ID number is missing."))
            continue
        if number in seen:
            bad.add(line, _("The same ID number is on line %(n)d.") % {"n": seen[number]})
            continue
        seen[number] = line
        resident = (
            Resident.objects.filter(
                community=community,
                status=ResidentStatus.ACTIVE,
                id_index=index_of(Resident, "id_index", number),
            )
            .select_related("household", "community")
            .first()
        )
        if resident is None:
            bad.add(line, _("Nobody with this ID number lives in the community's registry."))
            continue
        found[line] = resident
    return found


def seekers_import(
    *, actor: User | None, community: Area, data: bytes, now: dt.datetime | None = None
) -> int:
    now = now or timezone.now()
    require_employment(actor, community)
    try:
        rows = read(data, SEEKER_COLUMNS)
    except ValueError as exc:
        raise DomainError("import_file", str(exc), fields={"file": [str(exc)]}) from None
    bad = BadRows()
    people = _residents(community, rows, bad)
    seeking = set(
        Seeker.objects.filter(resident__in=people.values(), status=SeekerStatus.SEEKING).values_list(
            "resident_id", flat=True
        )
    )
    for line, row in rows:
        if row["availability"] not in AVAILABILITY:
            bad.add(line, _("可工作时间 must be 全职, 兼职 or 灵活."))
        if line in people and people[line].pk in seeking:
            bad.add(line, _("This person is already registered as a job seeker."))
    _refuse(bad)
    with transaction.atomic():
        for line, row in rows:
            employment_actions.seeker_register(
                actor=actor,
                resident=people[line],
                source=Source.IMPORT,
                skills=row["skills"],
                training_wanted=row["training"],
                availability=AVAILABILITY[row["availability"]],
                now=now,
            )
        record(
            actor=actor,
            action="publicservices.import.completed",
            area=community,
            details={"list": "seekers", "rows": len(rows)},
            now=now,
        )
    return len(rows)


def _number(value: str, scale: int) -> int:
    """A number of the sheet (yuan scaled to fen, or a count); -1 when it is not a number."""
    try:
        return round(float(value) * scale)
    except (ValueError, OverflowError):
        return -1


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def recipients_import(
    *, actor: User | None, community: Area, data: bytes, now: dt.datetime | None = None
) -> int:
    now = now or timezone.now()
    require_assistance(actor, "assistance.apply", community)
    try:
        rows = read(data, RECIPIENT_COLUMNS)
    except ValueError as exc:
        raise DomainError("import_file", str(exc), fields={"file": [str(exc)]}) from None
    bad = BadRows()
    people = _residents(community, rows, bad)
    parsed: dict[int, dict[str, Any]] = {}
    for line, row in rows:
        kind = KINDS.get(row["kind"])
        granted_on, next_on = _date(row["granted_on"]), _date(row["next_review_on"])
        amount = _number(row["amount"], 100)
        members = _number(row["members"], 1)
        if kind is None:
            bad.add(line, _("救助类别 must be 低保 or 特困."))
        if not 0 < amount <= 100_000_000:
            bad.add(line, _("每月金额(元) must be an amount in yuan."))
        if not 1 <= members <= 50:
            bad.add(line, _("家庭人口 must be a number from 1 to 50."))
        if granted_on is None or next_on is None or next_on <= granted_on:
            bad.add(line, _("The dates must be YYYY-MM-DD, the next review after the grant."))
        resident = people.get(line)
        if resident is not None and kind is not None:
            if resident.household_id is None:
                bad.add(line, _("This person has no household in the registry."))
            elif Application.objects.filter(
                household_id=resident.household_id, kind=kind, status__in=OPEN_STATUSES
            ).exists():
                bad.add(line, _("This household already has an open application or grant of this kind."))
        parsed[line] = {
            "kind": kind,
            "amount": amount,
            "members": members,
            "granted_on": granted_on,
            "next_on": next_on,
        }
    _refuse(bad)
    with transaction.atomic():
        for line, _row in rows:
            p = parsed[line]
            assistance_actions.recipient_take_over(
                actor=actor,
                resident=people[line],
                kind=p["kind"],
                members=p["members"],
                amount_fen=p["amount"],
                granted_on=p["granted_on"],
                next_review_on=p["next_on"],
                now=now,
            )
        record(
            actor=actor,
            action="publicservices.import.completed",
            area=community,
            details={"list": "recipients", "rows": len(rows)},
            now=now,
        )
    return len(rows)
