"""Recompute an election's tally from its public board and check the ballots' hash chain.

    manage.py governance_verify E12345            # every closed round, against the database
    manage.py governance_verify --board board.json  # an exported board, without the database's count

Fails (exit status 1) if a ballot was changed, added or removed after the close, if the chain's
head differs from the one sealed in the audit chain at close, or if the recount differs from the
published result.
"""

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linli.audit.models import AuditEvent
from linli.governance import tally
from linli.governance.elections import queries
from linli.governance.models import Election, Round, RoundStatus, StationCount, VoterMark


class Command(BaseCommand):
    help = "Check an election's public board (hash chain) and recount its votes from it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("election", nargs="?", help="election code")
        parser.add_argument("--board", help="a board exported as JSON (from the board page)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["board"]:
            self.check_file(Path(options["board"]))
            return
        if not options["election"]:
            raise CommandError("give an election code or --board FILE")
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"no election {options['election']}")
        problems: list[str] = []
        for r in election.rounds.exclude(status=RoundStatus.OPEN).order_by("number"):
            problems += self.check_round(r)
        if problems:
            for p in problems:
                self.stderr.write(f"FAIL {p}")
            raise CommandError(f"{len(problems)} problem(s) in election {election.code}")
        self.stdout.write(f"OK election {election.code}: every closed round verified")

    def check_round(self, r: Round) -> list[str]:
        label = f"round {r.number}"
        problems = []
        check = queries.check_round(r)
        if check.problem:
            problems.append(f"{label}: ballot #{check.bad_seq}: {check.problem}")
            return problems
        sealed = AuditEvent.objects.filter(
            action="governance.round.closed", object_type="governance.round", object_id=str(r.pk)
        ).first()
        heads = {check.head, r.board_head, sealed.details.get("board_head") if sealed else None}
        if len(heads) != 1:
            problems.append(f"{label}: the board's head does not match the head sealed at close")
        if sealed and sealed.details.get("ballots_online") != check.checked:
            problems.append(
                f"{label}: {check.checked} ballots on the board, {sealed.details.get('ballots_online')} sealed"
            )
        online_marks = VoterMark.objects.filter(round=r, channel="online").count()
        if online_marks != check.checked:
            problems.append(f"{label}: {online_marks} voters marked online but {check.checked} ballots")
        counts: Counter[str] = Counter(check.counts)
        for sc in StationCount.objects.filter(round=r, confirmed_by__isnull=False):
            counts.update(sc.votes)
        if r.status == RoundStatus.COUNTED:
            published: Counter[str] = Counter()
            for res in r.results.all():
                token = f"c{res.candidate_id}" if res.candidate_id else f"w{res.position}:{res.write_in}"
                if res.votes:
                    published[token] = res.votes
            if +counts != +published:
                problems.append(f"{label}: recount {dict(counts)} differs from published {dict(published)}")
        self.stdout.write(
            f"{label}: {check.checked} online ballots chained, head {check.head[:16]}…, "
            f"recount {sum(counts.values())} votes"
        )
        return problems

    def check_file(self, path: Path) -> None:
        board = json.loads(path.read_text(encoding="utf-8"))
        check = tally.check_board(board["round_key"], (tuple(row) for row in board["ballots"]))
        if check.problem:
            raise CommandError(f"ballot #{check.bad_seq}: {check.problem}")
        if check.head != board["board_head"]:
            raise CommandError("the board's head does not match its published head")
        counts: Counter[str] = Counter(check.counts)
        for station in board["stations"]:
            counts.update(station["votes"])
        names = board["candidates"]
        for token, n in counts.most_common():
            name = names.get(token, {}).get("name") or token.split(":", 1)[-1] + " (write-in)"
            self.stdout.write(f"{name}\t{n}")
        self.stdout.write(f"OK {check.checked} ballots, head {check.head}")
