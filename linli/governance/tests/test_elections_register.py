import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, Forbidden, NotFound
from linli.governance.elections.actions import (
    application_decide,
    application_submit,
    candidate_nominate,
    candidates_publish,
    nomination_open,
    objection_decide,
    objection_file,
    register_build,
    register_correct,
)
from linli.governance.models import Basis, Position, Stage, VoterEntry
from linli.governance.tests.conftest import BUILD, CUTOFF, DAY, NOMINATE, TZ, announce, person
from linli.registry.models import Resident

TURNS_18_ON_DAY = "20080418"  # election day 2026-04-18
TURNS_18_DAY_AFTER = "20080419"


def listed_names(election) -> set[str]:
    return set(VoterEntry.objects.filter(election=election, is_listed=True).values_list("name", flat=True))


def test_register_lists_adults_living_here_on_the_cutoff_date(tree, worker_a):
    c = tree.community_a
    person(c, "十八岁当天", TURNS_18_ON_DAY)
    person(c, "差一天", TURNS_18_DAY_AFTER)
    moved = person(c, "已迁出")
    Resident.objects.filter(pk=moved.pk).update(
        status="moved_out", left_at=dt.datetime(2026, 3, 10, tzinfo=TZ)
    )
    after = person(c, "截止后迁出")
    Resident.objects.filter(pk=after.pk).update(
        status="transferred", left_at=dt.datetime(2026, 3, 21, tzinfo=TZ)
    )
    person(c, "截止后迁入", registered=dt.datetime(2026, 3, 21, 9, tzinfo=TZ))
    dead = person(c, "已故")
    Resident.objects.filter(pk=dead.pk).update(status="deceased")
    person(c, "流动未申请", kind="floating")
    # Living here with the 户口 elsewhere in Beijing: may apply, the committee decides.
    person(c, "人在户不在", kind="resident")
    # Registered here, living elsewhere: listed only once they say they take part here.
    person(c, "户在人不在", lives_where="elsewhere")
    person(tree.community_b, "别的社区")
    election = announce(c, worker_a)
    assert register_build(actor=worker_a, election=election, now=BUILD) == 2
    assert listed_names(election) == {"十八岁当天", "截止后迁出"}
    election.refresh_from_db()
    assert election.stage == Stage.REGISTER and election.objection_deadline == dt.date(2026, 3, 25)


def test_floating_resident_who_applies_and_meets_the_rule_is_listed(tree, worker_a):
    c = tree.community_a
    long_here = person(c, "流动满一年", kind="floating", registered=dt.datetime(2025, 3, 1, 9, tzinfo=TZ))
    recent = person(c, "流动不满一年", kind="floating", registered=dt.datetime(2025, 12, 1, 9, tzinfo=TZ))
    person(c, "流动未申请", kind="floating", registered=dt.datetime(2024, 1, 1, 9, tzinfo=TZ))
    election = announce(c, worker_a)
    ok = application_submit(actor=worker_a, election=election, resident=long_here, now=BUILD)
    short = application_submit(actor=worker_a, election=election, resident=recent, now=BUILD)
    application_decide(actor=worker_a, application=ok, accept=True, now=BUILD)
    with pytest.raises(DomainError) as info:
        application_decide(actor=worker_a, application=short, accept=True, now=BUILD)
    assert info.value.code == "rule_not_met" and "365" in str(info.value.message)
    register_build(actor=worker_a, election=election, now=BUILD)
    assert listed_names(election) == {"流动满一年"}
    assert VoterEntry.objects.get(name="流动满一年").basis == Basis.APPLICATION


def test_resident_applies_for_themself_but_not_for_others(tree, worker_a, resident):
    c = tree.community_a
    me = person(c, "我自己", kind="floating", registered=dt.datetime(2024, 1, 1, 9, tzinfo=TZ), user=resident)
    other = person(c, "别人", kind="floating")
    election = announce(c, worker_a)
    application_submit(actor=resident, election=election, resident=me, now=BUILD)
    with pytest.raises(Forbidden):
        application_submit(actor=resident, election=election, resident=other, now=BUILD)


def test_application_accepted_after_the_register_is_built_adds_the_voter(tree, worker_a):
    c = tree.community_a
    f = person(c, "后来申请", kind="floating", registered=dt.datetime(2024, 1, 1, 9, tzinfo=TZ))
    election = announce(c, worker_a)
    register_build(actor=worker_a, election=election, now=BUILD)
    app = application_submit(actor=worker_a, election=election, resident=f, now=BUILD)
    application_decide(actor=worker_a, application=app, accept=True, now=BUILD)
    assert listed_names(election) == {"后来申请"}


def test_household_method_lists_one_representative_per_household(tree, worker_a, household_a):
    household_a.members.update(registered_at=dt.datetime(2020, 1, 1, tzinfo=TZ))
    person(tree.community_a, "独居")
    election = announce(tree.community_a, worker_a, method="household")
    assert register_build(actor=worker_a, election=election, now=BUILD) == 2
    assert listed_names(election) == {"王建国", "独居"}


def test_group_representatives_are_limited_per_group(tree, worker_a):
    people = [person(tree.community_a, f"代表{i}") for i in range(4)]
    election = announce(tree.community_a, worker_a, method="group")
    assert register_build(actor=worker_a, election=election, now=BUILD) == 0
    for p in people[:3]:
        register_correct(
            actor=worker_a,
            election=election,
            resident=p,
            listed=True,
            reason="小组推选",
            group_name="一组",
            now=BUILD,
        )
    with pytest.raises(DomainError) as info:
        register_correct(
            actor=worker_a,
            election=election,
            resident=people[3],
            listed=True,
            reason="小组推选",
            group_name="一组",
        )
    assert info.value.code == "group_full"


def test_objection_within_the_window_corrects_the_register_with_audit(tree, worker_a, resident):
    c = tree.community_a
    me = person(c, "提异议者", user=resident)
    young = person(c, "未满十八", "20100101")
    election = announce(c, worker_a)
    register_build(actor=worker_a, election=election, now=BUILD)
    objection = objection_file(
        actor=resident, election=election, kind="omitted", subject=young, text="他已满十八岁", now=BUILD
    )
    objection_decide(actor=worker_a, objection=objection, accept=True, answer="经核实户口簿有误", now=BUILD)
    assert listed_names(election) == {"提异议者", "未满十八"}
    event = AuditEvent.objects.filter(action="governance.register.corrected").get()
    assert event.actor == worker_a and "经核实户口簿有误" in event.details["reason"]
    late = dt.datetime(2026, 3, 26, 9, tzinfo=TZ)
    with pytest.raises(DomainError) as info:
        objection_file(
            actor=resident, election=election, kind="wrongly_listed", subject=me, text="x", now=late
        )
    assert info.value.code == "too_late"


def test_nomination_waits_for_the_objection_window_and_answers(tree, worker_a, voters):
    election = announce(tree.community_a, worker_a)
    register_build(actor=worker_a, election=election, now=BUILD)
    with pytest.raises(DomainError) as info:
        nomination_open(actor=worker_a, election=election, now=BUILD)
    assert info.value.code == "objections_open"
    nomination_open(actor=worker_a, election=election, now=NOMINATE)


def test_candidates_need_more_than_the_seats(tree, worker_a, voters):
    election = announce(tree.community_a, worker_a)
    register_build(actor=worker_a, election=election, now=BUILD)
    nomination_open(actor=worker_a, election=election, now=NOMINATE)
    entries = list(election.register.all())
    for position, idx in [("director", [0]), ("deputy", [1, 2]), ("member", [3, 4, 5, 6])]:
        for i in idx:
            candidate_nominate(
                actor=worker_a, election=election, position=position, entry=entries[i], nominated_by="self"
            )
    with pytest.raises(DomainError) as info:
        candidates_publish(actor=worker_a, election=election, now=NOMINATE)
    message = str(info.value.message)
    assert info.value.code == "too_few_candidates"
    assert str(Position.DIRECTOR.label) in message and str(Position.MEMBER.label) not in message
    with pytest.raises(DomainError) as joint:
        candidate_nominate(
            actor=worker_a,
            election=election,
            position="director",
            entry=entries[7],
            nominated_by="joint",
            supporters=9,
        )
    assert joint.value.code == "too_few_supporters"
    candidate_nominate(
        actor=worker_a,
        election=election,
        position="director",
        entry=entries[7],
        nominated_by="joint",
        supporters=10,
    )
    candidates_publish(actor=worker_a, election=election, now=NOMINATE)
    election.refresh_from_db()
    assert election.stage == Stage.CANDIDATES


def test_committee_size_and_one_director_come_from_the_settings(tree, worker_a, settings):
    with pytest.raises(DomainError) as info:
        announce(tree.community_a, worker_a, seats={"director": 1, "deputy": 1, "member": 8})
    assert info.value.code == "committee_size"
    with pytest.raises(DomainError):
        announce(tree.community_a, worker_a, seats={"director": 2, "member": 3})
    settings.GOV_COMMITTEE_MAX = 11
    assert announce(tree.community_a, worker_a, seats={"director": 1, "deputy": 1, "member": 8}).pk


def test_outsiders_cannot_run_an_election(tree, worker_b, resident, worker_a):
    with pytest.raises(NotFound):
        announce(tree.community_a, worker_b)
    with pytest.raises(NotFound):
        announce(tree.community_a, resident)
    election = announce(tree.community_a, worker_a)
    with pytest.raises(NotFound):
        register_build(actor=worker_b, election=election, now=BUILD)


def test_day_and_cutoff_are_checked(tree, worker_a):
    with pytest.raises(DomainError) as info:
        announce(tree.community_a, worker_a, register_cutoff=DAY + dt.timedelta(days=1))
    assert info.value.fields["register_cutoff"]
    election = announce(tree.community_a, worker_a)
    with pytest.raises(DomainError):
        register_build(actor=worker_a, election=election, now=dt.datetime(2026, 3, 19, 9, tzinfo=TZ))
    assert dt.date(2026, 3, 20) == CUTOFF


def test_registered_here_but_living_elsewhere_is_listed_when_they_say_they_take_part(tree, worker_a):
    c = tree.community_a
    away = person(c, "户在人不在", lives_where="elsewhere")
    election = announce(c, worker_a)
    app = application_submit(actor=worker_a, election=election, resident=away, now=BUILD)
    assert app.status == "accepted"  # no committee decision for them
    register_build(actor=worker_a, election=election, now=BUILD)
    assert listed_names(election) == {"户在人不在"}
    assert VoterEntry.objects.get(name="户在人不在").basis == Basis.OPT_IN


def test_living_here_with_the_hukou_elsewhere_applies_and_the_residence_year_counts_from_living_here(
    tree, worker_a
):
    c = tree.community_a
    here = person(c, "人在户不在", kind="resident", registered=dt.datetime(2020, 1, 1, 9, tzinfo=TZ))
    # Registered long ago, but living here only since December: less than a year by the cut-off.
    Resident.objects.filter(pk=here.pk).update(lives_since=dt.date(2025, 12, 1))
    here.refresh_from_db()
    election = announce(c, worker_a)
    app = application_submit(actor=worker_a, election=election, resident=here, now=BUILD)
    assert app.status == "pending"
    with pytest.raises(DomainError) as info:
        application_decide(actor=worker_a, application=app, accept=True, now=BUILD)
    assert info.value.code == "rule_not_met"


def test_nobody_stands_on_two_communities_registers_of_one_period(tree, worker_a, worker_b):
    from conftest import id_number

    same = id_number("19700202", "123")
    in_a = person(tree.community_a, "两地", id_digits=same)
    election_a = announce(tree.community_a, worker_a)
    register_build(actor=worker_a, election=election_a, now=BUILD)
    assert "两地" in listed_names(election_a)
    # Moved to B after A's cut-off: still on A's register, and now recorded in B.
    Resident.objects.filter(pk=in_a.pk).update(
        status="moved_out", left_at=dt.datetime(2026, 3, 21, tzinfo=TZ)
    )
    in_b = person(tree.community_b, "两地", id_digits=same)
    election_b = announce(tree.community_b, worker_b)
    register_build(actor=worker_b, election=election_b, now=BUILD)
    assert "两地" not in listed_names(election_b)
    with pytest.raises(DomainError) as info:
        register_correct(actor=worker_b, election=election_b, resident=in_b, listed=True, reason="补登")
    assert info.value.code == "listed_elsewhere"
