from typing import Any

from django.core.management.base import BaseCommand

from linli.finance import totals


class Command(BaseCommand):
    help = "Recompute the monthly ledger totals from the approved entries and report rows that differed."

    def handle(self, *args: Any, **options: Any) -> None:
        differing = totals.rebuild()
        self.stdout.write(f"ledger totals: {differing} rows differed" + (" (rebuilt)" if differing else ""))
