"""The plan's employment and assistance targets as indicators (registered in linli.common.indicators
from this app): jobs opened, people placed, and the 低保-employment link counting only those placed
while their household received 低保."""

import datetime as dt

from linli.common.indicators import get
from linli.publicservices import indicators
from linli.publicservices.employment import actions as jobs
from linli.publicservices.tests.conftest import NOW, walk_to_granted


def test_jobs_placements_and_the_dibao_link_count_per_community(
    tree, application, worker_a, street_officer, district_officer, household_a
):
    for code in ("jobs", "placements", "startups", "startup_jobs", "dibao_placed", "dibao_people"):
        assert get(f"publicservices.{code}") is not None, code
    assert get("publicservices.jobs").target == 120000 and get("publicservices.placements").target == 100000
    walk_to_granted(application, worker_a, street_officer, district_officer)  # decided NOW + 9 days
    head = household_a.head
    spouse = household_a.members.exclude(pk=head.pk).get()
    posting = jobs.posting_create(
        actor=worker_a,
        area=tree.community_a,
        employer="社区服务站",
        title="保洁员",
        kind="market",
        availability="full_time",
        openings=3,
        now=NOW,
    )
    # The head started work before the grant, the spouse after it: only the spouse is the link.
    for person, start in ((head, NOW.date()), (spouse, NOW.date() + dt.timedelta(days=20))):
        seeker = jobs.seeker_register(actor=worker_a, resident=person, source="worker", now=NOW)
        ref = jobs.referral_create(actor=worker_a, seeker=seeker, posting=posting, now=NOW)
        jobs.placement_decide(actor=worker_a, placement=ref, hired=True, start=start, now=NOW)
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    later = NOW + dt.timedelta(days=60)
    a = tree.community_a.pk
    assert indicators.placed(*year, later, None) == {a: (2.0, None)}
    assert indicators.jobs(*year, later, None) == {a: (3.0, None)}  # 1 opening left + 2 filled
    assert indicators.dibao_placed(*year, later, None) == {a: (1.0, None)}
    assert indicators.dibao_placed(*year, later, [tree.community_b.pk]) == {}
