import datetime as dt

import pytest
from django.db.models import Sum

from conftest import id_number
from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.volunteers import actions, checkin_code
from linli.volunteers.models import (
    Account,
    AccountKind,
    Movement,
    SignUpStatus,
    Transfer,
    TransferKind,
    stars_for,
)
from linli.volunteers.tests.conftest import END, NOW, START

pytestmark = pytest.mark.django_db


def _served(scene, worker_a, volunteer, minutes=None):
    entry = actions.signup(actor=None, shift=scene.shift, volunteer=volunteer, now=NOW)
    actions.check_in(actor=worker_a, entry=entry, now=START)
    actions.check_out(actor=worker_a, entry=entry, now=END)
    return actions.sign_off(actor=worker_a, entry=entry, minutes=minutes, now=END)


def test_registration_links_the_registry_record_and_gives_a_number_of_its_own(scene, resident, household_a):
    me = scene.me
    assert me.resident_id == household_a.head.pk and me.user_id == resident.pk
    assert me.number.startswith("V") and household_a.head.id_number not in me.number
    assert me.id_index == household_a.head.id_index  # the registry's blind index, same kind
    assert Account.objects.get(volunteer=me).balance == 0
    assert AuditEvent.objects.filter(action="volunteers.volunteer.registered").count() == 3


def test_the_same_person_cannot_register_twice_even_typed_full_width(scene, worker_b, tree, household_a):
    wide = household_a.head.id_number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    with pytest.raises(DomainError) as exc:
        actions.volunteer_register(
            actor=worker_b, community=tree.community_b, name="王建国", id_number=wide, now=NOW
        )
    assert exc.value.code == "already_registered" and scene.me.number in str(exc.value.message)


def test_someone_with_no_registry_record_is_a_volunteer_too(scene):
    assert scene.other.resident_id is None


def test_bad_id_number_and_unknown_skill_are_refused_on_their_fields(tree, worker_a):
    with pytest.raises(DomainError) as exc:
        actions.volunteer_register(
            actor=worker_a, community=tree.community_a, name="x", id_number="123", skills=["flying"], now=NOW
        )
    assert set(exc.value.fields) == {"id_number", "skills"}


def test_worker_of_another_community_cannot_register_here(tree, worker_b):
    with pytest.raises(DomainError) as exc:
        actions.volunteer_register(
            actor=worker_b, community=tree.community_a, name="x", id_number=id_number("19800101"), now=NOW
        )
    assert exc.value.status == 404


def test_sign_up_fills_then_waits_and_a_cancelled_place_goes_to_the_first_waiting(scene):
    a = actions.signup(actor=None, shift=scene.shift, volunteer=scene.me, now=NOW)
    b = actions.signup(actor=None, shift=scene.shift, volunteer=scene.other, now=NOW)
    c = actions.signup(actor=None, shift=scene.shift, volunteer=scene.third, now=NOW)
    assert [a.status, b.status, c.status] == ["confirmed", "confirmed", "waiting"]
    with pytest.raises(DomainError) as exc:
        actions.signup(actor=None, shift=scene.shift, volunteer=scene.me, now=NOW)
    assert exc.value.code == "already_signed_up"
    actions.signup_cancel(actor=None, entry=a, now=NOW)
    c.refresh_from_db()
    scene.shift.refresh_from_db()
    assert c.status == SignUpStatus.CONFIRMED and scene.shift.confirmed == 2


def test_another_resident_cannot_sign_someone_up(scene, worker_b):
    with pytest.raises(DomainError) as exc:
        actions.signup(actor=worker_b, shift=scene.shift, volunteer=scene.me, now=NOW)
    assert exc.value.status == 404


def test_check_in_with_the_rotating_code_once_and_refusals(scene, resident):
    entry = actions.signup(actor=resident, shift=scene.shift, volunteer=scene.me, now=NOW)
    at = START + dt.timedelta(minutes=5)
    code = checkin_code.current(scene.activity.qr_key, scene.shift.pk, at)
    # The code of a minute ago is still taken, one older than that is not.
    with pytest.raises(DomainError) as exc:
        actions.check_in(actor=resident, entry=entry, code=code, now=at + dt.timedelta(minutes=3))
    assert exc.value.code == "bad_code"
    # Outside the window (two hours early) even with a fresh code.
    early = START - dt.timedelta(hours=2)
    with pytest.raises(DomainError) as exc:
        actions.check_in(
            actor=resident,
            entry=entry,
            code=checkin_code.current(scene.activity.qr_key, scene.shift.pk, early),
            now=early,
        )
    assert exc.value.code == "outside_window"
    first = actions.check_in(actor=resident, entry=entry, code=code, now=at)
    again = actions.check_in(
        actor=resident, entry=entry, code=code.lower(), now=at + dt.timedelta(seconds=30)
    )
    assert first.checked_in_at == again.checked_in_at == at
    assert AuditEvent.objects.filter(action="volunteers.signup.checked_in").count() == 1


def test_volunteers_cannot_sign_off_their_own_hours(scene, resident, worker_a):
    entry = actions.signup(actor=resident, shift=scene.shift, volunteer=scene.me, now=NOW)
    actions.check_in(actor=worker_a, entry=entry, now=START)
    with pytest.raises(DomainError) as exc:
        actions.sign_off(actor=resident, entry=entry, minutes=60, now=END)
    assert exc.value.status in (403, 404)
    assert not Transfer.objects.exists()


def test_sign_off_posts_a_balanced_transfer_once(scene, worker_a):
    entry = _served(scene, worker_a, scene.me)
    assert entry.minutes == 180
    with pytest.raises(DomainError) as exc:
        actions.sign_off(actor=worker_a, entry=entry, minutes=10, now=END)
    assert exc.value.code == "already_signed_off"
    assert Account.objects.get(volunteer=scene.me).balance == 180
    assert Movement.objects.aggregate(s=Sum("minutes"))["s"] == 0
    issued = Account.objects.get(kind=AccountKind.ISSUED)
    assert issued.balance == -180


def test_gift_to_family_redeem_within_the_credit_limit_and_correct(scene, worker_a, resident, street_officer):
    _served(scene, worker_a, scene.me)
    gift = actions.hours_gift(actor=resident, volunteer=scene.me, to=scene.spouse, minutes=60, now=END)
    family = Account.objects.get(resident=scene.spouse)
    assert family.balance == 60 and gift.movements.count() == 2
    # Not family: refused.
    with pytest.raises(DomainError):
        actions.hours_gift(
            actor=resident, volunteer=scene.me, to=scene.other.resident or scene.spouse, minutes=0
        )
    mine = Account.objects.get(volunteer=scene.me)
    with pytest.raises(DomainError) as exc:
        actions.hours_redeem(actor=resident, account=mine, minutes=121, reason="助浴", now=END)
    assert exc.value.code == "no_balance"
    actions.credit_limit_set(actor=street_officer, account=mine, minutes=60, now=END)
    actions.hours_redeem(actor=resident, account=mine, minutes=150, reason="助浴", now=END)
    mine.refresh_from_db()
    assert mine.balance == -30
    # The signed-off entry is corrected by a reversing transfer with a reason.
    earned = Transfer.objects.get(kind=TransferKind.EARNED)
    with pytest.raises(DomainError):
        actions.transfer_reverse(actor=worker_a, transfer=earned, reason="录错")  # workers may not correct
    with pytest.raises(DomainError) as exc:
        actions.transfer_reverse(actor=street_officer, transfer=earned, reason="录错", now=END)
    assert exc.value.code == "no_balance"  # the hours were spent: the limit holds
    assert Movement.objects.aggregate(s=Sum("minutes"))["s"] == 0


def test_a_correction_reverses_every_movement_once(scene, worker_a, street_officer):
    _served(scene, worker_a, scene.me)
    earned = Transfer.objects.get(kind=TransferKind.EARNED)
    fix = actions.transfer_reverse(actor=street_officer, transfer=earned, reason="重复签到", now=END)
    assert fix.reverses_id == earned.pk and fix.reason == "重复签到"
    assert Account.objects.get(volunteer=scene.me).balance == 0
    with pytest.raises(DomainError) as exc:
        actions.transfer_reverse(actor=street_officer, transfer=earned, reason="again", now=END)
    assert exc.value.code == "already_reversed"
    assert actions.recorded_minutes(scene.me) == 0


def test_star_levels_and_certificate(scene, worker_a, resident):
    assert [stars_for(h * 60) for h in (99, 100, 300, 600, 1000, 1500, 5000)] == [0, 1, 2, 3, 4, 5, 5]
    with pytest.raises(DomainError):
        actions.certificate_issue(actor=resident, volunteer=scene.me, now=END)
    _served(scene, worker_a, scene.me)
    actions.hours_carry_over(
        actor=worker_a, volunteer=scene.me, minutes=100 * 60, reason="2025年台账", now=END
    )
    cert = actions.certificate_issue(actor=resident, volunteer=scene.me, now=END)
    assert cert.minutes == 103 * 60 and cert.stars == 1 and cert.activities == 1 and len(cert.code) == 12


def test_repeating_template_copies_shifts_weekly(scene, worker_a):
    copies = actions.activity_repeat(actor=worker_a, activity=scene.activity, weeks=3, now=NOW)
    assert [c.starts_at - scene.activity.starts_at for c in copies] == [
        dt.timedelta(weeks=i) for i in (1, 2, 3)
    ]
    assert all(c.shifts.count() == 1 for c in copies)


def test_a_whole_shift_is_signed_off_at_once_at_the_served_time(scene, worker_a, resident):
    for v in (scene.me, scene.other):
        entry = actions.signup(actor=None, shift=scene.shift, volunteer=v, now=NOW)
        actions.check_in(actor=worker_a, entry=entry, now=START + dt.timedelta(minutes=30))
        actions.check_out(actor=worker_a, entry=entry, now=END)
    with pytest.raises(DomainError):
        actions.shift_sign_off(actor=resident, shift=scene.shift, now=END)
    assert actions.shift_sign_off(actor=worker_a, shift=scene.shift, now=END) == 2
    assert actions.shift_sign_off(actor=worker_a, shift=scene.shift, now=END) == 0
    assert Account.objects.get(volunteer=scene.me).balance == 150
    assert Account.objects.get(kind=AccountKind.ISSUED).balance == -300
    assert Movement.objects.aggregate(s=Sum("minutes"))["s"] == 0
