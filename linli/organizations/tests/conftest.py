"""Organizations cast: two organizations of community A (one the fitness association), one of
community B, an organiser (a resident who chairs A's dance team), and a worker of A holding the
"party" sensitive grant."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from linli.accounts.actions import user_create
from linli.accounts.models import SensitiveGrant
from linli.accounts.roles import Role
from linli.organizations import actions
from linli.organizations.models import Organization, PartyOrganization

PASSWORD = "correct-horse-42"
TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday in June: last year's annual reports (due 31 May) are overdue.
NOW = dt.datetime(2026, 6, 9, 10, 0, tzinfo=TZ)
TODAY = NOW.date()


@dataclass
class Scene:
    dance: Organization
    fitness: Organization
    b_org: Organization
    organiser: object
    party_worker_a: object  # worker of A with the party grant
    committee: PartyOrganization
    branch: PartyOrganization


def register(community, name, **extra):
    values = {
        "kind": "culture",
        "standing": "filed",
        "founded_on": dt.date(2020, 3, 1),
        "contact_name": "王芳",
        "contact_phone": "13910000001",
    }
    values.update(extra)
    return actions.organization_register(actor=None, community=community, name=name, now=NOW, **values)


@pytest.fixture
def scene(tree, resident) -> Scene:
    dance = register(tree.community_a, "甲社区舞蹈队")
    fitness = register(tree.community_a, "甲社区健身协会", kind="sport", is_fitness_association=True)
    b_org = register(tree.community_b, "乙社区互助社", kind="mutual_aid")
    actions.member_add(
        actor=None,
        org=dance,
        name="张三",
        role="chair",
        joined_on=dt.date(2020, 3, 1),
        user=resident,
        now=NOW,
    )
    keeper = user_create(
        actor=None,
        display_name="党建干事",
        username="party_keeper",
        password=PASSWORD,
        role=Role.WORKER,
        area=tree.community_a,
    )
    SensitiveGrant.objects.create(user=keeper, category="party", area=tree.community_a, reason="党建工作")
    committee = actions.party_org_add(
        actor=None, community=tree.community_a, kind="committee", name="甲社区党委", now=NOW
    )
    branch = actions.party_org_add(
        actor=None, community=tree.community_a, kind="branch", name="第一党支部", parent=committee, now=NOW
    )
    return Scene(dance, fitness, b_org, resident, keeper, committee, branch)
