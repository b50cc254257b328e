import datetime as dt

import pytest

from conftest import id_number
from linli.areas.models import Area
from linli.registry.actions import PersonData, household_register

NOW = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 15)
LAST_MONTH = dt.date(2026, 2, 10)
LONG_AGO = dt.date(2020, 1, 1)
EARLIER = NOW - dt.timedelta(days=30)


def set_space(area: Area, office: int | None, service: int | None) -> None:
    Area.objects.filter(pk=area.pk).update(office_m2=office, service_m2=service)


@pytest.fixture
def spaces(tree):
    """A: 150 + 250 m² (meets 350), B: 90 + 110 (does not), C: 200 + 150 (meets exactly)."""
    set_space(tree.community_a, 150, 250)
    set_space(tree.community_b, 90, 110)
    set_space(tree.community_c, 200, 150)
    return tree


@pytest.fixture
def director_a(tree):
    from conftest import _user
    from linli.accounts.roles import Role

    return _user("主任甲", Role.DIRECTOR, tree.community_a, username="director_a")


@pytest.fixture
def people(tree):
    """常住人口: A 10, B 20, C none (each a household of one, living here since 2020)."""
    n = 0
    for community, count in ((tree.community_a, 10), (tree.community_b, 20)):
        for _ in range(count):
            n += 1
            household_register(
                actor=None,
                community=community,
                head=PersonData(
                    name=f"居民{n}", id_number=id_number("19700101", f"{n:03d}"), lives_since=LONG_AGO
                ),
                now=NOW,
            )
    return tree


def volunteer(community, n, *, left_at=None):
    from linli.volunteers.models import Volunteer, VolunteerStatus

    return Volunteer.objects.create(
        number=f"V{n:04d}",
        community=community,
        name=f"志愿者{n}",
        id_number=id_number("19800101", f"{n:03d}"),
        registered_at=EARLIER,
        status=VolunteerStatus.LEFT if left_at else VolunteerStatus.ACTIVE,
        left_at=left_at,
    )
