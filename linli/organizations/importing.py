"""Excel import of an existing list of organizations (all or nothing).

The first sheet, headers on line 1 (Chinese or English names, below). Every row is checked first;
any bad row (each reported with its line number) means nothing is written. Otherwise every row is
registered through `organization_register` (its own audit event) and one
`organizations.import.completed` event is recorded, all in one transaction.
"""

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.common.identifiers import fold_code
from linli.common.spreadsheets import refuse_zip_bomb, unescape_cell
from linli.organizations import permissions as perms
from linli.organizations.actions.orgs import _checked, organization_register
from linli.organizations.models import Incubation, Kind, Organization, Standing

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# header (as typed, folded) → key
HEADERS = {
    "社区代码": "community",
    "community code": "community",
    "名称": "name",
    "name": "name",
    "类型": "kind",
    "type": "kind",
    "登记或备案": "standing",
    "registered or filed": "standing",
    "成立日期": "founded_on",
    "founded": "founded_on",
    "联系人": "contact_name",
    "contact person": "contact_name",
    "联系电话": "contact_phone",
    "contact number": "contact_phone",
    "宗旨": "purpose",
    "purpose": "purpose",
    "健身协会": "fitness",
    "fitness association": "fitness",
}
REQUIRED = ("community", "name", "kind", "standing", "founded_on", "contact_name")
KIND_WORDS = {
    "生活服务": Kind.LIFE_SERVICES,
    "公益慈善": Kind.CHARITY,
    "慈善": Kind.CHARITY,
    "文化": Kind.CULTURE,
    "文体": Kind.CULTURE,
    "体育": Kind.SPORT,
    "健身": Kind.SPORT,
    "互助": Kind.MUTUAL_AID,
    "专业服务": Kind.PROFESSIONAL,
}
STANDING_WORDS = {"登记": Standing.REGISTERED, "备案": Standing.FILED}
YES = {"是", "y", "yes", "1", "true", "√"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_cell(unicodedata.normalize("NFKC", str(value)).strip())


def read_rows(file: IO[bytes]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {key: text}) for every non-empty row; ValueError for a file that cannot be read."""
    from openpyxl import load_workbook

    file.seek(0, 2)
    if file.tell() > MAX_BYTES:
        raise ValueError(_("The file is larger than %(n)d MB; split it.") % {"n": MAX_BYTES // 2**20})
    file.seek(0)
    refuse_zip_bomb(file)
    file.seek(0)
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ValueError(_("This is not a readable .xlsx file.")) from None
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ValueError(_("The file is empty."))
        cols = {i: HEADERS[_cell(h).lower()] for i, h in enumerate(header) if _cell(h).lower() in HEADERS}
        missing = [k for k in REQUIRED if k not in cols.values()]
        if missing:
            raise ValueError(_("Columns missing: %(cols)s.") % {"cols": ", ".join(missing)})
        for line, row in enumerate(rows, start=2):
            if line - 1 > MAX_ROWS:
                raise ValueError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_ROWS})
            if not any(v not in (None, "") for v in row):
                continue
            yield line, {k: (_cell(row[i]) if i < len(row) else "") for i, k in cols.items()}
    finally:
        wb.close()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.replace("/", "-").replace(".", "-")[:10])
    except ValueError:
        raise DomainError("bad_date", _("Write the date as 2024-03-01.")) from None


def _parse(row: dict[str, str], communities: dict[str, Area | None], actor: User | None) -> dict[str, Any]:
    code = fold_code(row.get("community"))
    if code not in communities:
        area = Area.objects.filter(code=code, level=Level.COMMUNITY, is_active=True).first()
        communities[code] = (
            area if area is not None and (actor is None or policy.can(actor, perms.MANAGE, area)) else None
        )
    community = communities[code]
    if community is None:
        raise DomainError(
            "community", _("No community with code %(code)s in your reach.") % {"code": code or "—"}
        )
    kind = row.get("kind", "")
    kind = KIND_WORDS.get(kind, kind.lower())
    standing = row.get("standing", "")
    standing = STANDING_WORDS.get(standing, standing.lower())
    return {
        "community": community,
        "name": row.get("name", ""),
        "kind": kind,
        "standing": standing,
        "founded_on": _date(row.get("founded_on", "")),
        "contact_name": row.get("contact_name", ""),
        "contact_phone": row.get("contact_phone", ""),
        "purpose": row.get("purpose", ""),
        "is_fitness_association": row.get("fitness", "").lower() in YES,
        "incubation": Incubation.NONE,
    }


def organizations_import(*, actor: User | None, file: IO[bytes], now: dt.datetime | None = None) -> int:
    """Check every row, then write all of them or none. DomainError lists every bad row."""
    now = now or timezone.now()
    try:
        rows = list(read_rows(file))
    except ValueError as exc:
        raise DomainError("bad_file", str(exc), fields={"file": [str(exc)]}) from None
    if not rows:
        raise DomainError("empty", _("The file has no rows."), fields={"file": [_("The file has no rows.")]})
    errors: list[str] = []
    parsed: list[dict[str, Any]] = []
    seen: dict[tuple[int, str], int] = {}
    communities: dict[str, Area | None] = {}
    for line, row in rows:
        try:
            values = _parse(row, communities, actor)
            _checked(
                **{
                    k: values[k]
                    for k in (
                        "name",
                        "kind",
                        "standing",
                        "contact_name",
                        "contact_phone",
                        "purpose",
                        "incubation",
                        "founded_on",
                    )
                },
                now=now,
            )
        except DomainError as exc:
            errors.append(_("Line %(line)d: %(message)s") % {"line": line, "message": exc.message})
            continue
        key = (values["community"].pk, values["name"].strip())
        if key in seen:
            errors.append(
                _("Line %(line)d: the same organization as line %(other)d.")
                % {"line": line, "other": seen[key]}
            )
            continue
        seen[key] = line
        if Organization.objects.filter(community=values["community"], name=values["name"].strip()).exists():
            errors.append(
                _("Line %(line)d: this community already has an organization of this name.") % {"line": line}
            )
            continue
        parsed.append(values)
        if len(errors) >= settings.LINLI_IMPORT_MAX_ERRORS:
            break
    if errors:
        raise DomainError(
            "bad_rows",
            _("Nothing was imported: %(n)d rows need correcting.") % {"n": len(errors)},
            fields={"file": errors},
        )
    with transaction.atomic():
        for values in parsed:
            organization_register(actor=actor, now=now, **values)
        record(
            actor=actor,
            action="organizations.import.completed",
            details={"rows": len(parsed)},
            now=now,
        )
    return len(parsed)
