"""Services cast: a catalogue, providers of street 建外 and their staff, a resident with a record."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from linli.accounts.actions import user_create
from linli.accounts.roles import Role
from linli.registry.models import Resident
from linli.services.actions import provider_member_add, provider_register, service_type_save
from linli.services.models import Provider, ServiceType

PASSWORD = "correct-horse-42"
TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday morning, a working day.
NOW = dt.datetime(2026, 3, 10, 8, 0, tzinfo=TZ)


@dataclass
class Scene:
    repair: ServiceType
    cleaning: ServiceType
    meal: ServiceType
    fixit: Provider  # street-wide repairs
    handy: Provider  # community A repairs
    canteen: Provider  # meal point for the street
    fixit_user: object
    handy_user: object
    canteen_user: object
    me: Resident  # the `resident` user's own registry record


def _staff(name, username, area):
    return user_create(
        actor=None, display_name=name, username=username, password=PASSWORD, role=Role.PROVIDER, area=area
    )


@pytest.fixture
def scene(tree, resident, household_a) -> Scene:
    repair = service_type_save(
        actor=None,
        code="repair-water",
        category="repairs",
        name="水电维修",
        name_en="Plumbing and wiring",
        price_fen=5000,
        response_hours=2,
        completion_days=1,
        accept_minutes=15,
    )
    cleaning = service_type_save(
        actor=None,
        code="cleaning",
        category="domestic",
        name="家政保洁",
        name_en="House cleaning",
        price_fen=8000,
    )
    meal = service_type_save(
        actor=None,
        code="meal-delivery",
        category="meals",
        name="助餐送餐",
        name_en="Meal delivery",
        price_fen=1500,
        subsidy_fen=500,
        min_age=60,
        entitlement_kind="meals",
    )
    fixit = provider_register(
        actor=None,
        area=tree.street,
        name="建外便民维修部",
        kind="convenience",
        service_areas=[tree.street],
        services=[repair],
        licence_number="L-1",
        licence_expires=dt.date(2027, 12, 31),
        grade="4",
        capacity_per_day=5,
        now=NOW,
    )
    handy = provider_register(
        actor=None,
        area=tree.community_a,
        name="甲社区家政",
        kind="domestic",
        service_areas=[tree.community_a],
        services=[repair, cleaning],
        licence_expires=dt.date(2027, 6, 30),
        grade="3",
        now=NOW,
    )
    canteen = provider_register(
        actor=None,
        area=tree.street,
        name="建外养老助餐点",
        kind="meal_point",
        service_areas=[tree.street],
        services=[meal],
        capacity_per_day=2,
        meal_cutoff=dt.time(9, 30),
        now=NOW,
    )
    users = {}
    for provider, username in ((fixit, "fixit"), (handy, "handy"), (canteen, "canteen")):
        users[username] = _staff(provider.name, username, provider.area)
        provider_member_add(actor=None, provider=provider, user=users[username])
    me = household_a.head
    Resident.objects.filter(pk=me.pk).update(user=resident)
    me.refresh_from_db()
    return Scene(
        repair=repair,
        cleaning=cleaning,
        meal=meal,
        fixit=fixit,
        handy=handy,
        canteen=canteen,
        fixit_user=users["fixit"],
        handy_user=users["handy"],
        canteen_user=users["canteen"],
        me=me,
    )


@pytest.fixture
def director_a(tree):
    return user_create(
        actor=None,
        display_name="主任甲",
        username="director_a",
        password=PASSWORD,
        role=Role.DIRECTOR,
        area=tree.community_a,
    )
