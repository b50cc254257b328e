from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register


@register()
def secrets_configured(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    # Django's settings object refuses to hand out an empty SECRET_KEY; read the raw value.
    if not getattr(settings._wrapped, "SECRET_KEY", ""):  # type: ignore[misc]
        errors.append(Error("LINLI_SECRET_KEY is not set.", id="linli.E001"))
    if not settings.LINLI_FIELD_KEYS:
        errors.append(
            Error(
                "LINLI_FIELD_KEYS is not set: comma-separated Fernet keys, the newest first.",
                hint="python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
                id="linli.E002",
            )
        )
    for key in settings.LINLI_FIELD_KEYS:
        try:
            Fernet(key.strip().encode())
        except ValueError:
            errors.append(Error("A key in LINLI_FIELD_KEYS is not a valid Fernet key.", id="linli.E003"))
    if not settings.LINLI_BLIND_INDEX_KEY:
        errors.append(Error("LINLI_BLIND_INDEX_KEY is not set.", id="linli.E004"))
    if not settings.LINLI_AUDIT_KEY:
        errors.append(
            Error(
                "LINLI_AUDIT_KEY is not set: the HMAC key of the audit chain, kept out of the database.",
                hint="python -c 'import secrets; print(secrets.token_urlsafe(32))'",
                id="linli.E006",
            )
        )
    return errors
