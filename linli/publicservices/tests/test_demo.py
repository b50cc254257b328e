"""The public services demo (`manage.py demo_load`): an employer and a mediator with their own
sign-ins (the demo password), each seeing their own rows; loading again adds nothing."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from linli.accounts.models import User
from linli.publicservices import demo
from linli.publicservices.models.employment import Employer, Placement, PlacementStatus, Posting
from linli.publicservices.models.mediation import Case, CaseStatus, Mediator

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def test_the_demo_has_an_employer_and_a_mediator_who_see_their_own(db, login):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("demo_load", stdout=out)
        demo.load(None, NOW)  # again: nothing more
    assert "employer_a" in out.getvalue() and "mediator_a" in out.getvalue()
    employer, mediator = User.objects.get(username="employer_a"), User.objects.get(username="mediator_a")
    assert employer.check_password(demo.DEMO_PASSWORD) and mediator.check_password(demo.DEMO_PASSWORD)

    (unit,) = Employer.objects.all()
    assert list(unit.members.all()) == [employer]
    (posting,) = Posting.objects.filter(unit=unit)
    (referral,) = Placement.objects.filter(posting=posting)
    assert referral.status == PlacementStatus.INTERVIEW
    page = login(employer).get("/publicservices/employment/").content.decode()
    assert posting.code in page and "保洁员" not in page  # their posting, not the street's

    assert Mediator.objects.filter(user=mediator).count() == 1
    cases = Case.objects.all()
    assert sorted(c.status for c in cases) == sorted(
        [CaseStatus.CLOSED, CaseStatus.REFERRED, CaseStatus.OPEN]
    )
    page = login(mediator).get("/publicservices/mediation/").content.decode()
    assert all(c.code in page for c in cases)
