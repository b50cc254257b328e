import datetime as dt

import pytest
from django.db import connection

from linli.common.errors import DomainError, Forbidden, NotFound
from linli.governance.evaluation.actions import (
    campaign_close,
    campaign_open,
    campaign_publish,
    evaluation_answer,
)
from linli.governance.evaluation.queries import evaluation_results
from linli.governance.models import Participation, RatingCount
from linli.governance.tests.conftest import TZ, person
from linli.registry.models import Resident

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
CLOSES = NOW + dt.timedelta(days=14)
SUBJECTS = [
    ("committee", "张主任", "居委会主任"),
    ("party", "李书记", "党委书记"),
    ("stationed", "王警官", "社区民警"),
]


def _campaign(tree, actor):
    return campaign_open(
        actor=actor,
        community=tree.community_a,
        title="2026年民主评议",
        closes_at=CLOSES,
        subjects=SUBJECTS,
        now=NOW,
    )


def _users(tree, n):
    from conftest import _user
    from linli.accounts.roles import Role

    users = []
    for i in range(n):
        u = _user(f"评议人{i}", Role.RESIDENT, tree.community_a, phone=f"1370000{i:04d}")
        r = person(tree.community_a, f"评议人{i}")
        Resident.objects.filter(pk=r.pk).update(user=u)
        users.append(u)
    return users


def _all(campaign, rating="satisfied"):
    return {s.pk: rating for s in campaign.subjects.all()}


def test_resident_answers_once_and_only_counters_change(tree, worker_a):
    campaign = _campaign(tree, worker_a)
    (voter,) = _users(tree, 1)
    evaluation_answer(actor=voter, campaign=campaign, ratings=_all(campaign), now=NOW)
    with pytest.raises(DomainError) as info:
        evaluation_answer(actor=voter, campaign=campaign, ratings=_all(campaign, "fair"), now=NOW)
    assert info.value.code == "already_answered"
    assert Participation.objects.count() == 1
    assert sorted(RatingCount.objects.filter(count=1).values_list("rating", flat=True)) == ["satisfied"] * 3
    fields = {f.name for f in Participation._meta.concrete_fields}
    assert fields == {"id", "campaign", "resident"}  # who answered, never what


def test_every_person_must_be_rated(tree, worker_a):
    campaign = _campaign(tree, worker_a)
    (voter,) = _users(tree, 1)
    some = dict(list(_all(campaign).items())[:2])
    with pytest.raises(DomainError) as info:
        evaluation_answer(actor=voter, campaign=campaign, ratings=some, now=NOW)
    assert info.value.code == "incomplete"


def test_children_staff_and_outsiders_cannot_answer(tree, worker_a, worker_b, resident):
    campaign = _campaign(tree, worker_a)
    child = person(tree.community_a, "孩子", "20150101")
    Resident.objects.filter(pk=child.pk).update(user=resident)
    with pytest.raises(Forbidden):
        evaluation_answer(actor=resident, campaign=campaign, ratings=_all(campaign), now=NOW)
    with pytest.raises(Forbidden):
        evaluation_answer(actor=worker_a, campaign=campaign, ratings=_all(campaign), now=NOW)
    with pytest.raises(NotFound):
        evaluation_answer(actor=worker_b, campaign=campaign, ratings=_all(campaign), now=NOW)


def test_results_stay_hidden_below_the_anonymity_threshold(tree, worker_a, settings):
    settings.GOV_EVALUATION_MIN_ANSWERS = 3
    campaign = _campaign(tree, worker_a)
    users = _users(tree, 3)
    for u in users[:2]:
        evaluation_answer(actor=u, campaign=campaign, ratings=_all(campaign), now=NOW)
    campaign = campaign_close(actor=worker_a, campaign=campaign, now=NOW)
    assert evaluation_results(campaign) is None


def test_results_show_once_closed_with_enough_answers(tree, worker_a, settings):
    settings.GOV_EVALUATION_MIN_ANSWERS = 3
    campaign = _campaign(tree, worker_a)
    for i, u in enumerate(_users(tree, 3)):
        evaluation_answer(
            actor=u,
            campaign=campaign,
            ratings=_all(campaign, ["satisfied", "fair", "unsatisfied"][i]),
            now=NOW,
        )
    campaign.refresh_from_db()
    assert evaluation_results(campaign) is None  # still open: answers could be told apart
    campaign = campaign_close(actor=worker_a, campaign=campaign, now=NOW)
    rows = evaluation_results(campaign)
    assert rows is not None and rows[0]["total"] == 3 and rows[0]["satisfaction"] == 67
    campaign = campaign_publish(actor=worker_a, campaign=campaign, now=NOW)
    assert campaign.published_at == NOW


def test_closed_campaign_takes_no_answers(tree, worker_a):
    campaign = _campaign(tree, worker_a)
    (voter,) = _users(tree, 1)
    with pytest.raises(DomainError) as info:
        evaluation_answer(actor=voter, campaign=campaign, ratings=_all(campaign), now=CLOSES)
    assert info.value.code == "closed"


def test_sweep_closes_campaigns_whose_time_is_up(tree, worker_a):
    import time_machine

    from linli.governance.sweeps import close_expired_campaigns

    campaign = _campaign(tree, worker_a)
    with time_machine.travel(CLOSES - dt.timedelta(minutes=1), tick=False):
        assert close_expired_campaigns() == 0
    with time_machine.travel(CLOSES + dt.timedelta(minutes=1), tick=False):
        assert close_expired_campaigns() == 1
        assert close_expired_campaigns() == 0
    campaign.refresh_from_db()
    assert campaign.status == "closed"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions are PostgreSQL's")
def test_close_leaves_no_counter_pointing_at_one_answer(tree, worker_a):
    campaign = _campaign(tree, worker_a)
    users = _users(tree, 2)
    for u, rating in zip(users, ["satisfied", "unsatisfied"], strict=True):
        evaluation_answer(actor=u, campaign=campaign, ratings=_all(campaign, rating), now=NOW)

    def versions():
        with connection.cursor() as cur:
            cur.execute("SELECT count(DISTINCT xmin::text) FROM governance_ratingcount WHERE count > 0")
            return cur.fetchone()[0]

    assert versions() == 2  # each answer's counters carry its transaction: what the close removes
    campaign_close(actor=worker_a, campaign=campaign, now=NOW)
    assert versions() == 1
