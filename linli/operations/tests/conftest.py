"""Operations cast: departments of street 建外 (the tickets' 吹哨报到 records) and a fixed working day."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import id_number
from linli.accounts.actions import user_create
from linli.accounts.roles import Role
from linli.tickets.models import Department
from linli.volunteers.models import Volunteer

PASSWORD = "correct-horse-42"
TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday morning, a working day.
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=TZ)
# Far enough ahead for the 30 working days' notice.
START = dt.date(2026, 6, 1)


@pytest.fixture
def department(tree):
    return Department.objects.create(street=tree.street, name="区卫健委")


@pytest.fixture
def other_department(tree):
    return Department.objects.create(street=tree.other_street, name="区住建委")


@pytest.fixture
def other_street_officer(tree):
    return user_create(
        actor=None,
        display_name="朝外街道干部",
        username="street_c",
        password=PASSWORD,
        role=Role.STREET_OFFICER,
        area=tree.other_street,
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


@pytest.fixture
def volunteers(tree):
    out = []
    for i in range(2):
        user = user_create(
            actor=None,
            display_name=f"志愿者{i}",
            username=f"vol{i}",
            password=PASSWORD,
            role=Role.RESIDENT,
            area=tree.community_a,
        )
        out.append(
            Volunteer.objects.create(
                number=f"V{i}",
                community=tree.community_a,
                name=f"志愿者{i}",
                id_number=id_number("19900101", f"2{i}1"),
                user=user,
                registered_at=NOW,
            )
        )
    return out
