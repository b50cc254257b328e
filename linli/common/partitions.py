"""Monthly partitions by id range, on PostgreSQL (SQLite tables stay as they are).

A partitioned table's unique keys must include its partition key, and the tables that grow without
end (tickets, their timeline, the audit events) are referenced by id. So they are partitioned by
RANGE on an id, not on a date: the partition of month M holds the ids `[M * SPAN, (M+1) * SPAN)`
(M counts months from January 2000), and at the start of each month `maintain` moves the id
sequence up to the new month's first id. Ids stay unique, every foreign key to them stays, and a
month of rows still sits in one partition that can be detached and archived. The timeline is
partitioned by its ticket's id with the same bounds, so a ticket and its timeline leave together.

Rows written before partitioning, or with explicit small ids, sit in `<table>_p_before`.
Everything here is plain SQL run from migrations and `retention_run` (see docs/retention.md for why
not pg_partman).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

SPAN = 10**10  # ids per month: far above a city's month of anything, and JS-safe for 75,000 years
EPOCH_YEAR = 2000


@dataclass(frozen=True)
class Spec:
    table: str
    key: str = "id"
    roll_sequence: bool = True  # the key is the table's own id: move its sequence each month
    storage: str = ""  # storage parameters of each partition (a partitioned table holds none)
    # Unique constraints that cannot include the partition key become plain indexes: their
    # uniqueness is kept elsewhere (docs/retention.md).


TABLES: dict[str, Spec] = {
    spec.table: spec
    for spec in (
        Spec("tickets_ticket", storage="fillfactor = 85"),
        Spec("tickets_ticketevent", key="ticket_id", roll_sequence=False),
        Spec("audit_auditevent"),
    )
}


def month_index(day: date) -> int:
    return (day.year - EPOCH_YEAR) * 12 + day.month - 1


def month_of(index: int) -> tuple[int, int]:
    return EPOCH_YEAR + index // 12, index % 12 + 1


def partition_name(table: str, index: int) -> str:
    year, month = month_of(index)
    return f"{table}_p{year:04d}{month:02d}"


def before_name(table: str) -> str:
    return f"{table}_p_before"


def is_partitioned(cursor: Any, table: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table])
    return cursor.fetchone() is not None


@dataclass(frozen=True)
class Partition:
    name: str
    lo: int | None  # None: MINVALUE
    hi: int

    @property
    def month(self) -> int | None:
        return None if self.lo is None else self.lo // SPAN


def partitions(cursor: Any, table: str) -> list[Partition]:
    """The attached partitions of `table`, lowest first."""
    cursor.execute(
        """SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = to_regclass(%s)""",
        [table],
    )
    out = []
    for name, bound in cursor.fetchall():
        # FOR VALUES FROM ('30000000000') TO ('30100000000') or FROM (MINVALUE) TO (...)
        lo_text, hi_text = (part.split(")")[0].strip(" ('") for part in bound.split("(")[1:3])
        out.append(Partition(name, None if lo_text == "MINVALUE" else int(lo_text), int(hi_text)))
    return sorted(out, key=lambda p: -1 if p.lo is None else p.lo)


def create(cursor: Any, spec: Spec, name: str, lo: str, hi: int) -> None:
    with_ = f" WITH ({spec.storage})" if spec.storage else ""
    cursor.execute(
        f'CREATE TABLE "{name}" PARTITION OF "{spec.table}" FOR VALUES FROM ({lo}) TO ({hi}){with_}'
    )


def ensure_months(cursor: Any, spec: Spec, months: Iterable[int]) -> list[str]:
    """Create the monthly partitions of `months` that are missing; returns the new ones' names."""
    existing = partitions(cursor, spec.table)
    created = []
    for index in sorted(months):
        name = partition_name(spec.table, index)
        if not _free(existing, index):
            continue
        create(cursor, spec, name, str(index * SPAN), (index + 1) * SPAN)
        created.append(name)
    return created


def _free(existing: list[Partition], index: int) -> bool:
    lo, hi = index * SPAN, (index + 1) * SPAN
    return all(p.hi <= lo or (p.lo is not None and p.lo >= hi) for p in existing)


def roll_sequence(cursor: Any, spec: Spec, index: int) -> bool:
    """Move the table's id sequence up to month `index`'s first id (never down)."""
    if not spec.roll_sequence:
        return False
    cursor.execute(f"SELECT pg_get_serial_sequence('\"{spec.table}\"', '{spec.key}')")
    (sequence,) = cursor.fetchone()
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - catalogue name
    last, called = cursor.fetchone()
    first = index * SPAN
    if (last + 1 if called else last) >= first:  # the next id is already in the month or later
        return False
    if not any(p.lo is not None and p.lo <= first < p.hi for p in partitions(cursor, spec.table)):
        return False  # never point new rows at a month without its partition
    cursor.execute("SELECT setval(%s, %s, false)", [sequence, first])
    return True


def _rows(cursor: Any, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return list(cursor.fetchall())


def convert(cursor: Any, spec: Spec, *, month: int, ahead: int) -> None:
    """Turn `spec.table` into a partitioned table with the same columns, indexes and keys.

    Rows move to `<table>_p_before`; months `month .. month + ahead` are made; the id sequence
    starts at `month`'s first id. Unique constraints without the key become plain indexes.
    Foreign keys to and from the table, check constraints and triggers are made again.
    """
    table, key = spec.table, spec.key
    constraints = _rows(
        cursor,
        "SELECT conname, contype, pg_get_constraintdef(oid), conrelid::regclass::text"
        " FROM pg_constraint WHERE conparentid = 0 AND ((conrelid = to_regclass(%s) AND contype IN ('p', 'u', 'f'))"
        " OR (confrelid = to_regclass(%s) AND conrelid <> confrelid))",
        [table, table],
    )
    constraint_names = {c[0] for c in constraints if c[1] in "pu" and c[3] == table}
    indexes = [
        (name, sql)
        for name, sql in _rows(
            cursor, "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
        )
        if name not in constraint_names
    ]
    triggers = _rows(
        cursor,
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
        [table],
    )
    cursor.execute(f"SELECT pg_get_serial_sequence('\"{table}\"', 'id')")
    (sequence,) = cursor.fetchone()
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - catalogue name
    last, called = cursor.fetchone()

    old = f"{table}_unpartitioned"
    for name, kind, _definition, owner in constraints:
        if kind == "f" and owner != table:
            cursor.execute(f'ALTER TABLE {owner} DROP CONSTRAINT "{name}"')
    cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
    cursor.execute(
        f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS'
        f" INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({key})"
    )
    create(cursor, spec, before_name(table), "MINVALUE", month * SPAN)
    ensure_months(cursor, spec, range(month, month + ahead + 1))
    cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')  # noqa: S608 - our table
    cursor.execute(f'DROP TABLE "{old}"')
    cursor.execute(
        f'ALTER TABLE "{table}" ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY'
        f" (SEQUENCE NAME {sequence})"
    )
    cursor.execute("SELECT setval(%s, %s, %s)", [sequence, max(last, 1), called])
    for name, kind, definition, owner in constraints:
        if owner != table or kind == "f":
            continue
        columns = [c.strip().strip('"') for c in definition.split("(", 1)[1].rstrip(")").split(",")]
        if kind == "p":
            pk = ", ".join(columns + ([key] if key not in columns else []))
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" PRIMARY KEY ({pk})')
        elif key in columns:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        else:
            cursor.execute(f'CREATE INDEX "{name}" ON "{table}" ({", ".join(columns)})')
    for _name, sql in indexes:
        cursor.execute(sql)
    for name, kind, definition, owner in constraints:
        if kind == "f":
            cursor.execute(f'ALTER TABLE {owner} ADD CONSTRAINT "{name}" {definition}')
    for (sql,) in triggers:
        cursor.execute(sql)
    roll_sequence(cursor, spec, month)
