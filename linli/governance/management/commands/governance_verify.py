"""Check an election's public boards: every proof, the homomorphic sum, the decryption, the sums.

    manage.py governance_verify E12345            # every closed round, against the database
    manage.py governance_verify --board board.json  # an exported board alone (no database)

The checks themselves are `board_check.verify`, which `tools/verify_board.py` runs without linli's
database or settings. Against the database this also compares the board's head and ballot count
with those sealed in the audit chain at close, and the ballots with the online voters' marks.
Fails (exit status 1) on any problem.
"""

import gzip
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linli.audit.models import AuditEvent
from linli.governance import board_check
from linli.governance.elections import queries
from linli.governance.models import Election, Round, RoundStatus, VoterMark


class Command(BaseCommand):
    help = "Check an election's public boards (proofs, encrypted sum, decryption) and recount."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("election", nargs="?", help="election code")
        parser.add_argument("--board", help="a board exported as JSON (from the board page)")
        parser.add_argument("--workers", type=int, default=1, help="processes checking ballots' proofs")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["board"]:
            path = Path(options["board"])
            with path.open("rb") as raw:
                gzipped = raw.read(2) == b"\x1f\x8b"  # the counted board's download is gzipped
            with gzip.open(path, "rb") if gzipped else path.open("rb") as f:
                board = json.load(f)
            found = self.report(f"round {board.get('round')}", board_check.verify(board, options["workers"]))
            if found:
                raise CommandError(f"{len(found)} problem(s): {found[0]}")
            return
        if not options["election"]:
            raise CommandError("give an election code or --board FILE")
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"no election {options['election']}")
        problems: list[str] = []
        for r in election.rounds.exclude(status=RoundStatus.OPEN).order_by("number"):
            problems += self.check_round(r, options["workers"])
        if problems:
            for p in problems:
                self.stderr.write(f"FAIL {p}")
            raise CommandError(f"{len(problems)} problem(s) in election {election.code}")
        self.stdout.write(f"OK election {election.code}: every closed round verified")

    def report(self, label: str, result: board_check.Verified) -> list[str]:
        problems = [f"{label}: {p}" for p in result.problems]
        for p in problems:
            self.stderr.write(f"FAIL {p}")
        if not problems:
            total = result.online + result.paper
            self.stdout.write(
                f"{label}: {result.ballots} online ballots chained ({result.valid} with valid proofs), "
                f"head {result.head[:16]}…; online {sum(result.online.values())} + paper "
                f"{sum(result.paper.values())} = {sum(total.values())} votes"
            )
        return problems

    def check_round(self, r: Round, workers: int = 1) -> list[str]:
        label = f"round {r.number}"
        board = queries.board_export(r)
        problems = self.report(label, board_check.verify(board, workers))
        sealed = AuditEvent.objects.filter(
            action="governance.round.closed", object_type="governance.round", object_id=str(r.pk)
        ).first()
        if sealed is None:
            problems.append(f"{label}: no close sealed in the audit chain")
        else:
            if sealed.details.get("board_head") != board["board_head"]:
                problems.append(f"{label}: the board's head does not match the head sealed at close")
            if sealed.details.get("ballots_online") != len(board["ballots"]):
                problems.append(
                    f"{label}: {len(board['ballots'])} ballots on the board, "
                    f"{sealed.details.get('ballots_online')} sealed"
                )
        online_marks = VoterMark.objects.filter(round=r, channel="online").count()
        if online_marks != len(board["ballots"]):
            problems.append(
                f"{label}: {online_marks} voters marked online but {len(board['ballots'])} ballots"
            )
        return problems
