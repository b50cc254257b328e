from typing import Any

from django.core.management.base import BaseCommand

from linli.common.jobs import run_periodic_once
from linli.common.sweeps import load_all


class Command(BaseCommand):
    help = "Run every periodic sweep once, in this process (they are idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_all()
        for name in run_periodic_once():
            self.stdout.write(f"ran {name}")
