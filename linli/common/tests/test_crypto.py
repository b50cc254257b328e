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


def test_blind_index_field_survives_a_migration_round_trip():
    # A migration rebuilds a field from deconstruct(): values that differ from Field's defaults
    # (ours are db_index=False, editable=False, blank=True) must come back as they were.
    for kwargs in ({}, {"db_index": True}, {"editable": True, "blank": False}):
        field = crypto.BlindIndexField(source="phone", kind="phone", **kwargs)
        _, _, args, rebuilt_kwargs = field.deconstruct()
        rebuilt = crypto.BlindIndexField(*args, **rebuilt_kwargs)
        assert (rebuilt.db_index, rebuilt.editable, rebuilt.blank) == (
            field.db_index,
            field.editable,
            field.blank,
        )
        assert (rebuilt.source, rebuilt.kind) == ("phone", "phone")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("table", "column", "kept"),
    [
        (
            "registry_resident",
            "id_index",
            {"registry_resident_id_index", "registry_resident_one_active_per_id"},
        ),
        ("registry_resident", "phone_index", {"registry_resident_phone_index"}),
        ("accounts_user", "phone_index", {"accounts_user_phone_index", "accounts_user_unique_phone"}),
        ("tickets_ticket", "contact_phone_index", {"tickets_contact_phone_index"}),
    ],
)
def test_blind_indexes_have_their_lookup_indexes_and_no_like_twin(table, column, kept):
    with connection.cursor() as cur:
        constraints = connection.introspection.get_constraints(cur, table)
    on_column = {name for name, c in constraints.items() if c["columns"] == [column] and c["index"]}
    assert on_column == kept
