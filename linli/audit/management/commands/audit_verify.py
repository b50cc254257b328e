from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linli.audit import checkpoint
from linli.audit.chain import verify
from linli.audit.models import ChainHead


class Command(BaseCommand):
    help = (
        "Check the audit chain (keyed hashes, links, and the checkpoints written outside the database); "
        "report the first broken link (exit 1) or that all is intact."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            help="a checkpoint file to check against (default: the one in LINLI_AUDIT_CHECKPOINT_DIR), "
            "e.g. a copy kept on the log server",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        file = Path(options["checkpoints"]) if options["checkpoints"] else checkpoint.path()
        try:
            points = checkpoint.read(file)
        except checkpoint.BadCheckpoint as exc:
            raise CommandError(f"audit checkpoints forged or damaged: {exc}") from exc
        checked, broken = verify(points)
        if broken is not None:
            raise CommandError(
                f"audit chain broken at event #{broken.seq}: {broken.reason} "
                f"({checked} events before it are intact)"
            )
        against = (
            f", {len(points)} checkpoints found on it (latest #{max(points)})"
            if points
            else ", no checkpoints"
        )
        head = ChainHead.objects.filter(pk=1).first()
        archived = (
            f", after the {head.archived_through} archived ones (docs/retention.md)"
            if head is not None and head.archived_through
            else ""
        )
        self.stdout.write(f"audit chain intact: {checked} events{archived}{against}")
