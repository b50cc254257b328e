import datetime as dt

import pytest

from linli.accounts.actions import user_create
from linli.accounts.roles import Role
from linli.tickets import actions
from linli.tickets.calendar import TZ
from linli.tickets.models import Category, Department

# A Monday in an ordinary week (2026-11-23), 10:00 Beijing time.
MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


@pytest.fixture
def sms_outbox():
    """The messages the test settings' SMS backend was handed, emptied first."""
    from linli.tickets.notify import MemoryBackend

    MemoryBackend.outbox.clear()
    return MemoryBackend.outbox


@pytest.fixture
def leak() -> Category:
    """楼上漏水: 8 working hours to respond, 5 working days to handle, at the community."""
    return Category.objects.get(code="neighbours-leak")


@pytest.fixture(autouse=True)
def _shipped_defaults(django_db_setup, django_db_blocker):
    """The data migration's categories and calendar, back after a transactional test flushed them."""
    from linli.tickets import calendar
    from linli.tickets.defaults import load
    from linli.tickets.models import CalendarDay, CalendarNotice

    with django_db_blocker.unblock():
        if not Category.objects.exists():
            load(Category, CalendarDay, CalendarNotice)
            calendar.changed()


@pytest.fixture(autouse=True)
def _calendar_forgets_rolled_back_notices():
    """A notice a test entered is rolled back with it; the process's calendar must forget it too."""
    from linli.tickets import calendar

    yield
    calendar.changed()


@pytest.fixture
def director_a(tree):
    return user_create(
        actor=None,
        display_name="主任甲",
        username="director_a",
        password="correct-horse-42",
        role=Role.DIRECTOR,
        area=tree.community_a,
    )


@pytest.fixture
def worker_a2(tree):
    return user_create(
        actor=None,
        display_name="工作者甲二",
        username="worker_a2",
        password="correct-horse-42",
        role=Role.WORKER,
        area=tree.community_a,
    )


@pytest.fixture
def department(tree) -> Department:
    return Department.objects.create(street=tree.street, name="城管执法队")


@pytest.fixture
def ticket(tree, resident, leak):
    """A resident's request in community A, submitted on MONDAY."""
    return actions.ticket_submit(
        actor=resident,
        community=tree.community_a,
        category=leak,
        description="楼上卫生间漏水到我家厨房",
        now=MONDAY,
    )


@pytest.fixture
def make_ticket(tree, resident, leak):
    def make(**kw):
        args = {
            "actor": resident,
            "community": tree.community_a,
            "category": leak,
            "description": "漏水",
            "now": MONDAY,
        }
        args.update(kw)
        return actions.ticket_submit(**args)

    return make
