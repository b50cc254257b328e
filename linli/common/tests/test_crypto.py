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


def test_blind_index_values_do_not_change(settings):
    # Stored rows are found by these values: any change in how they are computed loses them all.
    settings.LINLI_BLIND_INDEX_KEY = "test-blind-index-key"
    assert crypto.blind_index("id_number", "110105194910010018") == (
        "87b65b288d10c69c831d6c3cedd9780b12aa3d32511ca9a1c374285daba007d3"
    )
    assert crypto.blind_index("phone", "13800138000") == (
        "3f45f38fec5a0b3a94e2e4a3961bf54d35325c73788dc177b0ff9b09ce7845ff"
    )
    assert (
        crypto.blind_index("phone", "张三")
        == "a5f05eb2bc146c5188b14f427f14b5d8ab3c08842ae2cc77c267b45fa4080dbd"
    )


def test_encryptor_writes_what_decrypt_reads(settings):
    encrypt = crypto.encryptor()
    tokens = [encrypt("110105194910010018"), encrypt("110105194910010018")]
    assert tokens[0] != tokens[1]  # randomised
    assert [crypto.decrypt(t) for t in tokens] == ["110105194910010018"] * 2
