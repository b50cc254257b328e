"""How long each kind of record stays in the database, and moving older months into archive files.

`LINLI_RETENTION` holds months per kind. Logs must be kept at least six months (网络安全法 第二十一条,
the Cybersecurity Law, Art. 21): a lower setting for `audit` is refused by a system check.
Records kept for years are archived, never deleted: a month's partition past its kind's retention
is written with COPY to a gzip file in `LINLI_ARCHIVE_DIR` (with its SHA-256 beside it), and only
then, in one short transaction that checks nothing changed meanwhile, detached and dropped, with an
audit event and an `ArchivedPartition` row. Archiving audit events moves the chain's anchor
(`ChainHead.archived_through`), so `verify` starts from the last archived event.

PostgreSQL only (the partitions are); on SQLite `maintain` does nothing and says so.
"""

import gzip
import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from linli.audit.chain import anchor_mac, record
from linli.audit.models import ArchivedPartition, ChainHead
from linli.common import partitions

LEGAL_MINIMUM_MONTHS = {"audit": 6}
LOCK_KEY = 0x6C696E6C6952  # one run at a time, whichever worker the scheduler picked


@dataclass(frozen=True)
class Dependent:
    """A table whose rows point at a partitioned table's rows and leave with their month: written
    to their own file and deleted in the transaction that detaches the month."""

    table: str
    column: str  # the reference (an id of the partitioned table)
    kind: str  # what ArchivedPartition.kind says of it


@dataclass(frozen=True)
class Kind:
    table: str
    column: str  # when a row last changed: nothing newer than the cut-off may be archived
    with_: tuple[str, ...] = ()  # co-partitioned tables archived first (they reference this one)
    dependents: tuple[Dependent, ...] = ()


# The tickets app's own records of a ticket leave with its month. Ratings are kept "forever" in
# the sense of never changing (the three rates of a month are computed from them), but a month's
# rates also need its tickets, so they go to the archive together; a published month's figures
# stay in the indicators' stored values. Attachments (rows and files) and other apps' records
# that link a ticket (facility problems, service orders, check items, property complaints) are
# not archived here: while one points at a month, the month stays (docs/retention.md).
TICKET_DEPENDENTS = (
    Dependent("tickets_rating", "ticket_id", "ratings"),
    Dependent("tickets_departmentcall", "ticket_id", "department_calls"),
    Dependent("tickets_extension", "ticket_id", "extensions"),
    Dependent("tickets_notification", "ticket_id", "notifications"),
)

KINDS = {
    "audit": Kind("audit_auditevent", "created_at"),
    "timeline": Kind("tickets_ticketevent", "at"),
    "tickets": Kind("tickets_ticket", "updated_at", with_=("timeline",), dependents=TICKET_DEPENDENTS),
}


class RetentionError(Exception):
    """A partition that stays (for the operator: the command's output and the log)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def months(kind: str) -> int:
    return int(settings.LINLI_RETENTION[kind])


def cutoff(kind: str, now: datetime) -> datetime:
    """Rows last changed before this may leave the database."""
    local = timezone.localtime(now)
    index = partitions.month_index(local.date()) - months(kind)
    year, month = partitions.month_of(index)
    day = min(local.day, 28)
    return local.replace(year=year, month=month, day=day)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _newest(cursor: Any, name: str, column: str) -> tuple[int, datetime | None]:
    cursor.execute(f"SELECT count(*), max({_q(column)}) FROM {_q(name)}")  # noqa: S608 - our table names
    rows, newest = cursor.fetchone()
    return int(rows), newest


def _range(column: str, partition: partitions.Partition) -> tuple[str, list[int]]:
    """SQL condition (and its parameters) for `column` within the partition's bounds."""
    if partition.lo is None:
        return f"{_q(column)} < %s", [partition.hi]
    return f"{_q(column)} >= %s AND {_q(column)} < %s", [partition.lo, partition.hi]


def _dependent_select(dep: Dependent, partition: partitions.Partition) -> str:
    """The dependent rows of the month as literal SQL (COPY takes no parameters; the bounds are
    integers from the catalogue)."""
    where = (
        f"{_q(dep.column)} < {int(partition.hi)}"
        if partition.lo is None
        else f"{_q(dep.column)} >= {int(partition.lo)} AND {_q(dep.column)} < {int(partition.hi)}"
    )
    return f"SELECT * FROM {_q(dep.table)} WHERE {where} ORDER BY id"  # noqa: S608 - ours


def _dump(name: str, directory: Path, select: str = "") -> tuple[Path, int, str]:
    """COPY the partition (or the rows of `select`) to `<directory>/<name>.copy.gz` (text format
    with a header: one line per row); fsynced, then its SHA-256 written beside it. Returns the
    file, rows and digest."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{name}.copy.gz"
    part = final.with_name(final.name + ".part")
    lines = 0
    source = f"({select})" if select else _q(name)
    sql = f"COPY {source} TO STDOUT WITH (FORMAT text, HEADER true)"
    with (
        part.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for chunk in copy:
            data = bytes(chunk)
            lines += data.count(b"\n")
            out.write(data)
    with part.open("rb") as f:
        os.fsync(f.fileno())
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    os.replace(part, final)
    final.with_name(final.name + ".sha256").write_text(f"{digest}  {final.name}\n")
    return final, lines - 1, digest


def archive(kind: str, partition: partitions.Partition, *, now: datetime) -> list[ArchivedPartition]:
    """Archive one partition of `kind` together with its co-partitioned months (a tickets month
    with its timeline month): all files first, then all leave in one transaction, or none does.
    Raises RetentionError (the files are then removed) or OSError (nothing was touched)."""
    spec = KINDS[kind]
    members = []
    for other in spec.with_:
        co = partitions.Partition(
            partition.name.replace(spec.table, KINDS[other].table, 1), partition.lo, partition.hi
        )
        with connection.cursor() as cursor:
            attached = {p.name for p in partitions.partitions(cursor, KINDS[other].table)}
        if co.name in attached:
            members.append((other, co))
    members.append((kind, partition))
    directory = Path(settings.LINLI_ARCHIVE_DIR)
    files: list[tuple[Path, int, str]] = []
    try:
        for dep in spec.dependents:
            files.append(_dump(f"{partition.name}.{dep.table}", directory, _dependent_select(dep, partition)))
        dependents = list(zip(spec.dependents, files, strict=True))
        for _kind, member in members:
            files.append(_dump(member.name, directory))
        with transaction.atomic(), connection.cursor() as cursor:
            done = [_remove_dependent(cursor, dep, partition, file, now=now) for dep, file in dependents]
            return done + [
                _remove(cursor, member_kind, member, file, now=now)
                for (member_kind, member), file in zip(members, files[len(dependents) :], strict=True)
            ]
    except (DatabaseError, RetentionError) as exc:  # e.g. rows elsewhere still point at this month
        for path, _rows, _digest in files:
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".sha256").unlink(missing_ok=True)
        if isinstance(exc, RetentionError):
            raise
        raise RetentionError(f"{partition.name} stays: {exc}".strip()) from exc


def _remove_dependent(
    cursor: Any,
    dep: Dependent,
    partition: partitions.Partition,
    file: tuple[Path, int, str],
    *,
    now: datetime,
) -> ArchivedPartition:
    """Delete the month's rows of a dependent table whose file is written, if it still holds
    what the file holds (no writes to the table meanwhile: it is locked until the commit)."""
    path, rows, digest = file
    cursor.execute(f"LOCK TABLE {_q(dep.table)} IN SHARE MODE")
    where, params = _range(dep.column, partition)
    cursor.execute(f"SELECT count(*) FROM {_q(dep.table)} WHERE {where}", params)  # noqa: S608 - ours
    if cursor.fetchone()[0] != rows:
        raise RetentionError(f"{dep.table} of {partition.name} changed while it was written; run again.")
    cursor.execute(f"DELETE FROM {_q(dep.table)} WHERE {where}", params)  # noqa: S608 - ours
    done = ArchivedPartition.objects.create(
        kind=dep.kind,
        partition=f"{partition.name}.{dep.table}",
        rows=rows,
        path=str(path),
        sha256=digest,
        archived_at=now,
        newest=None,
    )
    details = {"table": dep.table, "of": partition.name, "rows": rows, "file": path.name, "sha256": digest}
    record(actor=None, action="audit.partition.archived", obj=done, details=details, now=now)
    return done


def _remove(
    cursor: Any, kind: str, partition: partitions.Partition, file: tuple[Path, int, str], *, now: datetime
) -> ArchivedPartition:
    """Detach and drop a partition whose file is written, if it still holds what the file holds."""
    spec = KINDS[kind]
    path, rows, digest = file
    # No writes to the month while it is checked; then the parent's exclusive lock for the
    # detach, held only for the catalogue changes below.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check may be pending on a dropped table
    cursor.execute(f"LOCK TABLE {_q(partition.name)} IN SHARE MODE")
    count, newest = _newest(cursor, partition.name, spec.column)
    if count != rows or (newest is not None and newest >= cutoff(kind, now)):
        raise RetentionError(f"{partition.name} changed while it was written; run again.")
    cursor.execute(f"ALTER TABLE {_q(spec.table)} DETACH PARTITION {_q(partition.name)}")
    details: dict[str, Any] = {"table": spec.table, "rows": rows, "file": path.name, "sha256": digest}
    if kind == "audit" and rows:
        _move_anchor(cursor, partition.name, details)
    cursor.execute(f"DROP TABLE {_q(partition.name)}")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's initially deferred keys
    if partition.lo is None:  # the rows from before partitioning: keep a place for low ids
        partitions.create(cursor, partitions.TABLES[spec.table], partition.name, "MINVALUE", partition.hi)
    done = ArchivedPartition.objects.create(
        kind=kind,
        partition=partition.name,
        rows=rows,
        path=str(path),
        sha256=digest,
        archived_at=now,
        newest=newest,
    )
    record(actor=None, action="audit.partition.archived", obj=done, details=details, now=now)
    return done


def _move_anchor(cursor: Any, name: str, details: dict[str, Any]) -> None:
    cursor.execute(f"SELECT min(seq), max(seq) FROM {_q(name)}")  # noqa: S608 - our table names
    first, last = cursor.fetchone()
    head = ChainHead.objects.select_for_update().get(pk=1)
    if first != head.archived_through + 1:
        raise RetentionError(
            f"{name} starts at event #{first}; archive the events up to #{head.archived_through + 1} first."
        )
    cursor.execute(f"SELECT hash FROM {_q(name)} WHERE seq = %s", [last])  # noqa: S608 - ours
    (last_hash,) = cursor.fetchone()
    ChainHead.objects.filter(pk=1).update(
        archived_through=last, archived_hash=last_hash, archived_mac=anchor_mac(last, last_hash)
    )
    details.update(first_seq=first, last_seq=last, last_hash=last_hash)


def due(kind: str, *, now: datetime) -> list[partitions.Partition]:
    """The oldest partitions of `kind` whose every row is older than its retention, in order
    (stops at the first that is not: months leave oldest first)."""
    spec = KINDS[kind]
    current = partitions.month_index(timezone.localtime(now).date())
    limit = cutoff(kind, now)
    out = []
    with connection.cursor() as cursor:
        for partition in partitions.partitions(cursor, spec.table):
            if partition.month is not None and partition.month >= current:
                break
            count, newest = _newest(cursor, partition.name, spec.column)
            if newest is not None and newest >= limit:
                break
            if partition.lo is None and not count:
                continue  # nothing from before partitioning: keep the empty partition
            if partition.month is not None and partitions.month_index(limit.date()) <= partition.month:
                break  # the month itself is not over its retention yet
            out.append(partition)
    return out


@dataclass
class Report:
    created: list[str]
    rolled: list[str]
    archived: list[ArchivedPartition]
    refused: list[str]


def maintain(*, now: datetime | None = None, archive_due: bool = True) -> Report | None:
    """Make the coming months' partitions, move the id sequences into the current month, and
    archive what is past retention. None on a database without partitions (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            return Report([], [], [], ["another run is under way"])
    try:
        return _maintain(now or timezone.now(), archive_due)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _maintain(now: datetime, archive_due: bool) -> Report:
    current = partitions.month_index(timezone.localtime(now).date())
    report = Report([], [], [], [])
    ahead = range(current, current + int(settings.LINLI_PARTITIONS_AHEAD) + 1)
    with transaction.atomic(), connection.cursor() as cursor:
        for spec in partitions.TABLES.values():
            if partitions.is_partitioned(cursor, spec.table):
                report.created += partitions.ensure_months(cursor, spec, ahead)
    # After the partitions are committed: a sequence moved (setval is never rolled back) must
    # never point at a month without its partition.
    with connection.cursor() as cursor:
        for spec in partitions.TABLES.values():
            if partitions.is_partitioned(cursor, spec.table) and partitions.roll_sequence(
                cursor, spec, current
            ):
                report.rolled.append(spec.table)
    if archive_due:
        kinds = ["audit", "tickets"]
        if months("timeline") < months("tickets"):  # else the timeline leaves only with its tickets
            kinds.append("timeline")
        for kind in kinds:
            for partition in due(kind, now=now):
                try:
                    report.archived += archive(kind, partition, now=now)
                except RetentionError as exc:
                    report.refused.append(exc.message)
                    break
    return report
