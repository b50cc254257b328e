from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linli.areas.actions import areas_import_csv


class Command(BaseCommand):
    help = "Import an official area code list from CSV (columns 代码/code, 名称/name). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, csv_file: Path, dry_run: bool, **options: Any) -> None:
        result = areas_import_csv(actor=None, data=csv_file.read_bytes(), dry_run=dry_run)
        if not result.ok:
            for line, message in result.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(result.errors)} bad rows; nothing was imported")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{verb}: {result.created} new, {result.updated} renamed, {result.unchanged} unchanged"
        )
