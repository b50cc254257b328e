"""Checking every row of a file: values, households, duplicates in the file and in the registry."""

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.crypto import blind_index
from linli.common.idnumber import parse_id_number
from linli.common.phone import normalize_mobile
from linli.registry.actions.common import clean_placement
from linli.registry.importing.columns import (
    CHUNK,
    DISABILITY_WITH_LEVEL,
    EMPLOYMENTS,
    HUKOU_PLACES,
    KINDS,
    LIVING_PLACES,
    RELATIONS,
    TAG_CODES,
    TAG_SEPARATORS,
)
from linli.registry.models import (
    AGED_80,
    SENSITIVE_TAGS,
    Building,
    CareTagKind,
    HukouPlace,
    LivingPlace,
    Relation,
    Resident,
    ResidentStatus,
)


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
    hukou_where: str = "here"
    hukou_code: str = ""
    lives_where: str = "here"
    lives_code: str = ""
    lives_address: str = ""
    lives_since: dt.date | None = None

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
            c[15],
            c[16],
            c[17],
            c[18],
            c[19],
            dt.date.fromisoformat(c[20]) if c[20] else None,
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

    def __init__(self, community: Area, *, today: dt.date, actor: User | None = None) -> None:
        self.community = community
        self.today = today
        self.buildings = {b.name: b.pk for b in Building.objects.filter(community=community)}
        self.in_household = False
        self.household_places: tuple[str, str] = (HukouPlace.HERE, LivingPlace.HERE)
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

    def places(self, row: dict[str, str], default: tuple[str, str], errors: list[str]) -> dict[str, Any]:
        """The person's two places: the place columns when given, else the household's 户类别."""
        hukou = HUKOU_PLACES.get(row.get("hukou_where") or "", "") if row.get("hukou_where") else default[0]
        lives = LIVING_PLACES.get(row.get("lives_where") or "", "") if row.get("lives_where") else default[1]
        if not hukou:
            errors.append(
                _("unknown 户口所在 “%(v)s” (本社区, 本市其他 or 外省市)") % {"v": row["hukou_where"]}
            )
        if not lives:
            errors.append(_("unknown 现居住 “%(v)s” (本户, 他处 or 不详)") % {"v": row["lives_where"]})
        since = None
        if row.get("lives_since"):
            try:
                since = dt.date.fromisoformat(row["lives_since"].replace("/", "-"))
            except ValueError:
                errors.append(_("the date “%(v)s” is not a date (YYYY-MM-DD)") % {"v": row["lives_since"]})
        found: dict[str, list[str]] = {}
        values = clean_placement(
            SimpleNamespace(
                hukou_where=hukou or HukouPlace.HERE,
                hukou_code=row.get("hukou_code") or "",
                lives_where=lives or LivingPlace.HERE,
                lives_code=row.get("lives_code") or "",
                lives_address=row.get("lives_address") or "",
                lives_since=since,
            ),
            found,
        )
        errors.extend(m for messages in found.values() for m in messages)
        return values

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
        if row["kind"] and kind is None:
            errors.append(_("unknown household kind “%(v)s” (户籍, 常住 or 流动)") % {"v": row["kind"]})
        elif relation == Relation.HEAD and kind is None and not row.get("hukou_where"):
            errors.append(_("give the household kind (户籍, 常住 or 流动) or where the 户口 is (户口所在)"))
        if relation == Relation.HEAD:
            self.household_places = kind or (HukouPlace.HERE, LivingPlace.HERE)
        places = self.places(row, kind or self.household_places, errors)
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
            kind=row["kind"],
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
            **places,
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
                with c.cursor.copy(f"COPY {self.table} (digest, line) FROM STDIN") as copy:
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
    actor: User | None = None,
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
    actor: User | None,
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
