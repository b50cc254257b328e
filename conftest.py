"""The shared cast, as in healthchecks' alice/bob/charlie.

Areas: 北京市 110000 → 朝阳区 110105 → 建外街道 110105001000 → community A 110105001001 and its
sibling B 110105001002; a second street 110105002000 with community C 110105002001; and a second
district 东城区 110101.
Users: resident (A), worker_a (A), worker_b (B), street_officer (above A and B),
district_officer (朝阳区), agent (city), city_admin (city).
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from linli.accounts.actions import user_create
from linli.accounts.models import User
from linli.accounts.roles import Role
from linli.areas.actions import area_create
from linli.areas.models import Area

PASSWORD = "correct-horse-42"


@dataclass
class Tree:
    city: Area
    district: Area
    other_district: Area
    street: Area
    other_street: Area
    community_a: Area
    community_b: Area
    community_c: Area
    grid_a: Area


@pytest.fixture
def tree(db) -> Tree:
    city = area_create(actor=None, code="110000", name="北京市")
    district = area_create(actor=None, code="110105", name="朝阳区")
    other_district = area_create(actor=None, code="110101", name="东城区")
    street = area_create(actor=None, code="110105001000", name="建外街道")
    other_street = area_create(actor=None, code="110105002000", name="朝外街道")
    return Tree(
        city=city,
        district=district,
        other_district=other_district,
        street=street,
        other_street=other_street,
        community_a=area_create(actor=None, code="110105001001", name="甲社区"),
        community_b=area_create(actor=None, code="110105001002", name="乙社区"),
        community_c=area_create(actor=None, code="110105002001", name="丙社区"),
        grid_a=area_create(actor=None, code="110105001001-01", name="甲社区第1网格"),
    )


def _user(name: str, role: Role, area: Area, *, username: str = "", phone: str = "") -> User:
    return user_create(
        actor=None, display_name=name, username=username, phone=phone, password=PASSWORD, role=role, area=area
    )


@pytest.fixture
def resident(tree: Tree) -> User:
    return _user("居民王", Role.RESIDENT, tree.community_a, phone="13800000001")


@pytest.fixture
def worker_a(tree: Tree) -> User:
    return _user("工作者甲", Role.WORKER, tree.community_a, username="worker_a", phone="13900000001")


@pytest.fixture
def worker_b(tree: Tree) -> User:
    return _user("工作者乙", Role.WORKER, tree.community_b, username="worker_b", phone="13900000002")


@pytest.fixture
def street_officer(tree: Tree) -> User:
    return _user("街道干部", Role.STREET_OFFICER, tree.street, username="street")


@pytest.fixture
def district_officer(tree: Tree) -> User:
    return _user("区民政", Role.DISTRICT_OFFICER, tree.district, username="district")


@pytest.fixture
def agent(tree: Tree) -> User:
    return _user("坐席", Role.AGENT, tree.city, username="agent")


@pytest.fixture
def city_admin(tree: Tree) -> User:
    return _user("市管理员", Role.CITY_ADMIN, tree.city, username="admin")


def signed_in(user: User, *, verified: bool = True) -> Client:
    """A client signed in as `user`; staff also past their second factor unless verified=False."""
    client = Client()
    client.force_login(user)
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def login():
    return signed_in


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    """Environment for running `manage.py` under production settings (no DEBUG, demo or Redis)."""
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LINLI_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="linli.settings",
        LINLI_ENV_FILE=str(tmp_path / "none.env"),
        LINLI_SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        LINLI_FIELD_KEYS="Clko756fPtNLlfGOIF2xhzX_Ep7mN4IQFEPBU8DFqdI=",
        LINLI_BLIND_INDEX_KEY="blind-index-key",
        LINLI_AUDIT_KEY="audit-key",
        LINLI_ALLOWED_HOSTS="linli.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    )
    return env


# A valid ID number (GB 11643 check character computed) for a birth date and sequence.
def id_number(birth: str, seq: str = "001", area: str = "110105") -> str:
    from linli.common.idnumber import check_character

    first17 = area + birth + seq
    return first17 + check_character(first17)


@pytest.fixture
def household_a(tree: Tree):
    """A registered household in community A: 王建国 (head, born 1950) and 李秀英 (spouse)."""
    from linli.registry.actions import PersonData, household_register, resident_add

    household = household_register(
        actor=None,
        community=tree.community_a,
        head=PersonData(name="王建国", id_number=id_number("19500101", "011"), phone="13600000001"),
    )
    resident_add(
        actor=None,
        household=household,
        relation="spouse",
        person=PersonData(name="李秀英", id_number=id_number("19520303", "022")),
    )
    return household
