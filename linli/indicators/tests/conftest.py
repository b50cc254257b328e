import datetime as dt

import pytest

from linli.areas.models import Area

NOW = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 15)
LAST_MONTH = dt.date(2026, 2, 10)


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
