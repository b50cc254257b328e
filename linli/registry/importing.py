"""Import and export of residents as CSV or XLSX with Chinese column headers.

An import never holds the file in memory: the first pass parses and checks every row in chunks
(ID digests go to a temporary table, where duplicates within the file and IDs already active
anywhere are found in one query each; the checked values go to a temporary file), the second pass
reads them back and writes all rows in one transaction — on PostgreSQL with COPY, encrypting while
the server stores the rows before — or nothing at all.

File layout: one row per person. A row whose relation is 户主 starts a household; the rows after
it, until the next 户主, are its members. 楼栋 must name an existing building of the community;
房屋 (a dwelling in it) is created when missing.
"""

import codecs
import csv
import datetime as dt
import gc
import io
import re
import secrets
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.crypto import blind_index, encryptor
from linli.common.idnumber import parse_id_number
from linli.common.masking import mask_id_number, mask_phone
from linli.common.phone import normalize_mobile
from linli.common.spreadsheets import safe_row, unescape_cell
from linli.common.tempfiles import unnamed_file
from linli.registry.models import (
    AGED_80,
    SENSITIVE_TAGS,
    Building,
    CareTag,
    CareTagKind,
    Dwelling,
    DwellingUse,
    Employment,
    Household,
    Relation,
    ResidenceKind,
    Resident,
    ResidentStatus,
)

# Column headers (fixed: the format is Chinese whatever the UI language is).
COLUMNS = ["楼栋", "房屋", "与户主关系", "户类别", "姓名", "身份证号", "手机号", "民族", "户籍地", "就业状况"]
KEYS = [
    "building",
    "dwelling",
    "relation",
    "kind",
    "name",
    "id_number",
    "phone",
    "ethnicity",
    "hukou_place",
    "employment",
]
# Optional: care tags, by the names the pages show, separated by 、 or ; (关怀标签 is read too).
TAGS_COLUMN = "关爱标签"
OPTIONAL_COLUMNS = {TAGS_COLUMN: "tags", "关怀标签": "tags"}
TEMPLATE_COLUMNS = [*COLUMNS, TAGS_COLUMN]
EXPORT_COLUMNS = [*COLUMNS, TAGS_COLUMN, "户编号"]

RELATIONS: dict[str, str] = {
    "户主": Relation.HEAD,
    "本人": Relation.HEAD,
    "配偶": Relation.SPOUSE,
    "子女": Relation.CHILD,
    "子": Relation.CHILD,
    "女": Relation.CHILD,
    "父母": Relation.PARENT,
    "父亲": Relation.PARENT,
    "母亲": Relation.PARENT,
    "孙子女": Relation.GRANDCHILD,
    "祖父母": Relation.GRANDPARENT,
    "兄弟姐妹": Relation.SIBLING,
    "儿媳女婿": Relation.CHILD_IN_LAW,
    "儿媳": Relation.CHILD_IN_LAW,
    "女婿": Relation.CHILD_IN_LAW,
    "其他亲属": Relation.OTHER_RELATIVE,
    "其他": Relation.OTHER,
}
RELATION_LABELS = {
    Relation.HEAD: "户主",
    Relation.SPOUSE: "配偶",
    Relation.CHILD: "子女",
    Relation.PARENT: "父母",
    Relation.GRANDCHILD: "孙子女",
    Relation.GRANDPARENT: "祖父母",
    Relation.SIBLING: "兄弟姐妹",
    Relation.CHILD_IN_LAW: "儿媳女婿",
    Relation.OTHER_RELATIVE: "其他亲属",
    Relation.OTHER: "其他",
}
KINDS: dict[str, str] = {
    "户籍": ResidenceKind.REGISTERED,
    "常住": ResidenceKind.RESIDENT,
    "流动": ResidenceKind.FLOATING,
}
KIND_LABELS = {v: k for k, v in KINDS.items()}
EMPLOYMENTS: dict[str, str] = {
    "": "",
    "在业": Employment.EMPLOYED,
    "就业": Employment.EMPLOYED,
    "失业": Employment.UNEMPLOYED,
    "离退休": Employment.RETIRED,
    "退休": Employment.RETIRED,
    "学生": Employment.STUDENT,
    "学龄前": Employment.PRESCHOOL,
    "其他": Employment.OTHER,
}
EMPLOYMENT_LABELS = {
    Employment.EMPLOYED: "在业",
    Employment.UNEMPLOYED: "失业",
    Employment.RETIRED: "离退休",
    Employment.STUDENT: "学生",
    Employment.PRESCHOOL: "学龄前",
    Employment.OTHER: "其他",
}
# The English codes are accepted too (files written by other systems).
for _relation in Relation.values:
    RELATIONS.setdefault(_relation, _relation)
for _kind in ResidenceKind.values:
    KINDS.setdefault(_kind, ResidenceKind(_kind))
for _employment in Employment.values:
    EMPLOYMENTS.setdefault(_employment, _employment)

TAG_LABELS = {
    "alone": "独居老人",
    "empty_nest": "空巢老人",
    "aged_80": "80岁以上",
    "disability": "残疾",
    "dibao": "低保",
    "extreme_poverty": "特困",
    "unemployed": "失业",
    "veterans": "优抚",
    "correction": "社区矫正",
}

TAG_CODES = {label: code for code, label in TAG_LABELS.items()} | {code: code for code in TAG_LABELS}
TAG_SEPARATORS = re.compile(r"[、;；]")
DISABILITY_WITH_LEVEL = re.compile(r"^(?:残疾|disability)[:：]?([1-4])级?$")

CHUNK = 2000
EXAMPLE = [
    "1号楼",
    "1-101",
    "户主",
    "户籍",
    "张三",
    "110105194910010015",
    "13800138000",
    "汉族",
    "北京市朝阳区",
    "离退休",
    "独居老人",
]

Rows = Iterator[tuple[int, dict[str, str]]]


# ---------------------------------------------------------------------------------------------
# Reading


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
    """Refuse an XLSX that would unpack to more than the limits allow, before anything parses it.

    An XLSX is a zip: a few hundred kilobytes can unpack to gigabytes (one huge shared string, a
    million rows), which openpyxl would hold or walk. The sizes in the zip directory are what the
    reader will get at most (zipfile stops there and checks the CRC).
    """
    too_big = _("The file unpacks to more than the import accepts; split it into smaller files.")
    try:
        with zipfile.ZipFile(path) as archive:
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


# ---------------------------------------------------------------------------------------------
# Checking


class Prepared(NamedTuple):
    """One checked row, as the write pass needs it."""

    line: int
    relation: str
    kind: str
    building: int | None
    dwelling_number: str
    name: str
    id_number: str
    id_index: str
    gender: str
    birth_date: dt.date
    phone: str
    ethnicity: str
    hukou_place: str
    employment: str
    tags: str  # "code" or "disability:level", joined by ";"

    @classmethod
    def from_record(cls, c: list[str]) -> "Prepared":
        """Back from the spool file, where csv wrote None as "" and the date as ISO text."""
        building = int(c[3]) if c[3] else None
        birth_date = dt.date.fromisoformat(c[9])
        return cls(
            int(c[0]),
            c[1],
            c[2],
            building,
            c[4],
            c[5],
            c[6],
            c[7],
            c[8],
            birth_date,
            c[10],
            c[11],
            c[12],
            c[13],
            c[14],
        )


@dataclass
class ImportResult:
    rows: int = 0
    households: int = 0
    residents: int = 0
    new_dwellings: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < settings.LINLI_IMPORT_MAX_ERRORS:
            self.errors.append((line, message))


class Checker:
    """Turns rows into Prepared values, or messages; one instance per pass over a file."""

    def __init__(self, community: Area, *, today: dt.date, actor: Any = None) -> None:
        self.community = community
        self.today = today
        self.buildings = {b.name: b.pk for b in Building.objects.filter(community=community)}
        self.in_household = False
        # Sensitive tags need the importing user's grant for them here (no actor: the system).
        self.sensitive_allowed = {
            t for t in SENSITIVE_TAGS if actor is None or policy.can_see_sensitive(actor, t, community)
        }

    def tags(self, cell: str, errors: list[str], birth_date: dt.date | None = None) -> str:
        """The care tags of one cell, as stored in Prepared.tags; problems go to `errors`.

        80岁以上 is never stored (it follows from the birth date); a file may still carry it, as
        an export does, when the birth date agrees.
        """
        from linli.registry.queries import born_on_or_before_for_80

        aged_80 = birth_date is not None and birth_date <= born_on_or_before_for_80(self.today)
        found: dict[str, str] = {}
        for name in filter(None, (t.strip() for t in TAG_SEPARATORS.split(cell))):
            with_level = DISABILITY_WITH_LEVEL.match(name)
            code = CareTagKind.DISABILITY.value if with_level else TAG_CODES.get(name)
            if code is None:
                errors.append(_("unknown care tag “%(v)s”") % {"v": name})
            elif code == AGED_80:
                if not aged_80 and birth_date is not None:
                    errors.append(
                        _("“%(v)s” follows from the birth date, and this person is under 80") % {"v": name}
                    )
            elif code in SENSITIVE_TAGS and code not in self.sensitive_allowed:
                errors.append(
                    _("you may not record the care tag “%(v)s”: it needs a grant for this sensitive category")
                    % {"v": name}
                )
            elif code == CareTagKind.DISABILITY and not with_level:
                errors.append(_("give the disability level with the tag: 残疾1级 to 残疾4级"))
            else:
                found[code] = f"{code}:{with_level.group(1)}" if with_level else code
        return ";".join(found.values())

    def prepare(self, line: int, row: dict[str, str]) -> Prepared | list[str]:
        errors: list[str] = []
        relation = RELATIONS.get(row["relation"])
        if relation is None:
            errors.append(_("unknown relation “%(v)s”") % {"v": row["relation"]})
        elif relation == Relation.HEAD:
            self.in_household = True
        elif not self.in_household:
            errors.append(_("a member must follow the row of their head of household (户主)"))
        kind = KINDS.get(row["kind"]) if row["kind"] else None
        if relation == Relation.HEAD and kind is None:
            errors.append(_("unknown household kind “%(v)s” (户籍, 常住 or 流动)") % {"v": row["kind"]})
        building = None
        if row["building"]:
            building = self.buildings.get(row["building"])
            if building is None:
                errors.append(_("unknown building “%(v)s”") % {"v": row["building"]})
        elif row["dwelling"]:
            errors.append(_("a dwelling needs its building"))
        name = row["name"]
        if not name:
            errors.append(_("the name is empty"))
        elif len(name) > 50:
            errors.append(_("the name is longer than 50 characters"))
        parsed = None
        try:
            parsed = parse_id_number(row["id_number"], today=self.today)
        except ValidationError as exc:
            errors.extend(exc.messages)
        phone = ""
        if row["phone"]:
            try:
                phone = normalize_mobile(row["phone"])
            except ValidationError as exc:
                errors.extend(exc.messages)
        employment = EMPLOYMENTS.get(row["employment"])
        if employment is None:
            errors.append(_("unknown employment status “%(v)s”") % {"v": row["employment"]})
        birth = parsed.birth_date if parsed else None
        tags = self.tags(row["tags"], errors, birth) if row.get("tags") else ""
        if errors or parsed is None or relation is None:
            return errors
        return Prepared(
            line=line,
            relation=relation,
            kind=kind or "",
            building=building,
            dwelling_number=row["dwelling"][:30],
            name=name,
            id_number=parsed.value,
            id_index=blind_index("id_number", parsed.value),
            gender=parsed.gender,
            birth_date=parsed.birth_date,
            phone=phone,
            ethnicity=row["ethnicity"][:20] or "汉族",
            hukou_place=row["hukou_place"][:100],
            employment=employment or "",
            tags=tags,
        )


class SeenIds:
    """The file's ID digests in a temporary table: duplicates and IDs already active are found there
    by one query each at the end, and memory stays flat."""

    def __init__(self) -> None:
        self.table = "registry_import_seen_" + secrets.token_hex(6)
        self.analyzed = False
        with connection.cursor() as c:
            c.execute(
                f"CREATE TEMPORARY TABLE {self.table} (digest varchar(64) NOT NULL, line integer NOT NULL)"
            )

    def add(self, rows: list[tuple[str, int]]) -> None:
        if not rows:
            return
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                with c.cursor.copy(f"COPY {self.table} (digest, line) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows:
                        copy.write_row(row)
            else:
                c.executemany(f"INSERT INTO {self.table} (digest, line) VALUES (%s, %s)", rows)  # noqa: S608

    def duplicates(self) -> list[tuple[int, int]]:
        """(line, first line with the same ID) for every repeat."""
        self._analyze()
        with connection.cursor() as c:
            c.execute(
                f"SELECT line, first FROM (SELECT line, MIN(line) OVER (PARTITION BY digest) AS first"  # noqa: S608
                f" FROM {self.table}) x WHERE line <> first ORDER BY line"
            )
            return [(int(a), int(b)) for a, b in c.fetchall()]

    def registered(self) -> list[tuple[int, str]]:
        """(line, community name) for every row whose ID is already active somewhere."""
        r, a = Resident._meta.db_table, Area._meta.db_table
        self._analyze()
        with connection.cursor() as c:
            c.execute(
                f"SELECT s.line, a.name FROM {self.table} s JOIN {r} r ON r.id_index = s.digest"  # noqa: S608
                f" AND r.status = %s JOIN {a} a ON a.id = r.community_id ORDER BY s.line",
                [ResidentStatus.ACTIVE],
            )
            return [(int(line), name) for line, name in c.fetchall()]

    def _analyze(self) -> None:
        """Statistics for the planner once all digests are in: autovacuum never sees temporary tables."""
        if self.analyzed or connection.vendor != "postgresql":
            return
        with connection.cursor() as c:
            c.execute(f"ANALYZE {self.table}")
        self.analyzed = True

    def drop(self) -> None:
        with connection.cursor() as c:
            c.execute(f"DROP TABLE IF EXISTS {self.table}")


def check(
    community: Area,
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    today: dt.date,
    progress: Callable[[int], None] | None = None,
    keep: Callable[[Prepared], None] | None = None,
    actor: Any = None,
) -> ImportResult:
    """First pass: every row checked, in chunks; nothing of the file is kept in memory.

    `keep` receives each good row's checked values (the spool for the write pass).
    """
    seen = SeenIds()
    try:
        return _check(community, rows, today=today, progress=progress, seen=seen, keep=keep, actor=actor)
    finally:
        seen.drop()


def _check(
    community: Area,
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    today: dt.date,
    progress: Callable[[int], None] | None,
    seen: SeenIds,
    keep: Callable[[Prepared], None] | None,
    actor: Any,
) -> ImportResult:
    result = ImportResult()
    checker = Checker(community, today=today, actor=actor)
    digests: list[tuple[str, int]] = []
    for line, row in rows:
        result.rows += 1
        prepared = checker.prepare(line, row)
        if isinstance(prepared, list):
            result.add_error(line, "; ".join(str(m) for m in prepared))
        else:
            digests.append((prepared.id_index, line))
            if keep:
                keep(prepared)
            if prepared.relation == Relation.HEAD:
                result.households += 1
            result.residents += 1
        if len(digests) >= CHUNK:
            seen.add(digests)
            digests = []
        if progress and result.rows % CHUNK == 0:
            progress(result.rows)
    seen.add(digests)
    late = 0
    for line, where in seen.registered():
        result.add_error(line, _("this ID number is already registered (in %(c)s)") % {"c": where})
        late += 1
    for line, first in seen.duplicates():
        result.add_error(line, _("the same ID number is already on line %(n)d") % {"n": first})
        late += 1
    if late:
        result.errors.sort(key=lambda e: e[0])
    if result.rows == 0:
        result.add_error(1, _("The file has no rows below the headers."))
    return result


# ---------------------------------------------------------------------------------------------
# Writing


class Writer:
    """Second pass, one chunk of checked rows at a time.

    PostgreSQL: ids are drawn from the sequences first, so each household goes in with its head
    already set (the foreign keys are checked at commit), and the residents stream into COPY as
    they are encrypted: the server stores rows while Python encrypts the next ones, so both cores
    work. SQLite: bulk inserts, heads set at the end.
    """

    def __init__(self, community: Area, now: dt.datetime) -> None:
        self.community = community
        self.now = now
        self.dwellings: dict[tuple[int, str], int] = {}
        self.household_id: int | None = None
        self.household_kind = ""
        self.first_household: int | None = None
        self.last_household: int | None = None
        self.new_dwellings = 0
        self.copy = connection.vendor == "postgresql"
        self.encrypt = encryptor()
        self.sequences: dict[str, str] = {}
        # Raw inserts skip the ORM, so values go in as the backend stores them (SQLite: naive UTC text).
        self.now_db = now if self.copy else connection.ops.adapt_datetimefield_value(now)

    def _dwellings(self, heads: list[Prepared]) -> None:
        """Resolve (and create when missing) the dwellings of a chunk's households in two queries."""
        if len(self.dwellings) > 50_000:  # bounded memory: forget, and look up again if needed
            self.dwellings.clear()
        wanted = {(p.building, p.dwelling_number) for p in heads if p.building and p.dwelling_number}
        wanted -= self.dwellings.keys()
        if not wanted:
            return
        buildings = {b for b, _ in wanted}
        numbers = {n for _, n in wanted}
        for pk, b, n in Dwelling.objects.filter(building_id__in=buildings, number__in=numbers).values_list(
            "pk", "building_id", "number"
        ):
            if (b, n) in wanted:
                self.dwellings[(b, n)] = pk
        missing = [k for k in wanted if k not in self.dwellings]
        if not missing:
            return
        if self.copy:  # one statement, no model instances
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {Dwelling._meta.db_table} (building_id, community_id, number, use)"  # noqa: S608
                    " SELECT b, %s, n, %s FROM unnest(%s::bigint[], %s::text[]) AS t (b, n)"
                    " RETURNING id, building_id, number",
                    [self.community.pk, DwellingUse.OWNER, [b for b, _ in missing], [n for _, n in missing]],
                )
                made = [(pk, (b, n)) for pk, b, n in cursor.fetchall()]
        else:
            objs = Dwelling.objects.bulk_create(
                [Dwelling(building_id=b, community=self.community, number=n) for b, n in missing]
            )
            made = [(d.pk, (d.building_id, d.number)) for d in objs]
        self.new_dwellings += len(made)
        for pk, key in made:
            self.dwellings[key] = pk

    def _dwelling(self, p: Prepared) -> int | None:
        if not (p.building and p.dwelling_number):
            return None
        return self.dwellings[(p.building, p.dwelling_number)]

    def write(self, chunk: list[Prepared]) -> None:
        heads = [p for p in chunk if p.relation == Relation.HEAD]
        self._dwellings(heads)
        if self.copy:
            self._write_copy(chunk, heads)
        else:
            self._write_inserts(chunk, heads)
        self._tags(chunk)

    def _tags(self, chunk: list[Prepared]) -> None:
        """The chunk's care tags; each person found by their (unique while active) ID digest."""
        rows = []
        for p in chunk:
            for tag in filter(None, p.tags.split(";")):
                code, _sep, level = tag.partition(":")
                level_or_none = int(level) if level else None
                rows.append(
                    (self.community.pk, code, level_or_none, self.now_db, p.id_index, ResidentStatus.ACTIVE)
                )
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {CareTag._meta.db_table} (community_id, resident_id, tag, level, note, created_at)"  # noqa: S608
                f" SELECT %s, r.id, %s, %s, '', %s FROM {Resident._meta.db_table} r"
                " WHERE r.id_index = %s AND r.status = %s",
                rows,
            )

    def _write_inserts(self, chunk: list[Prepared], heads: list[Prepared]) -> None:
        ids = iter(self._households(heads))
        rows = []
        for p in chunk:
            if p.relation == Relation.HEAD:
                self._start_household(next(ids), p)
                if self.first_household is None:
                    self.first_household = self.household_id
                self.last_household = self.household_id
            rows.append(self._resident_row(p))
        marks = ", ".join(["%s"] * len(self.RESIDENT_COLUMNS))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {Resident._meta.db_table} ({', '.join(self.RESIDENT_COLUMNS)})"  # noqa: S608
                f" VALUES ({marks})",
                rows,
            )

    def _start_household(self, pk: int, head: Prepared) -> None:
        self.household_id = pk
        self.household_kind = head.kind

    def _write_copy(self, chunk: list[Prepared], heads: list[Prepared]) -> None:
        resident_ids = self._next_ids(Resident._meta.db_table, len(chunk))
        household_ids = self._next_ids(Household._meta.db_table, len(heads))
        head_ids = [pk for pk, p in zip(resident_ids, chunk, strict=True) if p.relation == Relation.HEAD]
        self._copy(
            Household._meta.db_table,
            ("id", "code", "community_id", "dwelling_id", "kind", "is_active", "created_at", "head_id"),
            [
                (pk, short_code("H"), self.community.pk, self._dwelling(p), p.kind, True, self.now, head)
                for pk, p, head in zip(household_ids, heads, head_ids, strict=True)
            ],
        )
        households = iter(household_ids)

        def rows() -> Iterator[tuple[Any, ...]]:  # encrypted one by one while COPY sends the previous
            for pk, p in zip(resident_ids, chunk, strict=True):
                if p.relation == Relation.HEAD:
                    self._start_household(next(households), p)
                yield (pk, *self._resident_row(p))

        self._copy(Resident._meta.db_table, ("id", *self.RESIDENT_COLUMNS), rows())

    def _next_ids(self, table: str, n: int) -> list[int]:
        if not n:
            return []
        with connection.cursor() as cursor:
            if table not in self.sequences:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                self.sequences[table] = cursor.fetchone()[0]
            # The sequence as a constant: pg_get_serial_sequence() inside would run once per id.
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [self.sequences[table], n]
            )
            return [row[0] for row in cursor.fetchall()]

    def _households(self, heads: list[Prepared]) -> list[int]:
        """Insert the chunk's households (SQLite); their ids, in order."""
        if not heads:
            return []
        made = Household.objects.bulk_create(
            [
                Household(
                    code=short_code("H"),
                    community=self.community,
                    dwelling_id=self._dwelling(p),
                    kind=p.kind,
                    created_at=self.now,
                )
                for p in heads
            ]
        )
        return [h.pk for h in made]

    RESIDENT_COLUMNS = (
        "community_id",
        "household_id",
        "relation",
        "kind",
        "status",
        "name",
        "id_number",
        "id_index",
        "gender",
        "birth_date",
        "phone",
        "phone_index",
        "ethnicity",
        "hukou_place",
        "employment",
        "registered_at",
    )

    def _resident_row(self, p: Prepared) -> tuple[Any, ...]:
        """The stored form of one person: what Resident.save() would write, without the ORM's cost."""
        return (
            self.community.pk,
            self.household_id,
            p.relation,
            self.household_kind,
            ResidentStatus.ACTIVE,
            p.name,
            self.encrypt(p.id_number),
            p.id_index,
            p.gender,
            p.birth_date,
            self.encrypt(p.phone) if p.phone else "",
            blind_index("phone", p.phone) if p.phone else "",
            p.ethnicity,
            p.hukou_place,
            p.employment,
            self.now_db,
        )

    def _copy(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        import psycopg

        try:
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows:
                        copy.write_row(row)
        except psycopg.errors.IntegrityError as exc:  # the raw cursor bypasses Django's wrapping
            raise IntegrityError(str(exc)) from exc

    def finish(self) -> None:
        """SQLite: point each new household at its head, in one statement (COPY set them already)."""
        if self.first_household is None:
            return
        h, r = Household._meta.db_table, Resident._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {h} SET head_id = (SELECT r.id FROM {r} r WHERE r.household_id = {h}.id"  # noqa: S608
                f" AND r.relation = %s) WHERE {h}.id BETWEEN %s AND %s AND {h}.head_id IS NULL"
                f" AND {h}.community_id = %s",
                [Relation.HEAD, self.first_household, self.last_household, self.community.pk],
            )


def write(community: Area, rows: Iterable[Prepared], *, now: dt.datetime) -> Writer:
    """Second pass: the checked rows, in chunks."""
    writer = Writer(community, now)
    chunk: list[Prepared] = []
    for prepared in rows:
        chunk.append(prepared)
        if len(chunk) >= CHUNK:
            writer.write(chunk)
            chunk = []
    if chunk:
        writer.write(chunk)
    writer.finish()
    return writer


class Spool:
    """The first pass keeps each good row's checked values in an unnamed temporary file; the write
    pass reads them back instead of parsing and checking the file again.

    Memory stays flat (the rows are on disk, and the file disappears when closed). The file holds
    what the uploaded file held: plain ID and phone numbers.
    """

    def __init__(self) -> None:
        self.file = unnamed_file("w+", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file)

    def keep(self, prepared: Prepared) -> None:
        self.writer.writerow(prepared)

    def rows(self) -> Iterator[Prepared]:
        self.file.flush()
        self.file.seek(0)
        for cells in csv.reader(self.file):
            yield Prepared.from_record(cells)

    def close(self) -> None:
        self.file.close()


def registered_meanwhile(result: ImportResult, spool: Spool) -> ImportResult:
    """After a write failed on a unique index: the rows whose ID was registered since the check."""
    again = ImportResult(rows=result.rows, households=result.households, residents=result.residents)
    seen = SeenIds()
    try:
        digests: list[tuple[str, int]] = []
        for p in spool.rows():
            digests.append((p.id_index, p.line))
            if len(digests) >= CHUNK:
                seen.add(digests)
                digests = []
        seen.add(digests)
        for line, where in seen.registered():
            again.add_error(line, _("this ID number is already registered (in %(c)s)") % {"c": where})
    finally:
        seen.drop()
    if again.ok:
        again.add_error(1, _("The registry changed during the import; nothing was imported. Try again."))
    return again


def residents_import(
    *,
    actor: Any,
    community: Area,
    source: Callable[[], Iterable[tuple[int, dict[str, str]]]],
    dry_run: bool = False,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
    on_write: Callable[[], None] | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Check every row of `source()`; unless `dry_run` or any row is bad, write them all at once.

    Nothing of the file is held in memory: the checked rows stream through a temporary file.
    """
    from linli.registry.actions import _community, require_manage

    now = now or timezone.now()
    today = timezone.localdate(now)
    _community(community)
    require_manage(actor, community)
    spool = Spool()
    # Collections would walk every object Django has loaded, again and again, as the rows come and
    # go (~9 µs per row, a fifth of the import's Python time); frozen, they walk only the import's.
    gc.freeze()
    try:
        return _import(actor, community, source, spool, dry_run, file_name, progress, on_write, now, today)
    finally:
        gc.unfreeze()
        spool.close()


def _import(
    actor: Any,
    community: Area,
    source: Callable[[], Iterable[tuple[int, dict[str, str]]]],
    spool: Spool,
    dry_run: bool,
    file_name: str,
    progress: Callable[[int], None] | None,
    on_write: Callable[[], None] | None,
    now: dt.datetime,
    today: dt.date,
) -> ImportResult:
    try:
        keep = None if dry_run else spool.keep
        result = check(community, source(), today=today, progress=progress, keep=keep, actor=actor)
    except ValueError as exc:
        result = ImportResult()
        result.add_error(1, str(exc))
        return result
    if not result.ok or dry_run:
        return result
    if on_write:
        on_write()
    try:
        with transaction.atomic():
            writer = write(community, spool.rows(), now=now)
            record(
                actor=actor,
                action="registry.import.completed",
                obj=community,
                area=community,
                details={
                    # The kind of file, not its name: a name is free text (张三家.csv).
                    "file": Path(file_name).suffix.lstrip(".").lower()[:10],
                    "households": result.households,
                    "residents": result.residents,
                },
                now=now,
            )
    except IntegrityError:
        # Someone registered one of these IDs while we were writing: name the rows.
        return registered_meanwhile(result, spool)
    result.new_dwellings = writer.new_dwellings
    result.written = True
    return result


# ---------------------------------------------------------------------------------------------
# Templates and export


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
    ws.title = "居民"  # type: ignore[union-attr]
    ws.append(TEMPLATE_COLUMNS)  # type: ignore[union-attr]
    ws.append(EXAMPLE)  # type: ignore[union-attr]
    for col in ("F", "G"):  # ID and phone as text, so Excel keeps every digit
        for cell in ws[col]:  # type: ignore[index]
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
                KIND_LABELS.get(r.kind, r.kind),  # type: ignore[call-overload]
                r.name,
                r.id_number if reveal else mask_id_number(r.id_number),
                r.phone if reveal else mask_phone(r.phone),
                r.ethnicity,
                r.hukou_place,
                EMPLOYMENT_LABELS.get(r.employment, ""),  # type: ignore[call-overload]
                "、".join(_tag_cell(r, t) for t in tags_of(r, today)),
                household.code if household else "",
            ]
        )
