"""Writing checked rows in bulk (COPY on PostgreSQL): a named exception to "writes go through actions".

The rows written here must equal what `Resident.save()` stores; tests/importing/test_write.py
compares the two column by column."""

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import IntegrityError, connection
from django.utils import timezone

from linli.areas.models import Area
from linli.common.codes import short_code
from linli.common.crypto import blind_index, encryptor
from linli.registry.importing.check import Prepared
from linli.registry.importing.columns import CHUNK
from linli.registry.models import (
    CareTag,
    Dwelling,
    DwellingUse,
    Household,
    Relation,
    Resident,
    ResidentStatus,
)


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
        self.today = timezone.localtime(now).date()
        self.dwellings: dict[tuple[int, str], int] = {}
        self.household_id: int | None = None
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

    def _write_copy(self, chunk: list[Prepared], heads: list[Prepared]) -> None:
        resident_ids = self._next_ids(Resident._meta.db_table, len(chunk))
        household_ids = self._next_ids(Household._meta.db_table, len(heads))
        head_ids = [pk for pk, p in zip(resident_ids, chunk, strict=True) if p.relation == Relation.HEAD]
        self._copy(
            Household._meta.db_table,
            (
                "id",
                "code",
                "community_id",
                "dwelling_id",
                "collective_unit",
                "is_active",
                "created_at",
                "head_id",
            ),
            [
                (pk, short_code("H"), self.community.pk, self._dwelling(p), "", True, self.now, head)
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
        "hukou_where",
        "hukou_code",
        "lives_where",
        "lives_code",
        "lives_address",
        "lives_since",
    )

    def _resident_row(self, p: Prepared) -> tuple[Any, ...]:
        """The stored form of one person: what Resident.save() would write, without the ORM's cost."""
        return (
            self.community.pk,
            self.household_id,
            p.relation,
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
            p.hukou_where,
            p.hukou_code,
            p.lives_where,
            p.lives_code,
            p.lives_address,
            p.lives_since or self.today,
        )

    def _copy(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        import psycopg

        try:
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
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
