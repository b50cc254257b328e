from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from linli.audit import retention


class Command(BaseCommand):
    help = (
        "PostgreSQL: make the coming months' partitions, move the id sequences into the current month, "
        "and archive the months past LINLI_RETENTION to LINLI_ARCHIVE_DIR (also run hourly by the "
        "scheduler, `rq cron linli/cron.py`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list the months due, change nothing")
        parser.add_argument("--no-archive", action="store_true", help="partitions and sequences only")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write(
                "Partitions and archiving run on PostgreSQL only; on SQLite the tables are not "
                "partitioned and nothing is archived."
            )
            return
        now = timezone.now()
        if options["dry_run"]:
            for kind in retention.KINDS:
                for partition in retention.due(kind, now=now):
                    self.stdout.write(f"due: {kind} {partition.name}")
            return
        report = retention.maintain(now=now, archive_due=not options["no_archive"])
        if report is None:
            return
        for name in report.created:
            self.stdout.write(f"created {name}")
        for table in report.rolled:
            self.stdout.write(f"ids of {table} moved to this month's partition")
        for done in report.archived:
            self.stdout.write(
                f"archived {done.partition}: {done.rows} rows -> {done.path} sha256 {done.sha256}"
            )
        if report.refused:
            raise CommandError("; ".join(report.refused))
        self.stdout.write("retention: done")
