"""The throw-away demo and what the journeys start from, made before the server starts.

Run inside the throw-away demo's environment (`manage.py shell -c "from e2e.prepare import
main; main(3)"`): migrates, loads the demo, then prints one JSON line (one process: each Django
start costs seconds on a busy machine). Each variant of a journey gets its own rows, so the variants do not depend
on each other's order: a submitted ticket for the worker, a reviewed ledger entry for the
director, a voting code for the voter.
"""

import json
import sys

from django.utils import timezone


def main(variants: int) -> None:
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    if not settings.DEBUG:  # the static files' manifest, as a production-like demo serves them
        call_command("collectstatic", "--noinput", verbosity=0)
    call_command("demo_load", stdout=sys.stderr)
    from linli.accounts.models import User
    from linli.areas.models import Area
    from linli.finance.actions import ledger_entry_create, ledger_entry_review
    from linli.governance.demo import PAST_TITLE, TITLE
    from linli.governance.elections.actions import credentials_issue
    from linli.governance.models import Election, Round
    from linli.tickets.actions import ticket_submit
    from linli.tickets.models import Category

    now = timezone.now()
    community = Area.objects.get(code="110105001001")
    resident = User.objects.get(display_name="王阿姨（居民）")
    worker = User.objects.get(username="worker_a")
    auditor = User.objects.get(username="auditor_a")
    category = Category.objects.get(code="facilities-lights")  # handled in the community
    tickets, entries = [], []
    for i in range(variants):
        ticket = ticket_submit(
            actor=resident,
            community=community,
            category=category,  # type: ignore[arg-type]
            description=f"E2E 楼道灯不亮 {i}",
            now=now,
        )
        tickets.append(ticket.code)
        entry = ledger_entry_create(
            actor=worker,
            community=community,
            fund="office",
            direction="expense",
            category="office_supplies",
            amount_fen=12_300 + i,
            occurred_on=timezone.localdate(now),
            description=f"E2E 购买灭火器 {i}",
        )
        ledger_entry_review(actor=auditor, entry=entry)
        entries.append(entry.code)
    current = Round.objects.get(election__title=TITLE, number=1)
    codes = [code for _entry, code in credentials_issue(actor=None, round=current, now=now)]
    past = Election.objects.get(title=PAST_TITLE)
    json.dump(
        {
            "community_pk": community.pk,
            "category_pk": category.pk,
            "tickets": tickets,
            "entries": entries,
            "voting_codes": codes[:variants],
            "past_election": past.code,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
