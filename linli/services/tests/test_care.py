"""Entitlements, the redemption ledger and meal bookings: cut-off, capacity, balance, one redemption."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, NotFound
from linli.registry.models import CareTag, Resident
from linli.services import actions, care
from linli.services.models import Entitlement, EntitlementKind, Mode, Redemption
from linli.services.tests.conftest import NOW


@pytest.fixture
def meals(scene, worker_a):
    return care.entitlement_grant(
        actor=worker_a,
        resident=scene.me,
        kind=EntitlementKind.MEALS,
        month=NOW.date(),
        granted=2,
        unit_fen=500,
        reason="独居老人助餐补贴",
        now=NOW,
    )


def test_a_worker_grants_a_meal_entitlement_with_a_reason_and_it_is_audited(meals):
    assert (meals.granted, meals.used, meals.month) == (2, 0, dt.date(2026, 3, 1))
    assert AuditEvent.objects.filter(action="services.entitlement.granted").count() == 1


def test_a_grant_without_a_reason_is_refused_on_its_field(scene, worker_a):
    with pytest.raises(DomainError) as exc:
        care.entitlement_grant(
            actor=worker_a, resident=scene.me, kind="meals", month=NOW.date(), granted=2, reason=" ", now=NOW
        )
    assert "reason" in exc.value.fields


def test_a_worker_of_another_community_cannot_grant(scene, worker_b):
    with pytest.raises(NotFound):
        care.entitlement_grant(
            actor=worker_b, resident=scene.me, kind="meals", month=NOW.date(), granted=2, reason="x", now=NOW
        )


def test_rules_grant_meals_to_the_elderly_living_alone_and_care_hours_for_disability_grades_1_2(
    scene, tree, worker_a, household_a
):
    spouse = Resident.objects.exclude(pk=scene.me.pk).get(household=household_a)
    CareTag.objects.create(resident=scene.me, community=tree.community_a, tag="alone")
    CareTag.objects.create(resident=spouse, community=tree.community_a, tag="disability", level=2)
    assert (
        care.entitlements_grant_by_rule(actor=worker_a, community=tree.community_a, month=NOW.date(), now=NOW)
        == 2
    )
    assert Entitlement.objects.get(resident=scene.me).kind == "meals"
    assert Entitlement.objects.get(resident=spouse).kind == "care_hours"
    # Running it again grants nothing twice.
    assert (
        care.entitlements_grant_by_rule(actor=worker_a, community=tree.community_a, month=NOW.date(), now=NOW)
        == 0
    )


@pytest.mark.parametrize("level", [None, 3, 4])
def test_the_care_hours_rule_leaves_out_disability_grades_3_4_and_an_unknown_grade(
    scene, tree, worker_a, household_a, level
):
    spouse = Resident.objects.exclude(pk=scene.me.pk).get(household=household_a)
    CareTag.objects.create(resident=spouse, community=tree.community_a, tag="disability", level=level)
    care.entitlements_grant_by_rule(actor=worker_a, community=tree.community_a, month=NOW.date(), now=NOW)
    assert not Entitlement.objects.filter(resident=spouse, kind="care_hours").exists()


def test_the_resident_books_a_meal_before_the_cut_off_and_the_point_serves_and_redeems_it(
    scene, resident, meals
):
    booking = care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=NOW)
    redemption = care.meal_serve(actor=scene.canteen_user, booking=booking, now=NOW)
    assert redemption.amount_fen == 500
    meals.refresh_from_db()
    assert meals.balance == 1


def test_booking_past_the_cut_off_gets_a_clear_message(scene, resident, meals):
    late = NOW.replace(hour=9, minute=45)
    with pytest.raises(DomainError) as exc:
        care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=late)
    assert exc.value.code == "past_cutoff"
    assert "09:30" in exc.value.fields["day"][0]


def test_a_full_day_refuses_the_next_booking(scene, worker_a, resident, meals, household_a):
    from linli.services.models import Provider

    Provider.objects.filter(pk=scene.canteen.pk).update(capacity_per_day=1)
    spouse = Resident.objects.exclude(pk=scene.me.pk).get(household=household_a)
    care.entitlement_grant(
        actor=worker_a, resident=spouse, kind="meals", month=NOW.date(), granted=5, reason="x", now=NOW
    )
    care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=NOW)
    with pytest.raises(DomainError) as exc:
        care.meal_book(actor=worker_a, point=scene.canteen, resident=spouse, day=NOW.date(), now=NOW)
    assert exc.value.code == "full"


def test_booking_without_an_entitlement_is_refused(scene, resident):
    with pytest.raises(DomainError) as exc:
        care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=NOW)
    assert exc.value.code == "no_entitlement"


def test_a_booking_is_redeemed_once_even_when_served_twice(scene, resident, meals):
    booking = care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=NOW)
    care.meal_serve(actor=scene.canteen_user, booking=booking, now=NOW)
    with pytest.raises(DomainError) as exc:
        care.meal_serve(actor=scene.canteen_user, booking=booking, now=NOW)
    assert exc.value.code == "not_booked"
    assert Redemption.objects.count() == 1


def test_the_balance_never_goes_negative(scene, meals, resident):
    care._redeem(actor=None, entitlement=meals, units=2, provider=None, now=NOW)
    with pytest.raises(DomainError) as exc:
        care._redeem(actor=None, entitlement=meals, units=1, provider=None, now=NOW)
    assert exc.value.code == "no_balance"
    meals.refresh_from_db()
    assert meals.used == meals.granted == 2


def test_an_order_for_a_subsidised_service_is_paid_from_the_entitlement_once(
    scene, tree, resident, worker_a, meals
):
    order = actions.order_create(
        actor=resident, service=scene.meal, community=tree.community_a, description="送午餐", now=NOW
    )
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.DIRECT, provider=scene.canteen, now=NOW)
    actions.order_accept(
        actor=scene.canteen_user,
        order=order,
        provider=scene.canteen,
        eta=NOW + dt.timedelta(hours=1),
        now=NOW,
    )
    actions.order_complete(actor=scene.canteen_user, order=order, now=NOW)
    assert Redemption.objects.get().order == order
    meals.refresh_from_db()
    assert meals.used == 1


def test_another_meal_point_cannot_serve_a_booking(scene, resident, meals):
    booking = care.meal_book(actor=resident, point=scene.canteen, resident=scene.me, day=NOW.date(), now=NOW)
    with pytest.raises(NotFound):
        care.meal_serve(actor=scene.fixit_user, booking=booking, now=NOW)
