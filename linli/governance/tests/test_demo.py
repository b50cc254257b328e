"""The governance demo (`manage.py demo_load`): the demo resident can vote, and can check a
tracking code on the published board of the previous election (README "Demo")."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from linli.accounts.models import User
from linli.governance.demo import DEMO_TRACKING_CODE, PAST_TITLE, TITLE
from linli.governance.models import Election, RoundStatus, Stage, VoterEntry
from linli.registry.models import Resident
from linli.ui.templatetags.linli import grouped

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _wang() -> User:
    return User.objects.get(display_name="王阿姨（居民）")


def test_the_demo_dates_count_from_the_now_it_is_given_and_it_loads_once(db):
    call_command("demo_load", "--now", NOW.isoformat(), stdout=StringIO())
    current = Election.objects.get(title=TITLE)
    assert current.register_cutoff == (NOW - dt.timedelta(days=19)).date()
    assert current.rounds.get(number=1).closes_at == NOW + dt.timedelta(days=7)
    past = Election.objects.get(title=PAST_TITLE)
    assert past.stage == Stage.CERTIFIED
    assert past.election_day < current.register_cutoff
    wang = Resident.objects.get(user=_wang())
    assert wang.registered_at == NOW - dt.timedelta(days=800)
    call_command("demo_load", "--now", (NOW + dt.timedelta(days=1)).isoformat(), stdout=StringIO())
    assert Election.objects.count() == 2


def test_the_demo_resident_is_on_the_current_register_and_is_shown_her_ballot(db, client):
    with time_machine.travel(NOW, tick=False):
        call_command("demo_load", stdout=StringIO())
        current = Election.objects.get(title=TITLE)
        wang = _wang()
        assert VoterEntry.objects.filter(election=current, resident__user=wang, is_listed=True).exists()
        client.force_login(wang)
        response = client.get(f"/governance/e/{current.code}/r/1/ballot/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="director"' in body
    assert "不在本次选举的选民名单上" not in body


def test_the_previous_election_board_is_published_and_finds_the_demo_residents_tracking_code(db, client):
    out = StringIO()
    call_command("demo_load", "--now", NOW.isoformat(), stdout=out)
    assert "WANG-DEMA-2026" in out.getvalue()
    past = Election.objects.get(title=PAST_TITLE)
    r = past.rounds.get(number=1)
    assert r.status == RoundStatus.COUNTED
    assert r.voters_registered / 2 < r.voters_voted < r.voters_registered
    assert past.stage == Stage.CERTIFIED
    response = client.get(f"/governance/e/{past.code}/r/1/board/", {"code": "wang-dema-2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert grouped(DEMO_TRACKING_CODE) in body  # shown grouped, as voters read it
    assert "ok-box" in body  # found: the ballot and what it reads
    assert "李建华" in body
    # The trustees' part: each decrypting trustee's partial decryption of every total, with proofs.
    first = r.decryptions.order_by("trustee__number").first()
    _token, part = sorted(first.parts.items())[0]
    assert f"d=<code>{part[0][:12]}…" in body and f"v=<code>{part[2][:12]}…" in body
