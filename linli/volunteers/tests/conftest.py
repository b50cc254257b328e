"""Volunteers cast: 王建国 (the `resident` user's own record in community A) and 李秀英 of his
household; an activity of community A tomorrow morning with two places, organised by worker_a."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from conftest import id_number
from linli.registry.models import Resident
from linli.volunteers import actions
from linli.volunteers.models import Activity, Shift, Volunteer

TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday morning.
NOW = dt.datetime(2026, 3, 10, 8, 0, tzinfo=TZ)
START = NOW + dt.timedelta(days=1)  # Wednesday 08:00
END = START + dt.timedelta(hours=3)


@dataclass
class Scene:
    me: Volunteer  # the `resident` user's volunteer record, linked to 王建国
    spouse: Resident  # 李秀英, same household, not a volunteer
    other: Volunteer  # a volunteer of community A with no account
    third: Volunteer
    activity: Activity
    shift: Shift


@pytest.fixture
def scene(tree, resident, worker_a, household_a) -> Scene:
    head = household_a.head
    Resident.objects.filter(pk=head.pk).update(user=resident)
    me = actions.volunteer_register(
        actor=worker_a,
        community=tree.community_a,
        name="王建国",
        id_number=head.id_number,
        phone="13600000001",
        skills=["elderly", "patrol"],
        availability=["weekend"],
        now=NOW,
    )
    other = actions.volunteer_register(
        actor=worker_a,
        community=tree.community_a,
        name="赵敏",
        id_number=id_number("19900505", "033"),
        now=NOW,
    )
    third = actions.volunteer_register(
        actor=worker_a,
        community=tree.community_a,
        name="钱多",
        id_number=id_number("19910606", "044"),
        now=NOW,
    )
    activity = actions.activity_create(
        actor=worker_a,
        area=tree.community_a,
        title="助老上门",
        place="甲社区服务站",
        starts_at=START,
        ends_at=END,
        capacity=2,
        skills=["elderly"],
        now=NOW,
    )
    spouse = Resident.objects.get(household=household_a, relation="spouse")
    return Scene(
        me=me, spouse=spouse, other=other, third=third, activity=activity, shift=activity.shifts.get()
    )
