import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from linli.accounts.models import User
from linli.common import crypto
from linli.common.crypto import index_of


def raw_phone(user: User) -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        return cur.fetchone()[0]


@pytest.fixture
def person(db) -> User:
    u = User(username="p1", display_name="张三")
    u.phone = "13812345678"
    u.save()
    return u


def test_column_holds_no_plaintext(person):
    stored = raw_phone(person)
    assert "13812345678" not in stored
    assert "5678" not in stored
    assert User.objects.get(pk=person.pk).phone == "13812345678"


def test_blind_index_finds_the_row(person):
    found = User.objects.get(phone_index=index_of(User, "phone_index", "13812345678"))
    assert found.pk == person.pk
    assert not User.objects.filter(phone_index=index_of(User, "phone_index", "13812345679")).exists()


def test_blind_index_depends_on_the_key(person, settings):
    before = index_of(User, "phone_index", "13812345678")
    settings.LINLI_BLIND_INDEX_KEY = "another key"
    assert index_of(User, "phone_index", "13812345678") != before


def test_encrypted_field_refuses_equality_lookups(person):
    with pytest.raises(TypeError):
        User.objects.filter(phone="13812345678").exists()


def test_rotation_re_encrypts_with_the_new_first_key(person, settings):
    old_keys = list(settings.LINLI_FIELD_KEYS)
    new_key = "Clko756fPtNLlfGOIF2xhzX_Ep7mN4IQFEPBU8DFqdI="
    with override_settings(LINLI_FIELD_KEYS=[new_key, *old_keys]):
        call_command("pii_rotate", verbosity=0)
        token = raw_phone(person)
    # Only the new key decrypts the rotated value.
    with override_settings(LINLI_FIELD_KEYS=[new_key]):
        assert crypto.decrypt(token) == "13812345678"
    with override_settings(LINLI_FIELD_KEYS=old_keys), pytest.raises(ValueError):
        crypto.decrypt(token)
