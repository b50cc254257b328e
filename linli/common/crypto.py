"""Encryption at rest and blind indexes for personal data.

Values are encrypted with MultiFernet: the first key of LINLI_FIELD_KEYS encrypts, every key
decrypts, so a new key is put first and `manage.py pii_rotate` re-encrypts old rows. Exact lookup
goes through a keyed HMAC of the normalised value (a blind index), never through the ciphertext.
"""

import hmac
from collections.abc import Callable
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.strip().encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.LINLI_FIELD_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def encryptor() -> Callable[[str], str]:
    """`encrypt` for a loop over many values: the keys are looked up once."""
    encrypt_bytes = fernet().encrypt

    def encrypt_one(plain: str) -> str:
        return encrypt_bytes(plain.encode("utf-8")).decode("ascii")

    return encrypt_one


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a key was removed before rows were rotated
        raise ValueError("cannot decrypt a personal-data field: unknown key") from exc


def rotate(token: str) -> str:
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def blind_index(kind: str, value: str) -> str:
    """Keyed index of a normalised value; `kind` keeps phones and IDs apart."""
    key = settings.LINLI_BLIND_INDEX_KEY.encode("utf-8")
    # One-shot digest (no HMAC object); the same value as hmac.new(key, msg, sha256).hexdigest().
    return hmac.digest(key, f"{kind}:{value}".encode(), "sha256").hex()


class EncryptedTextField(models.TextField):
    """A text column that holds only ciphertext; Python sees the plain value."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Ciphertext is randomised: only isnull makes sense. Use the blind index for equality.
        if lookup_name != "isnull":
            raise TypeError(f"{self.name} is encrypted; look it up through its blind index")
        return super().get_lookup(lookup_name)


class BlindIndexField(models.CharField):
    """Filled on save from another field of the same model: HMAC of its normalised value.

    Not indexed by itself: give the model a `models.Index` on it (or a unique constraint). With
    db_index=True PostgreSQL would also build a varchar_pattern_ops twin for LIKE, which a digest
    never serves and every insert pays for.
    """

    def __init__(
        self,
        *args: Any,
        source: str = "",
        kind: str = "",
        normalize: Callable[[str], str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.source = source
        self.kind = kind or source
        self.normalize = normalize
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("db_index", False)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        # Field.deconstruct leaves out values equal to *its* defaults; ours differ, so they are
        # written out, or a migration would rebuild the field with our defaults instead.
        kwargs["db_index"] = self.db_index  # type: ignore[attr-defined]  # set by Field.__init__, not in the stubs
        kwargs["editable"] = self.editable
        kwargs["blank"] = self.blank
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def index_for(self, plain: str | None) -> str:
        if not plain:
            return ""
        value = self.normalize(plain) if self.normalize else plain
        return blind_index(self.kind, value)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.index_for(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def index_of(model: type[models.Model], field_name: str, plain: str) -> str:
    """The blind index a model's field would hold for `plain`, for filtering."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, BlindIndexField):
        raise TypeError(f"{model.__name__}.{field_name} is not a blind index")
    return field.index_for(plain)
