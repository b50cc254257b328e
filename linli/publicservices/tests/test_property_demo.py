"""The committee-owners-property demo (`manage.py demo_load`): an estate with its committee, a
company under contract, a joint meeting with an overdue decision, linked complaints and a survey
that the demo resident 王阿姨 can still answer."""

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from linli.accounts.models import User
from linli.publicservices.models.property import Committee, Complaint, Contract, Estate, Meeting, Survey
from linli.publicservices.property import queries

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def test_the_demo_street_has_the_triangle_and_the_resident_can_answer(db, client):
    with time_machine.travel(NOW, tick=False):
        call_command("demo_load", stdout=StringIO())
        call_command("demo_load", stdout=StringIO())
        estate = Estate.objects.get(name="幸福里小区")
        assert Estate.objects.count() == 1
        assert Committee.objects.get(estate=estate).members.count() == 5
        assert Contract.objects.filter(estate=estate).count() == 1
        meeting = Meeting.objects.get(estate=estate)
        assert meeting.decisions.count() == 3
        worker = User.objects.get(username="worker_a")
        assert queries.overdue_decisions(worker, NOW).count() == 1
        assert Complaint.objects.filter(estate=estate).count() == 3
        survey = Survey.objects.get(estate=estate)
        assert queries.results([survey]).answers == 7
        wang = User.objects.get(display_name="王阿姨（居民）")
        assert [s.code for s, _ in queries.open_surveys_for_resident(wang, NOW)] == [survey.code]
