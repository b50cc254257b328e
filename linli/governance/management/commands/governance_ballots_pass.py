"""Check the proofs of open rounds' new ballots now, in N processes at once (issue 20).

    manage.py governance_ballots_pass --workers 4

The sweep `check_and_unlink_ballots` does the same every minute in one process; this runs
`ballots_pass` in `--workers` processes until no ballot is left unchecked (each pass takes its
ballots with SELECT ... FOR UPDATE SKIP LOCKED, so none is checked twice). Use it when ballots
arrive faster than one core checks them (~5 a second), e.g. on the night before the count.
"""

import multiprocessing
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from linli.governance.elections.actions import ballots_pass
from linli.governance.models import Round, RoundStatus


def _drain(round_ids: list[int]) -> int:
    connections.close_all()  # a connection of its own in each process
    checked = 0
    for round_id in round_ids:
        while True:
            n = ballots_pass(round_id)[1]
            checked += n
            if not n:
                break
    connections.close_all()
    return checked


class Command(BaseCommand):
    help = "Check open rounds' unchecked ballots now, in several processes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        round_ids = list(Round.objects.filter(status=RoundStatus.OPEN).values_list("pk", flat=True))
        workers = max(1, options["workers"])
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            counts = pool.map(_drain, [round_ids] * workers)
        self.stdout.write(f"checked {sum(counts)} ballots in {workers} processes: {counts}")
