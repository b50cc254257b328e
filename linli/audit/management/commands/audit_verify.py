from typing import Any

from django.core.management.base import BaseCommand, CommandError

from linli.audit.chain import verify


class Command(BaseCommand):
    help = "Check the audit chain; report the first broken link (exit 1) or that all is intact."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify()
        if broken is not None:
            raise CommandError(
                f"audit chain broken at event #{broken.seq}: {broken.reason} "
                f"({checked} events before it are intact)"
            )
        self.stdout.write(f"audit chain intact: {checked} events")
