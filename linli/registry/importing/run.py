"""An import's steps: check every row into a spool, then write them all in one transaction or none."""

import csv
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.tempfiles import unnamed_file
from linli.registry.importing.check import ImportResult, Prepared, SeenIds, check
from linli.registry.importing.columns import CHUNK
from linli.registry.importing.write import write


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
    actor: User | None,
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
    actor: User | None,
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
